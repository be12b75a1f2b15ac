/* SPDX-License-Identifier: MIT */
/* Netlink sock_diag replies: the input is one received datagram of
 * nlmsghdr + inet_diag_msg + attributes (the seeds were recorded as the
 * replies to a first request, sequence number 1), fed to the real
 * receive loop of a TCP dump and of a UDP dump; the feed then ends.
 * Each is read twice: as a plain listing does, and as -i -m do, whose
 * attributes (tcp_info of any length, congestion, its block, skmem)
 * are decoded into the side table and written as ss's line and JSON.
 * The same datagram is also taken as the answers to a batch of --pid's
 * exact lookups (sockdiag_lookup_batch). */

#include <stdio.h>
#include <string.h>

#include "fmt_jsonext.h"
#include "fmt_tcpinfo.h"
#include "fuzz.h"
#include "outbuf.h"
#include "sockdiag.h"
#include "sockext.h"

struct check_ctx {
	uint8_t proto;
	const struct sockext_table *ext; /* -i -m; NULL: a plain listing */
	FILE *out;
};

/* -i -m: the record's data, written both ways, within bounds. */
static void
check_ext(const struct check_ctx *cc, const struct sock_rec *rec)
{
	const struct sock_ext *x = sockext_table_get(cc->ext, rec->ext);
	struct fmt_tcpinfo_opts o = {SOCKEXT_SHOW_INFO | SOCKEXT_SHOW_MEM,
	    rec->ext % 2 == 0, true};
	char line[FMT_TCPINFO_LINE_MAX];
	struct outbuf ob;
	size_t n;

	FUZZ_CHECK(rec->ext == 0 || x != NULL);
	if (x != NULL) {
		FUZZ_CHECK(x->tcpi_len <= sizeof(x->tcpi));
		FUZZ_CHECK(x->skmem_n <= SOCKEXT_SKMEM_MAX);
		FUZZ_CHECK(memchr(x->cong, '\0', sizeof(x->cong)) != NULL);
	}
	n = fmt_tcpinfo_line(&o, rec, x, line);
	FUZZ_CHECK(n >= 2 && n < FMT_TCPINFO_LINE_MAX);
	FUZZ_CHECK(line[0] == '\t' && line[n - 1] == '\n');
	FUZZ_CHECK(strlen(line) == n && memchr(line, '\n', n) == line + n - 1);
	outbuf_init(&ob, cc->out);
	fmt_jsonext_members(&ob, rec, x, o.show);
	outbuf_flush(&ob);
}

static int
check_rec(const struct sock_rec *rec, void *data)
{
	const struct check_ctx *cc = data;

	FUZZ_CHECK(rec->family == AF_INET || rec->family == AF_INET6);
	FUZZ_CHECK(rec->proto == cc->proto);
	FUZZ_CHECK(rec->state != SOCK_ST_NEW_SYN_RECV);
	FUZZ_CHECK(rec->state != SOCK_ST_LISTEN || rec->proto != IPPROTO_TCP ||
		   rec->txq == 0);
	if (cc->ext != NULL)
		check_ext(cc, rec);
	else
		FUZZ_CHECK(rec->ext == 0);
	return 0;
}

static void
dump(const void *data, size_t size, uint8_t proto, bool ext, bool batch)
{
	const void *dgram[] = {data};
	size_t len[] = {size};
	struct sockdiag_feed feed = {.dgram = dgram, .len = len, .n = 1};
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv, &feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	struct check_ctx cc = {.proto = proto};
	struct sockext_table *table = NULL;
	size_t emitted;
	int err;

	if (ext) {
		table = sockext_table_new();
		sockext_table_begin_round(table);
		sockdiag_set_ext(sd, SOCKEXT_SHOW_INFO | SOCKEXT_SHOW_MEM,
		    table);
		cc.ext = table;
		cc.out = fopen("/dev/null", "w");
		FUZZ_CHECK(cc.out != NULL);
	}

	if (batch) {
		/* the datagram as the answers to --pid's lookups of four
		 * sockets, asked in one message */
		struct sock_rec keys[4];
		size_t i;

		memset(keys, 0, sizeof(keys));
		for (i = 0; i < 4; i++) {
			keys[i].family = AF_INET;
			keys[i].proto = proto;
		}
		err = sockdiag_lookup_batch(sd, keys, 4, proto == IPPROTO_TCP,
		    check_rec, &cc);
	} else {
		err = sockdiag_dump(sd, AF_INET, proto, ~0u,
		    proto == IPPROTO_TCP, NULL, 0, check_rec, &cc, &emitted);
		FUZZ_CHECK(err != 0 || feed.next == 1);
	}
	/* it ends: with the dump or the answers, or with an error, never
	 * waiting */
	FUZZ_CHECK(err <= 0 && err > -4096);
	FUZZ_CHECK(feed.sent == 1 && feed.next <= 1);
	sockdiag_close(sd);
	if (cc.out != NULL)
		fclose(cc.out);
	sockext_table_free(table);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	dump(data, size, IPPROTO_TCP, false, false);
	dump(data, size, IPPROTO_UDP, false, false);
	dump(data, size, IPPROTO_TCP, true, false);
	dump(data, size, IPPROTO_UDP, true, false);
	dump(data, size, IPPROTO_TCP, true, true);
	dump(data, size, IPPROTO_UDP, false, true);
	return 0;
}
