/* SPDX-License-Identifier: MIT */
#include "netlinkdiag.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>

#include "sockdiag.h"

struct dump_ctx {
	netlinksock_sink_fn sink;
	void *sink_ctx;
	size_t emitted;
};

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
	size_t len;

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
		memset(u32, 0, sizeof(u32));
		len = mnl_attr_get_payload_len(tb[NETLINK_DIAG_MEMINFO]);
		if (len > sizeof(u32))
			len = sizeof(u32);
		memcpy(u32, mnl_attr_get_payload(tb[NETLINK_DIAG_MEMINFO]),
		    len);
		rec->rxq = u32[SK_MEMINFO_RMEM_ALLOC];
		rec->txq = u32[SK_MEMINFO_WMEM_ALLOC];
		rec->drops = u32[SK_MEMINFO_DROPS];
		rec->has_drops = len > SK_MEMINFO_DROPS * sizeof(uint32_t);
	}
	return 0;
}

static int
on_diag_msg(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct netlink_rec rec;
	int err;

	if (netlinkdiag_decode(nlh, &rec) < 0)
		return 0; /* skip what we cannot read, keep the rest */
	if (ctx->sink != NULL && (err = ctx->sink(&rec, ctx->sink_ctx)) < 0)
		return err;
	ctx->emitted++;
	return 0;
}

uint32_t
netlinkdiag_show(void)
{
	return NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS;
}

int
netlinkdiag_dump(struct sockdiag *sd, netlinksock_sink_fn sink, void *ctx,
    size_t *emitted)
{
	union {
		struct nlmsghdr nlh;
		char buf[NLMSG_LENGTH(sizeof(struct netlink_diag_req))];
	} req;
	struct netlink_diag_req *r;
	struct dump_ctx dc = {.sink = sink, .sink_ctx = ctx};
	struct nlmsghdr *nlh;
	int err;

	memset(&req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req.buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = AF_NETLINK;
	r->sdiag_protocol = NDIAG_PROTO_ALL;
	r->ndiag_show = netlinkdiag_show();
	err = sockdiag_talk(sd, nlh, on_diag_msg, &dc);
	*emitted = dc.emitted;
	return err;
}
