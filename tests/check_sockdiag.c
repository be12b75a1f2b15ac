/* SPDX-License-Identifier: MIT */
/* sockdiag: inet_diag replies decoded from hand-made bytes, the same
 * sockets read from /proc/net/tcp lines giving the same records, and the
 * SOCK_DESTROY request that -K sends. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "nlreply.h"
#include "procnet.h"
#include "sock.h"
#include "sockdiag.h"

/* The sockets below as /proc/net/tcp prints them on a little-endian
 * host; elsewhere the words of the addresses read differently. */
static bool
little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

/* One reply: a netlink header and an inet_diag_msg, no attributes. */
struct reply {
	struct nlmsghdr nlh;
	struct inet_diag_msg msg;
};

static void
make_reply(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(sizeof(r->msg));
	r->nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	r->msg.idiag_family = AF_INET;
	r->msg.idiag_state = SOCK_ST_ESTABLISHED;
	r->msg.id.idiag_sport = htons(40000);
	r->msg.id.idiag_dport = htons(9999);
	r->msg.id.idiag_src[0] = htonl(0x7f000001);
	r->msg.id.idiag_dst[0] = htonl(0x7f000002);
	r->msg.id.idiag_if = 3;
	r->msg.id.idiag_cookie[0] = 0x89abcdef;
	r->msg.id.idiag_cookie[1] = 0x01234567;
	r->msg.idiag_inode = 4242;
}

START_TEST(decode_keeps_cookie_and_device)
{
	struct reply r;
	struct sock_rec rec;

	make_reply(&r);
	ck_assert_int_eq(sockdiag_decode(&r.nlh, IPPROTO_TCP, &rec), 0);
	ck_assert_uint_eq(rec.cookie, 0x0123456789abcdefULL);
	ck_assert_uint_eq(rec.ifindex, 3);
	ck_assert_uint_eq(rec.local.port, 40000);
	ck_assert_uint_eq(rec.inode, 4242);
}
END_TEST

START_TEST(decode_reads_the_cgroup_id)
{
	/* the reply, then attributes: a mark, the cgroup id (a u64 at a
	 * 4-aligned place), and one of the wrong size */
	struct {
		struct reply r;
		struct nlattr mark;
		uint32_t mark_v;
		struct nlattr cg;
		uint8_t cg_v[8];
	} m;
	uint64_t id = 0x1122334455667788ULL;
	struct sock_rec rec;

	make_reply(&m.r);
	m.mark.nla_len = sizeof(struct nlattr) + 4;
	m.mark.nla_type = INET_DIAG_MARK;
	m.mark_v = 7;
	m.cg.nla_len = sizeof(struct nlattr) + 8;
	m.cg.nla_type = INET_DIAG_CGROUP_ID;
	memcpy(m.cg_v, &id, 8);
	m.r.nlh.nlmsg_len = sizeof(m);
	ck_assert_int_eq(sockdiag_decode(&m.r.nlh, IPPROTO_TCP, &rec), 0);
	ck_assert_uint_eq(rec.cgroup_id, id);
	/* a cgroup id of the wrong size is not read */
	m.cg.nla_len = sizeof(struct nlattr) + 4;
	m.r.nlh.nlmsg_len = sizeof(m) - 4;
	ck_assert_int_eq(sockdiag_decode(&m.r.nlh, IPPROTO_TCP, &rec), 0);
	ck_assert_uint_eq(rec.cgroup_id, 0);
	/* none: 0 */
	make_reply(&m.r);
	ck_assert_int_eq(sockdiag_decode(&m.r.nlh, IPPROTO_TCP, &rec), 0);
	ck_assert_uint_eq(rec.cgroup_id, 0);
}
END_TEST

START_TEST(decode_rejects_truncated)
{
	struct reply r;
	struct sock_rec rec;

	make_reply(&r);
	r.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(r.msg) - 1);
	ck_assert_int_eq(sockdiag_decode(&r.nlh, IPPROTO_TCP, &rec), -EBADMSG);
}
END_TEST

START_TEST(destroy_request_round_trips_the_id)
{
	struct reply r;
	struct sock_rec rec;
	union {
		struct nlmsghdr nlh;
		char buf[SOCKDIAG_REQUEST_SIZE];
	} out;
	const struct inet_diag_req_v2 *req = NLMSG_DATA(&out.nlh);
	size_t n;

	make_reply(&r);
	ck_assert_int_eq(sockdiag_decode(&r.nlh, IPPROTO_TCP, &rec), 0);
	n = sockdiag_destroy_request(&rec, out.buf, sizeof(out.buf));
	ck_assert_uint_eq(n, NLMSG_LENGTH(sizeof(*req)));
	ck_assert_uint_eq(out.nlh.nlmsg_len, n);
	ck_assert_uint_eq(out.nlh.nlmsg_type, SOCK_DESTROY);
	ck_assert_uint_eq(out.nlh.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_uint_eq(req->sdiag_family, AF_INET);
	ck_assert_uint_eq(req->sdiag_protocol, IPPROTO_TCP);
	/* the kernel finds the socket by exactly the id it reported */
	ck_assert(memcmp(&req->id, &r.msg.id, sizeof(req->id)) == 0);
}
END_TEST

START_TEST(destroy_request_without_cookie)
{
	struct sock_rec rec;
	union {
		struct nlmsghdr nlh;
		char buf[SOCKDIAG_REQUEST_SIZE];
	} out;
	const struct inet_diag_req_v2 *req = NLMSG_DATA(&out.nlh);

	memset(&rec, 0, sizeof(rec));
	rec.family = AF_INET6;
	rec.proto = IPPROTO_TCP;
	rec.local.addr.s6_addr[15] = 1;
	rec.remote.addr.s6_addr[15] = 1;
	rec.local.port = 22;
	rec.remote.port = 50000;
	ck_assert_uint_gt(
	    sockdiag_destroy_request(&rec, out.buf, sizeof(out.buf)), 0);
	ck_assert_uint_eq(req->sdiag_family, AF_INET6);
	ck_assert_uint_eq(req->id.idiag_cookie[0], INET_DIAG_NOCOOKIE);
	ck_assert_uint_eq(req->id.idiag_cookie[1], INET_DIAG_NOCOOKIE);
	ck_assert_uint_eq(ntohs(req->id.idiag_sport), 22);
	ck_assert_uint_eq(ntohs(req->id.idiag_dport), 50000);
	ck_assert(memcmp(req->id.idiag_src, &rec.local.addr, 16) == 0);
	ck_assert_uint_eq(sockdiag_destroy_request(&rec, out.buf, 16), 0);
}
END_TEST

/* A record as a test writes it: 127.0.0.1:9999 to remote (0: none). */
static struct sock_rec
want_rec(uint8_t state, uint32_t remote, uint16_t rport)
{
	struct sock_rec w;

	memset(&w, 0, sizeof(w));
	w.family = AF_INET;
	w.proto = IPPROTO_TCP;
	w.state = state;
	sock_addr_set_v4(&w.local.addr, htonl(0x7f000001));
	sock_addr_set_v4(&w.remote.addr, htonl(remote));
	w.local.port = 9999;
	w.remote.port = rport;
	return w;
}

static void
assert_rec(const struct sock_rec *got, const struct sock_rec *want)
{
	ck_assert_uint_eq(got->state, want->state);
	ck_assert_uint_eq(got->rxq, want->rxq);
	ck_assert_uint_eq(got->txq, want->txq);
	ck_assert_uint_eq(got->backlog, want->backlog);
	ck_assert_uint_eq(got->timer, want->timer);
	ck_assert_uint_eq(got->timer_cs, want->timer_cs);
	ck_assert_uint_eq(got->retrans, want->retrans);
	ck_assert_uint_eq(got->uid, want->uid);
	ck_assert_uint_eq(got->inode, want->inode);
	ck_assert_uint_eq(got->cookie, want->cookie);
	/* and nothing else differs */
	ck_assert_mem_eq(got, want, sizeof(*got));
}

START_TEST(new_syn_recv_as_proc_shows_it)
{
	/* a connection request to the listener 127.0.0.1:9999: netlink
	 * dumps it as TCP_NEW_SYN_RECV, /proc/net/tcp as SYN_RECV (03),
	 * both with the retransmit timer (1 s) and no inode */
	static const char line[] =
	    "   1: 0100007F:270F 0200007F:A000 03 00000000:00000000 "
	    "01:00000064 00000001  1000        0 0 0 0000000000000000";
	struct reply r;
	struct sock_rec nl, proc,
	    want = want_rec(SOCK_ST_SYN_RECV, 0x7f000002, 40960);

	if (!little_endian())
		return;
	want.timer = SOCK_TIMER_ON;
	want.timer_cs = 100;
	want.retrans = 1;
	want.uid = 1000;

	make_reply(&r);
	r.msg.idiag_state = SOCK_ST_NEW_SYN_RECV;
	r.msg.id.idiag_sport = htons(9999);
	r.msg.id.idiag_dport = htons(40960);
	r.msg.id.idiag_if = 0;
	r.msg.id.idiag_cookie[0] = 7;
	r.msg.id.idiag_cookie[1] = 0;
	r.msg.idiag_inode = 0;
	r.msg.idiag_uid = 1000;
	r.msg.idiag_timer = SOCK_TIMER_ON;
	r.msg.idiag_expires = 1000; /* ms */
	r.msg.idiag_retrans = 1;
	ck_assert_int_eq(sockdiag_decode(&r.nlh, IPPROTO_TCP, &nl), 0);
	ck_assert_int_eq(procnet_parse_line(line, AF_INET, IPPROTO_TCP, &proc),
	    0);
	assert_rec(&proc, &want);
	want.cookie = 7; /* only netlink has one */
	assert_rec(&nl, &want);
}
END_TEST

START_TEST(listener_backlog_as_proc_shows_it)
{
	/* a listener with 3 connections waiting to be accepted out of a
	 * backlog of 128: netlink gives rqueue 3 and wqueue 128,
	 * /proc/net/tcp rx_queue 3 and tx_queue 0; netstat shows Recv-Q 3
	 * and Send-Q 0 */
	static const char line[] =
	    "   0: 0100007F:270F 00000000:0000 0A 00000000:00000003 "
	    "00:00000000 00000000  1000        0 4242 1 0000000000000000 "
	    "100 0 0 10 0";
	struct reply r;
	struct sock_rec nl, proc, want = want_rec(SOCK_ST_LISTEN, 0, 0);

	if (!little_endian())
		return;
	want.rxq = 3;
	want.txq = 0;
	want.uid = 1000;
	want.inode = 4242;

	make_reply(&r);
	r.msg.idiag_state = SOCK_ST_LISTEN;
	r.msg.id.idiag_sport = htons(9999);
	r.msg.id.idiag_dport = 0;
	r.msg.id.idiag_dst[0] = 0;
	r.msg.id.idiag_if = 0;
	r.msg.id.idiag_cookie[0] = 0;
	r.msg.id.idiag_cookie[1] = 0;
	r.msg.idiag_uid = 1000;
	r.msg.idiag_rqueue = 3;
	r.msg.idiag_wqueue = 128;
	ck_assert_int_eq(sockdiag_decode(&r.nlh, IPPROTO_TCP, &nl), 0);
	ck_assert_int_eq(procnet_parse_line(line, AF_INET, IPPROTO_TCP, &proc),
	    0);
	assert_rec(&proc, &want);
	want.backlog = 128; /* /proc does not say it: 0, unknown */
	assert_rec(&nl, &want);

	/* the swap is a listener's only: a UDP socket keeps its queues */
	r.msg.idiag_state = SOCK_ST_CLOSE;
	ck_assert_int_eq(sockdiag_decode(&r.nlh, IPPROTO_UDP, &nl), 0);
	ck_assert_uint_eq(nl.rxq, 3);
	ck_assert_uint_eq(nl.txq, 128);
	ck_assert_uint_eq(nl.backlog, 0);
}
END_TEST

/* Three answers to a batch of three lookups, one datagram each as the
 * kernel sends them: the records of inodes 10 and 20, then the third's
 * answer (a record of inode 30, or an error when error is not 0). */
struct batch_answers {
	char buf[3][256] __attribute__((aligned(8)));
	const void *dgram[3];
	size_t len[3];
	struct sockdiag_feed feed;
};

static void
make_answers(struct batch_answers *a, int error)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < 3; i++) {
		struct reply r;

		make_reply(&r);
		r.nlh.nlmsg_seq = (uint32_t)(NLREPLY_FIRST_SEQ + i);
		r.msg.idiag_inode = (uint32_t)(10 * (i + 1));
		r.msg.id.idiag_sport = htons((uint16_t)(40000 + i));
		memcpy(a->buf[i], &r, sizeof(r));
		a->len[i] = sizeof(r);
		a->dgram[i] = a->buf[i];
	}
	if (error != 0) {
		a->len[2] = nlreply_error(a->buf[2], error);
		((struct nlmsghdr *)a->buf[2])->nlmsg_seq =
		    NLREPLY_FIRST_SEQ + 2;
	}
	a->feed =
	    (struct sockdiag_feed){.dgram = a->dgram, .len = a->len, .n = 3};
}

/* Look up three sockets, inodes 10, 20 and 30, through the answers. */
static int
lookup_three(struct batch_answers *a, struct sock_list *out)
{
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv,
	    &a->feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	struct sock_rec keys[3];
	size_t i;
	int err;

	memset(keys, 0, sizeof(keys));
	for (i = 0; i < 3; i++) {
		keys[i].family = AF_INET;
		keys[i].proto = IPPROTO_TCP;
		keys[i].inode = 10 * (i + 1);
	}
	sock_list_init(out);
	err = sockdiag_lookup_batch(sd, keys, 3, false, sock_list_sink, out);
	sockdiag_close(sd);
	/* the three requests went out in one message */
	ck_assert_uint_eq(a->feed.sent, 1);
	ck_assert_uint_eq(a->feed.last_seq, NLREPLY_FIRST_SEQ);
	return err;
}

START_TEST(lookup_batch_answers_in_order)
{
	struct batch_answers a;
	struct sock_list out;

	make_answers(&a, 0);
	ck_assert_int_eq(lookup_three(&a, &out), 0);
	ck_assert_uint_eq(out.len, 3);
	ck_assert_uint_eq(out.v[0].inode, 10);
	ck_assert_uint_eq(out.v[2].inode, 30);
	ck_assert_uint_eq(out.v[2].local.port, 40002);
	sock_list_fini(&out);
}
END_TEST

START_TEST(lookup_batch_fails_on_a_bad_answer)
{
	struct batch_answers a;
	struct sock_list out;

	/* a socket the kernel does not find */
	make_answers(&a, -ENOENT);
	ck_assert_int_eq(lookup_three(&a, &out), -ENOENT);
	ck_assert_uint_eq(out.len, 2);
	sock_list_fini(&out);

	/* another socket than the one meant (its inode) */
	make_answers(&a, 0);
	((struct reply *)a.buf[1])->msg.idiag_inode = 21;
	ck_assert_int_eq(lookup_three(&a, &out), -ESTALE);
	ck_assert_uint_eq(out.len, 1);
	sock_list_fini(&out);

	/* an answer missing: an error, not a wait */
	make_answers(&a, 0);
	a.feed.n = 2;
	ck_assert_int_eq(lookup_three(&a, &out), -ENODATA);
	sock_list_fini(&out);

	/* an answer to no request of the batch */
	make_answers(&a, 0);
	((struct nlmsghdr *)a.buf[1])->nlmsg_seq = NLREPLY_FIRST_SEQ + 3;
	ck_assert_int_eq(lookup_three(&a, &out), -EPROTO);
	sock_list_fini(&out);

	/* an ack, which no request asked for */
	make_answers(&a, 0);
	a.len[2] = nlreply_error(a.buf[2], 0);
	((struct nlmsghdr *)a.buf[2])->nlmsg_seq = NLREPLY_FIRST_SEQ + 2;
	ck_assert_int_eq(lookup_three(&a, &out), -EBADMSG);
	sock_list_fini(&out);

	/* a record cut short */
	make_answers(&a, 0);
	((struct nlmsghdr *)a.buf[0])->nlmsg_len = NLMSG_LENGTH(8);
	a.len[0] = NLMSG_LENGTH(8);
	ck_assert_int_eq(lookup_three(&a, &out), -EBADMSG);
	sock_list_fini(&out);
}
END_TEST

START_TEST(lookup_batch_bounds)
{
	struct sockdiag_feed feed = {0};
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv, &feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	struct sock_rec keys[SOCKDIAG_BATCH + 1];
	struct sock_list out;

	memset(keys, 0, sizeof(keys));
	sock_list_init(&out);
	ck_assert_int_eq(
	    sockdiag_lookup_batch(sd, keys, 0, false, sock_list_sink, &out), 0);
	ck_assert_int_eq(sockdiag_lookup_batch(sd, keys, SOCKDIAG_BATCH + 1,
			     false, sock_list_sink, &out),
	    -EINVAL);
	ck_assert_uint_eq(feed.sent, 0);
	sock_list_fini(&out);
	sockdiag_close(sd);
}
END_TEST

static Suite *
sockdiag_suite(void)
{
	Suite *s = suite_create("sockdiag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, decode_keeps_cookie_and_device);
	tcase_add_test(tc, decode_reads_the_cgroup_id);
	tcase_add_test(tc, decode_rejects_truncated);
	tcase_add_test(tc, destroy_request_round_trips_the_id);
	tcase_add_test(tc, destroy_request_without_cookie);
	tcase_add_test(tc, new_syn_recv_as_proc_shows_it);
	tcase_add_test(tc, listener_backlog_as_proc_shows_it);
	tcase_add_test(tc, lookup_batch_answers_in_order);
	tcase_add_test(tc, lookup_batch_fails_on_a_bad_answer);
	tcase_add_test(tc, lookup_batch_bounds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sockdiag_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
