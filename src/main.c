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
#include "unixlist.h"
#include "watch.h"
#include "xalloc.h"

#ifndef SOCKVIEW_VERSION
#define SOCKVIEW_VERSION "unknown"
#endif

/* One large buffer for stdout: a listing is written in few syscalls. */
#define STDOUT_BUF_SIZE (256 * 1024)

struct print_ctx {
	FILE *fp;
	const struct fmt_opts *fo;
	const struct fmt_json_opts *json; /* NULL: text */
	size_t rows;
	bool begun;
	struct owners *pid_owners; /* --pid: keep only their sockets */
	struct explain *explain;   /* --explain */
	const struct filter *flt;  /* --explain lists all, prints these */
	struct sock_list *keep;	   /* --diff: rows kept, printed after */
	char mark;		   /* --diff: '+', '-' or ' ' before the row */
	const char *event;	   /* --diff: JSON's "event" */
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
	if (pc->keep != NULL) {
		sock_list_push(pc->keep, rec);
		return;
	}
	print_begin(pc);
	if (pc->explain != NULL &&
	    explain_socket(pc->explain, rec, words, sizeof(words)) > 0)
		extra.explain = words;
	extra.event = pc->event;
	if (pc->json != NULL) {
		fmt_json_row(pc->fp, pc->json, rec, pc->rows == 0, &extra);
	} else {
		fmt_text_row_mark(pc->fp, pc->fo, rec, pc->mark);
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

	if (pc->pid_owners != NULL &&
	    owners_find(pc->pid_owners, rec->inode, &o) == 0)
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
		msg_warn("skipped %zu malformed line%s of /proc/net",
		    res.bad_lines, res.bad_lines == 1 ? "" : "s");
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
	/* netstat names a raw socket's protocol from /etc/protocols; without
	 * either file, ports and protocols simply stay numeric */
	if (svc != NULL && (o->flt.protos & FILTER_RAW))
		services_load_protocols(svc, "/etc/protocols");
	return svc;
}

/* --pid: why pid's fds could not be read. */
static void
check_pid_scan(pid_t pid, int err)
{
	if (err == -ENOENT)
		msg_die(SV_EXIT_FAIL, "no such process: %d", (int)pid);
	if (err < 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot read the sockets of process %d: %s "
		    "(root sees every process)",
		    (int)pid, strerror(-err));
}

/* --pid: read only the named processes' fds, into ow. */
static struct owners *
scan_pids_into(const struct cli_opts *o, struct owners *ow)
{
	size_t i;

	for (i = 0; i < o->npids; i++)
		check_pid_scan(o->pids[i], owners_scan_pid(ow, o->pids[i]));
	return ow;
}

static struct owners *
scan_pids(const struct cli_opts *o)
{
	return scan_pids_into(o, owners_new(o->source.proc_root));
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
scan_owners(const struct cli_opts *o, struct owners *ow,
    const struct sock_list *socks)
{
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
scan_all_owners_into(const struct cli_opts *o, struct owners *ow)
{
	int err;

	if ((err = owners_scan_all(ow, NULL, 0)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    o->source.proc_root, strerror(-err));
	return ow;
}

static struct owners *
scan_all_owners(const struct cli_opts *o)
{
	return scan_all_owners_into(o, owners_new(o->source.proc_root));
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
		if (opts[i].text != NULL && filter_parse_ports(opts[i].text,
						svc, opts[i].ports, &why) < 0)
			msg_usage("bad %s '%.64s': %s", opts[i].opt,
			    opts[i].text, why);
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

/* -c: round after round until SIGINT or SIGTERM, which end it with 0. */
static int
run_watch(const struct cli_opts *o, watch_round_fn round, void *ctx)
{
	/* JSON is for programs: no escapes, no line that is not JSON */
	struct watch_opts wo = {.interval = o->interval,
	    .redraw = o->json == CLI_JSON_OFF && isatty(STDOUT_FILENO),
	    .stamp = o->json == CLI_JSON_OFF};
	int err = watch_run(&wo, stdout, round, ctx);

	if (err < 0)
		msg_die(SV_EXIT_FAIL, "write error: %s", strerror(-err));
	return SV_EXIT_OK;
}

static int
summary_once(struct cli_opts *o)
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
		msg_usage(
		    "--kill prints text rows: it does not work with --json");
	if (!(o->flt.protos & FILTER_TCP))
		msg_usage(
		    "--kill closes TCP sockets only: use -t or no protocol");
	if (!o->fmt.numeric_ports || needs_names(o->sport_text) ||
	    needs_names(o->dport_text) || needs_names(o->port_text))
		svc = load_services(o);
	resolve_ports(o, svc);
	if (!o->fmt.numeric_hosts ||
	    (o->fmt.user_inode && !o->fmt.numeric_users))
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
		msg_die(SV_EXIT_FAIL, "cannot close sockets: %s: %s",
		    res.failed, strerror(-err));
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
summary_round(void *o)
{
	summary_once(o);
	return 0;
}

static int
run_summary(struct cli_opts *o)
{
	return o->interval > 0 ? run_watch(o, summary_round, o)
			       : summary_once(o);
}

/* What a listing keeps from one round to the next (-c). */
struct listing {
	struct cli_opts *o;
	struct fmt_json_opts jo;
	struct services *svc;
	struct names *names;
	struct owners *tables[2]; /* -c: program names cached */
	struct watch *watch;	  /* --diff: the previous round */
	bool warned;		  /* -c: warn in the first round only */
};

/* --color: auto colours a terminal, unless NO_COLOR is set and not
 * empty (no-color.org); always and never overrule both. */
static bool
use_color(const struct cli_opts *o)
{
	const char *no_color = getenv("NO_COLOR");

	if (o->json != CLI_JSON_OFF || o->color == CLI_COLOR_NEVER)
		return false;
	if (o->color == CLI_COLOR_ALWAYS)
		return true;
	return isatty(STDOUT_FILENO) && (no_color == NULL || !no_color[0]);
}

static void
listing_init(struct listing *ls, struct cli_opts *o)
{
	/* JSON holds every field whatever -n -e -p -o say: numbers and
	 * names, every owner, the timer */
	bool json = o->json != CLI_JSON_OFF;

	memset(ls, 0, sizeof(*ls));
	ls->o = o;
	ls->jo.lines = o->json == CLI_JSON_LINES;
	ls->jo.hosts = !o->fmt.numeric_hosts;
	if (json)
		o->source.want_info = true;
	if (!o->fmt.numeric_ports || json || o->explain ||
	    needs_names(o->sport_text) || needs_names(o->dport_text) ||
	    needs_names(o->port_text))
		ls->svc = load_services(o);
	resolve_ports(o, ls->svc);
	if (!o->fmt.numeric_hosts ||
	    (o->fmt.user_inode && !o->fmt.numeric_users) || json)
		ls->names = names_new();
	o->fmt.services = ls->svc;
	o->fmt.names = ls->names;
	o->fmt.color = use_color(o);
	o->fmt.marks = o->diff && !json;
	ls->jo.services = ls->svc;
	ls->jo.names = ls->names;
	if (o->diff)
		ls->watch = watch_new();
}

static void
listing_fini(struct listing *ls)
{
	watch_free(ls->watch);
	owners_free(ls->tables[0]);
	owners_free(ls->tables[1]);
	names_free(ls->names);
	services_free(ls->svc);
}

/* Owner table k for this round, kept in ls; with -c, its program names
 * carry over from the round before. */
static struct owners *
round_owners(struct listing *ls, int k)
{
	if (ls->tables[k] == NULL)
		ls->tables[k] = owners_new(ls->o->source.proc_root);
	if (ls->o->interval > 0)
		owners_begin_round(ls->tables[k]);
	return ls->tables[k];
}

/* --diff: the round's kept rows, marked, then those closed since the
 * round before. */
static void
print_diff(struct print_ctx *pc, struct watch *w)
{
	static const char marks[] =
	    {[WATCH_SAME] = ' ', [WATCH_NEW] = '+', [WATCH_CLOSED] = '-'};
	static const char *const events[] = {[WATCH_SAME] = "same",
	    [WATCH_NEW] = "new",
	    [WATCH_CLOSED] = "closed"};
	size_t n = watch_diff(w), i;

	pc->keep = NULL;
	pc->flt = NULL; /* the kept rows passed it */
	for (i = 0; i < n; i++) {
		enum watch_mark m;
		const struct sock_rec *rec = watch_row(w, i, &m);

		pc->mark = marks[m];
		pc->event = events[m];
		print_row(pc, rec);
	}
}

/* One listing: collect, find owners, print. */
static int
listing_round(void *data)
{
	struct listing *ls = data;
	struct cli_opts *o = ls->o;
	struct print_ctx pc = {.fp = stdout, .fo = &o->fmt};
	struct fmt_json_opts jo = ls->jo;
	bool json = o->json != CLI_JSON_OFF;
	struct owners *ow = NULL, *all_ow = NULL;
	struct explain *ex = NULL;
	struct sock_list socks;
	size_t i;

	sock_list_init(&socks);
	if (json)
		pc.json = &jo;
	if (ls->watch != NULL)
		pc.keep = watch_begin(ls->watch);

	if (o->explain && o->npids == 0) {
		/* the other half of a local connection may be any socket:
		 * list them all, print the selected ones */
		struct cli_opts every = *o;

		filter_init(&every.flt);
		every.flt.protos = FILTER_TCP | FILTER_UDP | FILTER_RAW;
		every.flt.listen = FILTER_ALL;
		collect(&every, sock_list_sink, &socks);
		ow = scan_all_owners_into(o, round_owners(ls, 0));
		o->fmt.owners = ow;
		jo.owners = ow;
		ex = explain_new(&socks, ls->svc, ow);
		pc.explain = ex;
		pc.flt = &o->flt;
		for (i = 0; i < socks.len; i++)
			print_row(&pc, &socks.v[i]);
	} else if (o->npids > 0) {
		/* the fds and the socket table do not depend on each other:
		 * read them at once, on two threads (on two cores, --pid
		 * among 54,000 sockets takes a fifth less), holding the
		 * table until both are read */
		struct owners_job *job;
		pid_t failed;
		int err;

		ow = round_owners(ls, 0);
		job = owners_scan_pids_begin(ow, o->pids, o->npids);
		collect(o, sock_list_sink, &socks);
		err = owners_scan_pids_end(job, &failed);
		check_pid_scan(failed, err);
		pc.pid_owners = ow;
		o->fmt.owners = ow;
		if (json)
			jo.owners = all_ow =
			    scan_all_owners_into(o, round_owners(ls, 1));
		for (i = 0; i < socks.len; i++)
			print_sink(&socks.v[i], &pc);
	} else if (o->fmt.owner || json) {
		/* list first: the owner walk then knows what it looks for */
		collect(o, sock_list_sink, &socks);
		ow = json ? scan_all_owners_into(o, round_owners(ls, 0))
			  : scan_owners(o, round_owners(ls, 0), &socks);
		o->fmt.owners = ow;
		jo.owners = ow;
		for (i = 0; i < socks.len; i++)
			print_row(&pc, &socks.v[i]);
	} else {
		collect(o, print_sink, &pc);
	}
	if (ls->watch != NULL)
		print_diff(&pc, ls->watch);
	print_end(&pc);

	if (!ls->warned) {
		warn_hidden(all_ow);
		if (o->npids == 0)
			warn_hidden(ow);
		ls->warned = o->interval > 0;
	}
	explain_free(ex);
	sock_list_fini(&socks);
	return 0;
}

static int
run_listing(struct cli_opts *o)
{
	struct listing ls;

	listing_init(&ls, o);
	if (o->interval > 0)
		run_watch(o, listing_round, &ls);
	else
		listing_round(&ls);
	listing_fini(&ls);
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
		if (o.unix_sockets) {
			status = unixlist_run(&o);
			break;
		}
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
