/* SPDX-License-Identifier: MIT */
/* fmt_jsonext: -i and -m's JSON members from hand-made data: only the
 * fields the kernel sent, null where it sent nothing, and no TCP members
 * on UDP rows. */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_jsonext.h"
#include "outbuf.h"
#include "sock.h"
#include "sockext.h"

static char *
members(const struct sock_rec *rec, const struct sock_ext *x, unsigned show)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct outbuf ob;

	outbuf_init(&ob, fp);
	fmt_jsonext_members(&ob, rec, x, show);
	outbuf_flush(&ob);
	fclose(fp);
	return text;
}

static void
tcp(struct sock_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->proto = IPPROTO_TCP;
	rec->state = SOCK_ST_ESTABLISHED;
}

START_TEST(old_kernel_sends_fewer_fields)
{
	struct sock_rec rec;
	struct sock_ext x;
	char *text;

	tcp(&rec);
	memset(&x, 0, sizeof(x));
	x.tcpi_len = 104; /* Linux 2.6 to 3.14: up to total_retrans */
	x.tcpi.rtt = 1500;
	x.tcpi.total_retrans = 7;
	x.tcpi.wscale = 7 | 9 << 4;
	x.tcpi.pacing_rate = 99; /* not sent: must not show */
	memcpy(x.cong, "cubic", 6);
	text = members(&rec, &x, SOCKEXT_SHOW_INFO);
	ck_assert_ptr_nonnull(strstr(text,
	    ",\"congestion\":\"cubic\",\"tcp_info\":{\"state\":0,"));
	ck_assert_ptr_nonnull(
	    strstr(text, "\"snd_wscale\":7,\"rcv_wscale\":9,"));
	ck_assert_ptr_nonnull(strstr(text, "\"rtt_us\":1500,"));
	ck_assert_ptr_nonnull(strstr(text, "\"total_retrans\":7}"));
	ck_assert_ptr_null(strstr(text, "pacing_rate"));
	ck_assert_ptr_null(strstr(text, "skmem"));
	ck_assert_ptr_null(strstr(text, "cc_info"));
	free(text);
}
END_TEST

START_TEST(nothing_sent_is_null)
{
	struct sock_rec rec;
	char *text;

	tcp(&rec);
	rec.state = SOCK_ST_TIME_WAIT;
	text = members(&rec, NULL, SOCKEXT_SHOW_INFO | SOCKEXT_SHOW_MEM);
	ck_assert_str_eq(text,
	    ",\"congestion\":null,\"tcp_info\":null,\"skmem\":null");
	free(text);
	/* UDP: memory only, whatever -i says */
	rec.proto = IPPROTO_UDP;
	text = members(&rec, NULL, SOCKEXT_SHOW_INFO | SOCKEXT_SHOW_MEM);
	ck_assert_str_eq(text, ",\"skmem\":null");
	free(text);
}
END_TEST

START_TEST(blocks_and_memory)
{
	struct sock_rec rec;
	struct sock_ext x;
	char *text;

	tcp(&rec);
	memset(&x, 0, sizeof(x));
	x.cc = SOCKEXT_CC_BBR;
	x.ccinfo.bbr.bw_hi = 1;
	x.ccinfo.bbr.bw_lo = 2;
	x.ccinfo.bbr.min_rtt = 30;
	x.skmem_n = 7; /* a kernel before backlog and drops */
	x.skmem[1] = 131072;
	memcpy(x.cong, "bb\"r", 5); /* never trusted into the JSON */
	text = members(&rec, &x, SOCKEXT_SHOW_INFO | SOCKEXT_SHOW_MEM);
	ck_assert_str_eq(text,
	    ",\"congestion\":\"bb?r\",\"tcp_info\":null,\"cc_info\":{\"bbr\":"
	    "{\"bw\":4294967298,\"min_rtt_us\":30,\"pacing_gain\":0,"
	    "\"cwnd_gain\":0}},\"skmem\":{\"rmem_alloc\":0,\"rcvbuf\":131072,"
	    "\"wmem_alloc\":0,\"sndbuf\":0,\"fwd_alloc\":0,\"wmem_queued\":0,"
	    "\"optmem\":0}");
	free(text);
}
END_TEST

static Suite *
fmt_jsonext_suite(void)
{
	Suite *s = suite_create("fmt_jsonext");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, old_kernel_sends_fewer_fields);
	tcase_add_test(tc, nothing_sent_is_null);
	tcase_add_test(tc, blocks_and_memory);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmt_jsonext_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
