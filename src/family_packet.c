/* SPDX-License-Identifier: MIT */
#include "family_packet.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "explain.h"
#include "explain_packet.h"
#include "filter.h"
#include "fmt_packet.h"
#include "packetdiag.h"
#include "packetsock.h"
#include "procfam.h"
#include "run.h"
#include "source.h"
#include "summary.h"

/* What the typed sources hand each record on to. */
struct collect_ctx {
	const struct run *run;
	bool every;
	family_sink_fn sink;
	void *ctx;
};

/* Nothing listens: a packet socket is unconnected, as ss's UNCONN, so
 * -a and -l show it and netstat's default (connected only) does not. */
static bool
packet_selected(const struct run *run, const void *rec)
{
	(void)rec;
	return run->flt.listen != FILTER_CONNECTED;
}

static int
packet_sink(const void *data_rec, void *data)
{
	const struct packet_rec *rec = data_rec;
	const struct collect_ctx *cc = data;
	struct packet_rec r = *rec;

	if (!cc->every && !packet_selected(cc->run, &r))
		return 0;
	/* the name this machine gives the index; a recording's indexes
	 * are another machine's */
	if (r.ifindex != 0 && cc->run->replay == NULL &&
	    if_indextoname(r.ifindex, r.ifname) == NULL)
		r.ifname[0] = '\0';
	return cc->sink(&r, cc->ctx);
}

static int
dump(struct sockdiag *sd, void *ctx, size_t *emitted)
{
	return packetdiag_dump(sd, packet_sink, ctx, emitted);
}

static int
proc(int fd, const struct lineread_tap *tap, void *ctx, size_t *bad)
{
	return procfam_collect_packet(fd, tap, packet_sink, ctx, bad);
}

static void
packet_collect(const struct run *run, bool every, family_sink_fn sink,
    void *ctx)
{
	struct collect_ctx cc = {run, every, sink, ctx};
	struct source_other src = {
	    .family = AF_PACKET,
	    .show = packetdiag_show(),
	    .diag = "netlink sock_diag (packet_diag)",
	    .proc_file = "net/packet",
	    .proc_path = "/proc/net/packet",
	    .dump = dump,
	    .proc = proc,
	};

	run_collect_other(run, &src, &cc);
}

static uint64_t
packet_inode(const void *rec)
{
	return ((const struct packet_rec *)rec)->inode;
}

static void
packet_header(FILE *fp, const struct run *run)
{
	fmt_packet_header(fp, &run->fmt);
}

static void
packet_row(FILE *fp, const struct run *run, const void *rec, char mark,
    const char *words)
{
	fmt_packet_row(fp, &run->fmt, rec, mark);
	/* indented, so that grep and awk on the rows skip it */
	if (words != NULL)
		fprintf(fp, "        %s\n", words);
}

static void
packet_json_row(FILE *fp, const struct run *run, const void *rec, bool first,
    const struct fmt_json_extra *extra)
{
	fmt_packet_json(fp, &run->jo, rec, first, extra);
}

/* No sentence pairs packet sockets: an empty explainer will do. */
static struct explain *
packet_explain_new(const struct run *run, const struct reclist *all,
    const struct owners *owners)
{
	(void)run;
	(void)all;
	return explain_new(NULL, 0, NULL, owners);
}

static size_t
packet_explain(struct explain *ex, const void *rec, char *buf, size_t size)
{
	(void)ex;
	return explain_packet(rec, buf, size);
}

static void
packet_count(void *sum, const void *rec)
{
	summary_other_count_packet(&((struct summary *)sum)->other, rec);
}

const struct family family_packet = {
    .rec_size = sizeof(struct packet_rec),
    .identity = packetsock_identity_cmp,
    .collect = packet_collect,
    .selected = packet_selected,
    .inode = packet_inode,
    .header = packet_header,
    .row = packet_row,
    .json_row = packet_json_row,
    .count = packet_count,
    .explain_new = packet_explain_new,
    .explain = packet_explain,
};
