/* SPDX-License-Identifier: MIT */
#include "unixdiag.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "sockdiag.h"

/* The kernel's sk_state of a listening UNIX socket. */
#define UNIXDIAG_SK_LISTEN 10

struct dump_ctx {
	unixsock_sink_fn sink;
	void *sink_ctx;
	size_t emitted;
};

/* Keep only the attributes we read, and only when they are whole. */
static int
on_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);
	uint16_t len = mnl_attr_get_payload_len(attr);

	switch (type) {
	case UNIX_DIAG_NAME:
		if (len > UNIXSOCK_PATH_MAX)
			return MNL_CB_ERROR;
		break;
	case UNIX_DIAG_PEER:
	case UNIX_DIAG_UID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case UNIX_DIAG_ICONS:
		if (len % sizeof(uint32_t) != 0)
			return MNL_CB_ERROR;
		break;
	case UNIX_DIAG_RQLEN:
		if (len < sizeof(struct unix_diag_rqlen))
			return MNL_CB_ERROR;
		break;
	default:
		return MNL_CB_OK; /* not ours: skipped */
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

int
unixdiag_decode(const struct nlmsghdr *nlh, struct unix_rec *rec)
{
	const struct unix_diag_msg *msg;
	const struct nlattr *tb[UNIX_DIAG_MAX + 1] = {0};

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EBADMSG;
	msg = mnl_nlmsg_get_payload(nlh);
	if (msg->udiag_family != AF_UNIX)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(*msg), on_attr, tb) < 0)
		return -EBADMSG;

	memset(rec, 0, sizeof(*rec));
	rec->type = msg->udiag_type;
	rec->inode = msg->udiag_ino;
	/* an inode of 0 means no struct socket: a connection not yet
	 * accepted, or a closing socket, as /proc/net/unix tells them */
	rec->state =
	    unixsock_state_from_kernel(msg->udiag_state, msg->udiag_ino != 0);
	if (msg->udiag_state == UNIXDIAG_SK_LISTEN)
		rec->flags = UNIXSOCK_FLAG_ACC;
	if (tb[UNIX_DIAG_NAME] != NULL)
		unixsock_set_name(rec, mnl_attr_get_payload(tb[UNIX_DIAG_NAME]),
		    mnl_attr_get_payload_len(tb[UNIX_DIAG_NAME]));
	rec->has_peer = true;
	if (tb[UNIX_DIAG_PEER] != NULL)
		rec->peer = mnl_attr_get_u32(tb[UNIX_DIAG_PEER]);
	if (tb[UNIX_DIAG_RQLEN] != NULL) {
		const struct unix_diag_rqlen *q =
		    mnl_attr_get_payload(tb[UNIX_DIAG_RQLEN]);

		rec->rqueue = q->udiag_rqueue;
		rec->wqueue = q->udiag_wqueue;
		rec->has_queues = true;
	}
	if (tb[UNIX_DIAG_UID] != NULL) {
		rec->uid = mnl_attr_get_u32(tb[UNIX_DIAG_UID]);
		rec->has_uid = true;
	}
	return 0;
}

size_t
unixdiag_pending(const struct nlmsghdr *nlh, const struct unix_rec *listener,
    size_t i, struct unix_rec *rec)
{
	const struct nlattr *tb[UNIX_DIAG_MAX + 1] = {0};
	uint32_t peer;
	size_t n;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg)) ||
	    mnl_attr_parse(nlh, sizeof(struct unix_diag_msg), on_attr, tb) <
		0 ||
	    tb[UNIX_DIAG_ICONS] == NULL)
		return 0;
	n = mnl_attr_get_payload_len(tb[UNIX_DIAG_ICONS]) / sizeof(peer);
	if (i >= n)
		return n;
	memcpy(&peer,
	    (const char *)mnl_attr_get_payload(tb[UNIX_DIAG_ICONS]) +
		i * sizeof(peer),
	    sizeof(peer));
	/* what /proc/net/unix shows for it: the listener's type and
	 * name, no inode yet, CONNECTING; its peer is the client */
	memset(rec, 0, sizeof(*rec));
	rec->type = listener->type;
	rec->state = UNIXSOCK_SS_CONNECTING;
	rec->has_peer = true;
	rec->peer = peer;
	rec->path_len = listener->path_len;
	memcpy(rec->path, listener->path, listener->path_len);
	return n;
}

static int
on_diag_msg(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct unix_rec rec;
	int err;

	if (unixdiag_decode(nlh, &rec) < 0)
		return 0; /* skip what we cannot read, keep the rest */
	if ((err = ctx->sink(&rec, ctx->sink_ctx)) < 0)
		return err;
	ctx->emitted++;
	/* the kernel skips sockets without an inode: connections not yet
	 * accepted are known only from their listener's queue */
	if (rec.flags & UNIXSOCK_FLAG_ACC) {
		struct unix_rec pending;
		size_t i, n = unixdiag_pending(nlh, &rec, 0, &pending);

		for (i = 0; i < n; i++) {
			unixdiag_pending(nlh, &rec, i, &pending);
			if ((err = ctx->sink(&pending, ctx->sink_ctx)) < 0)
				return err;
			ctx->emitted++;
		}
	}
	return 0;
}

uint32_t
unixdiag_show(void)
{
	return UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_ICONS |
	       UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
}

/* A dump of the sockets in states (a bit each); each record to sink. */
static int
dump_states(struct sockdiag *sd, uint32_t states, unixsock_sink_fn sink,
    void *ctx, size_t *emitted)
{
	union {
		struct nlmsghdr nlh;
		char buf[NLMSG_LENGTH(sizeof(struct unix_diag_req))];
	} req;
	struct unix_diag_req *r;
	struct dump_ctx dc = {.sink = sink, .sink_ctx = ctx};
	struct nlmsghdr *nlh;
	int err;

	memset(&req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req.buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = AF_UNIX;
	r->udiag_states = states;
	r->udiag_show = unixdiag_show();
	err = sockdiag_talk(sd, nlh, on_diag_msg, &dc);
	*emitted = dc.emitted;
	return err;
}

int
unixdiag_dump(struct sockdiag *sd, unixsock_sink_fn sink, void *ctx,
    size_t *emitted)
{
	return dump_states(sd, ~0U, sink, ctx, emitted);
}

int
unixdiag_probe(struct sockdiag *sd)
{
	size_t emitted;

	/* no state asked for: the kernel answers at once, or refuses */
	return dump_states(sd, 0, NULL, NULL, &emitted);
}
