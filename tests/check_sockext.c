/* SPDX-License-Identifier: MIT */
/* sockext: -i and -m's attributes decoded from hand-made bytes, tcp_info
 * at every size a kernel has sent it, and the ss -i line made of them. */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/tcp.h>

#include "fmt_tcpinfo.h"
#include "sock.h"
#include "sockext.h"

/* An attribute's header, and its length rounded up (NLA_ALIGN, without
 * the macro's int arithmetic). */
#define HDR sizeof(struct nlattr)
#define ALIGN4(n) (((size_t)(n) + 3) & ~(size_t)3)

/* Attributes, one after another, as the kernel lays them out. */
struct attrs {
	uint8_t buf[2048];
	size_t len;
};

static void
put_attr(struct attrs *a, uint16_t type, const void *payload, size_t len)
{
	struct nlattr h = {.nla_len = (uint16_t)(HDR + len), .nla_type = type};

	ck_assert_uint_le(a->len + ALIGN4(h.nla_len), sizeof(a->buf));
	memcpy(a->buf + a->len, &h, sizeof(h));
	memcpy(a->buf + a->len + HDR, payload, len);
	a->len += ALIGN4(h.nla_len);
}

/* A tcp_info whose every field holds a value of its own (the field's
 * number plus one, kept within its bits), as bytes. */
static void
numbered_tcp_info(uint8_t *out)
{
	size_t n, i;
	const struct sockext_field *f = sockext_fields(&n);

	memset(out, 0, sizeof(struct sockext_tcp_info));
	for (i = 0; i < n; i++) {
		uint64_t v = i + 1, old = 0;

		if (f[i].bits != 0) {
			memcpy(&old, out + f[i].offset, f[i].size);
			v = (v & ((UINT64_C(1) << f[i].bits) - 1))
			    << f[i].shift;
			v |= old;
		}
		/* little- or big-endian: store as the host does */
		if (f[i].size == 1) {
			uint8_t b = (uint8_t)v;
			memcpy(out + f[i].offset, &b, 1);
		} else if (f[i].size == 2) {
			uint16_t h = (uint16_t)v;
			memcpy(out + f[i].offset, &h, 2);
		} else if (f[i].size == 4) {
			uint32_t w = (uint32_t)v;
			memcpy(out + f[i].offset, &w, 4);
		} else {
			memcpy(out + f[i].offset, &v, 8);
		}
	}
}

static uint64_t
expected_value(const struct sockext_field *f, size_t i)
{
	uint64_t v = i + 1;

	return f->bits != 0 ? v & ((UINT64_C(1) << f->bits) - 1) : v;
}

/* Every size of struct tcp_info that Linux has sent: 2.6.x to 3.14 (104),
 * 3.15 (120: pacing rates), 4.1 (136: bytes acked and received), 4.2
 * (144: segments), 4.6 (160: notsent, min_rtt, data segments), 4.9 (168:
 * delivery rate), 4.10 (192: busy and limited times), 4.18 (200:
 * delivered), 4.19 (224: bytes sent and retransmitted, dsack, reord),
 * 5.4 (232: rcv_ooopack, then snd_wnd in its padding), 6.2 (240: rcv_wnd,
 * rehash), 6.7 (248: RTO totals), 6.18 (280: AccECN); then a future one
 * (320, cut to what is known) and truncated ones. */
static const size_t sizes[] = {104, 120, 136, 144, 160, 168, 192, 200, 224, 232,
    240, 248, 280, 320, 1, 3, 50, 106, 230};

START_TEST(tcp_info_of_every_size)
{
	uint8_t full[400];
	size_t len = sizes[_i], n, i;
	const struct sockext_field *f = sockext_fields(&n);
	struct attrs a = {.len = 0};
	struct sock_ext x;

	memset(full, 0xee, sizeof(full)); /* a future kernel's fields */
	numbered_tcp_info(full);
	put_attr(&a, INET_DIAG_INFO, full, len);
	ck_assert_int_eq(sockext_decode(a.buf, a.len, &x), 0);
	ck_assert_uint_eq(x.tcpi_len, len < 280 ? len : 280);
	for (i = 0; i < n; i++) {
		bool whole = f[i].offset + f[i].size <= len;

		ck_assert_msg(sockext_field_present(&x, &f[i]) == whole,
		    "%s at %zu bytes", f[i].name, len);
		ck_assert_msg(sockext_field_value(&x, &f[i]) ==
				  (whole ? expected_value(&f[i], i) : 0),
		    "%s at %zu bytes", f[i].name, len);
	}
	/* never a byte read past what came: the rest of the copy is zero */
	for (i = len; i < sizeof(x.tcpi); i++)
		ck_assert_uint_eq(((const uint8_t *)&x.tcpi)[i], 0);
	ck_assert(SOCKEXT_HAS(&x, rtt) == (len >= 72));
	ck_assert(SOCKEXT_HAS(&x, snd_wnd) == (len >= 232));
}
END_TEST

START_TEST(sizes_follow_the_kernel_history)
{
	/* the fields each kernel added end where the next size begins */
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, pacing_rate), 104);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, bytes_acked), 120);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, segs_out), 136);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, notsent_bytes),
	    144);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, delivery_rate),
	    160);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, busy_time), 168);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, delivered), 192);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, bytes_sent), 200);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, rcv_ooopack), 224);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, rcv_wnd), 232);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, total_rto), 240);
	ck_assert_uint_eq(offsetof(struct sockext_tcp_info, received_ce), 248);
	ck_assert_uint_eq(sizeof(struct sockext_tcp_info), 280);
}
END_TEST

START_TEST(malformed_attributes)
{
	struct sock_ext x;
	struct attrs a = {.len = 0};
	uint32_t v = 1;
	struct nlattr h = {.nla_len = 200, .nla_type = INET_DIAG_INFO};

	/* an attribute longer than what is left */
	put_attr(&a, INET_DIAG_SKMEMINFO, &v, sizeof(v));
	memcpy(a.buf + a.len, &h, sizeof(h));
	ck_assert_int_eq(sockext_decode(a.buf, a.len + 8, &x), -EBADMSG);
	/* one shorter than its own header */
	h.nla_len = 2;
	memcpy(a.buf, &h, sizeof(h));
	ck_assert_int_eq(sockext_decode(a.buf, 8, &x), -EBADMSG);
	/* a tail shorter than a header is ignored, and nothing is empty */
	ck_assert_int_eq(sockext_decode(a.buf, 3, &x), 0);
	ck_assert(!sockext_present(&x));
	ck_assert_int_eq(sockext_decode(NULL, 0, &x), 0);
}
END_TEST

START_TEST(short_blocks_are_not_read)
{
	struct attrs a = {.len = 0};
	uint32_t skmem[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct tcp_dctcp_info d = {1, 2, 3, 4, 5};
	struct sock_ext x;

	put_attr(&a, INET_DIAG_SKMEMINFO, skmem, 6 * sizeof(uint32_t));
	put_attr(&a, INET_DIAG_DCTCPINFO, &d, sizeof(d) - 1);
	put_attr(&a, INET_DIAG_CONG, "cubic-but-far-too-long-a-name", 29);
	ck_assert_int_eq(sockext_decode(a.buf, a.len, &x), 0);
	ck_assert_uint_eq(x.skmem_n, 0);
	ck_assert_uint_eq(x.cc, SOCKEXT_CC_NONE);
	ck_assert_str_eq(x.cong, "cubic-but-far-t"); /* cut, terminated */

	a.len = 0;
	put_attr(&a, INET_DIAG_SKMEMINFO, skmem, 7 * sizeof(uint32_t));
	ck_assert_int_eq(sockext_decode(a.buf, a.len, &x), 0);
	ck_assert_uint_eq(x.skmem_n, 7);
	ck_assert_uint_eq(x.skmem[7], 0);
}
END_TEST

/* An established connection as the kernel might describe it. */
static void
sample(struct sock_ext *x, struct sock_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->proto = IPPROTO_TCP;
	rec->state = SOCK_ST_ESTABLISHED;
	memset(x, 0, sizeof(*x));
	x->tcpi_len = 280;
	x->tcpi.options = TCPI_OPT_TIMESTAMPS | TCPI_OPT_SACK | TCPI_OPT_WSCALE;
	x->tcpi.wscale = 7 | 9 << 4;
	x->tcpi.rto = 204000;
	x->tcpi.rtt = 1500;
	x->tcpi.rttvar = 750;
	x->tcpi.snd_mss = 1448;
	x->tcpi.pmtu = 1500;
	x->tcpi.snd_cwnd = 10;
	x->tcpi.snd_ssthresh = 0x7fffffff;
	x->tcpi.reordering = 3;
	x->tcpi.bytes_acked = 12345;
	x->tcpi.pacing_rate = 2000000;
	x->tcpi.max_pacing_rate = ~UINT64_C(0);
	x->tcpi.busy_time = 10000;
	x->tcpi.rwnd_limited = 2500;
	x->tcpi.retrans = 1;
	x->tcpi.total_retrans = 4;
	x->tcpi.min_rtt = ~0U;
	memcpy(x->cong, "cubic", 6);
	x->skmem_n = 9;
	x->skmem[1] = 131072;
	x->skmem[8] = 2;
}

START_TEST(line_as_ss_prints_it)
{
	struct fmt_tcpinfo_opts o = {SOCKEXT_SHOW_INFO | SOCKEXT_SHOW_MEM,
	    false, true};
	char buf[FMT_TCPINFO_LINE_MAX];
	struct sock_rec rec;
	struct sock_ext x;

	sample(&x, &rec);
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	/* send: 10 * 1448 * 8 bits / 1.5 ms; pacing 16 Mbit/s, no max */
	ck_assert_str_eq(buf,
	    "\t skmem:(r0,rb131072,t0,tb0,f0,w0,o0,bl0,d2) ts sack cubic "
	    "wscale:7,9 rto:204 rtt:1.5/0.75 mss:1448 pmtu:1500 cwnd:10 "
	    "bytes_acked:12345 send 77.2Mbps pacing_rate 16Mbps busy:10ms "
	    "rwnd_limited:2ms(25.0%) retrans:1/4\n");
	o.numeric = true;
	o.options = false;
	o.show = SOCKEXT_SHOW_INFO;
	x.skmem_n = 0;
	x.tcpi.rto = 3000000; /* ss leaves the initial RTO out */
	x.tcpi.snd_ssthresh = 20;
	x.tcpi.reordering = 5;
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	ck_assert_str_eq(buf,
	    "\t cubic wscale:7,9 rtt:1.5/0.75 mss:1448 pmtu:1500 cwnd:10 "
	    "ssthresh:20 bytes_acked:12345 send 77226667bps pacing_rate "
	    "16000000bps busy:10ms rwnd_limited:2ms(25.0%) retrans:1/4 "
	    "reordering:5\n");
}
END_TEST

START_TEST(line_of_congestion_blocks)
{
	struct fmt_tcpinfo_opts o = {SOCKEXT_SHOW_INFO, false, false};
	char buf[FMT_TCPINFO_LINE_MAX];
	struct sock_rec rec;
	struct sock_ext x;

	sample(&x, &rec);
	x.skmem_n = 0;
	x.tcpi.options = 0;
	x.tcpi.pacing_rate = 0;
	x.tcpi.busy_time = 0;
	x.tcpi.retrans = x.tcpi.total_retrans = 0;
	x.tcpi.bytes_acked = 0;
	x.cc = SOCKEXT_CC_BBR;
	x.ccinfo.bbr.bw_lo = 125000; /* 1 Mbit/s */
	x.ccinfo.bbr.min_rtt = 1234;
	x.ccinfo.bbr.pacing_gain = 739;
	memcpy(x.cong, "bbr", 4);
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	ck_assert_str_eq(buf,
	    "\t bbr rto:204 rtt:1.5/0.75 mss:1448 pmtu:1500 cwnd:10 "
	    "bbr:(bw:1Mbps,mrtt:1.234,pacing_gain:2.88672) send 77.2Mbps\n");
	memset(&x.ccinfo, 0, sizeof(x.ccinfo));
	x.cc = SOCKEXT_CC_DCTCP;
	memcpy(x.cong, "dctcp", 6);
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	ck_assert_str_eq(buf,
	    "\t dctcp rto:204 rtt:1.5/0.75 mss:1448 pmtu:1500 cwnd:10 "
	    "dctcp:fallback_mode send 77.2Mbps\n");
	/* Vegas's own RTT (3 ms) makes the send rate */
	x.cc = SOCKEXT_CC_VEGAS;
	x.ccinfo.vegas.enabled = 1;
	x.ccinfo.vegas.rtt = 3000;
	memcpy(x.cong, "vegas", 6);
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	ck_assert_str_eq(buf,
	    "\t vegas rto:204 rtt:1.5/0.75 mss:1448 pmtu:1500 cwnd:10 "
	    "send 38.6Mbps\n");
}
END_TEST

START_TEST(line_without_tcp_info)
{
	struct fmt_tcpinfo_opts o = {SOCKEXT_SHOW_INFO, false, false};
	char buf[FMT_TCPINFO_LINE_MAX];
	struct sock_rec rec;
	struct sock_ext x;

	sample(&x, &rec);
	/* TIME_WAIT: the kernel sends nothing; ss prints the tab alone */
	ck_assert_uint_eq(fmt_tcpinfo_line(&o, &rec, NULL, buf), 2);
	ck_assert_str_eq(buf, "\t\n");
	/* a listener's sacked is its backlog: ss leaves it out */
	memset(&x.tcpi, 0, sizeof(x.tcpi));
	x.tcpi.sacked = 16;
	x.tcpi.snd_cwnd = 10;
	x.tcpi.reordering = 3;
	rec.state = SOCK_ST_LISTEN;
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	ck_assert_str_eq(buf, "\t cubic cwnd:10\n");
	/* -i alone shows nothing of UDP; -m shows its memory */
	rec.proto = IPPROTO_UDP;
	ck_assert(!fmt_tcpinfo_wanted(&o, &rec));
	o.show = SOCKEXT_SHOW_MEM;
	ck_assert(fmt_tcpinfo_wanted(&o, &rec));
	fmt_tcpinfo_line(&o, &rec, &x, buf);
	ck_assert_str_eq(buf,
	    "\t skmem:(r0,rb131072,t0,tb0,f0,w0,o0,bl0,d2)\n");
}
END_TEST

START_TEST(table_keeps_two_rounds)
{
	struct sockext_table *t = sockext_table_new();
	struct sock_ext x;
	uint32_t old, now;

	memset(&x, 0, sizeof(x));
	sockext_table_begin_round(t);
	x.skmem_n = 1;
	old = sockext_table_add(t, &x);
	sockext_table_begin_round(t);
	x.skmem_n = 2;
	now = sockext_table_add(t, &x);
	ck_assert_uint_ne(old, 0);
	ck_assert_uint_ne(old, now);
	/* --diff prints the round before's closed rows with their data */
	ck_assert_uint_eq(sockext_table_get(t, old)->skmem_n, 1);
	ck_assert_uint_eq(sockext_table_get(t, now)->skmem_n, 2);
	ck_assert_ptr_null(sockext_table_get(t, 0));
	sockext_table_begin_round(t);
	ck_assert_ptr_null(sockext_table_get(t, old));
	ck_assert_ptr_null(sockext_table_get(NULL, now));
	sockext_table_free(t);
}
END_TEST

static Suite *
sockext_suite(void)
{
	Suite *s = suite_create("sockext");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, tcp_info_of_every_size, 0,
	    (int)(sizeof(sizes) / sizeof(sizes[0])));
	tcase_add_test(tc, sizes_follow_the_kernel_history);
	tcase_add_test(tc, malformed_attributes);
	tcase_add_test(tc, short_blocks_are_not_read);
	tcase_add_test(tc, line_as_ss_prints_it);
	tcase_add_test(tc, line_of_congestion_blocks);
	tcase_add_test(tc, line_without_tcp_info);
	tcase_add_test(tc, table_keeps_two_rounds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sockext_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
