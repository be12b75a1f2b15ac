/* SPDX-License-Identifier: MIT */
#include "xdpdiag.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>
#include <linux/xdp_diag.h>

/* Older kernel headers lack AF_XDP's number. */
#ifndef AF_XDP
#define AF_XDP 44
#endif

/* Each attribute we read, kept only when it is whole. */
static int
on_attr(const struct nlattr *attr, void *data)
{
	static const size_t min_len[XDP_DIAG_MAX + 1] = {
	    [XDP_DIAG_INFO] = sizeof(struct xdp_diag_info),
	    [XDP_DIAG_UID] = sizeof(uint32_t),
	    [XDP_DIAG_RX_RING] = sizeof(struct xdp_diag_ring),
	    [XDP_DIAG_TX_RING] = sizeof(struct xdp_diag_ring),
	    [XDP_DIAG_UMEM] = sizeof(struct xdp_diag_umem),
	    [XDP_DIAG_UMEM_FILL_RING] = sizeof(struct xdp_diag_ring),
	    [XDP_DIAG_UMEM_COMPLETION_RING] = sizeof(struct xdp_diag_ring),
	    [XDP_DIAG_MEMINFO] = sizeof(uint32_t),
	    [XDP_DIAG_STATS] = sizeof(struct xdp_diag_stats),
	};
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type >= 1 && type <= XDP_DIAG_MAX &&
	    mnl_attr_get_payload_len(attr) >= min_len[type])
		tb[type] = attr;
	return MNL_CB_OK;
}

/* A ring's size in descriptors, 0 when the reply has none. */
static uint32_t
ring(const struct nlattr *attr)
{
	struct xdp_diag_ring r;

	if (attr == NULL)
		return 0;
	memcpy(&r, mnl_attr_get_payload(attr), sizeof(r));
	return r.entries;
}

int
xdpdiag_decode(const struct nlmsghdr *nlh, struct xdp_rec *rec)
{
	const struct nlattr *tb[XDP_DIAG_MAX + 1] = {0};
	struct xdp_diag_msg msg;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(msg)))
		return -EBADMSG;
	memcpy(&msg, mnl_nlmsg_get_payload(nlh), sizeof(msg));
	if (msg.xdiag_family != AF_XDP)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(msg), on_attr, tb) < 0)
		return -EBADMSG;
	memset(rec, 0, sizeof(*rec));
	rec->type = msg.xdiag_type;
	rec->inode = msg.xdiag_ino;
	rec->cookie = (uint64_t)msg.xdiag_cookie[1] << 32 | msg.xdiag_cookie[0];
	if (tb[XDP_DIAG_INFO] != NULL) {
		struct xdp_diag_info info;

		memcpy(&info, mnl_attr_get_payload(tb[XDP_DIAG_INFO]),
		    sizeof(info));
		rec->has_info = true;
		rec->ifindex = info.ifindex;
		rec->queue = info.queue_id;
	}
	if (tb[XDP_DIAG_UID] != NULL) {
		rec->has_uid = true;
		rec->uid = mnl_attr_get_u32(tb[XDP_DIAG_UID]);
	}
	rec->rx_ring = ring(tb[XDP_DIAG_RX_RING]);
	rec->tx_ring = ring(tb[XDP_DIAG_TX_RING]);
	rec->fill_ring = ring(tb[XDP_DIAG_UMEM_FILL_RING]);
	rec->comp_ring = ring(tb[XDP_DIAG_UMEM_COMPLETION_RING]);
	if (tb[XDP_DIAG_UMEM] != NULL) {
		struct xdp_diag_umem u;

		memcpy(&u, mnl_attr_get_payload(tb[XDP_DIAG_UMEM]), sizeof(u));
		rec->has_umem = true;
		rec->umem_id = u.id;
		rec->umem_size = u.size;
		rec->umem_chunk = u.chunk_size;
		rec->zerocopy = (u.flags & XDP_DU_F_ZEROCOPY) != 0;
	}
	if (tb[XDP_DIAG_STATS] != NULL) {
		struct xdp_diag_stats s;

		memcpy(&s, mnl_attr_get_payload(tb[XDP_DIAG_STATS]), sizeof(s));
		rec->has_stats = true;
		rec->rx_dropped = s.n_rx_dropped;
		rec->rx_invalid = s.n_rx_invalid;
		rec->tx_invalid = s.n_tx_invalid;
	}
	return 0;
}

uint32_t
xdpdiag_show(void)
{
	return XDP_SHOW_INFO | XDP_SHOW_RING_CFG | XDP_SHOW_UMEM |
	       XDP_SHOW_STATS;
}

static int
decode(const struct nlmsghdr *nlh, void *rec)
{
	return xdpdiag_decode(nlh, rec);
}

int
xdpdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted)
{
	struct xdp_diag_req req = {.sdiag_family = AF_XDP,
	    .xdiag_show = xdpdiag_show()};
	struct xdp_rec rec = {0};

	return sockdiag_dump_records(sd, &req, sizeof(req), decode, &rec, sink,
	    ctx, emitted);
}

int
xdpdiag_identity_cmp(const void *a, const void *b)
{
	const struct xdp_rec *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->cookie != y->cookie)
		return x->cookie < y->cookie ? -1 : 1;
	return 0;
}
