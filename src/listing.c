#include "listing.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "explain.h"
#include "filter.h"
#include "fmt_json.h"
#include "fmt_text.h"
#include "kill.h"
#include "msg.h"
#include "names.h"
#include "owners.h"
#include "services.h"
#include "sock.h"
#include "stages.h"
#include "summary.h"
#include "watch.h"
#include "xalloc.h"

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

static int
summary_once(struct cli_opts *o)
{
	struct services *svc = NULL;
	struct summary *sum = xcalloc(1, sizeof(*sum));

	if (stages_ports_need_names(o))
		svc = stages_load_services(o);
	stages_resolve_ports(o, svc);
	summary_init(sum);
	stages_collect(o, summary_sink, sum);
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
int
listing_kill_run(struct cli_opts *o)
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
	if (!o->fmt.numeric_ports || stages_ports_need_names(o))
		svc = stages_load_services(o);
	stages_resolve_ports(o, svc);
	if (!o->fmt.numeric_hosts ||
	    (o->fmt.user_inode && !o->fmt.numeric_users))
		names = names_new();
	o->fmt.services = svc;
	o->fmt.names = names;
	/* owners before closing: a closed socket's owner is still found,
	 * but read them while the listing holds */
	if (o->npids > 0)
		ow = stages_scan_pids(o, owners_new(o->source.proc_root));
	else if (o->fmt.owner)
		ow = stages_scan_all(o, owners_new(o->source.proc_root));
	if (ow != NULL)
		owners_resolve_all(ow);
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

int
listing_summary_run(struct cli_opts *o)
{
	return o->interval > 0 ? stages_watch(o, summary_round, o)
			       : summary_once(o);
}

/* -p: the listed sockets' inodes, so the /proc walk can stop once each
 * has its (lowest pid) owner. */
static struct owners *
scan_listed_owners(const struct cli_opts *o, struct owners *ow,
    const struct sock_list *socks)
{
	uint64_t *wanted =
	    xcalloc(socks->len ? socks->len : 1, sizeof(*wanted));
	size_t i, n = 0;

	for (i = 0; i < socks->len; i++)
		if (socks->v[i].inode != 0)
			wanted[n++] = socks->v[i].inode;
	stages_scan_wanted(o, ow, wanted, n);
	free(wanted);
	return ow;
}

/* Resolve the program names of the owners of the listed sockets (only
 * those held by a process of only, when not NULL): the owners step ends
 * here, and printing reads no file. Returns ow. */
static struct owners *
resolve_listed(struct owners *ow, const struct sock_list *socks,
    const struct owners *only)
{
	const struct owner *o;
	size_t i;

	for (i = 0; i < socks->len; i++)
		if (only == NULL ||
		    owners_find(only, socks->v[i].inode, &o) > 0)
			owners_resolve(ow, socks->v[i].inode);
	return ow;
}

/* What a listing keeps from one round to the next (-c). */
struct listing {
	struct cli_opts *o;
	struct fmt_json_opts jo;
	struct services *svc;
	struct names *names;
	/* owner tables [round parity][k]; with -c their program names
	 * carry over from round to round. --diff alternates between two
	 * pairs: the round before's owners are its closed rows' */
	struct owners *tables[2][2];
	int parity;
	struct watch *watch; /* --diff: the previous round */
	/* --diff: the owners the round before printed with, text and JSON */
	const struct owners *prev_text, *prev_json;
	bool warned; /* -c: warn in the first round only */
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
	    stages_ports_need_names(o))
		ls->svc = stages_load_services(o);
	stages_resolve_ports(o, ls->svc);
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
	owners_free(ls->tables[0][0]);
	owners_free(ls->tables[0][1]);
	owners_free(ls->tables[1][0]);
	owners_free(ls->tables[1][1]);
	names_free(ls->names);
	services_free(ls->svc);
}

/* Owner table k for this round, kept in ls; with -c, its program names
 * carry over from the last round it served. */
static struct owners *
round_owners(struct listing *ls, int k)
{
	struct owners **t = &ls->tables[ls->parity][k];

	if (*t == NULL)
		*t = owners_new(ls->o->source.proc_root);
	if (ls->o->interval > 0)
		owners_begin_round(*t);
	return *t;
}

/* --diff: the round's kept rows, marked, then those closed since the
 * round before, printed as they were: with the round before's owners,
 * whose names were read when it printed them (the owner has often
 * exited since). */
static void
print_diff(struct print_ctx *pc, struct listing *ls)
{
	struct watch *w = ls->watch;
	struct fmt_opts closed_fo = *pc->fo;
	struct fmt_json_opts closed_jo;
	struct print_ctx *cur = pc, closed;
	static const char marks[] =
	    {[WATCH_SAME] = ' ', [WATCH_NEW] = '+', [WATCH_CLOSED] = '-'};
	static const char *const events[] = {[WATCH_SAME] = "same",
	    [WATCH_NEW] = "new",
	    [WATCH_CLOSED] = "closed"};
	size_t n = watch_diff(w), i;

	pc->keep = NULL;
	pc->flt = NULL; /* the kept rows passed it */
	/* the closed rows go through a context of their own, which points
	 * at these locals and ends here */
	closed = *pc;
	closed_fo.owners = ls->prev_text;
	closed.fo = &closed_fo;
	if (pc->json != NULL) {
		closed_jo = *pc->json;
		closed_jo.owners = ls->prev_json;
		closed.json = &closed_jo;
	}
	for (i = 0; i < n; i++) {
		enum watch_mark m;
		const struct sock_rec *rec = watch_row(w, i, &m);

		if (m == WATCH_CLOSED && cur == pc) {
			closed.rows = pc->rows;
			closed.begun = pc->begun;
			cur = &closed;
		}
		cur->mark = marks[m];
		cur->event = events[m];
		print_row(cur, rec);
	}
	pc->rows = cur->rows;
	pc->begun = cur->begun;
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
	if (ls->watch != NULL) {
		pc.keep = watch_begin(ls->watch);
		ls->parity ^= 1; /* keep the round before's owners */
		o->fmt.owners = NULL;
	}

	if (o->explain && o->npids == 0) {
		/* the other half of a local connection may be any socket:
		 * list them all, print the selected ones */
		struct cli_opts every = *o;

		filter_init(&every.flt);
		every.flt.protos = FILTER_TCP | FILTER_UDP | FILTER_RAW;
		every.flt.listen = FILTER_ALL;
		stages_collect(&every, sock_list_sink, &socks);
		ow = stages_scan_all(o, round_owners(ls, 0));
		resolve_listed(ow, &socks, NULL);
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
		stages_collect(o, sock_list_sink, &socks);
		err = owners_scan_pids_end(job, &failed);
		stages_check_pid_scan(failed, err);
		/* the table holds these processes' sockets only */
		owners_resolve_all(ow);
		pc.pid_owners = ow;
		o->fmt.owners = ow;
		if (json)
			jo.owners = all_ow = resolve_listed(
			    stages_scan_all(o, round_owners(ls, 1)), &socks,
			    ow);
		for (i = 0; i < socks.len; i++)
			print_sink(&socks.v[i], &pc);
	} else if (o->fmt.owner || json) {
		/* list first: the owner walk then knows what it looks for */
		stages_collect(o, sock_list_sink, &socks);
		ow = json ? stages_scan_all(o, round_owners(ls, 0))
			  : scan_listed_owners(o, round_owners(ls, 0), &socks);
		/* a walk for the listed sockets kept only their owners */
		if (json)
			resolve_listed(ow, &socks, NULL);
		else
			owners_resolve_all(ow);
		o->fmt.owners = ow;
		jo.owners = ow;
		for (i = 0; i < socks.len; i++)
			print_row(&pc, &socks.v[i]);
	} else {
		stages_collect(o, print_sink, &pc);
	}
	if (ls->watch != NULL) {
		print_diff(&pc, ls);
		ls->prev_text = o->fmt.owners;
		ls->prev_json = jo.owners;
	}
	print_end(&pc);

	if (!ls->warned) {
		stages_warn_hidden(all_ow);
		/* --pid died if its processes' fds could not be read; what
		 * is left to tell is a name that could not be */
		stages_warn_hidden(ow);
		ls->warned = o->interval > 0;
	}
	explain_free(ex);
	sock_list_fini(&socks);
	return 0;
}

int
listing_run(struct cli_opts *o)
{
	struct listing ls;

	listing_init(&ls, o);
	if (o->interval > 0)
		stages_watch(o, listing_round, &ls);
	else
		listing_round(&ls);
	listing_fini(&ls);
	return SV_EXIT_OK;
}
