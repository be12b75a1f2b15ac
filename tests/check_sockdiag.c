/* sockdiag: inet_diag replies decoded from hand-made bytes, and the
 * SOCK_DESTROY request that -K sends. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockdiag.h"

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
		char buf[SOCKDIAG_DESTROY_SIZE];
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
		char buf[SOCKDIAG_DESTROY_SIZE];
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

static Suite *
sockdiag_suite(void)
{
	Suite *s = suite_create("sockdiag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, decode_keeps_cookie_and_device);
	tcase_add_test(tc, decode_rejects_truncated);
	tcase_add_test(tc, destroy_request_round_trips_the_id);
	tcase_add_test(tc, destroy_request_without_cookie);
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
