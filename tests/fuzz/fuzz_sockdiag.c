/* SPDX-License-Identifier: MIT */
/* Netlink sock_diag replies: the input is one received datagram of
 * nlmsghdr + inet_diag_msg + attributes (the seeds were recorded as the
 * replies to a first request, sequence number 1), fed to the real
 * receive loop of a TCP dump and of a UDP dump; the feed then ends. */

#include "fuzz.h"
#include "sockdiag.h"

struct check_ctx {
	uint8_t proto;
};

static int
check_rec(const struct sock_rec *rec, void *data)
{
	const struct check_ctx *cc = data;

	FUZZ_CHECK(rec->family == AF_INET || rec->family == AF_INET6);
	FUZZ_CHECK(rec->proto == cc->proto);
	FUZZ_CHECK(rec->state != SOCK_ST_NEW_SYN_RECV);
	FUZZ_CHECK(rec->state != SOCK_ST_LISTEN || rec->proto != IPPROTO_TCP ||
		   rec->txq == 0);
	return 0;
}

static void
dump(const void *data, size_t size, uint8_t proto)
{
	const void *dgram[] = {data};
	size_t len[] = {size};
	struct sockdiag_feed feed = {.dgram = dgram, .len = len, .n = 1};
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv, &feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	struct check_ctx cc = {.proto = proto};
	size_t emitted;
	int err;

	err = sockdiag_dump(sd, AF_INET, proto, ~0u, proto == IPPROTO_TCP, NULL,
	    0, check_rec, &cc, &emitted);
	/* it ends: with the dump, or with an error, never waiting */
	FUZZ_CHECK(err <= 0 && err > -4096);
	FUZZ_CHECK(feed.sent == 1 && feed.next <= 1);
	FUZZ_CHECK(err != 0 || feed.next == 1);
	sockdiag_close(sd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	dump(data, size, IPPROTO_TCP);
	dump(data, size, IPPROTO_UDP);
	return 0;
}
