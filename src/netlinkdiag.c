/* SPDX-License-Identifier: MIT */
#include "netlinkdiag.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>

#include "sockdiag.h"

static int
on_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= NETLINK_DIAG_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

/* The group bitmap is the kernel's unsigned longs: bit g-1 of the
 * array for group g, in host order whatever the word size. */
static uint64_t
groups_of(const struct nlattr *attr)
{
	const unsigned char *p = mnl_attr_get_payload(attr);
	size_t len = mnl_attr_get_payload_len(attr), i;
	uint64_t groups = 0;

	if (len >= sizeof(uint64_t) && sizeof(unsigned long) == 8) {
		memcpy(&groups, p, sizeof(groups));
		return groups;
	}
	for (i = 0; i + 4 <= len && i < 8; i += 4) {
		uint32_t w;

		memcpy(&w, p + i, 4);
		groups |= (uint64_t)w << (8 * i);
	}
	return groups;
}

int
netlinkdiag_decode(const struct nlmsghdr *nlh, struct netlink_rec *rec)
{
	const struct nlattr *tb[NETLINK_DIAG_MAX + 1] = {0};
	struct netlink_diag_msg msg;
	uint32_t u32[SK_MEMINFO_VARS];

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(msg)))
		return -EBADMSG;
	memcpy(&msg, mnl_nlmsg_get_payload(nlh), sizeof(msg));
	if (msg.ndiag_family != AF_NETLINK)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(msg), on_attr, tb) < 0)
		return -EBADMSG;
	memset(rec, 0, sizeof(*rec));
	rec->protocol = msg.ndiag_protocol;
	rec->portid = msg.ndiag_portid;
	rec->dst_portid = msg.ndiag_dst_portid;
	rec->dst_group = msg.ndiag_dst_group;
	rec->inode = msg.ndiag_ino;
	if (tb[NETLINK_DIAG_GROUPS] != NULL)
		rec->groups = groups_of(tb[NETLINK_DIAG_GROUPS]);
	if (tb[NETLINK_DIAG_MEMINFO] != NULL) {
		rec->has_drops = sockdiag_meminfo(tb[NETLINK_DIAG_MEMINFO], u32,
				     SK_MEMINFO_VARS) > SK_MEMINFO_DROPS;
		rec->rxq = u32[SK_MEMINFO_RMEM_ALLOC];
		rec->txq = u32[SK_MEMINFO_WMEM_ALLOC];
		rec->drops = u32[SK_MEMINFO_DROPS];
	}
	return 0;
}

uint32_t
netlinkdiag_show(void)
{
	return NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS;
}

static int
decode(const struct nlmsghdr *nlh, void *rec)
{
	return netlinkdiag_decode(nlh, rec);
}

int
netlinkdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted)
{
	struct netlink_diag_req req = {.sdiag_family = AF_NETLINK,
	    .sdiag_protocol = NDIAG_PROTO_ALL,
	    .ndiag_show = netlinkdiag_show()};
	struct netlink_rec rec = {0};

	return sockdiag_dump_records(sd, &req, sizeof(req), decode, &rec, sink,
	    ctx, emitted);
}
