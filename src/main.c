/* sockview: show the sockets of this machine, as netstat does. */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "connect.h"
#include "explain.h"
#include "filter.h"
#include "fmt_json.h"
#include "fmt_text.h"
#include "kill.h"
#include "msg.h"
#include "names.h"
#include "netns.h"
#include "owners.h"
#include "serve.h"
#include "services.h"
#include "sock.h"
#include "source.h"
#include "summary.h"
#include "xalloc.h"

#ifndef SOCKVIEW_VERSION
#define SOCKVIEW_VERSION "unknown"
#endif

/* One large buffer for stdout: a listing is written in few syscalls. */
#define STDOUT_BUF_SIZE (256 * 1024)

struct print_ctx {
	FILE *fp;
	const struct fmt_opts *fo;
	const struct fmt_json_opts *json;	/* NULL: text */
	size_t rows;
	bool begun;
	struct owners *pid_owners;	/* --pid: keep only their sockets */
	struct explain *explain;	/* --explain */
	const struct filter *flt;	/* --explain lists all, prints these */
};

/* The header lines, or JSON's opening: written with the first row, or at
 * the end, so that a source failing at the start prints nothing. */
static void
print_begin(struct print_ctx *pc)
{
	if (pc->begun)
		return;
	pc->begun = true;
	if (pc->json != NULL)
		fmt_json_begin(pc->fp, pc->json);
	else
		fmt_text_header(pc->fp, pc->fo);
}

static void
print_row(struct print_ctx *pc, const struct sock_rec *rec)
{
	struct fmt_json_extra extra = {NULL, NULL};
	char words[1024];

	if (pc->flt != NULL && !filter_match(pc->flt, rec))
		return;
	print_begin(pc);
	if (pc->explain != NULL &&
	    explain_socket(pc->explain, rec, words, sizeof(words)) > 0)
		extra.explain = words;
	if (pc->json != NULL) {
		fmt_json_row(pc->fp, pc->json, rec, pc->rows == 0, &extra);
	} else {
		fmt_text_row(pc->fp, pc->fo, rec);
		/* indented, so that grep and awk on the rows skip it */
		if (extra.explain != NULL)
			fprintf(pc->fp, "        %s\n", extra.explain);
	}
	pc->rows++;
}

static void
print_end(struct print_ctx *pc)
{
	print_begin(pc);
	if (pc->json != NULL)
		fmt_json_end(pc->fp, pc->json, pc->rows == 0);
}

static int
print_sink(const struct sock_rec *rec, void *data)
{
	struct print_ctx *pc = data;
	const struct owner *o;

	if (pc->pid_owners != NULL && owners_find(pc->pid_owners, rec->inode, &o) == 0)
		return 0;
	print_row(pc, rec);
	return 0;
}

static void
collect(const struct cli_opts *o, sock_sink_fn sink, void *ctx)
{
	struct source_result res;
	int err;

	err = source_collect(&o->source, &o->flt, sink, ctx, &res);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.bad_lines > 0)
		msg_warn("skipped %zu malformed line%s of /proc/net", res.bad_lines,
		    res.bad_lines == 1 ? "" : "s");
}

static struct services *
load_services(const struct cli_opts *o)
{
	struct services *svc;
	int err;

	svc = services_load(o->services_path, &err);
	if (svc == NULL && o->services_given)
		msg_die(SV_EXIT_FAIL, "cannot read services file '%s': %s",
		    o->services_path, strerror(-err));
	/* without the default file, ports simply stay numeric */
	return svc;
}

/* --pid: read only the named processes' fds. */
static struct owners *
scan_pids(const struct cli_opts *o)
{
	struct owners *ow = owners_new(o->source.proc_root);
	size_t i;

	for (i = 0; i < o->npids; i++) {
		int err = owners_scan_pid(ow, o->pids[i]);

		if (err == -ENOENT)
			msg_die(SV_EXIT_FAIL, "no such process: %d", (int)o->pids[i]);
		if (err < 0)
			msg_die(SV_EXIT_FAIL,
			    "cannot read the sockets of process %d: %s "
			    "(root sees every process)",
			    (int)o->pids[i], strerror(-err));
	}
	return ow;
}

static int
inode_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* -p: the listed sockets' inodes, sorted, so the /proc walk can stop
 * once each has its (lowest pid) owner. */
static struct owners *
scan_owners(const struct cli_opts *o, const struct sock_list *socks)
{
	struct owners *ow = owners_new(o->source.proc_root);
	uint64_t *wanted = calloc(socks->len ? socks->len : 1, sizeof(*wanted));
	size_t i, n = 0;
	int err;

	if (wanted == NULL)
		msg_die(SV_EXIT_FAIL, "out of memory");
	for (i = 0; i < socks->len; i++)
		if (socks->v[i].inode != 0)
			wanted[n++] = socks->v[i].inode;
	qsort(wanted, n, sizeof(*wanted), inode_cmp);
	if (n > 0 && (err = owners_scan_all(ow, wanted, n)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    o->source.proc_root, strerror(-err));
	free(wanted);
	return ow;
}

/* JSON: every owner of every socket, so the walk reads every process. */
static struct owners *
scan_all_owners(const struct cli_opts *o)
{
	struct owners *ow = owners_new(o->source.proc_root);
	int err;

	if ((err = owners_scan_all(ow, NULL, 0)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    o->source.proc_root, strerror(-err));
	return ow;
}

static bool
needs_names(const char *port_text)
{
	return port_text != NULL && (port_text[0] < '0' || port_text[0] > '9');
}

/* --sport, --dport and --port may name services, so they are parsed
 * once the services file is loaded. */
static void
resolve_ports(struct cli_opts *o, const struct services *svc)
{
	const struct {
		const char *opt, *text;
		struct filter_ports *ports;
	} opts[] = {
		{"--sport", o->sport_text, &o->flt.sport},
		{"--dport", o->dport_text, &o->flt.dport},
		{"--port", o->port_text, &o->flt.port},
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].text != NULL &&
		    filter_parse_ports(opts[i].text, svc, opts[i].ports, &why) < 0)
			msg_usage("bad %s '%.64s': %s", opts[i].opt, opts[i].text,
			    why);
}

static void
warn_hidden(const struct owners *ow)
{
	if (ow == NULL || owners_stats(ow).hidden == 0)
		return;
	fflush(stdout);
	msg_warn("not all processes could be identified: %zu could not be "
		 "read; root sees them all",
	    owners_stats(ow).hidden);
}

static int
run_summary(struct cli_opts *o)
{
	struct services *svc = NULL;
	struct summary *sum = xcalloc(1, sizeof(*sum));

	if (needs_names(o->sport_text) || needs_names(o->dport_text) ||
	    needs_names(o->port_text))
		svc = load_services(o);
	resolve_ports(o, svc);
	summary_init(sum);
	collect(o, summary_sink, sum);
	if (o->json != CLI_JSON_OFF)
		summary_write_json(stdout, sum);
	else if (o->summary == CLI_SUMMARY_PROMETHEUS)
		summary_write_prometheus(stdout, sum);
	else
		summary_write_text(stdout, sum);
	free(sum);
	services_free(svc);
	return SV_EXIT_OK;
}

static void
on_killed(const struct sock_rec *rec, void *data)
{
	fmt_text_row(stdout, data, rec);
}

/* -K: close the TCP sockets that the same options would list, and print
 * each one closed as its listing row. */
static int
run_kill(struct cli_opts *o)
{
	struct services *svc = NULL;
	struct names *names = NULL;
	struct owners *ow = NULL;
	struct kill_result res;
	int err;

	if (o->json != CLI_JSON_OFF)
		msg_usage("--kill prints text rows: it does not work with --json");
	if (!(o->flt.protos & FILTER_TCP))
		msg_usage("--kill closes TCP sockets only: use -t or no protocol");
	if (!o->fmt.numeric_ports || needs_names(o->sport_text) ||
	    needs_names(o->dport_text) || needs_names(o->port_text))
		svc = load_services(o);
	resolve_ports(o, svc);
	if (!o->fmt.numeric_hosts || (o->fmt.user_inode && !o->fmt.numeric_users))
		names = names_new();
	o->fmt.services = svc;
	o->fmt.names = names;
	/* owners before closing: a closed socket's owner is still found,
	 * but read them while the listing holds */
	if (o->npids > 0)
		ow = scan_pids(o);
	else if (o->fmt.owner)
		ow = scan_all_owners(o);
	o->fmt.owners = ow;
	err = kill_sockets(&o->source, &o->flt, o->npids > 0 ? ow : NULL,
	    on_killed, &o->fmt, &res);
	fflush(stdout);
	if (err == -EOPNOTSUPP)
		msg_die(SV_EXIT_FAIL, "the kernel cannot close sockets "
				      "(CONFIG_INET_DIAG_DESTROY is off)");
	if (err == -EPERM || err == -EACCES)
		msg_die(SV_EXIT_FAIL, "closing sockets needs CAP_NET_ADMIN");
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot close sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.selected == 0)
		msg_die(SV_EXIT_FAIL, "no TCP socket matched: nothing closed");
	if (res.closed == 0)
		msg_die(SV_EXIT_FAIL,
		    "nothing closed: the %zu sockets matched were in TIME_WAIT "
		    "or gone",
		    res.selected);
	owners_free(ow);
	names_free(names);
	services_free(svc);
	return SV_EXIT_OK;
}

static int
run_listing(struct cli_opts *o)
{
	struct print_ctx pc = {.fp = stdout, .fo = &o->fmt};
	/* JSON holds every field whatever -n -e -p -o say: numbers and
	 * names, every owner, the timer */
	struct fmt_json_opts jo = {.lines = o->json == CLI_JSON_LINES,
	    .hosts = !o->fmt.numeric_hosts};
	bool json = o->json != CLI_JSON_OFF;
	struct services *svc = NULL;
	struct names *names = NULL;
	struct owners *ow = NULL, *all_ow = NULL;
	struct explain *ex = NULL;
	struct sock_list socks;
	size_t i;

	sock_list_init(&socks);
	if (json) {
		pc.json = &jo;
		o->source.want_info = true;
	}
	if (!o->fmt.numeric_ports || json || o->explain ||
	    needs_names(o->sport_text) || needs_names(o->dport_text) ||
	    needs_names(o->port_text))
		svc = load_services(o);
	resolve_ports(o, svc);
	if (!o->fmt.numeric_hosts || (o->fmt.user_inode && !o->fmt.numeric_users) ||
	    json)
		names = names_new();
	o->fmt.services = svc;
	o->fmt.names = names;
	jo.services = svc;
	jo.names = names;

	if (o->explain && o->npids == 0) {
		/* the other half of a local connection may be any socket:
		 * list them all, print the selected ones */
		struct cli_opts every = *o;

		filter_init(&every.flt);
		every.flt.protos = FILTER_TCP | FILTER_UDP | FILTER_RAW;
		every.flt.listen = FILTER_ALL;
		collect(&every, sock_list_sink, &socks);
		ow = scan_all_owners(o);
		o->fmt.owners = ow;
		jo.owners = ow;
		ex = explain_new(&socks, svc, ow);
		pc.explain = ex;
		pc.flt = &o->flt;
		for (i = 0; i < socks.len; i++)
			print_row(&pc, &socks.v[i]);
	} else if (o->npids > 0) {
		ow = scan_pids(o);
		pc.pid_owners = ow;
		o->fmt.owners = ow;
		if (json)
			jo.owners = all_ow = scan_all_owners(o);
		collect(o, print_sink, &pc);
	} else if (o->fmt.owner || json) {
		/* list first: the owner walk then knows what it looks for */
		collect(o, sock_list_sink, &socks);
		ow = json ? scan_all_owners(o) : scan_owners(o, &socks);
		o->fmt.owners = ow;
		jo.owners = ow;
		for (i = 0; i < socks.len; i++)
			print_row(&pc, &socks.v[i]);
	} else {
		collect(o, print_sink, &pc);
	}
	print_end(&pc);

	warn_hidden(all_ow);
	if (o->npids == 0)
		warn_hidden(ow);
	explain_free(ex);
	sock_list_fini(&socks);
	owners_free(all_ow);
	owners_free(ow);
	names_free(names);
	services_free(svc);
	return SV_EXIT_OK;
}

/* -N: enter the namespace before any socket or /proc/net is opened. */
static void
enter_netns(const char *spec)
{
	int err = netns_enter(spec);

	if (err == -EPERM || err == -EACCES)
		msg_die(SV_EXIT_FAIL,
		    "cannot enter network namespace '%s': %s (needs "
		    "CAP_SYS_ADMIN)",
		    spec, strerror(-err));
	if (err == -EINVAL)
		msg_die(SV_EXIT_FAIL,
		    "cannot enter network namespace '%s': not a network "
		    "namespace",
		    spec);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot enter network namespace '%s': %s",
		    spec, strerror(-err));
}

int
main(int argc, char **argv)
{
	static char outbuf[STDOUT_BUF_SIZE];
	struct cli_opts o;
	char why[256];
	int status;

	if (cli_parse(argc, argv, &o, why, sizeof(why)) < 0)
		msg_usage("%s", why);
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	if (o.netns != NULL && o.mode == CLI_LIST)
		enter_netns(o.netns);
	switch (o.mode) {
	case CLI_HELP:
		cli_usage(stdout);
		status = SV_EXIT_OK;
		break;
	case CLI_VERSION:
		printf("sockview %s\n", SOCKVIEW_VERSION);
		status = SV_EXIT_OK;
		break;
	case CLI_SERVE:
		status = serve_run(&o);
		break;
	case CLI_CONNECT:
		status = connect_run(&o);
		break;
	default:
		if (o.kill) {
			status = run_kill(&o);
			break;
		}
		status = o.summary != CLI_SUMMARY_OFF ? run_summary(&o)
						      : run_listing(&o);
		break;
	}
	cli_opts_fini(&o);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* a closed pipe ends us by SIGPIPE before this; other write
		 * errors (a full disk) are reported */
		msg_die(SV_EXIT_FAIL, "write error: %s", strerror(errno));
	}
	return status;
}
