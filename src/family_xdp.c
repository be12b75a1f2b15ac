/* SPDX-License-Identifier: MIT */
#include "family_xdp.h"

#include <net/if.h>
#include <stdio.h>

#include "filter.h"
#include "fmt_xdp.h"
#include "run.h"
#include "source.h"
#include "xdpdiag.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

/* What the dump hands each record on to. */
struct collect_ctx {
	const struct run *run;
	bool every;
	family_sink_fn sink;
	void *ctx;
};

/* Nothing connects: an XDP socket is unconnected, as a packet socket,
 * so -a and -l show it and netstat's default (connected only) does not. */
static bool
xdp_selected(const struct run *run, const void *rec)
{
	(void)rec;
	return run->flt.listen != FILTER_CONNECTED;
}

static int
xdp_sink(const void *data_rec, void *data)
{
	const struct collect_ctx *cc = data;
	struct xdp_rec r = *(const struct xdp_rec *)data_rec;

	if (!cc->every && !xdp_selected(cc->run, &r))
		return 0;
	/* the name this machine gives the index; a recording's indexes
	 * are another machine's */
	if (r.has_info && r.ifindex != 0 && cc->run->replay == NULL &&
	    if_indextoname(r.ifindex, r.ifname) == NULL)
		r.ifname[0] = '\0';
	return cc->sink(&r, cc->ctx);
}

static int
dump(struct sockdiag *sd, void *ctx, size_t *emitted)
{
	return xdpdiag_dump(sd, xdp_sink, ctx, emitted);
}

static void
xdp_collect(const struct run *run, bool every, family_sink_fn sink, void *ctx)
{
	struct collect_ctx cc = {run, every, sink, ctx};
	struct source_other src = {
	    .family = AF_XDP,
	    .show = xdpdiag_show(),
	    .diag = "netlink sock_diag (xdp_diag)",
	    .dump = dump,
	    .name = "XDP",
	    .module = "xdp_diag",
	};

	run_collect_other(run, &src, &cc);
}

static uint64_t
xdp_inode(const void *rec)
{
	return ((const struct xdp_rec *)rec)->inode;
}

static void
xdp_header(FILE *fp, const struct run *run)
{
	fmt_xdp_header(fp, &run->fmt);
}

static void
xdp_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	(void)words;
	fmt_xdp_row(fp, &run->fmt, rec, mark);
}

static void
xdp_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	fmt_xdp_json(fp, &run->jo, rec, first, extra);
}

const struct family family_xdp = {
    .rec_size = sizeof(struct xdp_rec),
    .identity = xdpdiag_identity_cmp,
    .collect = xdp_collect,
    .selected = xdp_selected,
    .inode = xdp_inode,
    .header = xdp_header,
    .row = xdp_row,
    .json_row = xdp_json_row,
};
