#include "unixlist.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fmt_json.h"
#include "fmt_unix.h"
#include "msg.h"
#include "owners.h"
#include "procunix.h"
#include "sockdiag.h"
#include "stages.h"
#include "unixdiag.h"
#include "unixsock.h"
#include "xalloc.h"

static int
inode_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct unix_rec *)a)->inode;
	uint64_t y = ((const struct unix_rec *)b)->inode;

	return x < y ? -1 : x > y;
}

/* netlink has no reference count: take it from /proc/net/unix when it
 * is readable, for each socket with an inode whose line there has the
 * same type and name. procunix knows the dump's names, so a name that
 * holds newlines cannot pass a line of its own for another socket's. */
static void
add_refcnts(const char *proc_root, struct unixsock_list *socks)
{
	struct unixsock_list t;
	struct unix_rec *rec, *hit;
	size_t i, bad = 0;

	unixsock_list_init(&t);
	/* qsort and bsearch take no NULL array, even of 0 elements */
	if (procunix_collect(proc_root, socks, unixsock_list_sink, &t, &bad) <
		0 ||
	    t.len == 0)
		goto out;
	qsort(t.v, t.len, sizeof(*t.v), inode_cmp);
	for (i = 0; i < socks->len; i++) {
		rec = &socks->v[i];
		if (rec->inode == 0)
			continue;
		hit = bsearch(rec, t.v, t.len, sizeof(*t.v), inode_cmp);
		if (hit != NULL && hit->type == rec->type &&
		    hit->path_len == rec->path_len &&
		    memcmp(hit->path, rec->path, rec->path_len) == 0) {
			rec->refcnt = hit->refcnt;
			rec->has_refcnt = true;
		}
	}
out:
	unixsock_list_fini(&t);
}

/* Every socket, from netlink or /proc as --source says. */
static void
collect(const struct cli_opts *o, struct unixsock_list *socks)
{
	struct sockdiag *sd = NULL;
	size_t emitted = 0, bad = 0;
	int err = 0;

	if (o->source.kind != SOURCE_PROC) {
		if ((err = sockdiag_open(&sd)) == 0) {
			err = unixdiag_dump(sd, unixsock_list_sink, socks,
			    &emitted);
			sockdiag_close(sd);
		}
		if (err == 0) {
			add_refcnts(o->source.proc_root, socks);
			return;
		}
		if (o->source.kind == SOURCE_NETLINK || emitted > 0)
			msg_die(SV_EXIT_FAIL,
			    "cannot list sockets: netlink sock_diag "
			    "(unix_diag): %s",
			    strerror(-err));
		socks->len = 0;
	}
	err = procunix_collect(o->source.proc_root, NULL, unixsock_list_sink,
	    socks, &bad);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s/net/unix: %s",
		    o->source.proc_root, strerror(-err));
	if (bad > 0)
		msg_warn("skipped %zu malformed line%s of /proc/net/unix", bad,
		    bad == 1 ? "" : "s");
}

static bool
selected(const struct cli_opts *o, const struct unix_rec *rec)
{
	switch (o->flt.listen) {
	case FILTER_LISTENING:
		return unixsock_is_listening(rec);
	case FILTER_CONNECTED:
		return !unixsock_is_listening(rec);
	default:
		return true;
	}
}

/* The owners of the listed sockets (-p), or of the --pid processes. */
static struct owners *
scan_owners(const struct cli_opts *o, const struct unixsock_list *socks)
{
	struct owners *ow = owners_new(o->source.proc_root);
	uint64_t *wanted;
	size_t i, n = 0;

	if (o->npids > 0)
		return stages_scan_pids(o, ow);
	wanted = xcalloc(socks->len ? socks->len : 1, sizeof(*wanted));
	for (i = 0; i < socks->len; i++)
		if (socks->v[i].inode != 0)
			wanted[n++] = socks->v[i].inode;
	stages_scan_wanted(o, ow, wanted, n);
	free(wanted);
	return ow;
}

/* What -x does not do, said once, before anything is listed. */
static void
check_options(const struct cli_opts *o)
{
	const char *what = NULL;

	if (o->summary != CLI_SUMMARY_OFF)
		what = "-s/--summary";
	else if (o->interval > 0)
		what = "-c/--continuous";
	else if (o->explain)
		what = "--explain";
	else if (o->kill)
		what = "-K/--kill";
	else if (o->flt.states != 0)
		what = "--state";
	else if (o->sport_text != NULL)
		what = "--sport";
	else if (o->dport_text != NULL)
		what = "--dport";
	else if (o->port_text != NULL)
		what = "--port";
	else if (o->flt.src.set)
		what = "--src";
	else if (o->flt.dst.set)
		what = "--dst";
	if (what != NULL)
		msg_usage("%s does not work with -x (UNIX sockets)", what);
}

int
unixlist_run(const struct cli_opts *o)
{
	struct fmt_opts fo = o->fmt;
	/* JSON lists every owner, as for Internet sockets */
	struct fmt_json_opts jo = {.lines = o->json == CLI_JSON_LINES};
	bool json = o->json != CLI_JSON_OFF;
	struct unixsock_list socks;
	struct owners *ow = NULL;
	const struct owner *own;
	size_t i, rows = 0;

	check_options(o);
	unixsock_list_init(&socks);
	collect(o, &socks);
	if (json && o->npids == 0)
		ow = stages_scan_all(o, owners_new(o->source.proc_root));
	else if (o->npids > 0 || o->fmt.owner)
		ow = scan_owners(o, &socks);
	/* the names now: printing reads no file */
	for (i = 0; ow != NULL && i < socks.len; i++)
		owners_resolve(ow, socks.v[i].inode);
	fo.owners = ow;
	jo.owners = ow;
	if (json)
		fmt_json_begin(stdout, &jo);
	else
		fmt_unix_header(stdout, &fo);
	for (i = 0; i < socks.len; i++) {
		const struct unix_rec *rec = &socks.v[i];

		if (!selected(o, rec))
			continue;
		if (o->npids > 0 && owners_find(ow, rec->inode, &own) == 0)
			continue;
		if (json)
			fmt_json_unix_row(stdout, &jo, rec, rows == 0);
		else
			fmt_unix_row(stdout, &fo, rec);
		rows++;
	}
	if (json)
		fmt_json_end(stdout, &jo, rows == 0);
	/* with --pid, only a name that could not be read is left to tell */
	stages_warn_hidden(ow);
	owners_free(ow);
	unixsock_list_fini(&socks);
	return SV_EXIT_OK;
}
