/* SPDX-License-Identifier: MIT */
#include "family_multi.h"

#include <stdint.h>
#include <string.h>

#include "cli.h"
#include "family_inet.h"
#include "family_netlink.h"
#include "family_packet.h"
#include "family_sctp.h"
#include "family_unix.h"
#include "family_vsock.h"
#include "family_xdp.h"
#include "netlinksock.h"
#include "packetsock.h"
#include "probe.h"
#include "run.h"
#include "sctpdiag.h"
#include "sock.h"
#include "source.h"
#include "unixsock.h"
#include "vsockdiag.h"
#include "xdpdiag.h"

/* The parts, in the order they are listed (netstat's: Internet, then
 * UNIX), by CLI_KIND_* bit. */
static const struct family *const parts[] = {
    &family_inet,
    &family_unix,
    &family_packet,
    &family_netlink,
    &family_sctp,
    &family_vsock,
    &family_xdp,
};

#define PARTS (sizeof(parts) / sizeof(parts[0]))

/* A record of any part: the part's index, then its record. */
struct multi_rec {
	uint8_t part;
	union {
		struct sock_rec inet;
		struct unix_rec unx;
		struct packet_rec packet;
		struct netlink_rec netlink;
		struct sctp_rec sctp;
		struct vsock_rec vsock;
		struct xdp_rec xdp;
	} u;
};

static const struct family *
part_of(const void *rec)
{
	return parts[((const struct multi_rec *)rec)->part];
}

static const void *
payload(const void *rec)
{
	return &((const struct multi_rec *)rec)->u;
}

struct wrap_ctx {
	uint8_t part;
	family_sink_fn sink;
	void *ctx;
};

static int
wrap_sink(const void *rec, void *data)
{
	const struct wrap_ctx *wc = data;
	struct multi_rec m;

	memset(&m, 0, sizeof(m));
	m.part = wc->part;
	memcpy(&m.u, rec, parts[wc->part]->rec_size);
	return wc->sink(&m, wc->ctx);
}

static int
drop_sink(const void *rec, void *ctx)
{
	(void)rec;
	(void)ctx;
	return 0;
}

/* The parts that only a diag module lists, by index, and the module. */
static const struct {
	size_t part;
	enum probe_diag diag;
} diag_only[] = {
    {4, PROBE_SCTP_DIAG},
    {5, PROBE_VSOCK_DIAG},
    {6, PROBE_XDP_DIAG},
};

/* A part that only its diag module lists fails with the whole listing
 * where the module is missing: before any row of an earlier part is
 * out (as --source=netlink probes raw_diag first). Its collect, with
 * rows dropped, says why and exits. */
static void
check_diag_only(const struct run *run, bool every)
{
	size_t i;

	for (i = 0; i < sizeof(diag_only) / sizeof(*diag_only); i++) {
		size_t k = diag_only[i].part;

		if (!(run->req->kinds & (1u << k)) ||
		    (run->req->kinds & ((1u << k) - 1)) == 0 ||
		    run->replay != NULL)
			continue;
		if (run->source.kind == SOURCE_PROC ||
		    probe_alone(diag_only[i].diag) < 0)
			parts[k]->collect(run, every, drop_sink, NULL);
	}
}

static void
multi_collect(const struct run *run, bool every, family_sink_fn sink, void *ctx)
{
	struct wrap_ctx wc = {.sink = sink, .ctx = ctx};
	size_t k;

	check_diag_only(run, every);
	for (k = 0; k < PARTS; k++) {
		if (!(run->req->kinds & (1u << k)))
			continue;
		wc.part = (uint8_t)k;
		parts[k]->collect(run, every, wrap_sink, &wc);
	}
}

static int
multi_identity(const void *a, const void *b)
{
	const struct multi_rec *x = a, *y = b;

	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return parts[x->part]->identity(&x->u, &y->u);
}

static bool
multi_selected(const struct run *run, const void *rec)
{
	return part_of(rec)->selected(run, payload(rec));
}

static uint64_t
multi_inode(const void *rec)
{
	return part_of(rec)->inode(payload(rec));
}

/* Each part's title and header come before its first row (pipeline.c
 * asks part), none before the first. */
static void
multi_header(FILE *fp, const struct run *run)
{
	(void)fp;
	(void)run;
}

static void
multi_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	part_of(rec)->row(fp, run, payload(rec), mark, words);
}

static void
multi_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	part_of(rec)->json_row(fp, run, payload(rec), first, extra);
}

static void
multi_count(void *sum, const void *rec)
{
	part_of(rec)->count(sum, payload(rec));
}

const struct family family_multi = {
    .rec_size = sizeof(struct multi_rec),
    .identity = multi_identity,
    .collect = multi_collect,
    .selected = multi_selected,
    .inode = multi_inode,
    .header = multi_header,
    .row = multi_row,
    .json_row = multi_json_row,
    .count = multi_count,
    .part = part_of,
};

const struct family *
family_multi_for(unsigned kinds)
{
	size_t k;

	for (k = 0; k < PARTS; k++)
		if (kinds == 1u << k)
			return parts[k];
	return &family_multi;
}
