/* SPDX-License-Identifier: MIT */
/* probe: each sock_diag module is asked for a dump of no socket, and the
 * answer (the dump's end, or the kernel's refusal) is what --version
 * says. The replies are fed through the real receive loop. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "nlreply.h"
#include "probe.h"
#include "sockdiag.h"

/* The request the last probe sent, kept by keep_send. */
static char sent[256];
static size_t sent_len;

static int
keep_send(void *ctx, const struct nlmsghdr *req, size_t len)
{
	if (len <= sizeof(sent)) {
		memcpy(sent, req, len);
		sent_len = len;
	}
	return sockdiag_feed_send(ctx, req, len);
}

/* Probe d with one reply datagram: NLMSG_DONE when error is 0, else
 * NLMSG_ERROR with error. Returns probe_diag's result, having checked
 * that exactly one request went out. */
static int
probe_with(enum probe_diag d, int error)
{
	static char buf[4096];
	const void *dgram[1] = {buf};
	size_t lens[1];
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 1};
	struct sockdiag_io io = {keep_send, sockdiag_feed_recv, &feed};
	struct sockdiag *sd;
	int err;

	lens[0] = error == 0 ? nlreply_done(buf, 0) : nlreply_error(buf, error);
	sent_len = 0;
	sd = sockdiag_open_io(&io);
	err = probe_diag(sd, d);
	sockdiag_close(sd);
	ck_assert_uint_eq(feed.sent, 1);
	return err;
}

START_TEST(probe_answered_dump_is_yes)
{
	ck_assert_int_eq(probe_with(PROBE_TCP_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_UDP_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_RAW_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_UNIX_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_PACKET_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_NETLINK_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_SCTP_DIAG, 0), 0);
	ck_assert_int_eq(probe_with(PROBE_XDP_DIAG, 0), 0);
}
END_TEST

START_TEST(probe_refused_dump_is_no)
{
	ck_assert_int_eq(probe_with(PROBE_RAW_DIAG, -ENOENT), -ENOENT);
	ck_assert_int_eq(probe_with(PROBE_UNIX_DIAG, -ENOENT), -ENOENT);
	ck_assert_int_eq(probe_with(PROBE_TCP_DIAG, -EPERM), -EPERM);
	ck_assert_int_eq(probe_with(PROBE_VSOCK_DIAG, -ENOENT), -ENOENT);
	ck_assert_int_eq(probe_with(PROBE_PACKET_DIAG, -ENOENT), -ENOENT);
}
END_TEST

/* The request asks for no state at all: the kernel lists nothing. */
START_TEST(probe_asks_for_no_socket)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)sent;
	const struct inet_diag_req_v2 *req;
	const struct unix_diag_req *ureq;

	probe_with(PROBE_RAW_DIAG, 0);
	ck_assert_uint_ge(sent_len, NLMSG_LENGTH(sizeof(*req)));
	ck_assert_uint_eq(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	ck_assert(nlh->nlmsg_flags & NLM_F_DUMP);
	req = mnl_nlmsg_get_payload(nlh);
	ck_assert_uint_eq(req->sdiag_family, AF_INET);
	ck_assert_uint_eq(req->sdiag_protocol, IPPROTO_RAW);
	ck_assert_uint_eq(req->idiag_states, 0);

	probe_with(PROBE_UNIX_DIAG, 0);
	ck_assert_uint_ge(sent_len, NLMSG_LENGTH(sizeof(*ureq)));
	ureq = mnl_nlmsg_get_payload(nlh);
	ck_assert_uint_eq(ureq->sdiag_family, AF_UNIX);
	ck_assert_uint_eq(ureq->udiag_states, 0);

	/* MPTCP's number does not fit the request's byte: an attribute
	 * carries it, as ss -M sends it */
	probe_with(PROBE_MPTCP_DIAG, 0);
	req = mnl_nlmsg_get_payload(nlh);
	ck_assert_uint_eq(req->sdiag_family, AF_INET);
	ck_assert_uint_eq(req->idiag_states, 0);
	ck_assert_uint_eq(sent_len, NLMSG_LENGTH(sizeof(*req)) + 8);
	ck_assert_uint_eq(
	    *(const uint16_t *)(sent + NLMSG_LENGTH(sizeof(*req)) + 2),
	    INET_DIAG_REQ_PROTOCOL);
	ck_assert_uint_eq(
	    *(const uint32_t *)(sent + NLMSG_LENGTH(sizeof(*req)) + 4),
	    IPPROTO_MPTCP);
	probe_with(PROBE_VSOCK_DIAG, 0);
	req = mnl_nlmsg_get_payload(nlh);
	ck_assert_uint_eq(req->sdiag_family, AF_VSOCK);
}
END_TEST

static void
expect_line(enum probe_diag d, int err, const char *want)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(out);
	probe_write_line(out, d, err);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_str_eq(text, want);
	free(text);
}

START_TEST(probe_lines)
{
	expect_line(PROBE_TCP_DIAG, 0, "netlink tcp_diag: yes\n");
	expect_line(PROBE_RAW_DIAG, -ENOENT,
	    "netlink raw_diag: no (not in this kernel; /proc/net/raw and "
	    "raw6 are read instead)\n");
	expect_line(PROBE_SCTP_DIAG, -ENOENT,
	    "netlink sctp_diag: no (not in this kernel; SCTP sockets cannot "
	    "be listed)\n");
	expect_line(PROBE_MPTCP_DIAG, 0,
	    "netlink mptcp_diag: yes (-M lists MPTCP sockets)\n");
	expect_line(PROBE_SCTP_DIAG, 0,
	    "netlink sctp_diag: yes (-S lists SCTP sockets)\n");
	expect_line(PROBE_XDP_DIAG, 0,
	    "netlink xdp_diag: yes (--xdp lists XDP sockets)\n");
	expect_line(PROBE_UNIX_DIAG, -EACCES,
	    "netlink unix_diag: no (Permission denied; /proc/net/unix is "
	    "read instead)\n");
}
END_TEST

static Suite *
probe_suite(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, probe_answered_dump_is_yes);
	tcase_add_test(tc, probe_refused_dump_is_no);
	tcase_add_test(tc, probe_asks_for_no_socket);
	tcase_add_test(tc, probe_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(probe_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
