/* SPDX-License-Identifier: MIT */
#include "packetdiag.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>

#include "sockdiag.h"

/* From linux/if_packet.h, which clashes with glibc's netpacket. */
#define PACKETDIAG_MR_PROMISC 1

/* Each attribute we read, kept only when it is whole. */
static int
on_attr(const struct nlattr *attr, void *data)
{
	static const size_t min_len[PACKET_DIAG_MAX + 1] = {
	    [PACKET_DIAG_INFO] = sizeof(struct packet_diag_info),
	    [PACKET_DIAG_MCLIST] = 0,
	    [PACKET_DIAG_UID] = sizeof(uint32_t),
	    [PACKET_DIAG_MEMINFO] = sizeof(uint32_t),
	    [PACKET_DIAG_FILTER] = 0,
	};
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= PACKET_DIAG_MAX &&
	    mnl_attr_get_payload_len(attr) >= min_len[type])
		tb[type] = attr;
	return MNL_CB_OK;
}

/* Whether the multicast list asks for promiscuous mode. */
static bool
mclist_promisc(const struct nlattr *attr)
{
	const char *p = mnl_attr_get_payload(attr);
	size_t n = mnl_attr_get_payload_len(attr) /
		   sizeof(struct packet_diag_mclist),
	       i;
	struct packet_diag_mclist ml;

	for (i = 0; i < n; i++) {
		memcpy(&ml, p + i * sizeof(ml), sizeof(ml));
		if (ml.pdmc_type == PACKETDIAG_MR_PROMISC)
			return true;
	}
	return false;
}

int
packetdiag_decode(const struct nlmsghdr *nlh, struct packet_rec *rec)
{
	const struct nlattr *tb[PACKET_DIAG_MAX + 1] = {0};
	struct packet_diag_msg msg;
	uint32_t u32[SK_MEMINFO_VARS];

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(msg)))
		return -EBADMSG;
	memcpy(&msg, mnl_nlmsg_get_payload(nlh), sizeof(msg));
	if (msg.pdiag_family != AF_PACKET)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(msg), on_attr, tb) < 0)
		return -EBADMSG;
	memset(rec, 0, sizeof(*rec));
	rec->type = msg.pdiag_type;
	rec->protocol = msg.pdiag_num; /* the kernel gives it host order */
	rec->inode = msg.pdiag_ino;
	rec->has_netlink = true;
	if (tb[PACKET_DIAG_INFO] != NULL) {
		struct packet_diag_info info;

		memcpy(&info, mnl_attr_get_payload(tb[PACKET_DIAG_INFO]),
		    sizeof(info));
		rec->ifindex = info.pdi_index;
		rec->running = (info.pdi_flags & PDI_RUNNING) != 0;
	}
	if (tb[PACKET_DIAG_MCLIST] != NULL)
		rec->promisc = mclist_promisc(tb[PACKET_DIAG_MCLIST]);
	if (tb[PACKET_DIAG_UID] != NULL)
		rec->uid = mnl_attr_get_u32(tb[PACKET_DIAG_UID]);
	if (tb[PACKET_DIAG_MEMINFO] != NULL) {
		sockdiag_meminfo(tb[PACKET_DIAG_MEMINFO], u32, SK_MEMINFO_VARS);
		rec->rxq = u32[SK_MEMINFO_RMEM_ALLOC];
		rec->drops = u32[SK_MEMINFO_DROPS];
	}
	rec->has_filter = tb[PACKET_DIAG_FILTER] != NULL &&
			  mnl_attr_get_payload_len(tb[PACKET_DIAG_FILTER]) > 0;
	return 0;
}

uint32_t
packetdiag_show(void)
{
	return PACKET_SHOW_INFO | PACKET_SHOW_MCLIST | PACKET_SHOW_MEMINFO |
	       PACKET_SHOW_FILTER;
}

static int
decode(const struct nlmsghdr *nlh, void *rec)
{
	return packetdiag_decode(nlh, rec);
}

int
packetdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted)
{
	struct packet_diag_req req = {.sdiag_family = AF_PACKET,
	    .pdiag_show = packetdiag_show()};
	struct packet_rec rec = {0};

	return sockdiag_dump_records(sd, &req, sizeof(req), decode, &rec, sink,
	    ctx, emitted);
}
