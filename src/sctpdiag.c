/* SPDX-License-Identifier: MIT */
#include "sctpdiag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

/* The first fields of struct sctp_info (linux/sctp.h), all sockview
 * reads: an older or newer kernel's longer struct begins the same. */
struct sctp_info_head {
	uint32_t tag, state, rwnd;
	uint16_t unackdata, penddata, instrms, outstrms;
};

static int
on_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type == INET_DIAG_LOCALS || type == INET_DIAG_PEERS ||
	    (type == INET_DIAG_INFO && mnl_attr_get_payload_len(attr) >=
					   sizeof(struct sctp_info_head)))
		tb[type] = attr;
	return MNL_CB_OK;
}

/* The addresses of an INET_DIAG_LOCALS or _PEERS list (struct
 * sockaddr_storage each) into out, the first SCTPDIAG_ADDRS_MAX; returns
 * how many whole ones of a known family it holds. */
static uint32_t
addr_list(const struct nlattr *attr, struct in6_addr *out)
{
	const char *p = mnl_attr_get_payload(attr);
	size_t n = mnl_attr_get_payload_len(attr) /
		   sizeof(struct sockaddr_storage),
	       i;
	uint32_t kept = 0;

	for (i = 0; i < n; i++) {
		struct sockaddr_storage ss;
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
		struct in6_addr a;

		memcpy(&ss, p + i * sizeof(ss), sizeof(ss));
		if (ss.ss_family == AF_INET) {
			memcpy(&sin, &ss, sizeof(sin));
			sock_addr_set_v4(&a, sin.sin_addr.s_addr);
		} else if (ss.ss_family == AF_INET6) {
			memcpy(&sin6, &ss, sizeof(sin6));
			a = sin6.sin6_addr;
		} else {
			continue;
		}
		if (kept < SCTPDIAG_ADDRS_MAX)
			out[kept] = a;
		kept++;
	}
	return kept;
}

int
sctpdiag_decode(const struct nlmsghdr *nlh, struct sctp_rec *rec)
{
	const struct nlattr *tb[INET_DIAG_MAX + 1] = {0};
	struct inet_diag_msg msg;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(msg)))
		return -EBADMSG;
	memcpy(&msg, mnl_nlmsg_get_payload(nlh), sizeof(msg));
	if (msg.idiag_family != AF_INET && msg.idiag_family != AF_INET6)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(msg), on_attr, tb) < 0)
		return -EBADMSG;
	memset(rec, 0, sizeof(*rec));
	rec->family = msg.idiag_family;
	rec->state = msg.idiag_state;
	if (rec->family == AF_INET) {
		sock_addr_set_v4(&rec->local.addr, msg.id.idiag_src[0]);
		sock_addr_set_v4(&rec->remote.addr, msg.id.idiag_dst[0]);
	} else {
		memcpy(&rec->local.addr, msg.id.idiag_src, 16);
		memcpy(&rec->remote.addr, msg.id.idiag_dst, 16);
	}
	rec->local.port = ntohs(msg.id.idiag_sport);
	rec->remote.port = ntohs(msg.id.idiag_dport);
	rec->rxq = msg.idiag_rqueue;
	rec->txq = msg.idiag_wqueue;
	rec->uid = msg.idiag_uid;
	rec->inode = msg.idiag_inode;
	rec->cookie =
	    (uint64_t)msg.id.idiag_cookie[1] << 32 | msg.id.idiag_cookie[0];
	if (tb[INET_DIAG_LOCALS] != NULL)
		rec->nlocals = addr_list(tb[INET_DIAG_LOCALS], rec->locals);
	/* only an association has peers: its state is SCTP's */
	if (tb[INET_DIAG_PEERS] != NULL) {
		rec->assoc = true;
		rec->npeers = addr_list(tb[INET_DIAG_PEERS], rec->peers);
	}
	if (tb[INET_DIAG_INFO] != NULL) {
		struct sctp_info_head h;

		memcpy(&h, mnl_attr_get_payload(tb[INET_DIAG_INFO]), sizeof(h));
		rec->has_info = true;
		rec->tag = h.tag;
		rec->instreams = h.instrms;
		rec->outstreams = h.outstrms;
	}
	return 0;
}

const char *
sctpdiag_state_name(const struct sctp_rec *rec)
{
	/* ss's words for an association's states */
	static const char *const names[SCTPDIAG_STATES] = {
	    [SCTPDIAG_CLOSED] = "CLOSED",
	    [SCTPDIAG_COOKIE_WAIT] = "COOKIE_WAIT",
	    [SCTPDIAG_COOKIE_ECHOED] = "COOKIE_ECHOED",
	    [SCTPDIAG_ESTABLISHED] = "ESTAB",
	    [SCTPDIAG_SHUTDOWN_PENDING] = "SHUTDOWN_PENDING",
	    [SCTPDIAG_SHUTDOWN_SENT] = "SHUTDOWN_SENT",
	    [SCTPDIAG_SHUTDOWN_RECEIVED] = "SHUTDOWN_RECEIVED",
	    [SCTPDIAG_SHUTDOWN_ACK_SENT] = "ACK_SENT",
	};

	if (rec->assoc)
		return rec->state < SCTPDIAG_STATES ? names[rec->state]
						    : "UNKNOWN";
	return sock_tcp_state_name(rec->state);
}

static int
end_cmp(const struct sock_end *x, const struct sock_end *y)
{
	int c = memcmp(&x->addr, &y->addr, sizeof(x->addr));

	if (c != 0)
		return c;
	return x->port == y->port ? 0 : x->port < y->port ? -1 : 1;
}

int
sctpdiag_identity_cmp(const void *a, const void *b)
{
	const struct sctp_rec *x = a, *y = b;
	int c;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	/* one socket has an endpoint and its associations */
	if (x->assoc != y->assoc)
		return x->assoc ? 1 : -1;
	if ((c = end_cmp(&x->local, &y->local)) != 0)
		return c;
	return end_cmp(&x->remote, &y->remote);
}

static int
decode(const struct nlmsghdr *nlh, void *rec)
{
	return sctpdiag_decode(nlh, rec);
}

int
sctpdiag_dump(struct sockdiag *sd, uint8_t family, sockdiag_rec_fn sink,
    void *ctx, size_t *emitted)
{
	/* every state; the info extension for the tag and streams */
	struct inet_diag_req_v2 req = {.sdiag_family = family,
	    .sdiag_protocol = IPPROTO_SCTP,
	    .idiag_ext = 1 << (INET_DIAG_INFO - 1),
	    .idiag_states = ~0u};
	struct sctp_rec rec = {0};

	return sockdiag_dump_records(sd, &req, sizeof(req), decode, &rec, sink,
	    ctx, emitted);
}
