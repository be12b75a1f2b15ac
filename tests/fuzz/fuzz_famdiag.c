/* SPDX-License-Identifier: MIT */
/* packet_diag and netlink_diag replies: the input is one received
 * datagram (the seeds were recorded as the replies to a first request,
 * sequence number 1), fed to the real receive loop of a packet dump and
 * of a netlink dump; the feed then ends. */
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "netlinkdiag.h"
#include "packetdiag.h"
#include "sockdiag.h"

static int
check_packet(const void *r, void *data)
{
	const struct packet_rec *rec = r;

	(void)data;
	FUZZ_CHECK(rec->has_netlink && rec->ifname[0] == '\0');
	return 0;
}

static int
check_netlink(const void *r, void *data)
{
	const struct netlink_rec *rec = r;

	(void)data;
	FUZZ_CHECK(rec->has_drops || rec->drops == 0);
	return 0;
}

static void
dump(const void *data, size_t size, int family)
{
	const void *dgram[] = {data};
	size_t len[] = {size};
	struct sockdiag_feed feed = {.dgram = dgram, .len = len, .n = 1};
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv, &feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	size_t emitted;
	int err;

	if (family == AF_PACKET)
		err = packetdiag_dump(sd, check_packet, NULL, &emitted);
	else
		err = netlinkdiag_dump(sd, check_netlink, NULL, &emitted);
	/* it ends: with the dump, or with an error, never waiting */
	FUZZ_CHECK(err <= 0 && err > -4096);
	FUZZ_CHECK(feed.sent == 1 && feed.next <= 1);
	sockdiag_close(sd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	dump(data, size, AF_PACKET);
	dump(data, size, AF_NETLINK);
	return 0;
}
