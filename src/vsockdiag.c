/* SPDX-License-Identifier: MIT */
#include "vsockdiag.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>
#include <linux/vm_sockets_diag.h>

int
vsockdiag_decode(const struct nlmsghdr *nlh, struct vsock_rec *rec)
{
	struct vsock_diag_msg msg;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(msg)))
		return -EBADMSG;
	memcpy(&msg, mnl_nlmsg_get_payload(nlh), sizeof(msg));
	if (msg.vdiag_family != AF_VSOCK)
		return -EBADMSG;
	memset(rec, 0, sizeof(*rec));
	rec->type = msg.vdiag_type;
	rec->state = msg.vdiag_state;
	rec->shutdown = msg.vdiag_shutdown;
	rec->local_cid = msg.vdiag_src_cid;
	rec->local_port = msg.vdiag_src_port;
	rec->peer_cid = msg.vdiag_dst_cid;
	rec->peer_port = msg.vdiag_dst_port;
	rec->inode = msg.vdiag_ino;
	rec->cookie = (uint64_t)msg.vdiag_cookie[1] << 32 | msg.vdiag_cookie[0];
	return 0;
}

static int
decode(const struct nlmsghdr *nlh, void *rec)
{
	return vsockdiag_decode(nlh, rec);
}

int
vsockdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted)
{
	/* every state: the kernel's mask is of TCP's state bits */
	struct vsock_diag_req req = {.sdiag_family = AF_VSOCK,
	    .vdiag_states = ~0u};
	struct vsock_rec rec = {0};

	return sockdiag_dump_records(sd, &req, sizeof(req), decode, &rec, sink,
	    ctx, emitted);
}

const char *
vsockdiag_type_name(uint8_t type)
{
	switch (type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "dgram";
	case SOCK_SEQPACKET:
		return "seqpacket";
	default:
		return "?";
	}
}

int
vsockdiag_identity_cmp(const void *a, const void *b)
{
	const struct vsock_rec *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->cookie != y->cookie)
		return x->cookie < y->cookie ? -1 : 1;
	return 0;
}
