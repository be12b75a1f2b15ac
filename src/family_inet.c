/* SPDX-License-Identifier: MIT */
#include "family_inet.h"

#include <stdio.h>

#include "explain.h"
#include "filter.h"
#include "fmt_json.h"
#include "fmt_tcpinfo.h"
#include "fmt_text.h"
#include "proto.h"
#include "reclist.h"
#include "run.h"
#include "sock.h"
#include "sockext.h"
#include "summary.h"

/* The pipeline's sink, behind the sources' typed one. */
struct sink_ctx {
	family_sink_fn sink;
	void *ctx;
};

static int
typed_sink(const struct sock_rec *rec, void *data)
{
	const struct sink_ctx *sc = data;

	return sc->sink(rec, sc->ctx);
}

static void
inet_collect(const struct run *run, bool every, family_sink_fn sink, void *ctx)
{
	struct sink_ctx sc = {.sink = sink, .ctx = ctx};
	struct filter all;

	if (!every) {
		run_collect(run, &run->flt, typed_sink, &sc);
		return;
	}
	filter_init(&all);
	/* the two halves of a connection are of one protocol */
	all.protos = run->flt.protos;
	all.listen = FILTER_ALL;
	run_collect(run, &all, typed_sink, &sc);
}

static bool
inet_collect_pids(const struct run *run, const struct owners *ow,
    family_sink_fn sink, void *ctx)
{
	struct sink_ctx sc = {.sink = sink, .ctx = ctx};

	return run_collect_pids(run, ow, typed_sink, &sc);
}

static unsigned
inet_rank(const void *data)
{
	const struct sock_rec *rec = data;

	return (unsigned)proto_kind(rec->proto) * 2 + (rec->family == AF_INET6);
}

static bool
inet_selected(const struct run *run, const void *rec)
{
	return filter_match(&run->flt, rec);
}

static uint64_t
inet_inode(const void *rec)
{
	return ((const struct sock_rec *)rec)->inode;
}

static void
inet_header(FILE *fp, const struct run *run)
{
	fmt_text_header(fp, &run->fmt);
}

static void
inet_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	fmt_text_row_mark(fp, &run->fmt, rec, mark);
	/* indented, so that grep and awk on the rows skip it */
	if (words != NULL)
		fprintf(fp, "        %s\n", words);
}

/* inet_row with -i or -m: ss's line under the row, tab-indented as ss
 * indents it, before --explain's. A row of its own, so that listings
 * without them do not test for it on every row. */
static void
inet_row_info(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	const struct sock_rec *r = rec;
	char line[FMT_TCPINFO_LINE_MAX];
	size_t n;

	fmt_text_row_mark(fp, &run->fmt, rec, mark);
	if (fmt_tcpinfo_wanted(&run->ti, r)) {
		n = fmt_tcpinfo_line(&run->ti, r,
		    sockext_table_get(run->ext, r->ext), line);
		fwrite(line, 1, n, fp);
	}
	if (words != NULL)
		fprintf(fp, "        %s\n", words);
}

static void
inet_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	fmt_json_row(fp, &run->jo, rec, first, extra);
}

static struct explain *
inet_explain_new(const struct run *run, const struct reclist *all,
    const struct owners *owners)
{
	struct explain *ex = explain_new((const struct sock_rec *)all->v,
	    all->len, run->svc, owners);

	explain_set_ext(ex, run->ext);
	return ex;
}

static size_t
inet_explain(struct explain *ex, const void *rec, char *buf, size_t size)
{
	return explain_socket(ex, rec, buf, size);
}

static void
inet_count(void *sum, const void *rec)
{
	summary_sink(rec, sum);
}

/* The two differ in their row only. */
#define FAMILY_INET(row_fn)                                                    \
	{                                                                      \
		.rec_size = sizeof(struct sock_rec),                           \
		.identity = sock_identity_cmp, .collect = inet_collect,        \
		.collect_pids = inet_collect_pids, .rank = inet_rank,          \
		.selected = inet_selected, .inode = inet_inode,                \
		.header = inet_header, .row = (row_fn),                        \
		.json_row = inet_json_row, .explain_new = inet_explain_new,    \
		.explain = inet_explain, .count = inet_count,                  \
	}

const struct family family_inet = FAMILY_INET(inet_row);
const struct family family_inet_info = FAMILY_INET(inet_row_info);
