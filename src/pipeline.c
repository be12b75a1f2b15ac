/* SPDX-License-Identifier: MIT */
#include "pipeline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "explain.h"
#include "family_inet.h"
#include "family_multi.h"
#include "fmt_json.h"
#include "kill.h"
#include "msg.h"
#include "nstable.h"
#include "owners.h"
#include "portstats.h"
#include "probe.h"
#include "reclist.h"
#include "run.h"
#include "run_netns.h"
#include "sock.h"
#include "sockdiag.h"
#include "sockext.h"
#include "summary.h"
#include "sumunits.h"
#include "units.h"
#include "unitstep.h"
#include "watch.h"
#include "xalloc.h"

/* Whose owners a round reads. */
enum enrich {
	ENRICH_NONE,   /* no owner is shown */
	ENRICH_LISTED, /* -p: the listed sockets' owners */
	ENRICH_ALL,    /* JSON, --explain: every owner of every socket */
	ENRICH_PIDS,   /* --pid: those processes' fds */
};

/* What becomes of the selected sockets. */
enum emit {
	EMIT_ROWS,    /* the listing, in text or JSON */
	EMIT_SUMMARY, /* -s: counts */
	EMIT_KILL,    /* -K: closed, and the row of each one closed printed */
};

/* Owner tables, kept from round to round (-c) for their program names. */
enum {
	TABLE_LISTING, /* what the listing reads and --pid selects with */
	TABLE_EVERY,   /* --pid with JSON or --explain: every owner */
	TABLES
};

struct pipeline {
	struct run run;
	const struct family *fam;
	enum enrich enrich;
	enum emit emit;
	bool every_owner; /* TABLE_EVERY is read too */
	bool stream;	  /* rows go from the source to the output */
	/* -p or JSON: past ROWS_HELD_MAX rows, the owners are read and the
	 * rest streams (see hold_sink) */
	bool stream_owned;
	/* [round parity][table]: --diff alternates between two sets, so
	 * that the round before's owners, and the names read when its rows
	 * were printed, are intact for its closed rows */
	struct owners *tables[2][TABLES];
	int parity;
	/* --diff: the owners the round before printed with, text and JSON */
	const struct owners *prev_text, *prev_json;
	struct watch *watch;	   /* --diff: the previous round */
	struct reclist rows;	   /* the round's selected sockets */
	struct reclist all;	   /* --explain: every socket */
	struct summary *sum;	   /* -s; -N all: per namespace, 1 more */
	size_t nsums;		   /* -s: how many sum holds */
	struct portstats *ps;	   /* -s --prometheus -i */
	struct kill_result kill;   /* -K */
	struct sockdiag *sd;	   /* -K: the socket that closes */
	struct units *units;	   /* --units, --unit */
	struct sumunits *sumunits; /* -s --units */
	uint64_t *unit_ids;	   /* --unit: the cgroups asked of the kernel */
	bool warned;		   /* -c: notes in the first round only */
	size_t rounds;		   /* rounds done */
};

/* One round's output. */
struct emit_ctx {
	struct pipeline *p;
	FILE *fp;
	struct explain *ex;	   /* --explain */
	size_t rows;		   /* rows written */
	bool begun;		   /* the header, or JSON's opening, is out */
	const struct family *part; /* family_multi: the last row's family */
};

/* --units, --unit: the table the formatters look units up in, and
 * --unit's cgroups pushed to the kernel (not to a recording or /proc). */
static void
units_init(struct pipeline *p)
{
	const struct cli_opts *req = p->run.req;

	p->units =
	    units_new(req->source.proc_root, NULL, p->run.replay == NULL);
	/* units are worked out before rows go out */
	p->stream = false;
	p->stream_owned = false;
	if (req->nunit_patterns > 0 && p->run.replay == NULL &&
	    req->source.kind != SOURCE_PROC && !req->unix_sockets)
		unitstep_push(p->units, req->unit_patterns, req->nunit_patterns,
		    &p->run.flt, &p->unit_ids);
	p->run.fmt.units_table = p->units;
	p->run.jo.units = p->units;
	if (p->emit == EMIT_SUMMARY && req->units)
		p->sumunits = sumunits_new();
}

static void
pipeline_init(struct pipeline *p, const struct cli_opts *req)
{
	bool json;

	memset(p, 0, sizeof(*p));
	run_init(&p->run, req);
	p->fam = family_multi_for(req->kinds);
	/* -i, -m: cli lets them come with Internet sockets alone */
	if (p->fam == &family_inet && req->source.show != 0)
		p->fam = &family_inet_info;
	p->emit = req->kill			    ? EMIT_KILL
		  : req->summary != CLI_SUMMARY_OFF ? EMIT_SUMMARY
						    : EMIT_ROWS;
	json = req->json != CLI_JSON_OFF && p->emit == EMIT_ROWS;
	if (req->npids > 0)
		p->enrich = ENRICH_PIDS;
	else if (p->emit == EMIT_ROWS && (json || req->explain))
		p->enrich = ENRICH_ALL;
	else if (p->emit != EMIT_SUMMARY && req->fmt.owner)
		p->enrich = ENRICH_LISTED;
	p->every_owner = req->npids > 0 && (json || req->explain);
	/* -K lists before it closes: the dump must not see its own work */
	p->stream = p->enrich == ENRICH_NONE && !req->explain && !req->diff &&
		    p->emit != EMIT_KILL;
	p->stream_owned =
	    (p->enrich == ENRICH_LISTED || p->enrich == ENRICH_ALL) &&
	    p->emit == EMIT_ROWS && !req->explain && !req->diff &&
	    req->replay_path == NULL;
	if (req->units || req->nunit_patterns > 0)
		units_init(p);
	reclist_init(&p->rows, p->fam->rec_size);
	reclist_init(&p->all, p->fam->rec_size);
	if (req->diff)
		p->watch = watch_new(p->fam->rec_size, p->fam->identity);
	if (p->emit == EMIT_SUMMARY) {
		p->nsums = p->run.netns != NULL
			       ? run_netns_table(p->run.netns)->len + 1
			       : 1;
		p->sum = xcalloc(p->nsums, sizeof(*p->sum));
	}
	if (p->emit == EMIT_SUMMARY && p->run.ext != NULL)
		p->ps = portstats_new(req->units);
}

static void
pipeline_fini(struct pipeline *p)
{
	size_t k;

	sockdiag_close(p->sd);
	units_free(p->units);
	sumunits_free(p->sumunits);
	free(p->unit_ids);
	free(p->sum);
	portstats_free(p->ps);
	watch_free(p->watch);
	reclist_fini(&p->all);
	reclist_fini(&p->rows);
	for (k = 0; k < TABLES; k++) {
		owners_free(p->tables[0][k]);
		owners_free(p->tables[1][k]);
	}
	run_fini(&p->run);
}

/* Owner table k for this round; with -c, its program names carry over
 * from the last round it served. */
static struct owners *
round_table(struct pipeline *p, int k)
{
	struct owners **t = &p->tables[p->parity][k];

	if (*t == NULL)
		*t = owners_new(p->run.source.proc_root);
	if (p->run.req->interval > 0)
		owners_begin_round(*t);
	return *t;
}

/* This round's table k, or NULL when the round reads none. */
static struct owners *
round_table_used(const struct pipeline *p, int k)
{
	return p->tables[p->parity][k];
}

/* --- emit ----------------------------------------------------------- */

/* The header lines, or JSON's opening: written with the first row, or at
 * the end, so that a source failing at the start prints nothing. */
static void
emit_begin(struct emit_ctx *em)
{
	const struct run *run = &em->p->run;

	if (em->begun)
		return;
	em->begun = true;
	if (run->req->json != CLI_JSON_OFF)
		fmt_json_begin(em->fp, &run->jo);
	else
		em->p->fam->header(em->fp, run);
}

static void
emit_listed(struct emit_ctx *em, const void *rec, char mark, const char *event)
{
	const struct family *fam = em->p->fam;
	const struct run *run = &em->p->run;
	struct fmt_json_extra extra = {NULL, event};
	char words[1024];

	emit_begin(em);
	if (em->ex != NULL && fam->explain(em->ex, rec, words, sizeof(words)))
		extra.explain = words;
	if (run->req->json != CLI_JSON_OFF) {
		fam->json_row(em->fp, run, rec, em->rows == 0, &extra);
	} else {
		/* several families: each one's header before its rows */
		if (fam->part != NULL && fam->part(rec) != em->part) {
			em->part = fam->part(rec);
			em->part->header(em->fp, run);
		}
		fam->row(em->fp, run, rec, mark, extra.explain);
	}
	em->rows++;
}

/* -K: close the socket, and print its row once it is closed. */
static void
emit_closed(struct emit_ctx *em, const void *rec)
{
	struct pipeline *p = em->p;
	struct sockdiag *sd = NULL;
	int err;

	/* -N all: SOCK_DESTROY reaches only the namespace the netlink
	 * socket was opened in */
	if (p->run.netns != NULL)
		err = run_netns_sockdiag(p->run.netns,
		    ((const struct sock_rec *)rec)->netns, &sd);
	else if ((err = p->sd == NULL ? sockdiag_open(&p->sd) : 0) == 0)
		sd = p->sd;
	if (err < 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot close sockets: netlink sock_diag: %s",
		    strerror(-err));
	/* the family is family_inet: cli lets -K list nothing else */
	err = kill_socket(sd, rec, &p->kill);
	if (err > 0)
		p->fam->row(em->fp, &p->run, rec, ' ', NULL);
	if (err == 0 || err > 0)
		return;
	fflush(em->fp);
	if (err == -EOPNOTSUPP)
		msg_die(SV_EXIT_FAIL, "the kernel cannot close sockets "
				      "(CONFIG_INET_DIAG_DESTROY is off)");
	if (err == -EPERM || err == -EACCES)
		msg_die(SV_EXIT_FAIL, "closing sockets needs CAP_NET_ADMIN");
	msg_die(SV_EXIT_FAIL, "cannot close sockets: SOCK_DESTROY: %s",
	    strerror(-err));
}

/* -s: which of p->sum counts rec: its namespace's with -N all. */
static size_t
summary_slot(const struct pipeline *p, const struct sock_rec *rec)
{
	if (p->run.netns == NULL)
		return 0;
	return nstable_index(run_netns_table(p->run.netns), rec->netns);
}

/* -N all: the name of rec's namespace (escaped); NULL without -N all. */
static const char *
netns_name(const struct pipeline *p, const struct sock_rec *rec)
{
	const struct nstable *t;
	size_t i;

	if (p->run.netns == NULL)
		return NULL;
	t = run_netns_table(p->run.netns);
	i = nstable_index(t, rec->netns);
	return i < t->len ? t->v[i].name : "-";
}

/* -s -N all: every namespace's counts, in the listing's order. */
static void
emit_netns_summary(FILE *fp, const struct pipeline *p)
{
	const struct nstable *t = run_netns_table(p->run.netns);
	struct summary_netns *v = xcalloc(t->len + 1, sizeof(*v));
	struct sumunits_view *views = xcalloc(t->len + 1, sizeof(*views));
	size_t i, n = 0;

	for (i = 0; i < t->len; i++) {
		if (!run_netns_listed(p->run.netns, i))
			continue;
		v[n].sum = &p->sum[i];
		v[n].inode = t->v[i].inode;
		v[n].label = t->v[i].label;
		v[n].name = t->v[i].name;
		if (p->sumunits != NULL) {
			views[n] =
			    (struct sumunits_view){p->sumunits, t->v[i].name};
			v[n].more = sumunits_write_json_view;
			v[n].more_ctx = &views[n];
		}
		n++;
	}
	if (p->run.req->json != CLI_JSON_OFF)
		summary_write_netns_json(fp, v, n);
	else if (p->run.req->summary == CLI_SUMMARY_PROMETHEUS)
		summary_write_netns_prometheus(fp, v, n);
	else
		summary_write_netns_text(fp, v, n);
	free(views);
	free(v);
}

static void
emit_one(struct emit_ctx *em, const void *rec, char mark, const char *event)
{
	switch (em->p->emit) {
	case EMIT_SUMMARY:
		/* cli lets -s count only the families that can, and -N all,
		 * --units and -i only with Internet sockets */
		em->p->fam->count(&em->p->sum[summary_slot(em->p, rec)], rec);
		if (em->p->sumunits != NULL)
			sumunits_add(em->p->sumunits, netns_name(em->p, rec),
			    units_find(em->p->units,
				((const struct sock_rec *)rec)->cgroup_id,
				((const struct sock_rec *)rec)->inode)
				->unit,
			    rec);
		if (em->p->ps != NULL)
			portstats_add(em->p->ps, rec,
			    sockext_table_get(em->p->run.ext,
				((const struct sock_rec *)rec)->ext),
			    em->p->run.req->units
				? units_find(em->p->units,
				      ((const struct sock_rec *)rec)->cgroup_id,
				      ((const struct sock_rec *)rec)->inode)
				      ->unit
				: NULL);
		break;
	case EMIT_KILL:
		emit_closed(em, rec);
		break;
	case EMIT_ROWS:
		emit_listed(em, rec, mark, event);
		break;
	}
}

static int
emit_sink(const void *rec, void *data)
{
	emit_one(data, rec, ' ', NULL);
	return 0;
}

static void
emit_end(struct emit_ctx *em)
{
	struct pipeline *p = em->p;
	const struct cli_opts *req = p->run.req;

	switch (p->emit) {
	case EMIT_SUMMARY:
		if (p->run.netns != NULL)
			emit_netns_summary(em->fp, p);
		else if (req->json != CLI_JSON_OFF)
			summary_write_json_more(em->fp, p->sum,
			    p->sumunits != NULL ? sumunits_write_json : NULL,
			    p->sumunits);
		else if (req->summary == CLI_SUMMARY_PROMETHEUS)
			summary_write_prometheus(em->fp, p->sum);
		else
			summary_write_text(em->fp, p->sum);
		/* per unit, after the others (in JSON: inside its object,
		 * or with -N all each namespace's) */
		if (p->sumunits != NULL && req->json == CLI_JSON_OFF) {
			if (req->summary == CLI_SUMMARY_PROMETHEUS)
				sumunits_write_prometheus(em->fp, p->sumunits);
			else
				sumunits_write_text(em->fp, p->sumunits);
		}
		/* -i: cli lets it come only with --prometheus */
		if (p->ps != NULL)
			portstats_write_prometheus(em->fp, p->ps);
		break;
	case EMIT_KILL:
		fflush(em->fp);
		if (p->kill.selected == 0)
			msg_die(SV_EXIT_FAIL,
			    "no TCP socket matched: nothing closed");
		if (p->kill.closed == 0)
			msg_die(SV_EXIT_FAIL,
			    "nothing closed: the %zu sockets matched were in "
			    "TIME_WAIT or gone",
			    p->kill.selected);
		break;
	case EMIT_ROWS:
		emit_begin(em);
		if (req->json != CLI_JSON_OFF)
			fmt_json_end(em->fp, &p->run.jo, em->rows == 0);
		break;
	}
}

/* --diff: the round's rows, marked, then those closed since the round
 * before, printed as they were: with the round before's owners, whose
 * names were read when it printed them (the owner has often exited
 * since). */
static void
emit_diff(struct emit_ctx *em, struct watch *w)
{
	struct pipeline *p = em->p;
	static const char marks[] =
	    {[WATCH_SAME] = ' ', [WATCH_NEW] = '+', [WATCH_CLOSED] = '-'};
	static const char *const events[] = {[WATCH_SAME] = "same",
	    [WATCH_NEW] = "new",
	    [WATCH_CLOSED] = "closed"};
	size_t n = watch_diff(w), i;

	for (i = 0; i < n; i++) {
		enum watch_mark m;
		const void *rec = watch_row(w, i, &m);

		if (m == WATCH_CLOSED) {
			p->run.fmt.owners = p->prev_text;
			p->run.jo.owners = p->prev_json;
		}
		emit_one(em, rec, marks[m], events[m]);
	}
}

/* --- collect, enrich, select ---------------------------------------- */

static int
push_sink(const void *rec, void *list)
{
	reclist_push(list, rec);
	return 0;
}

/* -p: the listed sockets' inodes, so that the /proc walk can stop once
 * each has its (lowest pid) owner. */
static void
scan_listed(struct pipeline *p, struct owners *ow, const struct reclist *rows)
{
	uint64_t *wanted = xcalloc(rows->len ? rows->len : 1, sizeof(*wanted));
	size_t i, n = 0;

	for (i = 0; i < rows->len; i++)
		if ((wanted[n] = p->fam->inode(reclist_at(rows, i))) != 0)
			n++;
	run_scan_wanted(&p->run, ow, wanted, n);
	free(wanted);
}

/*
 * A listing with owners holds its rows until the owners are read: a
 * record per socket, 17 MB for -tunap over 180,000 sockets. Past this
 * many rows (1.5 MB), the owners of every socket are read at once, in the
 * middle of the dump, and the rows held and all that follow stream out.
 * Below it, -p reads only the held rows' owners, and the walk stops once
 * each has one. Either way the walk has run on a thread since the dump
 * began: the more of the dump is held, the more of it runs beside the
 * walk (3,000 processes holding 6,000 sockets: 4% less time than past
 * 4,096 rows).
 */
#define ROWS_HELD_MAX 16384

struct hold_ctx {
	struct pipeline *p;
	struct emit_ctx *em;
	struct reclist *rows;
	struct owners *ow;
	bool streaming; /* the owners are read; rows go out as they come */
};

static void
emit_owned(struct hold_ctx *h, const void *rec)
{
	owners_resolve(h->ow, h->p->fam->inode(rec));
	emit_one(h->em, rec, ' ', NULL);
}

static int
hold_sink(const void *rec, void *data)
{
	struct hold_ctx *h = data;
	struct run *run = &h->p->run;
	size_t i;

	if (h->streaming) {
		emit_owned(h, rec);
		return 0;
	}
	reclist_push(h->rows, rec);
	if (h->rows->len < ROWS_HELD_MAX)
		return 0;
	run_scan_all(run, h->ow);
	run->fmt.owners = h->ow;
	run->jo.owners = h->ow;
	for (i = 0; i < h->rows->len; i++)
		emit_owned(h, reclist_at(h->rows, i));
	h->rows->len = 0;
	h->streaming = true;
	return 0;
}

static int
owned_sink(const void *rec, void *data)
{
	const struct hold_ctx *h = data;
	const struct owner *o;

	if (owners_find(h->ow, h->p->fam->inode(rec), &o) > 0)
		reclist_push(h->rows, rec);
	return 0;
}

/* --pid: wait for the scan of its processes; dies when one could not
 * be read. */
static void
end_pid_scan(const struct pipeline *p, struct owners_job *job)
{
	pid_t failed;
	int err = owners_scan_pids_end(job, &failed);

	/* -c: a process that ends between the check before the round and
	 * its scan simply has no sockets left; the next round's check ends
	 * the watch */
	if (err != -ENOENT || p->rounds == 0)
		run_check_pid_scan(failed, err);
}

/* Collect the round's sockets into rows (and every socket into p->all
 * for --explain), with their owners; returns the listing's table. On a
 * large table (stream_owned), the rows may have been written already,
 * leaving rows empty. */
static struct owners *
collect_enrich(struct pipeline *p, struct reclist *rows, struct emit_ctx *em)
{
	const struct cli_opts *req = p->run.req;
	struct reclist *into = req->explain ? &p->all : rows;
	struct owners_job *job = NULL;
	struct owners *ow = NULL;
	struct hold_ctx hold = {p, em, rows, NULL, false};

	if (p->enrich != ENRICH_NONE)
		ow = hold.ow = round_table(p, TABLE_LISTING);
	/* the fds and the socket table do not depend on each other: read
	 * them at once, on two threads (on two cores, --pid among 54,000
	 * sockets takes a fifth less), holding the table until both are
	 * read */
	if (p->run.replay != NULL) {
		/* the owners are the recording's, not this machine's */
		p->fam->collect(&p->run, req->explain, push_sink, into);
		/* --pid: its processes' links only, as a scan of them */
		if (ow != NULL)
			run_load_owners(&p->run, ow, p->enrich == ENRICH_PIDS);
		if (p->every_owner)
			run_load_owners(&p->run, round_table(p, TABLE_EVERY),
			    false);
		return ow;
	}
	/* all processes are to be read: list them while the table is
	 * dumped */
	if (p->enrich == ENRICH_LISTED || p->enrich == ENRICH_ALL)
		owners_read_ahead(ow);
	if (p->enrich == ENRICH_PIDS)
		job = owners_scan_pids_begin(ow, req->pids, req->npids);
	/* --pid: with its processes' fds read, their sockets may be asked
	 * for one by one instead of in a dump of the table */
	if (p->enrich == ENRICH_PIDS && p->fam->collect_pids != NULL &&
	    !req->explain && run_pids_may_look_up(&p->run)) {
		end_pid_scan(p, job);
		job = NULL;
		if (p->fam->collect_pids(&p->run, ow, push_sink, into))
			goto scanned;
	}
	if (p->stream_owned)
		p->fam->collect(&p->run, false, hold_sink, &hold);
	else if (p->enrich == ENRICH_PIDS && job == NULL && !req->explain)
		/* the processes' fds are read: keep only their sockets */
		p->fam->collect(&p->run, false, owned_sink, &hold);
	else
		p->fam->collect(&p->run, req->explain, push_sink, into);
	if (hold.streaming)
		return ow;
	switch (p->enrich) {
	case ENRICH_PIDS:
		if (job != NULL)
			end_pid_scan(p, job);
		break;
	case ENRICH_ALL:
		run_scan_all(&p->run, ow);
		break;
	case ENRICH_LISTED:
		scan_listed(p, ow, into);
		break;
	case ENRICH_NONE:
		break;
	}
scanned:
	if (p->every_owner)
		run_scan_all(&p->run, round_table(p, TABLE_EVERY));
	return ow;
}

struct fd_order {
	unsigned rank; /* the kind's, in netstat's order */
	int32_t pid, fd;
	size_t row;
};

static int
fd_order_cmp(const void *a, const void *b)
{
	const struct fd_order *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* --pid: the rows of each kind (tcp, tcp6, ...) by the process and fd
 * that hold them, as lsof lists them. A dump gives them in the kernel's
 * hash order, which the lookup of one socket after another cannot give:
 * this way both print the same. */
static void
sort_by_fd(const struct pipeline *p, struct reclist *rows,
    const struct owners *ow)
{
	struct fd_order *order;
	const struct owner *o;
	char *sorted;
	size_t i;

	if (p->fam->rank == NULL || rows->len < 2)
		return;
	order = xcalloc(rows->len, sizeof(*order));
	for (i = 0; i < rows->len; i++) {
		const void *rec = reclist_at(rows, i);

		/* select_rows kept only the rows with owners */
		owners_find(ow, p->fam->inode(rec), &o);
		order[i] =
		    (struct fd_order){p->fam->rank(rec), o->pid, o->fd, i};
	}
	qsort(order, rows->len, sizeof(*order), fd_order_cmp);
	sorted = xcalloc(rows->len, rows->size);
	for (i = 0; i < rows->len; i++)
		memcpy(sorted + i * rows->size, reclist_at(rows, order[i].row),
		    rows->size);
	memcpy(reclist_at(rows, 0), sorted, rows->len * rows->size);
	free(sorted);
	free(order);
}

/* Keep in rows what the request selects: from p->all past the filter
 * (--explain), and only the --pid processes' sockets. */
static void
select_rows(struct pipeline *p, struct reclist *rows, const struct owners *ow)
{
	const struct owner *o;
	size_t i, n = 0;

	if (p->run.req->explain)
		for (i = 0; i < p->all.len; i++)
			if (p->fam->selected(&p->run, reclist_at(&p->all, i)))
				reclist_push(rows, reclist_at(&p->all, i));
	if (p->enrich != ENRICH_PIDS)
		return;
	/* in place: the write index never passes the read index */
	for (i = 0; i < rows->len; i++) {
		const void *rec = reclist_at(rows, i);

		if (owners_find(ow, p->fam->inode(rec), &o) == 0)
			continue;
		if (n != i)
			memcpy(reclist_at(rows, n), rec, rows->size);
		n++;
	}
	rows->len = n;
	sort_by_fd(p, rows, ow);
}

/* The owners step ends with the program names of the owners to be shown
 * (of every socket for --explain, which names a peer's): what follows
 * only looks them up, and no formatter reads a file. */
static void
resolve_names(struct pipeline *p, const struct reclist *rows)
{
	struct owners *ow = round_table_used(p, TABLE_LISTING),
		      *every = p->every_owner ? round_table_used(p, TABLE_EVERY)
					      : NULL;
	const struct reclist *over = p->run.req->explain ? &p->all : rows;
	size_t i;

	if (p->enrich == ENRICH_NONE)
		return;
	for (i = 0; i < over->len; i++) {
		uint64_t inode = p->fam->inode(reclist_at(over, i));

		owners_resolve(ow, inode);
		if (every != NULL)
			owners_resolve(every, inode);
	}
}

/* --units, --unit: every listed socket's unit (placed through its owner
 * where the kernel gave no cgroup: the owners are read here when nothing
 * else needed them), then --unit's selection. A recording's owners are
 * another machine's processes: its units stay unknown. */
static uint64_t
inet_cgroup_id(const void *rec)
{
	return ((const struct sock_rec *)rec)->cgroup_id;
}

static void
units_step(struct pipeline *p, struct reclist *rows, struct owners *ow)
{
	const struct cli_opts *req = p->run.req;
	const struct reclist *over = req->explain ? &p->all : rows;
	/* UNIX sockets have no cgroup id: their owners place them */
	const struct unitstep_keys keys = {p->fam->inode,
	    req->unix_sockets ? NULL : inet_cgroup_id};

	if (p->run.replay == NULL) {
		if (ow == NULL && unitstep_needs_owners(over, &keys)) {
			ow = round_table(p, TABLE_LISTING);
			scan_listed(p, ow, over);
		}
		unitstep_resolve(p->units, over, &keys, ow);
	}
	unitstep_select(p->units, rows, &keys, req->unit_patterns,
	    req->nunit_patterns);
}

/* --- the round -------------------------------------------------------- */

/* The notes of a round: once with -c. */
static void
round_notes(struct pipeline *p)
{
	if (p->warned)
		return;
	if (p->every_owner)
		run_warn_hidden(round_table_used(p, TABLE_EVERY));
	/* with --pid, whose fds could not be read is an error already: what
	 * is left to tell is a name that could not be */
	run_warn_hidden(round_table_used(p, TABLE_LISTING));
	if (p->units != NULL)
		run_warn_container_metadata(p->units);
	p->warned = p->run.req->interval > 0;
}

/* -c -N all: the namespaces of this round, and a count for each (-s). */
static void
refresh_namespaces(struct pipeline *p)
{
	run_netns_refresh(p->run.netns);
	p->run.fmt.netns = run_netns_table(p->run.netns);
	p->run.jo.netns = p->run.fmt.netns;
	if (p->sum == NULL)
		return;
	p->nsums = run_netns_table(p->run.netns)->len + 1;
	p->sum = xreallocarray(p->sum, p->nsums, sizeof(*p->sum));
}

static int
pipeline_round(void *data)
{
	struct pipeline *p = data;
	struct run *run = &p->run;
	struct emit_ctx em = {.p = p, .fp = stdout};
	struct reclist *rows =
	    p->watch != NULL ? watch_begin(p->watch) : &p->rows;
	const struct owners *text_ow, *json_ow;
	struct owners *ow;
	size_t i;

	rows->len = 0;
	p->all.len = 0;
	if (p->watch != NULL)
		p->parity ^= 1; /* keep the round before's owners */
	/* -c -N all: namespaces come and go between rounds */
	if (p->run.netns != NULL && p->rounds > 0)
		refresh_namespaces(p);
	for (i = 0; i < p->nsums; i++)
		summary_init(&p->sum[i], run->flt.protos,
		    (run->req->kinds & CLI_KIND_INET) != 0,
		    (run->req->kinds & CLI_KIND_PACKET) != 0,
		    (run->req->kinds & CLI_KIND_NETLINK) != 0);
	if (p->sumunits != NULL)
		sumunits_clear(p->sumunits);
	if (p->ps != NULL)
		portstats_begin(p->ps);
	if (run->ext != NULL)
		sockext_table_begin_round(run->ext);
	if (p->units != NULL && p->rounds > 0)
		units_begin_round(p->units, p->run.req->diff);
	if (p->stream) {
		p->fam->collect(run, false, emit_sink, &em);
		emit_end(&em);
		p->rounds++;
		return 0;
	}

	ow = collect_enrich(p, rows, &em);
	run->fmt.owners = ow;
	run->jo.owners = p->every_owner ? round_table_used(p, TABLE_EVERY) : ow;
	text_ow = run->fmt.owners;
	json_ow = run->jo.owners;
	if (run->req->explain)
		em.ex = p->fam->explain_new(run, &p->all, run->jo.owners);
	select_rows(p, rows, ow);
	if (p->units != NULL)
		units_step(p, rows, ow);
	resolve_names(p, rows);
	if (p->watch != NULL)
		emit_diff(&em, p->watch);
	else
		for (i = 0; i < rows->len; i++)
			emit_one(&em, reclist_at(rows, i), ' ', NULL);
	emit_end(&em);
	explain_free(em.ex);
	p->prev_text = text_ow;
	p->prev_json = json_ow;
	round_notes(p);
	p->rounds++;
	return 0;
}

/* -c --pid: the round after the last process of --pid ended is not run. */
static bool
pids_remain(void *data)
{
	const struct pipeline *p = data;

	return run_pids_remain(p->run.req);
}

/* -A all: say which families of the kernel's the listing leaves out,
 * and why (probed, never guessed). */
static void
note_unlisted(const struct cli_opts *req)
{
	char why[512];

	if (req->kinds != (CLI_KIND_INET | CLI_KIND_UNIX | CLI_KIND_PACKET |
			      CLI_KIND_NETLINK) ||
	    req->replay_path != NULL)
		return;
	if (probe_unlisted(why, sizeof(why)) > 0)
		msg_warn("not listed: %s", why);
}

int
pipeline_run(const struct cli_opts *req)
{
	struct pipeline p;

	note_unlisted(req);
	pipeline_init(&p, req);
	if (req->interval > 0)
		run_watch(&p.run, pipeline_round,
		    req->npids > 0 ? pids_remain : NULL, &p);
	else
		pipeline_round(&p);
	if (p.run.record != NULL)
		run_record_owners(&p.run,
		    p.tables[p.parity][TABLE_EVERY] != NULL
			? p.tables[p.parity][TABLE_EVERY]
			: p.tables[p.parity][TABLE_LISTING]);
	run_finish_recording(&p.run);
	pipeline_fini(&p);
	return SV_EXIT_OK;
}
