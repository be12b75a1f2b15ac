/* SPDX-License-Identifier: MIT */
#include "family_unix.h"

#include <stdio.h>

#include "cli.h"
#include "filter.h"
#include "fmt_json.h"
#include "fmt_unix.h"
#include "run.h"
#include "unixsock.h"

/* The listening switch (-l, -a, neither), as netstat -x reads it. */
static bool
unix_selected(const struct run *run, const void *data)
{
	const struct unix_rec *rec = data;

	/* -A unix_stream, unix_dgram, unix_seqpacket */
	if (run->req->unix_types != 0 && rec->type < 32 &&
	    !(run->req->unix_types & (1u << rec->type)))
		return false;
	switch (run->flt.listen) {
	case FILTER_LISTENING:
		return unixsock_is_listening(rec);
	case FILTER_CONNECTED:
		return !unixsock_is_listening(rec);
	default:
		return true;
	}
}

/* The sources give every UNIX socket at once (netlink's have their
 * reference counts merged from /proc after the dump). */
static void
unix_collect(const struct run *run, bool every, family_sink_fn sink, void *ctx)
{
	struct unixsock_list socks;
	size_t i;

	unixsock_list_init(&socks);
	run_collect_unix(run, &socks);
	for (i = 0; i < socks.len; i++)
		if ((every || unix_selected(run, &socks.v[i])) &&
		    sink(&socks.v[i], ctx) < 0)
			break;
	unixsock_list_fini(&socks);
}

static uint64_t
unix_inode(const void *rec)
{
	return ((const struct unix_rec *)rec)->inode;
}

static void
unix_header(FILE *fp, const struct run *run)
{
	fmt_unix_header(fp, &run->fmt);
}

static void
unix_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	(void)mark;
	(void)words;
	fmt_unix_row(fp, &run->fmt, rec);
}

static void
unix_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	(void)extra;
	fmt_json_unix_row(fp, &run->jo, rec, first);
}

const struct family family_unix = {
    .rec_size = sizeof(struct unix_rec),
    .identity = unixsock_identity_cmp,
    .collect = unix_collect,
    .selected = unix_selected,
    .inode = unix_inode,
    .header = unix_header,
    .row = unix_row,
    .json_row = unix_json_row,
};
