/* SPDX-License-Identifier: MIT */
#include "family_netlink.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "filter.h"
#include "fmt_netlink.h"
#include "netlinkdiag.h"
#include "netlinksock.h"
#include "procfam.h"
#include "run.h"
#include "source.h"
#include "summary.h"
#include "xalloc.h"

/* What the typed sources hand each record on to. */
struct collect_ctx {
	const struct run *run;
	bool every;
	family_sink_fn sink;
	void *ctx;
	/* the inodes of the sockets in multicast groups handed on so far:
	 * netlink_diag sends each of them twice (from the bound sockets'
	 * table, then from the group members' list), /proc once */
	uint64_t *members;
	size_t nmembers, cap;
};

/* Whether the socket of inode was handed on already; if not, it is
 * now. */
static bool
seen_member(struct collect_ctx *cc, uint64_t inode)
{
	size_t i;

	for (i = 0; i < cc->nmembers; i++)
		if (cc->members[i] == inode)
			return true;
	if (cc->nmembers == cc->cap) {
		cc->cap = cc->cap ? 2 * cc->cap : 16;
		cc->members =
		    xreallocarray(cc->members, cc->cap, sizeof(*cc->members));
	}
	cc->members[cc->nmembers++] = inode;
	return false;
}

/* As ss says UNCONN of every netlink socket: -a and -l show them, and
 * netstat's default (connected only) does not. */
static bool
netlink_selected(const struct run *run, const void *rec)
{
	(void)rec;
	return run->flt.listen != FILTER_CONNECTED;
}

static int
netlink_sink(const void *data_rec, void *data)
{
	const struct netlink_rec *rec = data_rec;
	struct collect_ctx *cc = data;

	if (!cc->every && !netlink_selected(cc->run, rec))
		return 0;
	if (rec->groups != 0 && seen_member(cc, rec->inode))
		return 0;
	return cc->sink(rec, cc->ctx);
}

static int
dump(struct sockdiag *sd, void *ctx, size_t *emitted)
{
	return netlinkdiag_dump(sd, netlink_sink, ctx, emitted);
}

static int
proc(int fd, const struct lineread_tap *tap, void *ctx, size_t *bad)
{
	return procfam_collect_netlink(fd, tap, netlink_sink, ctx, bad);
}

static void
netlink_collect(const struct run *run, bool every, family_sink_fn sink,
    void *ctx)
{
	struct collect_ctx cc = {run, every, sink, ctx, NULL, 0, 0};
	struct source_other src = {
	    .family = AF_NETLINK,
	    .show = netlinkdiag_show(),
	    .diag = "netlink sock_diag (netlink_diag)",
	    .proc_file = "net/netlink",
	    .proc_path = "/proc/net/netlink",
	    .dump = dump,
	    .proc = proc,
	};

	run_collect_other(run, &src, &cc);
	free(cc.members);
}

static uint64_t
netlink_inode(const void *rec)
{
	return ((const struct netlink_rec *)rec)->inode;
}

static void
netlink_header(FILE *fp, const struct run *run)
{
	fmt_netlink_header(fp, &run->fmt);
}

static void
netlink_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	(void)words;
	fmt_netlink_row(fp, &run->fmt, rec, mark);
}

static void
netlink_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	fmt_netlink_json(fp, &run->jo, rec, first, extra);
}

static void
netlink_count(void *sum, const void *rec)
{
	summary_other_count_netlink(&((struct summary *)sum)->other, rec);
}

const struct family family_netlink = {
    .rec_size = sizeof(struct netlink_rec),
    .identity = netlinksock_identity_cmp,
    .collect = netlink_collect,
    .selected = netlink_selected,
    .inode = netlink_inode,
    .header = netlink_header,
    .row = netlink_row,
    .json_row = netlink_json_row,
    .count = netlink_count,
};
