/* SPDX-License-Identifier: MIT */
#include "family_vsock.h"

#include <stdio.h>
#include <sys/socket.h>

#include "filter.h"
#include "fmt_vsock.h"
#include "run.h"
#include "sock.h"
#include "source.h"
#include "vsockdiag.h"

/* What the dump hands each record on to. */
struct collect_ctx {
	const struct run *run;
	bool every;
	family_sink_fn sink;
	void *ctx;
};

/* A listener, or a socket with no peer (ss's UNCONN), is netstat's
 * listening kind; the rest are connections. */
static bool
vsock_selected(const struct run *run, const void *data)
{
	const struct vsock_rec *rec = data;
	bool listening =
	    rec->state == SOCK_ST_LISTEN || rec->state == SOCK_ST_CLOSE;

	switch (run->flt.listen) {
	case FILTER_LISTENING:
		return listening;
	case FILTER_CONNECTED:
		return !listening;
	default:
		return true;
	}
}

static int
vsock_sink(const void *rec, void *data)
{
	const struct collect_ctx *cc = data;

	if (!cc->every && !vsock_selected(cc->run, rec))
		return 0;
	return cc->sink(rec, cc->ctx);
}

static int
dump(struct sockdiag *sd, void *ctx, size_t *emitted)
{
	return vsockdiag_dump(sd, vsock_sink, ctx, emitted);
}

static void
vsock_collect(const struct run *run, bool every, family_sink_fn sink, void *ctx)
{
	struct collect_ctx cc = {run, every, sink, ctx};
	struct source_other src = {
	    .family = AF_VSOCK,
	    .diag = "netlink sock_diag (vsock_diag)",
	    .dump = dump,
	    .name = "vsock",
	    .module = "vsock_diag",
	};

	run_collect_other(run, &src, &cc);
}

static uint64_t
vsock_inode(const void *rec)
{
	return ((const struct vsock_rec *)rec)->inode;
}

static void
vsock_header(FILE *fp, const struct run *run)
{
	fmt_vsock_header(fp, &run->fmt);
}

static void
vsock_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	(void)words;
	fmt_vsock_row(fp, &run->fmt, rec, mark);
}

static void
vsock_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	fmt_vsock_json(fp, &run->jo, rec, first, extra);
}

const struct family family_vsock = {
    .rec_size = sizeof(struct vsock_rec),
    .identity = vsockdiag_identity_cmp,
    .collect = vsock_collect,
    .selected = vsock_selected,
    .inode = vsock_inode,
    .header = vsock_header,
    .row = vsock_row,
    .json_row = vsock_json_row,
};
