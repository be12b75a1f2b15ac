/* SPDX-License-Identifier: MIT */
#include "run_netns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "msg.h"
#include "netns.h"
#include "nsfind.h"
#include "nstable.h"
#include "record.h"
#include "replay.h"
#include "sockdiag.h"
#include "source.h"
#include "unixsock.h"
#include "xalloc.h"

/* -K: the netlink socket opened inside one namespace, or NULL. */
struct kill_socket {
	struct sockdiag *sd;
};

struct run_netns {
	struct nstable table;
	struct nsfind_result found;
	uint64_t self;		  /* the namespace this process is in */
	int *enter_err;		  /* per entry: 0, or why it was not entered */
	struct kill_socket *kill; /* per entry: -K's socket there */
	bool noted;		  /* the note on what was not entered is out */
	struct replay *replay;	  /* --replay: the recording's namespaces */
	struct containers *ct;	  /* container metadata, read once */
	bool noted_metadata;	  /* the note on malformed metadata is out */
};

/* The per-entry arrays, once the table is complete. */
static void
alloc_states(struct run_netns *rn)
{
	rn->enter_err = xcalloc(rn->table.len + 1, sizeof(*rn->enter_err));
	rn->kill = xcalloc(rn->table.len + 1, sizeof(*rn->kill));
}

/* The containers' names of t, and once a note on metadata that could
 * not be read. */
static void
name_containers(struct run_netns *rn, struct nstable *t)
{
	const char *first = NULL;
	size_t n;

	nsfind_containers(t, rn->ct, "/proc");
	if (rn->noted_metadata ||
	    (n = containers_malformed(rn->ct, &first)) == 0)
		return;
	rn->noted_metadata = true;
	msg_warn("ignored %zu malformed container metadata file%s (%s%s)", n,
	    n == 1 ? "" : "s", first != NULL ? first : "?",
	    n > 1 ? ", ..." : "");
}

struct run_netns *
run_netns_new(const char *proc_root, const char *run_root)
{
	struct run_netns *rn = xcalloc(1, sizeof(*rn));
	int err;

	nstable_init(&rn->table);
	if ((err = nsfind_all(&rn->table, proc_root, run_root, &rn->found)) < 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot find the network namespaces in %s: %s", proc_root,
		    strerror(-err));
	rn->ct = containers_new();
	name_containers(rn, &rn->table);
	nstable_finish(&rn->table);
	rn->self = netns_self_inode();
	alloc_states(rn);
	return rn;
}

struct run_netns *
run_netns_replayed(struct replay *rp)
{
	struct run_netns *rn = xcalloc(1, sizeof(*rn));
	const char *name;
	uint64_t inode;
	size_t i, len;

	nstable_init(&rn->table);
	rn->replay = rp;
	for (i = 0; (name = replay_netns_at(rp, i, &inode, &len)) != NULL;
	     i++) {
		struct nstable_entry *e = nstable_add(&rn->table, inode);

		if (e->recorded != NULL)
			continue; /* one inode recorded twice: the first */
		e->recorded = xcalloc(len + 1, 1);
		memcpy(e->recorded, name, len);
		e->recorded_at = i;
	}
	nstable_finish(&rn->table);
	alloc_states(rn);
	return rn;
}

void
run_netns_free(struct run_netns *rn)
{
	size_t i;

	if (rn == NULL)
		return;
	for (i = 0; i < rn->table.len; i++)
		sockdiag_close(rn->kill[i].sd);
	free(rn->kill);
	free(rn->enter_err);
	nstable_fini(&rn->table);
	containers_free(rn->ct);
	free(rn);
}

const struct nstable *
run_netns_table(const struct run_netns *rn)
{
	return &rn->table;
}

/* One namespace's part of a listing, done on the thread inside it. */
struct pass {
	struct source_opts opts;
	const struct filter *flt;
	sock_sink_fn sink;
	void *ctx;
	struct unixsock_list *unix_out; /* -x: instead of sink */
	uint64_t inode;
	const char *label; /* its name, for --record */
	struct source_result res;
	int err;
};

static int
stamp_sink(const struct sock_rec *rec, void *data)
{
	const struct pass *ps = data;
	struct sock_rec r = *rec;

	r.netns = ps->inode;
	return ps->sink(&r, ps->ctx);
}

static int
pass_collect(void *data)
{
	struct pass *ps = data;
	struct unixsock_list here;
	size_t i;

	/* --record: what follows is this namespace's; written once inside
	 * it, so that a namespace not entered records nothing */
	if (ps->opts.record != NULL)
		record_netns(ps->opts.record, ps->inode, ps->label,
		    strlen(ps->label));
	if (ps->unix_out == NULL) {
		ps->err = source_collect(&ps->opts, ps->flt, stamp_sink, ps,
		    &ps->res);
		return 0;
	}
	unixsock_list_init(&here);
	ps->err = source_collect_unix(&ps->opts, &here, &ps->res);
	for (i = 0; i < here.len; i++) {
		here.v[i].netns = ps->inode;
		unixsock_list_sink(&here.v[i], ps->unix_out);
	}
	unixsock_list_fini(&here);
	return 0;
}

/* Run fn(ctx) inside entry i's namespace: here when this process is in
 * it already (an ordinary user can list its own without entering it),
 * else on a thread that enters it. Returns 0 or -errno of entering. */
static int
run_inside(struct run_netns *rn, size_t i, netns_fn fn, void *ctx)
{
	const struct nstable_entry *e = &rn->table.v[i];
	int fd, err, result;

	if (rn->replay != NULL) {
		replay_select_netns(rn->replay, e->recorded_at);
		return fn(ctx);
	}
	if (e->inode == rn->self)
		return fn(ctx);
	if (e->path == NULL)
		return -ENOENT;
	fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	err = netns_run_in(fd, fn, ctx, &result);
	close(fd);
	return err < 0 ? err : result;
}

/* Once: how many namespaces could not be entered, and for an ordinary
 * user how many processes' namespaces could not even be read. */
static void
note_refused(struct run_netns *rn)
{
	size_t i, refused = 0;
	bool root = geteuid() == 0;
	int first = 0;

	if (rn->noted)
		return;
	rn->noted = true;
	for (i = 0; i < rn->table.len; i++)
		if (rn->enter_err[i] != 0 && rn->enter_err[i] != -ENOENT) {
			if (refused++ == 0)
				first = rn->enter_err[i];
		}
	if (refused == 0 && (root || rn->found.unreadable == 0))
		return;
	fflush(stdout);
	if (root)
		msg_warn("could not enter %zu of %zu network namespaces (%s)",
		    refused, rn->table.len, strerror(-first));
	else
		msg_warn("listed %zu of %zu network namespaces found, and "
			 "could not see the namespaces of %zu processes "
			 "(root sees and enters them all)",
		    rn->table.len - refused, rn->table.len,
		    rn->found.unreadable);
}

/* Every namespace, in the listing's order, for ps. */
static size_t
each_namespace(struct run_netns *rn, struct pass *ps)
{
	const char *proc_root = ps->opts.proc_root;
	size_t i, bad = 0;
	int err;

	for (i = 0; i < rn->table.len; i++) {
		const struct nstable_entry *e = &rn->table.v[i];

		if (rn->enter_err[i] != 0)
			continue; /* refused once: refused every round */
		ps->inode = e->inode;
		/* /proc/net is the main thread's namespace; the thread's own
		 * files are under /proc/thread-self */
		ps->opts.proc_root = e->inode == rn->self || rn->replay != NULL
					 ? proc_root
					 : "/proc/thread-self";
		ps->label = e->label;
		err = run_inside(rn, i, pass_collect, ps);
		if (err < 0) {
			/* -ENOENT: gone since it was found */
			rn->enter_err[i] = err;
			continue;
		}
		if (ps->err < 0)
			msg_die(SV_EXIT_FAIL,
			    "cannot list sockets in network namespace %s: %s: "
			    "%s",
			    e->name, ps->res.failed, strerror(-ps->err));
		bad += ps->res.bad_lines;
	}
	note_refused(rn);
	return bad;
}

size_t
run_netns_collect(struct run_netns *rn, const struct source_opts *opts,
    const struct filter *flt, sock_sink_fn sink, void *ctx)
{
	struct pass ps = {.opts = *opts, .flt = flt, .sink = sink, .ctx = ctx};

	return each_namespace(rn, &ps);
}

size_t
run_netns_collect_unix(struct run_netns *rn, const struct source_opts *opts,
    struct unixsock_list *out)
{
	struct pass ps = {.opts = *opts, .unix_out = out};

	return each_namespace(rn, &ps);
}

/* An entry's facts, copied: for a namespace that was listed before and
 * is not found again, so that its rows of the round before (--diff)
 * keep their name. */
static void
copy_facts(struct nstable_entry *to, const struct nstable_entry *from)
{
	to->pid = from->pid;
	to->host = from->host;
	to->ipnetns = from->ipnetns ? xstrdup(from->ipnetns) : NULL;
	to->sandbox = from->sandbox ? xstrdup(from->sandbox) : NULL;
	to->container = from->container ? xstrdup(from->container) : NULL;
}

/* What entering inode's namespace came to in the table before: 0 when
 * it was not there. */
static int
previous_err(const struct run_netns *rn, uint64_t inode)
{
	size_t i = nstable_index(&rn->table, inode);

	return i < rn->table.len ? rn->enter_err[i] : 0;
}

void
run_netns_refresh(struct run_netns *rn)
{
	struct nsfind_result found;
	struct nstable fresh;
	int *err;
	size_t i;

	if (rn->replay != NULL)
		return;
	nstable_init(&fresh);
	/* found afresh: the lowest pid inside may have exited since */
	if (nsfind_all(&fresh, "/proc", "/run", &found) < 0) {
		nstable_fini(&fresh);
		return; /* the table of the round before stands */
	}
	for (i = 0; i < rn->table.len; i++) {
		struct nstable_entry *e =
		    nstable_add(&fresh, rn->table.v[i].inode);

		if (e->path == NULL && e->pid == 0 && !e->host)
			copy_facts(e, &rn->table.v[i]);
	}
	name_containers(rn, &fresh);
	nstable_finish(&fresh);
	err = xcalloc(fresh.len + 1, sizeof(*err));
	for (i = 0; i < fresh.len; i++) {
		int before = previous_err(rn, fresh.v[i].inode);

		/* gone stays gone; refused stays refused */
		if (fresh.v[i].path == NULL)
			err[i] = -ENOENT;
		else if (before != -ENOENT)
			err[i] = before;
	}
	for (i = 0; i < rn->table.len; i++)
		sockdiag_close(rn->kill[i].sd);
	free(rn->kill);
	free(rn->enter_err);
	nstable_fini(&rn->table);
	rn->table = fresh;
	rn->found = found;
	rn->enter_err = err;
	rn->kill = xcalloc(rn->table.len + 1, sizeof(*rn->kill));
}

bool
run_netns_listed(const struct run_netns *rn, size_t i)
{
	return i < rn->table.len && rn->enter_err[i] == 0;
}

/* -K: open a sock_diag socket on the thread inside the namespace. */
static int
open_kill_socket(void *data)
{
	return sockdiag_open(data);
}

int
run_netns_sockdiag(struct run_netns *rn, uint64_t inode, struct sockdiag **out)
{
	size_t i = nstable_index(&rn->table, inode);
	int err;

	if (i >= rn->table.len)
		return -ENOENT;
	if (rn->kill[i].sd == NULL &&
	    (err = run_inside(rn, i, open_kill_socket, &rn->kill[i].sd)) < 0)
		return err;
	*out = rn->kill[i].sd;
	return 0;
}
