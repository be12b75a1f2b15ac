/* SPDX-License-Identifier: MIT */
#include "sockdiag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "nlreader.h"
#include "proto.h"
#include "sockext.h"
#include "xalloc.h"

/* The kernel sizes each dump message by our largest receive, up to 32 KiB
 * on current kernels; a larger buffer is harmless and future-proof. */
#define SOCKDIAG_BUF_SIZE (64 * 1024)

/* Datagrams of a dump received before a reader thread takes over: past
 * 16 (about 3,000 sockets) the dump is long enough to pay for the thread
 * and the wake-up each datagram costs. Measured in random order against
 * no thread, medians of 40: 18,000 sockets 24.3 to 20.7 ms, 54,000 66.8
 * to 57.0 ms; started from the 5th datagram, it cost 2,000 sockets 0.2
 * ms. The kernel's walk is then the bottleneck. */
#define SOCKDIAG_READ_AHEAD_AFTER 16

/* The largest errno the kernel returns (MAX_ERRNO). */
#define SOCKDIAG_ERRNO_MAX 4095

_Static_assert(sizeof(struct inet_diag_req) >= sizeof(struct inet_diag_req_v2),
    "the old request is the larger");
_Static_assert(NLMSG_LENGTH(sizeof(struct inet_diag_req_v2)) <=
		   SOCKDIAG_REQUEST_SIZE,
    "SOCKDIAG_REQUEST_SIZE holds a request about one socket");

struct sockdiag {
	struct mnl_socket *nl; /* NULL when io is not the socket */
	struct sockdiag_io io;
	sockdiag_tap_fn tap; /* NULL: none */
	void *tap_ctx;
	unsigned portid;
	uint32_t seq;
	char *buf;
	unsigned show;		   /* SOCKEXT_SHOW_*: -i, -m */
	struct sockext_table *ext; /* where their data goes; NULL: none */
};

struct dump_ctx {
	uint8_t proto;
	sock_sink_fn sink;
	void *sink_ctx;
	size_t emitted;
	struct sockext_table *ext; /* -i, -m: NULL when not asked */
};

/* One request's replies: each data message goes to fn; err is what
 * stopped the exchange. */
struct talk_ctx {
	sockdiag_msg_fn fn;
	void *data;
	int err;
};

static int
nl_send(void *ctx, const struct nlmsghdr *req, size_t len)
{
	if (mnl_socket_sendto(ctx, req, len) < 0)
		return -errno;
	return 0;
}

static ssize_t
nl_recv(void *ctx, void *buf, size_t size)
{
	ssize_t n = mnl_socket_recvfrom(ctx, buf, size);

	return n < 0 ? -errno : n;
}

int
sockdiag_open(struct sockdiag **out)
{
	struct sockdiag *sd;
	int err;

	sd = xcalloc(1, sizeof(*sd));
	sd->nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (sd->nl == NULL)
		goto fail;
	if (mnl_socket_bind(sd->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	sd->io.send = nl_send;
	sd->io.recv = nl_recv;
	sd->io.ctx = sd->nl;
	sd->portid = mnl_socket_get_portid(sd->nl);
	sd->seq = (uint32_t)time(NULL);
	sd->buf = xcalloc(1, SOCKDIAG_BUF_SIZE);
	*out = sd;
	return 0;
fail:
	err = -errno;
	sockdiag_close(sd);
	return err;
}

struct sockdiag *
sockdiag_open_io(const struct sockdiag_io *io)
{
	struct sockdiag *sd = xcalloc(1, sizeof(*sd));

	sd->io = *io;
	sd->buf = xcalloc(1, SOCKDIAG_BUF_SIZE);
	return sd;
}

void
sockdiag_set_tap(struct sockdiag *sd, sockdiag_tap_fn tap, void *ctx)
{
	sd->tap = tap;
	sd->tap_ctx = ctx;
}

void
sockdiag_close(struct sockdiag *sd)
{
	if (sd == NULL)
		return;
	if (sd->nl != NULL)
		mnl_socket_close(sd->nl);
	free(sd->buf);
	free(sd);
}

static int
on_info_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* keep only attributes we read, and only when they are whole */
	if (type == INET_DIAG_INFO &&
	    mnl_attr_get_payload_len(attr) >=
		offsetof(struct tcp_info, tcpi_probes) + 1)
		tb[INET_DIAG_INFO] = attr;
	/* the kernel sends it for every full socket, unasked (5.7 on) */
	else if (type == INET_DIAG_CGROUP_ID &&
		 mnl_attr_get_payload_len(attr) == sizeof(uint64_t))
		tb[INET_DIAG_CGROUP_ID] = attr;
	return MNL_CB_OK;
}

int
sockdiag_decode(const struct nlmsghdr *nlh, uint8_t proto, struct sock_rec *rec)
{
	const struct inet_diag_msg *msg;
	const struct nlattr *tb[INET_DIAG_MAX + 1] = {0};

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EBADMSG;
	msg = mnl_nlmsg_get_payload(nlh);
	if (msg->idiag_family != AF_INET && msg->idiag_family != AF_INET6)
		return -EBADMSG;

	memset(rec, 0, sizeof(*rec));
	rec->family = msg->idiag_family;
	rec->proto = proto;
	rec->state = msg->idiag_state;
	if (rec->state == SOCK_ST_NEW_SYN_RECV)
		rec->state = SOCK_ST_SYN_RECV; /* as /proc/net/tcp shows it */
	if (rec->family == AF_INET) {
		sock_addr_set_v4(&rec->local.addr, msg->id.idiag_src[0]);
		sock_addr_set_v4(&rec->remote.addr, msg->id.idiag_dst[0]);
	} else {
		memcpy(&rec->local.addr, msg->id.idiag_src, 16);
		memcpy(&rec->remote.addr, msg->id.idiag_dst, 16);
	}
	rec->local.port = ntohs(msg->id.idiag_sport);
	rec->remote.port = ntohs(msg->id.idiag_dport);
	rec->rxq = msg->idiag_rqueue;
	rec->txq = msg->idiag_wqueue;
	if (proto_tcp_like(proto) && rec->state == SOCK_ST_LISTEN) {
		/* netlink gives a listener's backlog limit as its wqueue;
		 * /proc/net/tcp and netstat show Send-Q 0 */
		rec->backlog = rec->txq;
		rec->txq = 0;
	}
	rec->uid = msg->idiag_uid;
	rec->inode = msg->idiag_inode;
	rec->cookie =
	    (uint64_t)msg->id.idiag_cookie[1] << 32 | msg->id.idiag_cookie[0];
	rec->ifindex = msg->id.idiag_if;
	rec->timer = msg->idiag_timer;
	rec->timer_cs =
	    rec->timer == SOCK_TIMER_OFF ? 0 : msg->idiag_expires / 10;
	/* idiag_retrans holds retransmits for the retransmit timer and
	 * probes for the others; tcp_info, when asked for, has both */
	if (rec->timer == SOCK_TIMER_ON)
		rec->retrans = msg->idiag_retrans;
	else if (rec->timer == SOCK_TIMER_KEEPALIVE ||
		 rec->timer == SOCK_TIMER_PROBE)
		rec->probes = msg->idiag_retrans;

	if (mnl_attr_parse(nlh, sizeof(*msg), on_info_attr, tb) < 0)
		return -EBADMSG;
	if (tb[INET_DIAG_INFO] != NULL && proto == IPPROTO_TCP) {
		/* an attribute is only 4-aligned, struct tcp_info needs 8:
		 * read the two bytes, not the struct */
		const uint8_t *ti = mnl_attr_get_payload(tb[INET_DIAG_INFO]);

		rec->retrans = ti[offsetof(struct tcp_info, tcpi_retransmits)];
		rec->probes = ti[offsetof(struct tcp_info, tcpi_probes)];
	}
	if (tb[INET_DIAG_CGROUP_ID] != NULL)
		rec->cgroup_id = mnl_attr_get_u64(tb[INET_DIAG_CGROUP_ID]);
	return 0;
}

bool
sockdiag_buf_ok(const void *buf, size_t len)
{
	return nlreader_whole(buf, len, NULL);
}

int
sockdiag_feed_send(void *ctx, const struct nlmsghdr *req, size_t len)
{
	struct sockdiag_feed *feed = ctx;

	(void)len;
	feed->sent++;
	feed->last_seq = req->nlmsg_seq;
	return 0;
}

ssize_t
sockdiag_feed_recv(void *ctx, void *buf, size_t size)
{
	struct sockdiag_feed *feed = ctx;
	size_t len;

	if (feed->next >= feed->n)
		return 0;
	len = feed->len[feed->next];
	if (len > size)
		len = size;
	memcpy(buf, feed->dgram[feed->next], len);
	feed->next++;
	return (ssize_t)len;
}

/* -i, -m: what the attributes hold into the table, its handle into
 * rec; a malformed attribute list leaves the record without. */
static void
keep_ext(struct sockext_table *table, const struct nlmsghdr *nlh,
    struct sock_rec *rec)
{
	size_t off = NLMSG_LENGTH(sizeof(struct inet_diag_msg));
	struct sock_ext x;

	/* sockdiag_decode checked that the message holds the header */
	if (sockext_decode((const char *)nlh + NLMSG_ALIGN(off),
		nlh->nlmsg_len > NLMSG_ALIGN(off)
		    ? nlh->nlmsg_len - NLMSG_ALIGN(off)
		    : 0,
		&x) == 0 &&
	    sockext_present(&x))
		rec->ext = sockext_table_add(table, &x);
}

static int
emit_rec(struct dump_ctx *ctx, const struct sock_rec *rec)
{
	int err;

	if ((err = ctx->sink(rec, ctx->sink_ctx)) < 0)
		return err;
	ctx->emitted++;
	return 0;
}

static int
on_diag_msg(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct sock_rec rec;

	if (sockdiag_decode(nlh, ctx->proto, &rec) < 0)
		return 0; /* skip what we cannot read, keep the rest */
	return emit_rec(ctx, &rec);
}

/* on_diag_msg for -i and -m: a listing without them asks nothing more
 * of each message. */
static int
on_diag_msg_ext(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct sock_rec rec;

	if (sockdiag_decode(nlh, ctx->proto, &rec) < 0)
		return 0;
	keep_ext(ctx->ext, nlh, &rec);
	return emit_rec(ctx, &rec);
}

static int
on_talk_msg(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *tc = data;

	if (tc->fn == NULL)
		return MNL_CB_OK;
	if ((tc->err = tc->fn(nlh, tc->data)) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

/* The errno a reply carries (negative as the kernel sends it, or
 * positive) as -errno; a number out of errno's range is a malformed
 * reply, not an error to report. */
static int
reply_errno(int error)
{
	if (error < -SOCKDIAG_ERRNO_MAX || error > SOCKDIAG_ERRNO_MAX)
		return -EBADMSG;
	return error < 0 ? error : -error;
}

/* A dump that the kernel cannot do (raw_diag not loaded) ends with
 * NLMSG_DONE carrying -errno, which libmnl's default handler ignores. */
static int
on_done(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *tc = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0) {
			tc->err = reply_errno(err);
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

/* The kernel's answer to a request: an ack (0), or -errno. libmnl
 * leaves control messages to the table we pass, so this one is ours. */
static int
on_error(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *tc = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		tc->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	tc->err = reply_errno(e->error);
	return MNL_CB_ERROR;
}

int
sockdiag_talk(struct sockdiag *sd, struct nlmsghdr *req, sockdiag_msg_fn fn,
    void *data)
{
	static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	    [NLMSG_ERROR] = on_error,
	    [NLMSG_DONE] = on_done,
	};
	struct talk_ctx tc = {.fn = fn, .data = data};
	struct nlreader *ahead = NULL;
	const void *buf = sd->buf;
	size_t received = 0;
	ssize_t n;
	int ret;

	req->nlmsg_seq = ++sd->seq;
	if ((ret = sd->io.send(sd->io.ctx, req, req->nlmsg_len)) < 0)
		return ret;
	for (;;) {
		/* a long dump: the rest is received on a thread while this
		 * one decodes */
		if (ahead == NULL && received++ == SOCKDIAG_READ_AHEAD_AFTER)
			ahead = nlreader_start(sd->io.recv, sd->io.ctx,
			    SOCKDIAG_BUF_SIZE);
		if (ahead != NULL)
			n = nlreader_next(ahead, &buf);
		else
			n = sd->io.recv(sd->io.ctx, sd->buf, SOCKDIAG_BUF_SIZE);
		if (n == -EINTR)
			continue;
		if (n <= 0) {
			/* 0: the replies ended mid-dump */
			ret = n < 0 ? (int)n : -ENODATA;
			break;
		}
		if (!sockdiag_buf_ok(buf, (size_t)n)) {
			ret = -EBADMSG;
			break;
		}
		if (sd->tap != NULL)
			sd->tap(sd->tap_ctx, buf, (size_t)n);
		/* an ack (NLMSG_ERROR with 0) stops too; a negative one
		 * comes back as -1 with errno set */
		ret = mnl_cb_run2(buf, (size_t)n, sd->seq, sd->portid,
		    on_talk_msg, &tc, ctl_cbs, MNL_ARRAY_SIZE(ctl_cbs));
		if (ret == MNL_CB_STOP) {
			ret = 0;
			break;
		}
		if (ret < 0) {
			ret = tc.err < 0 ? tc.err : errno > 0 ? -errno : -EIO;
			break;
		}
	}
	nlreader_stop(ahead);
	return ret;
}

uint8_t
sockdiag_ext(uint8_t proto, bool want_info, unsigned show)
{
	uint8_t ext = 0;

	if (proto == IPPROTO_TCP &&
	    (want_info || (show & SOCKEXT_SHOW_INFO) != 0))
		ext |= 1 << (INET_DIAG_INFO - 1);
	/* the congestion control's name and block: ss -i's */
	if (proto == IPPROTO_TCP && (show & SOCKEXT_SHOW_INFO) != 0)
		ext |=
		    1 << (INET_DIAG_CONG - 1) | 1 << (INET_DIAG_VEGASINFO - 1);
	/* mptcp_diag answers it with struct mptcp_info */
	if (proto == PROTO_NUMBER_MPTCP && (show & SOCKEXT_SHOW_INFO) != 0)
		ext |= 1 << (INET_DIAG_INFO - 1);
	if ((show & SOCKEXT_SHOW_MEM) != 0)
		ext |= 1 << (INET_DIAG_SKMEMINFO - 1);
	return ext;
}

bool
sockdiag_keeps_ext(const struct sockdiag *sd)
{
	return sd->show != 0 && sd->ext != NULL;
}

void
sockdiag_set_ext(struct sockdiag *sd, unsigned show,
    struct sockext_table *table)
{
	sd->show = show;
	sd->ext = table;
}

/* TCP of both families in one walk of the kernel's table: the request
 * before sock_diag (TCPDIAG_GETSOCK, struct inet_diag_req), which alone
 * takes AF_UNSPEC. nlh is the request's header, set up for a dump. */
static int
dump_tcp_both(struct sockdiag *sd, struct nlmsghdr *nlh, uint32_t states,
    bool want_info, const void *bytecode, size_t bc_len, struct dump_ctx *dc,
    size_t *emitted)
{
	struct inet_diag_req *req;
	int err;

	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->idiag_family = AF_UNSPEC;
	req->idiag_states = states;
	req->idiag_ext = sockdiag_ext(IPPROTO_TCP, want_info, sd->show);
	if (bc_len > 0)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, (uint16_t)bc_len,
		    bytecode);
	err = sockdiag_talk(sd, nlh,
	    dc->ext != NULL ? on_diag_msg_ext : on_diag_msg, dc);
	*emitted = dc->emitted;
	return err;
}

int
sockdiag_dump(struct sockdiag *sd, uint8_t family, uint8_t proto,
    uint32_t states, bool want_info, const void *bytecode, size_t bc_len,
    sock_sink_fn sink, void *ctx, size_t *emitted)
{
	/* the request (of either kind: the old one is the larger), and
	 * room for a bytecode attribute after it */
	char req_buf[NLMSG_LENGTH(sizeof(struct inet_diag_req)) +
		     sizeof(struct nlattr) + SOCKDIAG_BYTECODE_MAX +
		     sizeof(struct nlattr) + sizeof(uint32_t)];
	struct dump_ctx dc = {.proto = proto,
	    .sink = sink,
	    .sink_ctx = ctx,
	    .ext = sd->show != 0 ? sd->ext : NULL};
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;
	int err;

	*emitted = 0;
	if (bc_len > SOCKDIAG_BYTECODE_MAX)
		return -E2BIG;
	memset(req_buf, 0, sizeof(req_buf));
	nlh = mnl_nlmsg_put_header(req_buf);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	if (family == AF_UNSPEC)
		return dump_tcp_both(sd, nlh, states, want_info, bytecode,
		    bc_len, &dc, emitted);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = family;
	req->sdiag_protocol = proto;
	req->idiag_states = states;
	/* IPPROTO_MPTCP does not fit the request's byte: the attribute
	 * carries it (the kernel reads the attribute first) */
	if (proto == PROTO_NUMBER_MPTCP) {
		req->sdiag_protocol = IPPROTO_TCP;
		mnl_attr_put_u32(nlh, INET_DIAG_REQ_PROTOCOL, IPPROTO_MPTCP);
	}
	/* for raw sockets, pad is inet_diag_req_raw's sdiag_raw_protocol;
	 * IPPROTO_RAW there asks for every raw protocol */
	if (proto == IPPROTO_RAW)
		req->pad = IPPROTO_RAW;
	req->idiag_ext = sockdiag_ext(proto, want_info, sd->show);
	/* the kernel runs the filter and sends only the matching sockets */
	if (bc_len > 0)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, bc_len, bytecode);
	err = sockdiag_talk(sd, nlh,
	    dc.ext != NULL ? on_diag_msg_ext : on_diag_msg, &dc);
	*emitted = dc.emitted;
	return err;
}

/* A request of type about the socket rec names (its addresses, ports,
 * device and cookie, or INET_DIAG_NOCOOKIE when it has none), into buf
 * (SOCKDIAG_REQUEST_SIZE bytes); returns the request. */
static struct inet_diag_req_v2 *
put_one_request(void *buf, uint16_t type, uint16_t flags,
    const struct sock_rec *rec)
{
	const struct sock_end *src = &rec->local, *dst = &rec->remote;
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;

	/* the kernel looks a UDP socket up as an arriving datagram would
	 * find it: from the peer (idiag_src) to this end (idiag_dst) */
	if (type == SOCK_DIAG_BY_FAMILY && rec->proto == IPPROTO_UDP) {
		src = &rec->remote;
		dst = &rec->local;
	}
	memset(buf, 0, SOCKDIAG_REQUEST_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = rec->family;
	req->sdiag_protocol = rec->proto;
	req->id.idiag_sport = htons(src->port);
	req->id.idiag_dport = htons(dst->port);
	if (rec->family == AF_INET) {
		memcpy(&req->id.idiag_src[0], &src->addr.s6_addr[12], 4);
		memcpy(&req->id.idiag_dst[0], &dst->addr.s6_addr[12], 4);
	} else {
		memcpy(req->id.idiag_src, &src->addr, 16);
		memcpy(req->id.idiag_dst, &dst->addr, 16);
	}
	req->id.idiag_if = rec->ifindex;
	/* /proc gives no cookie: the kernel then goes by the addresses */
	if (rec->cookie == 0) {
		req->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
		req->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	} else {
		req->id.idiag_cookie[0] = (uint32_t)rec->cookie;
		req->id.idiag_cookie[1] = (uint32_t)(rec->cookie >> 32);
	}
	return req;
}

size_t
sockdiag_destroy_request(const struct sock_rec *rec, void *buf, size_t size)
{
	if (size < SOCKDIAG_REQUEST_SIZE)
		return 0;
	put_one_request(buf, SOCK_DESTROY, NLM_F_REQUEST | NLM_F_ACK, rec);
	return ((struct nlmsghdr *)buf)->nlmsg_len;
}

/* A batch of lookups: the requests went out together, numbered from
 * first_seq; each gets one answer, its record or an error. */
struct batch_ctx {
	struct sockdiag *sd;
	const struct sock_rec *keys;
	size_t n, answered;
	uint32_t first_seq;
	struct dump_ctx dc;
};

/* The answer nlh (checked whole) to one of the batch's requests. */
static int
batch_answer(struct batch_ctx *bc, const struct nlmsghdr *nlh)
{
	uint32_t i = nlh->nlmsg_seq - bc->first_seq;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct sock_rec rec;

	if (i >= bc->n)
		return -EPROTO; /* not an answer to this batch */
	if (!mnl_nlmsg_portid_ok(nlh, bc->sd->portid))
		return -ESRCH;
	bc->answered++;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
			return -EBADMSG;
		return e->error == 0 ? -EBADMSG : reply_errno(e->error);
	}
	if (sockdiag_decode(nlh, bc->keys[i].proto, &rec) < 0)
		return -EBADMSG;
	/* the addresses name a socket; the inode says it is the one meant
	 * (not another of an SO_REUSEPORT group, or one made since) */
	if (bc->keys[i].inode != 0 && rec.inode != bc->keys[i].inode)
		return -ESTALE;
	if (bc->dc.ext != NULL)
		keep_ext(bc->dc.ext, nlh, &rec);
	return emit_rec(&bc->dc, &rec);
}

/* One datagram of answers (len bytes at buf). */
static int
batch_take(struct batch_ctx *bc, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len, err;

	if (!sockdiag_buf_ok(buf, len))
		return -EBADMSG;
	if (bc->sd->tap != NULL)
		bc->sd->tap(bc->sd->tap_ctx, buf, len);
	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if ((err = batch_answer(bc, nlh)) < 0)
			return err;
	return 0;
}

/* Receive the batch's answers from the socket, several datagrams a call.
 * The kernel answers while the requests are sent, so every answer is
 * queued already: one missing is an error, never a wait. */
static int
batch_recv_socket(struct batch_ctx *bc)
{
	struct mmsghdr msgs[SOCKDIAG_BATCH];
	struct iovec iov[SOCKDIAG_BATCH];
	const size_t slot = SOCKDIAG_BUF_SIZE / SOCKDIAG_BATCH;
	int fd = mnl_socket_get_fd(bc->sd->nl), got, j, err;

	while (bc->answered < bc->n) {
		memset(msgs, 0, sizeof(msgs));
		for (j = 0; j < SOCKDIAG_BATCH; j++) {
			iov[j].iov_base = bc->sd->buf + (size_t)j * slot;
			iov[j].iov_len = slot;
			msgs[j].msg_hdr.msg_iov = &iov[j];
			msgs[j].msg_hdr.msg_iovlen = 1;
		}
		got = recvmmsg(fd, msgs, (unsigned)(bc->n - bc->answered),
		    MSG_DONTWAIT, NULL);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return errno == EAGAIN ? -ENODATA : -errno;
		for (j = 0; j < got; j++) {
			if (msgs[j].msg_hdr.msg_flags & MSG_TRUNC)
				return -EMSGSIZE;
			if ((err = batch_take(bc, iov[j].iov_base,
				 msgs[j].msg_len)) < 0)
				return err;
		}
	}
	return 0;
}

/* Receive the batch's answers through the handle's io, a datagram a
 * call (replies held in memory). */
static int
batch_recv_io(struct batch_ctx *bc)
{
	ssize_t got;
	int err;

	while (bc->answered < bc->n) {
		got = bc->sd->io.recv(bc->sd->io.ctx, bc->sd->buf,
		    SOCKDIAG_BUF_SIZE);
		if (got == -EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? (int)got : -ENODATA;
		if ((err = batch_take(bc, bc->sd->buf, (size_t)got)) < 0)
			return err;
	}
	return 0;
}

int
sockdiag_lookup_batch(struct sockdiag *sd, const struct sock_rec *keys,
    size_t n, bool want_info, sock_sink_fn sink, void *ctx)
{
	union {
		struct nlmsghdr align;
		char buf[SOCKDIAG_BATCH * SOCKDIAG_REQUEST_SIZE];
	} req;
	struct batch_ctx bc = {.sd = sd,
	    .keys = keys,
	    .n = n,
	    .first_seq = sd->seq + 1,
	    .dc = {.sink = sink,
		.sink_ctx = ctx,
		.ext = sd->show != 0 ? sd->ext : NULL}};
	size_t len = 0, i;
	int err;

	if (n == 0 || n > SOCKDIAG_BATCH)
		return n == 0 ? 0 : -EINVAL;
	/* no ack asked: each request is answered by its record or by an
	 * error, never both */
	for (i = 0; i < n; i++) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(req.buf + len);

		put_one_request(nlh, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST,
		    &keys[i])
		    ->idiag_ext =
		    sockdiag_ext(keys[i].proto, want_info, sd->show);
		nlh->nlmsg_seq = ++sd->seq;
		len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	if ((err = sd->io.send(sd->io.ctx, &req.align, len)) < 0)
		return err;
	return sd->nl != NULL ? batch_recv_socket(&bc) : batch_recv_io(&bc);
}

int
sockdiag_destroy(struct sockdiag *sd, const struct sock_rec *rec)
{
	union {
		struct nlmsghdr nlh;
		char buf[SOCKDIAG_REQUEST_SIZE];
	} req;

	if (sockdiag_destroy_request(rec, req.buf, sizeof(req.buf)) == 0)
		return -EINVAL;
	return sockdiag_talk(sd, &req.nlh, NULL, NULL);
}

int
sockdiag_dump_family(struct sockdiag *sd, const void *req, size_t len,
    sockdiag_msg_fn fn, void *data)
{
	union {
		struct nlmsghdr nlh;
		char buf[NLMSG_LENGTH(SOCKDIAG_REQ_MAX)];
	} msg;
	struct nlmsghdr *nlh;

	if (len > SOCKDIAG_REQ_MAX)
		return -E2BIG;
	memset(&msg, 0, sizeof(msg));
	nlh = mnl_nlmsg_put_header(msg.buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	memcpy(mnl_nlmsg_put_extra_header(nlh, len), req, len);
	return sockdiag_talk(sd, nlh, fn, data);
}

size_t
sockdiag_meminfo(const struct nlattr *attr, uint32_t *out, size_t n)
{
	size_t len = mnl_attr_get_payload_len(attr);

	memset(out, 0, n * sizeof(*out));
	/* whole words only: a word cut short is not one the kernel sent */
	len -= len % sizeof(*out);
	if (len > n * sizeof(*out))
		len = n * sizeof(*out);
	memcpy(out, mnl_attr_get_payload(attr), len);
	return len / sizeof(*out);
}

/* What sockdiag_dump_records carries from reply to reply. */
struct records_ctx {
	sockdiag_decode_fn decode;
	void *rec;
	sockdiag_rec_fn sink;
	void *ctx;
	size_t emitted;
};

static int
on_record_msg(const struct nlmsghdr *nlh, void *data)
{
	struct records_ctx *rc = data;
	int err;

	if (rc->decode(nlh, rc->rec) < 0)
		return 0; /* skip what we cannot read, keep the rest */
	if (rc->sink != NULL && (err = rc->sink(rc->rec, rc->ctx)) < 0)
		return err;
	rc->emitted++;
	return 0;
}

int
sockdiag_dump_records(struct sockdiag *sd, const void *req, size_t len,
    sockdiag_decode_fn decode, void *rec, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted)
{
	struct records_ctx rc = {decode, rec, sink, ctx, 0};
	int err = sockdiag_dump_family(sd, req, len, on_record_msg, &rc);

	*emitted = rc.emitted;
	return err;
}
