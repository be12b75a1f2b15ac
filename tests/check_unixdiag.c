/* SPDX-License-Identifier: MIT */
/* unixdiag: unix_diag replies decoded from hand-made bytes. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "unixdiag.h"
#include "unixsock.h"

/* A reply for a socket of type and kernel state, inode ino. */
static struct nlmsghdr *
make_reply(char *buf, uint8_t type, uint8_t state, uint32_t ino)
{
	struct nlmsghdr *nlh;
	struct unix_diag_msg *msg;

	memset(buf, 0, 1024);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg = mnl_nlmsg_put_extra_header(nlh, sizeof(*msg));
	msg->udiag_family = AF_UNIX;
	msg->udiag_type = type;
	msg->udiag_state = state;
	msg->udiag_ino = ino;
	return nlh;
}

/* 8-byte aligned, as the kernel's replies are */
static _Alignas(8) char buf[1024];

START_TEST(decodes_listener_with_abstract_name)
{
	struct nlmsghdr *nlh = make_reply(buf, SOCK_STREAM, 10, 4242);
	struct unix_diag_rqlen q = {.udiag_rqueue = 1, .udiag_wqueue = 5};
	static const char name[] = "\0abs\0x"; /* 6 bytes, as bound */
	uint32_t icons[2] = {77, 78};
	struct unix_rec r, p;

	mnl_attr_put(nlh, UNIX_DIAG_NAME, 6, name);
	mnl_attr_put(nlh, UNIX_DIAG_RQLEN, sizeof(q), &q);
	mnl_attr_put_u32(nlh, UNIX_DIAG_UID, 1000);
	mnl_attr_put(nlh, UNIX_DIAG_ICONS, sizeof(icons), icons);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), 0);
	ck_assert_uint_eq(r.type, SOCK_STREAM);
	ck_assert(unixsock_is_listening(&r));
	ck_assert_str_eq(unixsock_state_name(&r), "LISTENING");
	ck_assert_uint_eq(r.inode, 4242);
	ck_assert_uint_eq(r.path_len, 6);
	ck_assert(memcmp(r.path, "@abs@x", 6) == 0);
	ck_assert(r.has_queues);
	ck_assert_uint_eq(r.rqueue, 1);
	ck_assert_uint_eq(r.wqueue, 5);
	ck_assert(r.has_uid);
	ck_assert_uint_eq(r.uid, 1000);
	ck_assert(!r.has_refcnt);
	/* the two connections waiting in its queue */
	ck_assert_uint_eq(unixdiag_pending(nlh, &r, 0, &p), 2);
	ck_assert_uint_eq(p.inode, 0);
	ck_assert_uint_eq(p.peer, 77);
	ck_assert_str_eq(unixsock_state_name(&p), "CONNECTING");
	ck_assert(memcmp(p.path, "@abs@x", 6) == 0);
	ck_assert_uint_eq(unixdiag_pending(nlh, &r, 1, &p), 2);
	ck_assert_uint_eq(p.peer, 78);
}
END_TEST

START_TEST(decodes_connected_path_and_peer)
{
	struct nlmsghdr *nlh = make_reply(buf, SOCK_DGRAM, 1, 10);
	static const char name[] = "/run/x.sock"; /* with its NUL */
	struct unix_rec r, p;

	mnl_attr_put(nlh, UNIX_DIAG_NAME, sizeof(name), name);
	mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 11);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), 0);
	ck_assert_str_eq(unixsock_state_name(&r), "CONNECTED");
	ck_assert_uint_eq(r.path_len, 11);
	ck_assert(memcmp(r.path, "/run/x.sock", 11) == 0);
	ck_assert(r.has_peer);
	ck_assert_uint_eq(r.peer, 11);
	ck_assert(!r.has_uid);
	ck_assert_uint_eq(unixdiag_pending(nlh, &r, 0, &p), 0);
}
END_TEST

START_TEST(unconnected_is_blank)
{
	struct unix_rec r;

	ck_assert_int_eq(
	    unixdiag_decode(make_reply(buf, SOCK_DGRAM, 7, 12), &r), 0);
	ck_assert_str_eq(unixsock_state_name(&r), "");
	ck_assert(!unixsock_is_listening(&r));
	ck_assert_uint_eq(r.path_len, 0);
}
END_TEST

START_TEST(rejects_malformed)
{
	struct nlmsghdr *nlh;
	struct unix_rec r;
	char big[200];
	uint16_t odd = 7;

	/* truncated header */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct unix_diag_msg) - 1);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), -EBADMSG);
	/* another family */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	((struct unix_diag_msg *)mnl_nlmsg_get_payload(nlh))->udiag_family =
	    AF_INET;
	ck_assert_int_eq(unixdiag_decode(nlh, &r), -EBADMSG);
	/* a short peer */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	mnl_attr_put_u16(nlh, UNIX_DIAG_PEER, odd);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), -EBADMSG);
	/* a short queue length */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	mnl_attr_put_u32(nlh, UNIX_DIAG_RQLEN, 1);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), -EBADMSG);
	/* a name longer than sun_path */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	memset(big, 'a', sizeof(big));
	mnl_attr_put(nlh, UNIX_DIAG_NAME, sizeof(big), big);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), -EBADMSG);
	/* an attribute running past the message is not read */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 5);
	nlh->nlmsg_len -= 4;
	ck_assert_int_eq(unixdiag_decode(nlh, &r), 0);
	ck_assert_uint_eq(r.peer, 0);
	/* ICONS not a whole number of inodes */
	nlh = make_reply(buf, SOCK_STREAM, 10, 1);
	mnl_attr_put(nlh, UNIX_DIAG_ICONS, 6, big);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), -EBADMSG);
	/* unknown attributes are skipped */
	nlh = make_reply(buf, SOCK_STREAM, 1, 1);
	mnl_attr_put_u32(nlh, 200, 5);
	ck_assert_int_eq(unixdiag_decode(nlh, &r), 0);
}
END_TEST

static Suite *
unixdiag_suite(void)
{
	Suite *s = suite_create("unixdiag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, decodes_listener_with_abstract_name);
	tcase_add_test(tc, decodes_connected_path_and_peer);
	tcase_add_test(tc, unconnected_is_blank);
	tcase_add_test(tc, rejects_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(unixdiag_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
