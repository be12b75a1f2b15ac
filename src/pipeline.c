/* SPDX-License-Identifier: MIT */
#include "pipeline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "explain.h"
#include "family_multi.h"
#include "fmt_json.h"
#include "kill.h"
#include "msg.h"
#include "owners.h"
#include "probe.h"
#include "reclist.h"
#include "run.h"
#include "sockdiag.h"
#include "summary.h"
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
	/* [round parity][table]: --diff alternates between two sets, so
	 * that the round before's owners, and the names read when its rows
	 * were printed, are intact for its closed rows */
	struct owners *tables[2][TABLES];
	int parity;
	/* --diff: the owners the round before printed with, text and JSON */
	const struct owners *prev_text, *prev_json;
	struct watch *watch;	 /* --diff: the previous round */
	struct reclist rows;	 /* the round's selected sockets */
	struct reclist all;	 /* --explain: every socket */
	struct summary *sum;	 /* -s */
	struct kill_result kill; /* -K */
	struct sockdiag *sd;	 /* -K: the socket that closes */
	bool warned;		 /* -c: notes in the first round only */
	size_t rounds;		 /* rounds done */
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

static void
pipeline_init(struct pipeline *p, const struct cli_opts *req)
{
	bool json;

	memset(p, 0, sizeof(*p));
	run_init(&p->run, req);
	p->fam = family_multi_for(req->kinds);
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
	reclist_init(&p->rows, p->fam->rec_size);
	reclist_init(&p->all, p->fam->rec_size);
	if (req->diff)
		p->watch = watch_new(p->fam->rec_size, p->fam->identity);
	if (p->emit == EMIT_SUMMARY)
		p->sum = xcalloc(1, sizeof(*p->sum));
}

static void
pipeline_fini(struct pipeline *p)
{
	size_t k;

	sockdiag_close(p->sd);
	free(p->sum);
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
	int err;

	if (p->sd == NULL && (err = sockdiag_open(&p->sd)) < 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot close sockets: netlink sock_diag: %s",
		    strerror(-err));
	/* the family is family_inet: cli lets -K list nothing else */
	err = kill_socket(p->sd, rec, &p->kill);
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

static void
emit_one(struct emit_ctx *em, const void *rec, char mark, const char *event)
{
	switch (em->p->emit) {
	case EMIT_SUMMARY:
		/* cli lets -s count only the families that can */
		em->p->fam->count(em->p->sum, rec);
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
		if (req->json != CLI_JSON_OFF)
			summary_write_json(em->fp, p->sum);
		else if (req->summary == CLI_SUMMARY_PROMETHEUS)
			summary_write_prometheus(em->fp, p->sum);
		else
			summary_write_text(em->fp, p->sum);
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

/* Collect the round's sockets into rows (and every socket into p->all
 * for --explain), with their owners; returns the listing's table. */
static struct owners *
collect_enrich(struct pipeline *p, struct reclist *rows)
{
	const struct cli_opts *req = p->run.req;
	struct reclist *into = req->explain ? &p->all : rows;
	struct owners_job *job = NULL;
	struct owners *ow = NULL;
	pid_t failed;
	int err;

	if (p->enrich != ENRICH_NONE)
		ow = round_table(p, TABLE_LISTING);
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
	if (p->enrich == ENRICH_PIDS)
		job = owners_scan_pids_begin(ow, req->pids, req->npids);
	p->fam->collect(&p->run, req->explain, push_sink, into);
	switch (p->enrich) {
	case ENRICH_PIDS:
		err = owners_scan_pids_end(job, &failed);
		/* -c: a process that ends between the check before the
		 * round and its scan simply has no sockets left; the next
		 * round's check ends the watch */
		if (err != -ENOENT || p->rounds == 0)
			run_check_pid_scan(failed, err);
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
	if (p->every_owner)
		run_scan_all(&p->run, round_table(p, TABLE_EVERY));
	return ow;
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
	p->warned = p->run.req->interval > 0;
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
	if (p->sum != NULL)
		summary_init(p->sum, run->flt.protos,
		    (run->req->kinds & CLI_KIND_INET) != 0,
		    (run->req->kinds & CLI_KIND_PACKET) != 0,
		    (run->req->kinds & CLI_KIND_NETLINK) != 0);
	if (p->stream) {
		p->fam->collect(run, false, emit_sink, &em);
		emit_end(&em);
		p->rounds++;
		return 0;
	}

	ow = collect_enrich(p, rows);
	run->fmt.owners = ow;
	run->jo.owners = p->every_owner ? round_table_used(p, TABLE_EVERY) : ow;
	text_ow = run->fmt.owners;
	json_ow = run->jo.owners;
	if (run->req->explain)
		em.ex = p->fam->explain_new(run, &p->all, run->jo.owners);
	select_rows(p, rows, ow);
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
