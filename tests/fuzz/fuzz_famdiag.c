/* SPDX-License-Identifier: MIT */
/* packet_diag, netlink_diag, sctp_diag, vsock_diag and xdp_diag
 * replies: the input is one received datagram (the seeds were recorded
 * or made as the replies to a first request, sequence number 1), fed to
 * the real receive loop of each family's dump; the feed then ends. */
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "netlinkdiag.h"
#include "packetdiag.h"
#include "sctpdiag.h"
#include "sockdiag.h"
#include "vsockdiag.h"
#include "xdpdiag.h"

/* The dumps fed, beside AF_PACKET and AF_NETLINK. */
enum { FEED_SCTP = 1000, FEED_VSOCK, FEED_XDP };

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

static int
check_sctp(const void *r, void *data)
{
	const struct sctp_rec *rec = r;

	(void)data;
	FUZZ_CHECK(rec->family == AF_INET || rec->family == AF_INET6);
	FUZZ_CHECK(rec->assoc || rec->npeers == 0);
	FUZZ_CHECK(sctpdiag_state_name(rec) != NULL);
	return 0;
}

static int
check_vsock(const void *r, void *data)
{
	(void)data;
	FUZZ_CHECK(
	    vsockdiag_type_name(((const struct vsock_rec *)r)->type) != NULL);
	return 0;
}

static int
check_xdp(const void *r, void *data)
{
	const struct xdp_rec *rec = r;

	(void)data;
	FUZZ_CHECK(rec->ifname[0] == '\0');
	FUZZ_CHECK(rec->has_info || rec->ifindex == 0);
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
	else if (family == AF_NETLINK)
		err = netlinkdiag_dump(sd, check_netlink, NULL, &emitted);
	else if (family == FEED_SCTP)
		err = sctpdiag_dump(sd, AF_INET, check_sctp, NULL, &emitted);
	else if (family == FEED_VSOCK)
		err = vsockdiag_dump(sd, check_vsock, NULL, &emitted);
	else
		err = xdpdiag_dump(sd, check_xdp, NULL, &emitted);
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
	dump(data, size, FEED_SCTP);
	dump(data, size, FEED_VSOCK);
	dump(data, size, FEED_XDP);
	return 0;
}
