/* SPDX-License-Identifier: MIT */
/* Unit tests for packetdiag.c, netlinkdiag.c, procfam.c, packetsock.c,
 * netlinksock.c and fmt_packet.c: the packet and netlink socket
 * decoders on hand-made replies and lines. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink_diag.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>

#include "netlinkdiag.h"
#include "packetdiag.h"
#include "procfam.h"

/* A reply as the kernel builds it: header, message, attributes. */
static struct nlmsghdr *
reply(char *buf, const void *msg, size_t len)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, 1024);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	memcpy(mnl_nlmsg_put_extra_header(nlh, len), msg, len);
	return nlh;
}

START_TEST(packet_reply_decodes)
{
	char buf[1024];
	struct packet_diag_msg msg = {.pdiag_family = AF_PACKET,
	    .pdiag_type = SOCK_RAW,
	    .pdiag_num = 0x0003,
	    .pdiag_ino = 4242};
	struct packet_diag_info info = {.pdi_index = 1,
	    .pdi_flags = PDI_RUNNING};
	struct packet_diag_mclist ml = {.pdmc_index = 1, .pdmc_type = 1};
	uint32_t mem[SK_MEMINFO_VARS] = {0};
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));
	struct packet_rec r;
	char name[PACKETSOCK_PROTO_MAX];

	mem[SK_MEMINFO_RMEM_ALLOC] = 768;
	mem[SK_MEMINFO_DROPS] = 5;
	mnl_attr_put(nlh, PACKET_DIAG_INFO, sizeof(info), &info);
	mnl_attr_put(nlh, PACKET_DIAG_MCLIST, sizeof(ml), &ml);
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 1000);
	mnl_attr_put(nlh, PACKET_DIAG_MEMINFO, sizeof(mem), mem);
	ck_assert_int_eq(packetdiag_decode(nlh, &r), 0);
	ck_assert_uint_eq(r.type, SOCK_RAW);
	ck_assert_str_eq(packetsock_protocol_name(r.protocol, name), "all");
	ck_assert_uint_eq(r.ifindex, 1);
	ck_assert(r.running && r.promisc && r.has_netlink && !r.has_filter);
	ck_assert_uint_eq(r.uid, 1000);
	ck_assert_uint_eq(r.rxq, 768);
	ck_assert_uint_eq(r.drops, 5);
	ck_assert_uint_eq(r.inode, 4242);
	ck_assert_str_eq(packetsock_protocol_name(0x88b5, name), "0x88b5");
	ck_assert_str_eq(packetsock_protocol_name(0x0800, name), "ip");
	ck_assert_str_eq(packetsock_type_name(SOCK_DGRAM), "dgram");
}
END_TEST

START_TEST(packet_reply_rejects_garbage)
{
	char buf[1024];
	struct packet_diag_msg msg = {.pdiag_family = AF_INET};
	struct packet_rec r;
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));

	/* another family's message, a cut one, an attribute too long */
	ck_assert_int_eq(packetdiag_decode(nlh, &r), -EBADMSG);
	msg.pdiag_family = AF_PACKET;
	nlh = reply(buf, &msg, sizeof(msg));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(msg) - 1);
	ck_assert_int_eq(packetdiag_decode(nlh, &r), -EBADMSG);
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 7);
	((struct nlattr *)((char *)nlh + NLMSG_LENGTH(sizeof(msg))))->nla_len =
	    200;
	/* libmnl stops at an attribute that overruns the message: not read */
	ck_assert_int_eq(packetdiag_decode(nlh, &r), 0);
	ck_assert_uint_eq(r.uid, 0);
	/* a short info attribute is not read */
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put_u32(nlh, PACKET_DIAG_INFO, 3);
	ck_assert_int_eq(packetdiag_decode(nlh, &r), 0);
	ck_assert_uint_eq(r.ifindex, 0);
}
END_TEST

START_TEST(netlink_reply_decodes)
{
	char buf[1024], text[64];
	struct netlink_diag_msg msg = {.ndiag_family = AF_NETLINK,
	    .ndiag_protocol = 15,
	    .ndiag_portid = 321,
	    .ndiag_ino = 99};
	unsigned long groups[2] = {0x5, 0};
	uint32_t mem[SK_MEMINFO_VARS] = {0};
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));
	struct netlink_rec r;
	char name[NETLINKSOCK_PROTO_MAX];

	mem[SK_MEMINFO_RMEM_ALLOC] = 10;
	mem[SK_MEMINFO_WMEM_ALLOC] = 20;
	mem[SK_MEMINFO_DROPS] = 3;
	mnl_attr_put(nlh, NETLINK_DIAG_GROUPS, sizeof(groups), groups);
	mnl_attr_put(nlh, NETLINK_DIAG_MEMINFO, sizeof(mem), mem);
	ck_assert_int_eq(netlinkdiag_decode(nlh, &r), 0);
	ck_assert_str_eq(netlinksock_protocol_name(r.protocol, name), "uevent");
	ck_assert_uint_eq(r.portid, 321);
	ck_assert_uint_eq(r.groups, 0x5);
	ck_assert_uint_eq(r.rxq, 10);
	ck_assert_uint_eq(r.txq, 20);
	ck_assert(r.has_drops);
	ck_assert_uint_eq(r.drops, 3);
	ck_assert_uint_eq(r.inode, 99);
	netlinksock_groups_text(r.groups, text, sizeof(text));
	ck_assert_str_eq(text, "1,3");
	ck_assert_str_eq(netlinksock_protocol_name(0, name), "rtnl");
	ck_assert_str_eq(netlinksock_protocol_name(4, name), "tcpdiag");
	ck_assert_str_eq(netlinksock_protocol_name(17, name), "17");
	/* every group, cut to fit */
	netlinksock_groups_text(UINT64_MAX, text, 16);
	ck_assert_ptr_nonnull(strstr(text, "..."));
	ck_assert_uint_lt(strlen(text), 16);
	netlinksock_groups_text(0, text, sizeof(text));
	ck_assert_str_eq(text, "-");
	msg.ndiag_family = AF_PACKET;
	nlh = reply(buf, &msg, sizeof(msg));
	ck_assert_int_eq(netlinkdiag_decode(nlh, &r), -EBADMSG);
}
END_TEST

START_TEST(proc_lines_parse)
{
	struct packet_rec p;
	struct netlink_rec n;

	ck_assert_int_eq(procfam_parse_packet("00000000811b4f8c 3      3    "
					      "0003   1     1 0      1000   "
					      "2764450",
			     &p),
	    0);
	ck_assert_uint_eq(p.type, SOCK_RAW);
	ck_assert_uint_eq(p.protocol, 3);
	ck_assert_uint_eq(p.ifindex, 1);
	ck_assert(p.running && !p.has_netlink);
	ck_assert_uint_eq(p.uid, 1000);
	ck_assert_uint_eq(p.inode, 2764450);
	ck_assert_int_eq(
	    procfam_parse_netlink("00000000e56cc0d3 0   14469      "
				  "00000005 0        0        0 "
				  "    2        7        2764452 ",
		&n),
	    0);
	ck_assert_uint_eq(n.protocol, 0);
	ck_assert_uint_eq(n.portid, 14469);
	ck_assert_uint_eq(n.groups, 5);
	ck_assert_uint_eq(n.drops, 7);
	ck_assert_uint_eq(n.inode, 2764452);
	/* out of range, short, trailing words, hidden pointer of zeros */
	ck_assert_int_eq(procfam_parse_packet("0 3 3 10003 1 1 0 0 1", &p), -1);
	ck_assert_int_eq(procfam_parse_packet("0 3 3 0003 1 2 0 0 1", &p), -1);
	ck_assert_int_eq(procfam_parse_packet("0 3 3 0003 1 1 0 0", &p), -1);
	ck_assert_int_eq(procfam_parse_packet("0 3 3 0003 1 1 0 0 1 x", &p),
	    -1);
	ck_assert_int_eq(procfam_parse_packet("0000000000000000 3 2 0800 0 1 "
					      "0 0 5",
			     &p),
	    0);
	ck_assert_int_eq(procfam_parse_netlink("0 256 0 0 0 0 0 2 0 1", &n),
	    -1);
	ck_assert_int_eq(
	    procfam_parse_netlink("0 0 0 100000000 0 0 0 2 0 1", &n), -1);
}
END_TEST

static Suite *
famdiag_suite(void)
{
	Suite *s = suite_create("famdiag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, packet_reply_decodes);
	tcase_add_test(tc, packet_reply_rejects_garbage);
	tcase_add_test(tc, netlink_reply_decodes);
	tcase_add_test(tc, proc_lines_parse);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(famdiag_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
