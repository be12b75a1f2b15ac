/* SPDX-License-Identifier: MIT */
#include "cli_words.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sockext.h"

/* The second and third steps of the command line: do the options go
 * together, and what follows from them. */

int
cli_fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -1;
}

/* The kinds of socket the listing shows: what -A, -x, -0 and --netlink
 * name, Internet sockets for -t -u -U -w --icmp, and those alone when
 * nothing is named. */
static unsigned
listed_kinds(const struct cli_words *w, const struct cli_opts *o)
{
	unsigned kinds = w->kinds;

	if (o->unix_sockets)
		kinds |= CLI_KIND_UNIX;
	if (w->inet_given || kinds == 0)
		kinds |= CLI_KIND_INET;
	return kinds;
}

/* Who cannot do what: the kinds other than Internet sockets, as the
 * options that name them. */
static const char *
kinds_text(unsigned kinds)
{
	if (kinds & CLI_KIND_UNIX)
		return "-x (UNIX sockets)";
	if (kinds & CLI_KIND_PACKET)
		return "-0 (packet sockets)";
	if (kinds & CLI_KIND_SCTP)
		return "-S (SCTP sockets)";
	if (kinds & CLI_KIND_VSOCK)
		return "--vsock (vsock sockets)";
	if (kinds & CLI_KIND_XDP)
		return "--xdp (XDP sockets)";
	return "--netlink (netlink sockets)";
}

/* The first option that does not go with the others of a listing, said
 * as a usage error into buf; NULL when they all fit. */
static const char *
listing_conflict(const struct cli_opts *o, const struct cli_words *w, char *buf,
    size_t size)
{
	unsigned kinds = listed_kinds(w, o), protos = w->protos;
	/* what the sockets other than Internet ones do not do, by the
	 * option that asks for it; unix: not for UNIX sockets either */
	const struct {
		bool given, unix_only;
		const char *opt;
	} not_other[] = {
	    {o->summary != CLI_SUMMARY_OFF, true, "-s/--summary"},
	    {o->interval > 0, true, "-c/--continuous"},
	    {(o->source.show & SOCKEXT_SHOW_INFO) != 0, false, "-i/--info"},
	    {(o->source.show & SOCKEXT_SHOW_MEM) != 0, false, "-m/--memory"},
	    {o->kill, false, "-K/--kill"},
	    {o->flt.states != 0, false, "--state"},
	    {o->sport_text != NULL, false, "--sport"},
	    {o->dport_text != NULL, false, "--dport"},
	    {o->port_text != NULL, false, "--port"},
	    {o->flt.src.set, false, "--src"},
	    {o->flt.dst.set, false, "--dst"},
	};
	size_t i;

	/* the namespaces and the units steps know Internet and UNIX
	 * sockets, the units step one kind at a time */
	if (o->netns_all && (kinds & (CLI_KIND_PACKET | CLI_KIND_NETLINK)))
		return "-N all lists Internet and UNIX sockets: -0/--packet "
		       "and "
		       "--netlink do not work with it";
	/* -s counts the kinds that say how (family.count) */
	if (o->summary != CLI_SUMMARY_OFF &&
	    (kinds & (CLI_KIND_SCTP | CLI_KIND_VSOCK | CLI_KIND_XDP)))
		return "-s/--summary does not count SCTP, vsock or XDP "
		       "sockets (-S, --vsock, --xdp)";
	if (o->netns_all &&
	    (kinds & (CLI_KIND_SCTP | CLI_KIND_VSOCK | CLI_KIND_XDP)))
		return "-N all lists Internet and UNIX sockets: -S/--sctp, "
		       "--vsock and --xdp do not work with it";
	if ((o->units || o->nunit_patterns > 0) && kinds != CLI_KIND_INET &&
	    kinds != CLI_KIND_UNIX)
		return "--units and --unit work with Internet sockets or with "
		       "UNIX sockets (-x), one kind at a time";
	/* sentences are the Internet sockets' and the packet sockets' */
	if (o->explain && kinds != CLI_KIND_INET && kinds != CLI_KIND_PACKET)
		return "--explain works with Internet sockets or with packet "
		       "sockets (-0), one kind at a time";
	for (i = 0; (kinds & ~(unsigned)CLI_KIND_INET) != 0 &&
		    i < sizeof(not_other) / sizeof(*not_other);
	     i++) {
		if (!not_other[i].given ||
		    (not_other[i].unix_only && !(kinds & CLI_KIND_UNIX)))
			continue;
		snprintf(buf, size, "%s does not work with %s",
		    not_other[i].opt, kinds_text(kinds));
		return buf;
	}
	if (o->kill) {
		if (o->json != CLI_JSON_OFF)
			return "--kill prints text rows: it does not work "
			       "with --json";
		if (protos != 0 && !(protos & FILTER_TCP))
			return "--kill closes TCP sockets only: use -t or no "
			       "protocol";
		if (o->summary != CLI_SUMMARY_OFF || o->interval > 0 ||
		    o->explain)
			return "--kill works alone: not with -s, -c or "
			       "--explain";
	}
	if (o->record_path != NULL && o->replay_path != NULL)
		return "--record and --replay cannot be used together";
	if (o->replay_path != NULL && (o->interval > 0 || o->kill))
		return "--replay lists what was recorded once: -c and -K do "
		       "not work with it";
	if (o->record_path != NULL && (o->interval > 0 || o->kill))
		return "--record saves one listing: -c and -K do not work "
		       "with it";
	if (o->replay_path != NULL && o->netns != NULL)
		return "--replay reads a recording, not a namespace: -N does "
		       "not work with it";
	if (o->netns_all && strcmp(o->source.proc_root, "/proc") != 0)
		return "-N all enters namespaces: --proc-root does not work "
		       "with it";
	if (o->summary == CLI_SUMMARY_TEXT && o->source.show != 0)
		return "-s/--summary counts: -i/--info adds to --prometheus "
		       "only, and -m/--memory to no summary";
	if (o->summary == CLI_SUMMARY_PROMETHEUS &&
	    (o->source.show & SOCKEXT_SHOW_MEM) != 0)
		return "-m/--memory shows each socket's memory: it does not "
		       "work with -s/--summary";
	if (o->summary != CLI_SUMMARY_OFF && (o->diff || o->explain))
		return "-s/--summary counts: --diff and --explain do not "
		       "work with it";
	return NULL;
}

/* The first listing option in o, which --serve and --connect would
 * ignore, as the user may have typed it; NULL when there is none. */
static const char *
listing_option(const struct cli_opts *o, const struct cli_words *w)
{
	const struct {
		bool given;
		const char *name;
	} opts[] = {
	    {o->kill, "-K/--kill"},
	    {o->unix_sockets, "-x/--unix"},
	    {w->kinds != 0, "-A/--query, -0/--packet or --netlink"},
	    {o->npids > 0, "--pid"},
	    {o->flt.states != 0, "--state"},
	    {o->interval != 0, "-c/--continuous"},
	    {o->diff, "--diff"},
	    {o->summary == CLI_SUMMARY_PROMETHEUS, "--prometheus"},
	    {o->summary != CLI_SUMMARY_OFF, "-s/--summary"},
	    {o->json != CLI_JSON_OFF, "-j/--json"},
	    {o->sport_text != NULL, "--sport"},
	    {o->dport_text != NULL, "--dport"},
	    {o->port_text != NULL, "--port"},
	    {o->flt.src.set, "--src"},
	    {o->flt.dst.set, "--dst"},
	    {o->explain, "--explain"},
	    {w->listening, "-l/--listening"},
	    {w->all, "-a/--all"},
	    {o->fmt.owner, "-p/--program"},
	    {o->fmt.user_inode, "-e/--extend"},
	    {o->fmt.timer, "-o/--timers"},
	    {(o->source.show & SOCKEXT_SHOW_INFO) != 0, "-i/--info"},
	    {(o->source.show & SOCKEXT_SHOW_MEM) != 0, "-m/--memory"},
	    {!o->fmt.header, "-H/--no-header"},
	    {w->numeric, "-n/--numeric"},
	    {!o->fmt.numeric_hosts, "-r/--resolve"},
	    {o->fmt.numeric_ports, "--numeric-ports"},
	    {o->fmt.numeric_users, "--numeric-users"},
	    {o->services_given, "--services"},
	    {o->source.kind != SOURCE_AUTO, "--source"},
	    {o->record_path != NULL, "--record"},
	    {o->replay_path != NULL, "--replay"},
	    {strcmp(o->source.proc_root, "/proc") != 0, "--proc-root"},
	    {o->color != CLI_COLOR_AUTO, "--color"},
	    {w->families != 0, "-4/-6"},
	    {(w->protos & FILTER_RAW) != 0, "-w/--raw"},
	    {o->units, "--units"},
	    {o->nunit_patterns > 0, "--unit"},
	    {(w->protos & FILTER_UDPLITE) != 0, "-U/--udplite"},
	    {(w->protos & FILTER_ICMP) != 0, "--icmp"},
	    {(w->protos & FILTER_MPTCP) != 0, "-M/--mptcp"},
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].given)
			return opts[i].name;
	return NULL;
}

/* Options that belong to --serve or to --connect, with the other or
 * with the listing. */
static int
check_demo(const struct cli_words *w, const struct cli_opts *o, char *why,
    size_t why_size)
{
	const char *reason;

	if (w->serve && w->connect)
		return cli_fail(why, why_size,
		    "--serve and --connect cannot be used together");
	if ((w->serve || w->connect) && o->netns_all)
		return cli_fail(why, why_size,
		    "-N all lists every namespace: %s runs in one (-N NAME)",
		    w->serve ? "--serve" : "--connect");
	if ((w->serve || w->connect) && (reason = listing_option(o, w)) != NULL)
		return cli_fail(why, why_size,
		    "%s works with the socket listing, not with %s", reason,
		    w->serve ? "--serve" : "--connect");
	if (w->serve_only != NULL && !w->serve)
		return cli_fail(why, why_size, "%s works with --serve only",
		    w->serve_only);
	if (w->connect_only != NULL && !w->connect)
		return cli_fail(why, why_size, "%s works with --connect only",
		    w->connect_only);
	if (w->idle_given && (w->protos & FILTER_UDP))
		return cli_fail(why, why_size,
		    "--idle-timeout closes TCP clients; --udp has none");
	if (w->connect && (w->protos & FILTER_UDP))
		return cli_fail(why, why_size,
		    "--connect opens TCP connections; --udp works with "
		    "--serve");
	return 0;
}

int
cli_check(const struct cli_words *w, const struct cli_opts *o, char *why,
    size_t why_size)
{
	char conflict[160];
	const char *reason;

	if (check_demo(w, o, why, why_size) < 0)
		return -1;
	if (w->prometheus && o->json != CLI_JSON_OFF)
		return cli_fail(why, why_size,
		    "--prometheus and --json cannot be used together");
	if (o->diff && o->interval == 0)
		return cli_fail(why, why_size,
		    "--diff works with -c/--continuous only");
	if (o->kill && o->npids == 0 && o->flt.states == 0 &&
	    o->sport_text == NULL && o->dport_text == NULL &&
	    o->port_text == NULL && !o->flt.src.set && !o->flt.dst.set &&
	    o->nunit_patterns == 0)
		return cli_fail(why, why_size,
		    "--kill needs a filter (--pid, --port, --sport, --dport, "
		    "--state, --src, --dst or --unit): it never closes every "
		    "socket");
	if ((reason = listing_conflict(o, w, conflict, sizeof(conflict))) !=
	    NULL)
		return cli_fail(why, why_size, "%s", reason);
	return 0;
}

void
cli_derive(const struct cli_words *w, struct cli_opts *o)
{
	if (w->protos != 0)
		o->flt.protos = w->protos;
	if (w->families != 0)
		o->flt.families = w->families;
	if (o->summary != CLI_SUMMARY_OFF && w->protos == 0)
		o->flt.protos = FILTER_TCP | FILTER_UDP | FILTER_RAW;
	/* a state list and a summary look at every state */
	if (w->all || o->flt.states != 0 || o->summary != CLI_SUMMARY_OFF)
		o->flt.listen = FILTER_ALL;
	else if (w->listening)
		o->flt.listen = FILTER_LISTENING;
	if (o->npids > 0) {
		/* a process's sockets: every state, with its owner */
		o->flt.listen = FILTER_ALL;
		o->fmt.owner = true;
	}
	if (w->numeric) {
		o->fmt.numeric_hosts = true;
		o->fmt.numeric_ports = true;
		o->fmt.numeric_users = true;
	}
	o->fmt.listen = o->flt.listen;
	o->kinds = listed_kinds(w, o);
	/* UNIX sockets alone: -x's listing */
	o->unix_sockets = o->kinds == CLI_KIND_UNIX;
	/* --udp is -u: in the demo server it means serving UDP */
	o->udp = (w->protos & FILTER_UDP) != 0;
	if (w->serve)
		o->mode = CLI_SERVE;
	else if (w->connect)
		o->mode = CLI_CONNECT;
}
