/* SPDX-License-Identifier: MIT */
/* Unit tests for sctpdiag.c, vsockdiag.c and xdpdiag.c: the decoders of
 * the families whose diag modules this machine's kernel may lack, on
 * hand-made replies, and their dumps fed through the real receive loop. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/vm_sockets_diag.h>
#include <linux/xdp_diag.h>

#include "filter.h"
#include "fmt_json.h"
#include "fmt_sctp.h"
#include "fmt_tcpinfo.h"
#include "fmt_text.h"
#include "fmt_vsock.h"
#include "fmt_xdp.h"
#include "mptcpinfo.h"
#include "nlreply.h"
#include "proto.h"
#include "sctpdiag.h"
#include "sockdiag.h"
#include "sockext.h"
#include "vsockdiag.h"
#include "xdpdiag.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

/* A reply as the kernel builds it: header, message, attributes. */
static struct nlmsghdr *
reply(char *buf, const void *msg, size_t len)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, 2048);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	memcpy(mnl_nlmsg_put_extra_header(nlh, len), msg, len);
	return nlh;
}

/* n IPv4 addresses as INET_DIAG_LOCALS or _PEERS carry them: struct
 * sockaddr_storage each. */
static void
put_addrs(struct nlmsghdr *nlh, uint16_t type, const char *const *addrs,
    size_t n)
{
	struct sockaddr_storage ss[3];
	size_t i;

	memset(ss, 0, sizeof(ss));
	for (i = 0; i < n; i++) {
		struct sockaddr_in sin = {.sin_family = AF_INET};

		ck_assert_int_eq(inet_pton(AF_INET, addrs[i], &sin.sin_addr),
		    1);
		memcpy(&ss[i], &sin, sizeof(sin));
	}
	mnl_attr_put(nlh, type, (uint16_t)(n * sizeof(ss[0])), ss);
}

static void
assert_v4(const struct in6_addr *a, const char *text)
{
	char buf[INET6_ADDRSTRLEN];

	/* kept as ::ffff:a.b.c.d */
	ck_assert_ptr_nonnull(
	    inet_ntop(AF_INET, &a->s6_addr[12], buf, sizeof(buf)));
	ck_assert_str_eq(buf, text);
	ck_assert_uint_eq(a->s6_addr[10], 0xff);
}

START_TEST(sctp_association_decodes)
{
	char buf[2048];
	struct inet_diag_msg msg = {.idiag_family = AF_INET,
	    .idiag_state = SCTPDIAG_ESTABLISHED,
	    .idiag_rqueue = 3,
	    .idiag_wqueue = 4,
	    .idiag_uid = 1000,
	    .idiag_inode = 777};
	static const char *const locals[] = {"10.0.0.1", "10.0.1.1"};
	static const char *const peers[] = {"10.0.0.2", "10.0.1.2", "10.0.2.2"};
	uint32_t info[64] = {0};
	struct nlmsghdr *nlh;
	struct sctp_rec r;

	msg.id.idiag_sport = htons(3868);
	msg.id.idiag_dport = htons(40000);
	msg.id.idiag_src[0] = htonl(0x0a000001);
	msg.id.idiag_dst[0] = htonl(0x0a000002);
	msg.id.idiag_cookie[0] = 5;
	info[0] = 0xdeadbeef;	   /* sctpi_tag */
	info[4] = 10u | 12u << 16; /* in, out streams */
	nlh = reply(buf, &msg, sizeof(msg));
	put_addrs(nlh, INET_DIAG_LOCALS, locals, 2);
	put_addrs(nlh, INET_DIAG_PEERS, peers, 3);
	mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(info), info);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert(r.assoc && r.has_info);
	ck_assert_str_eq(sctpdiag_state_name(&r), "ESTAB");
	ck_assert_uint_eq(r.local.port, 3868);
	ck_assert_uint_eq(r.remote.port, 40000);
	assert_v4(&r.local.addr, "10.0.0.1");
	assert_v4(&r.remote.addr, "10.0.0.2");
	ck_assert_uint_eq(r.nlocals, 2);
	ck_assert_uint_eq(r.npeers, 3);
	assert_v4(&r.locals[1], "10.0.1.1");
	assert_v4(&r.peers[2], "10.0.2.2");
	ck_assert_uint_eq(r.rxq, 3);
	ck_assert_uint_eq(r.txq, 4);
	ck_assert_uint_eq(r.uid, 1000);
	ck_assert_uint_eq(r.inode, 777);
	ck_assert_uint_eq(r.cookie, 5);
	ck_assert_uint_eq(r.tag, 0xdeadbeef);
	ck_assert_uint_eq(r.instreams, 10);
	ck_assert_uint_eq(r.outstreams, 12);
	/* state 7 is SHUTDOWN_ACK_SENT for an association... */
	msg.idiag_state = 7;
	nlh = reply(buf, &msg, sizeof(msg));
	put_addrs(nlh, INET_DIAG_PEERS, peers, 1);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert_str_eq(sctpdiag_state_name(&r), "ACK_SENT");
	/* ...and TCP's CLOSE for an endpoint, which has no peers */
	nlh = reply(buf, &msg, sizeof(msg));
	put_addrs(nlh, INET_DIAG_LOCALS, locals, 2);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert(!r.assoc && !r.has_info);
	ck_assert_str_eq(sctpdiag_state_name(&r), "CLOSE");
	msg.idiag_state = 10;
	nlh = reply(buf, &msg, sizeof(msg));
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert_str_eq(sctpdiag_state_name(&r), "LISTEN");
	ck_assert_uint_eq(r.nlocals, 0);
}
END_TEST

START_TEST(sctp_reply_rejects_garbage)
{
	char buf[2048];
	struct inet_diag_msg msg = {.idiag_family = AF_UNIX};
	struct sctp_rec r;
	struct sockaddr_storage odd[5];
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));

	ck_assert_int_eq(sctpdiag_decode(nlh, &r), -EBADMSG);
	msg.idiag_family = AF_INET6;
	nlh = reply(buf, &msg, sizeof(msg));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(msg) - 1);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), -EBADMSG);
	/* addresses of no known family, more than are kept, and half of
	 * one: counted as far as they are whole and known */
	memset(odd, 0, sizeof(odd));
	odd[0].ss_family = AF_UNIX;
	odd[1].ss_family = AF_INET6;
	odd[2].ss_family = AF_INET6;
	odd[3].ss_family = AF_INET6;
	odd[4].ss_family = AF_INET6;
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put(nlh, INET_DIAG_PEERS, sizeof(odd), odd);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert_uint_eq(r.npeers, 4);
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put(nlh, INET_DIAG_PEERS, sizeof(odd[0]) / 2, &odd[1]);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert(r.assoc);
	ck_assert_uint_eq(r.npeers, 0);
	/* an info too short for the tag and streams is not read */
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put_u32(nlh, INET_DIAG_INFO, 1);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert(!r.has_info);
	/* a state past SCTP's for an association */
	msg.idiag_state = 200;
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put(nlh, INET_DIAG_PEERS, sizeof(odd[1]), &odd[1]);
	ck_assert_int_eq(sctpdiag_decode(nlh, &r), 0);
	ck_assert_str_eq(sctpdiag_state_name(&r), "UNKNOWN");
}
END_TEST

START_TEST(vsock_reply_decodes)
{
	char buf[2048];
	struct vsock_diag_msg msg = {.vdiag_family = AF_VSOCK,
	    .vdiag_type = SOCK_STREAM,
	    .vdiag_state = 10,
	    .vdiag_src_cid = VSOCKDIAG_ANY,
	    .vdiag_src_port = 1024,
	    .vdiag_dst_cid = 0,
	    .vdiag_dst_port = VSOCKDIAG_ANY,
	    .vdiag_ino = 31337,
	    .vdiag_cookie = {1, 2}};
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));
	struct vsock_rec r, s;

	ck_assert_int_eq(vsockdiag_decode(nlh, &r), 0);
	ck_assert_str_eq(vsockdiag_type_name(r.type), "stream");
	ck_assert_uint_eq(r.state, 10);
	ck_assert_uint_eq(r.local_cid, VSOCKDIAG_ANY);
	ck_assert_uint_eq(r.local_port, 1024);
	ck_assert_uint_eq(r.peer_port, VSOCKDIAG_ANY);
	ck_assert_uint_eq(r.inode, 31337);
	ck_assert_uint_eq(r.cookie, (uint64_t)2 << 32 | 1);
	s = r;
	ck_assert_int_eq(vsockdiag_identity_cmp(&r, &s), 0);
	s.cookie++;
	ck_assert_int_lt(vsockdiag_identity_cmp(&r, &s), 0);
	ck_assert_str_eq(vsockdiag_type_name(SOCK_SEQPACKET), "seqpacket");
	ck_assert_str_eq(vsockdiag_type_name(99), "?");
	/* another family, a cut message */
	msg.vdiag_family = AF_INET;
	nlh = reply(buf, &msg, sizeof(msg));
	ck_assert_int_eq(vsockdiag_decode(nlh, &r), -EBADMSG);
	msg.vdiag_family = AF_VSOCK;
	nlh = reply(buf, &msg, sizeof(msg));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(msg) - 4);
	ck_assert_int_eq(vsockdiag_decode(nlh, &r), -EBADMSG);
}
END_TEST

START_TEST(xdp_reply_decodes)
{
	char buf[2048];
	struct xdp_diag_msg msg = {.xdiag_family = AF_XDP,
	    .xdiag_type = SOCK_RAW,
	    .xdiag_ino = 4711,
	    .xdiag_cookie = {9, 0}};
	struct xdp_diag_info info = {.ifindex = 3, .queue_id = 2};
	struct xdp_diag_ring rx = {2048}, tx = {1024}, fr = {4096}, cr = {512};
	struct xdp_diag_umem umem = {.size = 1 << 22,
	    .id = 6,
	    .chunk_size = 2048,
	    .flags = XDP_DU_F_ZEROCOPY};
	struct xdp_diag_stats st = {.n_rx_dropped = 11,
	    .n_rx_invalid = 12,
	    .n_tx_invalid = 13};
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));
	struct xdp_rec r;

	mnl_attr_put(nlh, XDP_DIAG_INFO, sizeof(info), &info);
	mnl_attr_put_u32(nlh, XDP_DIAG_UID, 1001);
	mnl_attr_put(nlh, XDP_DIAG_RX_RING, sizeof(rx), &rx);
	mnl_attr_put(nlh, XDP_DIAG_TX_RING, sizeof(tx), &tx);
	mnl_attr_put(nlh, XDP_DIAG_UMEM, sizeof(umem), &umem);
	mnl_attr_put(nlh, XDP_DIAG_UMEM_FILL_RING, sizeof(fr), &fr);
	mnl_attr_put(nlh, XDP_DIAG_UMEM_COMPLETION_RING, sizeof(cr), &cr);
	mnl_attr_put(nlh, XDP_DIAG_STATS, sizeof(st), &st);
	ck_assert_int_eq(xdpdiag_decode(nlh, &r), 0);
	ck_assert(r.has_info && r.has_uid && r.has_umem && r.has_stats);
	ck_assert_uint_eq(r.ifindex, 3);
	ck_assert_uint_eq(r.queue, 2);
	ck_assert_uint_eq(r.uid, 1001);
	ck_assert_uint_eq(r.rx_ring, 2048);
	ck_assert_uint_eq(r.tx_ring, 1024);
	ck_assert_uint_eq(r.fill_ring, 4096);
	ck_assert_uint_eq(r.comp_ring, 512);
	ck_assert_uint_eq(r.umem_id, 6);
	ck_assert_uint_eq(r.umem_size, 1 << 22);
	ck_assert_uint_eq(r.umem_chunk, 2048);
	ck_assert(r.zerocopy);
	ck_assert_uint_eq(r.rx_dropped, 11);
	ck_assert_uint_eq(r.rx_invalid, 12);
	ck_assert_uint_eq(r.tx_invalid, 13);
	ck_assert_uint_eq(r.inode, 4711);
	ck_assert_uint_eq(r.cookie, 9);
	ck_assert_str_eq(r.ifname, "");
}
END_TEST

START_TEST(xdp_reply_rejects_garbage)
{
	char buf[2048];
	struct xdp_diag_msg msg = {.xdiag_family = AF_PACKET};
	struct nlmsghdr *nlh = reply(buf, &msg, sizeof(msg));
	struct xdp_rec r;

	ck_assert_int_eq(xdpdiag_decode(nlh, &r), -EBADMSG);
	msg.xdiag_family = AF_XDP;
	nlh = reply(buf, &msg, sizeof(msg));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(msg) - 1);
	ck_assert_int_eq(xdpdiag_decode(nlh, &r), -EBADMSG);
	/* short attributes are not read: a ring of two bytes, an info of
	 * four, a UMEM of eight */
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put_u16(nlh, XDP_DIAG_RX_RING, 7);
	mnl_attr_put_u32(nlh, XDP_DIAG_INFO, 3);
	mnl_attr_put_u64(nlh, XDP_DIAG_UMEM, 1);
	mnl_attr_put_u32(nlh, XDP_DIAG_MAX + 1, 5); /* unknown: skipped */
	ck_assert_int_eq(xdpdiag_decode(nlh, &r), 0);
	ck_assert(!r.has_info && !r.has_umem && r.rx_ring == 0);
	/* an attribute that overruns the message ends the parse */
	nlh = reply(buf, &msg, sizeof(msg));
	mnl_attr_put_u32(nlh, XDP_DIAG_UID, 7);
	((struct nlattr *)((char *)nlh + NLMSG_LENGTH(sizeof(msg))))->nla_len =
	    300;
	ck_assert_int_eq(xdpdiag_decode(nlh, &r), 0);
	ck_assert(!r.has_uid);
}
END_TEST

/* What the kernel sends for a family whose diag module is missing: the
 * dump ends at once with -ENOENT, which each dump hands back. */
struct feed {
	char buf[64];
	size_t len;
	int sent;
	bool given;
};

static int
feed_send(void *ctx, const struct nlmsghdr *req, size_t len)
{
	struct feed *f = ctx;

	(void)req;
	(void)len;
	f->sent++;
	return 0;
}

static ssize_t
feed_recv(void *ctx, void *buf, size_t size)
{
	struct feed *f = ctx;

	if (f->given || size < f->len)
		return 0;
	f->given = true;
	memcpy(buf, f->buf, f->len);
	return (ssize_t)f->len;
}

START_TEST(missing_module_is_enoent)
{
	int k;

	for (k = 0; k < 4; k++) {
		struct feed f = {0};
		struct sockdiag_io io = {feed_send, feed_recv, &f};
		struct sockdiag *sd;
		size_t emitted = 1;
		int err;

		f.len = nlreply_error(f.buf, -ENOENT);
		sd = sockdiag_open_io(&io);
		if (k == 0)
			err = vsockdiag_dump(sd, NULL, NULL, &emitted);
		else if (k == 1)
			err = xdpdiag_dump(sd, NULL, NULL, &emitted);
		else
			err = sctpdiag_dump(sd, k == 2 ? AF_INET : AF_INET6,
			    NULL, NULL, &emitted);
		ck_assert_int_eq(err, -ENOENT);
		ck_assert_uint_eq(emitted, 0);
		ck_assert_int_eq(f.sent, 1);
		sockdiag_close(sd);
	}
}
END_TEST

/* What one formatter call writes, in buf (size bytes). */
#define CAPTURE(buf, call)                                                     \
	do {                                                                   \
		FILE *fp_ = fmemopen(buf, sizeof(buf), "w");                   \
		FILE *fp = fp_;                                                \
		ck_assert_ptr_nonnull(fp_);                                    \
		call;                                                          \
		fclose(fp_);                                                   \
	} while (0)

START_TEST(rows_and_json)
{
	char out[2048];
	struct fmt_opts fo = {.header = true,
	    .numeric_hosts = true,
	    .numeric_ports = true,
	    .user_inode = true,
	    .numeric_users = true,
	    .listen = FILTER_ALL};
	struct fmt_json_opts jo = {.lines = true};
	struct vsock_rec v = {.type = SOCK_STREAM,
	    .state = 10,
	    .local_cid = VSOCKDIAG_ANY,
	    .local_port = 1024,
	    .peer_cid = VSOCKDIAG_ANY,
	    .peer_port = VSOCKDIAG_ANY,
	    .inode = 5};
	struct xdp_rec x = {.type = SOCK_RAW,
	    .has_info = true,
	    .ifindex = 7,
	    .queue = 1,
	    .rx_ring = 2048,
	    .fill_ring = 4096,
	    .inode = 6,
	    .has_uid = true,
	    .uid = 0};
	struct sctp_rec s = {.family = AF_INET,
	    .assoc = true,
	    .state = SCTPDIAG_COOKIE_WAIT,
	    .uid = 0,
	    .inode = 8,
	    .nlocals = 1,
	    .npeers = 2};

	CAPTURE(out, fmt_vsock_row(fp, &fo, &v, ' '));
	ck_assert_str_eq(out,
	    "vsock stream    LISTEN      *:1024                "
	    "*:*                   5         \n");
	CAPTURE(out, fmt_vsock_json(fp, &jo, &v, true, NULL));
	ck_assert_ptr_nonnull(strstr(out, "\"proto\":\"vsock\",\"type\":"
					  "\"stream\",\"state\":\"LISTEN\","
					  "\"local\":{\"cid\":null,\"port\":"
					  "1024},\"peer\":{\"cid\":null,"
					  "\"port\":null}"));
	strcpy(x.ifname, "eth0");
	CAPTURE(out, fmt_xdp_row(fp, &fo, &x, ' '));
	ck_assert_str_eq(out, "xdp   eth0             1       2048    0       "
			      "4096    0       -       -       0          6  "
			      "       \n");
	CAPTURE(out, fmt_xdp_json(fp, &jo, &x, true, NULL));
	ck_assert_ptr_nonnull(strstr(out, "{\"proto\":\"xdp\",\"interface\":"
					  "\"eth0\",\"ifindex\":7,\"queue\":1,"
					  "\"rx_ring\":2048,\"tx_ring\":0,"
					  "\"fill_ring\":4096,"
					  "\"completion_ring\":0,\"umem\":"
					  "null,\"rx_dropped\":null"));
	sock_addr_set_v4(&s.local.addr, htonl(0x7f000001));
	sock_addr_set_v4(&s.locals[0], htonl(0x7f000001));
	sock_addr_set_v4(&s.remote.addr, htonl(0x7f000002));
	sock_addr_set_v4(&s.peers[0], htonl(0x7f000002));
	sock_addr_set_v4(&s.peers[1], htonl(0x7f000003));
	s.local.port = 9;
	s.remote.port = 10;
	CAPTURE(out, fmt_sctp_row(fp, &fo, &s, ' '));
	ck_assert_str_eq(out, "sctp       0      0 127.0.0.1:9             "
			      "127.0.0.2:10            COOKIE_WAIT      0    "
			      "      8         \n");
	CAPTURE(out, fmt_sctp_json(fp, &jo, &s, true, NULL));
	ck_assert_ptr_nonnull(strstr(out, "\"kind\":\"association\","
					  "\"state\":\"COOKIE_WAIT\""));
	ck_assert_ptr_nonnull(strstr(out, "\"peer_addresses\":[\"127.0.0.2\","
					  "\"127.0.0.3\"],"
					  "\"peer_addresses_total\":2"));
	ck_assert_ptr_nonnull(strstr(out, "\"tag\":null,\"streams\":null"));
	CAPTURE(out, fmt_sctp_header(fp, &fo));
	ck_assert_ptr_nonnull(strstr(out, "Active SCTP sockets (servers and "
					  "established)\n"));
}
END_TEST

/* struct mptcp_info as mptcp_diag sends it in INET_DIAG_INFO, decoded
 * by sockext as tcp_info's bytes are, read by mptcpinfo, written in ss
 * -M -i's words (only the fields that are not 0). */
START_TEST(mptcp_info_words)
{
	uint8_t info[48] = {0};
	char attrs[128], line[FMT_TCPINFO_LINE_MAX];
	struct nlattr *a = (struct nlattr *)attrs;
	struct fmt_tcpinfo_opts o = {.show = SOCKEXT_SHOW_INFO};
	struct sock_rec rec = {.proto = PROTO_NUMBER_MPTCP};
	uint32_t flags = MPTCPINFO_REMOTE_KEY, token = 0xa03417ce;
	uint64_t seq = 0x298a6101a49dcd5eULL;
	struct sock_ext x;
	struct mptcpinfo m;

	info[0] = 1; /* subflows */
	info[3] = 2; /* subflows_max */
	memcpy(info + 8, &flags, 4);
	memcpy(info + 12, &token, 4);
	memcpy(info + 16, &seq, 8);
	memcpy(info + 24, &seq, 8);
	info[41] = 3; /* local_addr_max */
	a->nla_type = INET_DIAG_INFO;
	a->nla_len = (uint16_t)(sizeof(*a) + sizeof(info));
	memcpy(attrs + sizeof(*a), info, sizeof(info));
	ck_assert_int_eq(sockext_decode(attrs, a->nla_len, &x), 0);
	ck_assert(mptcpinfo_get(&x, &m));
	ck_assert_uint_eq(m.subflows, 1);
	ck_assert_uint_eq(m.token, token);
	ck_assert(m.has_addrs && m.local_addr_max == 3);
	fmt_tcpinfo_line(&o, &rec, &x, line);
	ck_assert_str_eq(line, "\t subflows:1 subflows_max:2 remote_key "
			       "token:a03417ce write_seq:298a6101a49dcd5e "
			       "snd_una:298a6101a49dcd5e local_addr_max:3\n");
	/* too short for the sequence numbers: nothing read */
	a->nla_len = (uint16_t)(sizeof(*a) + 20);
	ck_assert_int_eq(sockext_decode(attrs, a->nla_len, &x), 0);
	ck_assert(!mptcpinfo_get(&x, &m));
	ck_assert(!mptcpinfo_get(NULL, &m));
}
END_TEST

static Suite *
extradiag_suite(void)
{
	Suite *s = suite_create("extradiag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, sctp_association_decodes);
	tcase_add_test(tc, sctp_reply_rejects_garbage);
	tcase_add_test(tc, vsock_reply_decodes);
	tcase_add_test(tc, xdp_reply_decodes);
	tcase_add_test(tc, xdp_reply_rejects_garbage);
	tcase_add_test(tc, missing_module_is_enoent);
	tcase_add_test(tc, rows_and_json);
	tcase_add_test(tc, mptcp_info_words);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(extradiag_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
