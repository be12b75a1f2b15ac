/* SPDX-License-Identifier: MIT */
#include "family_sctp.h"

#include <stdio.h>
#include <sys/socket.h>

#include "filter.h"
#include "fmt_sctp.h"
#include "run.h"
#include "sctpdiag.h"
#include "source.h"

/* What the dump hands each record on to. */
struct collect_ctx {
	const struct run *run;
	bool every;
	family_sink_fn sink;
	void *ctx;
};

/* An endpoint listens (or waits unconnected), as netstat's listeners;
 * an association is a connection. -4 and -6 as for TCP. */
static bool
sctp_selected(const struct run *run, const void *data)
{
	const struct sctp_rec *rec = data;
	unsigned fam = rec->family == AF_INET6 ? FILTER_INET6 : FILTER_INET;

	if (!(run->flt.families & fam))
		return false;
	switch (run->flt.listen) {
	case FILTER_LISTENING:
		return !rec->assoc;
	case FILTER_CONNECTED:
		return rec->assoc;
	default:
		return true;
	}
}

static int
sctp_sink(const void *rec, void *data)
{
	const struct collect_ctx *cc = data;

	if (!cc->every && !sctp_selected(cc->run, rec))
		return 0;
	return cc->sink(rec, cc->ctx);
}

/* Both families, IPv4 first, as netstat orders tcp and tcp6. */
static int
dump(struct sockdiag *sd, void *ctx, size_t *emitted)
{
	size_t more = 0;
	int err;

	err = sctpdiag_dump(sd, AF_INET, sctp_sink, ctx, emitted);
	if (err == 0)
		err = sctpdiag_dump(sd, AF_INET6, sctp_sink, ctx, &more);
	*emitted += more;
	return err;
}

static void
sctp_collect(const struct run *run, bool every, family_sink_fn sink, void *ctx)
{
	struct collect_ctx cc = {run, every, sink, ctx};
	struct source_other src = {
	    .family = AF_INET,
	    .diag = "netlink sock_diag (sctp_diag)",
	    .dump = dump,
	    .name = "SCTP",
	    .module = "sctp_diag",
	};

	run_collect_other(run, &src, &cc);
}

static uint64_t
sctp_inode(const void *rec)
{
	return ((const struct sctp_rec *)rec)->inode;
}

static void
sctp_header(FILE *fp, const struct run *run)
{
	fmt_sctp_header(fp, &run->fmt);
}

static void
sctp_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	(void)words;
	fmt_sctp_row(fp, &run->fmt, rec, mark);
}

static void
sctp_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	fmt_sctp_json(fp, &run->jo, rec, first, extra);
}

const struct family family_sctp = {
    .rec_size = sizeof(struct sctp_rec),
    .identity = sctpdiag_identity_cmp,
    .collect = sctp_collect,
    .selected = sctp_selected,
    .inode = sctp_inode,
    .header = sctp_header,
    .row = sctp_row,
    .json_row = sctp_json_row,
};
