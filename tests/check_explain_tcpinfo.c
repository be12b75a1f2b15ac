/* SPDX-License-Identifier: MIT */
/* explain_tcpinfo: each sentence of --explain -i on hand-made tcp_info,
 * and silence where it is not true. */
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "explain_tcpinfo.h"
#include "sock.h"
#include "sockext.h"

/* The sentences, joined by "; " as --explain joins them. */
static char joined[1024];

static void
join(void *ctx, const char *sentence)
{
	(void)ctx;
	if (joined[0] != '\0')
		strcat(joined, "; ");
	strcat(joined, sentence);
}

static size_t
explain(const struct sock_rec *rec, const struct sock_ext *x)
{
	joined[0] = '\0';
	return explain_tcpinfo(rec, x, join, NULL);
}

static void
idle(struct sock_rec *rec, struct sock_ext *x)
{
	memset(rec, 0, sizeof(*rec));
	rec->proto = IPPROTO_TCP;
	rec->state = SOCK_ST_ESTABLISHED;
	memset(x, 0, sizeof(*x));
	x->tcpi_len = 280;
	x->tcpi.snd_cwnd = 10;
	x->tcpi.snd_wnd = 65536;
}

START_TEST(nothing_of_a_quiet_connection)
{
	struct sock_rec rec;
	struct sock_ext x;

	idle(&rec, &x);
	ck_assert_uint_eq(explain(&rec, &x), 0);
	ck_assert_str_eq(joined, "");
	ck_assert_uint_eq(explain(&rec, NULL), 0);
	/* a listener's numbers mean other things */
	x.tcpi.retrans = 3;
	rec.state = SOCK_ST_LISTEN;
	ck_assert_uint_eq(explain(&rec, &x), 0);
	/* a kernel before 5.4 sends no snd_wnd: no zero window from it */
	idle(&rec, &x);
	x.tcpi_len = 224;
	x.tcpi.snd_wnd = 0;
	x.tcpi.bytes_acked = 100;
	ck_assert_uint_eq(explain(&rec, &x), 0);
}
END_TEST

START_TEST(each_sentence_when_true)
{
	struct sock_rec rec;
	struct sock_ext x;

	idle(&rec, &x);
	x.tcpi.retrans = 2;
	x.tcpi.backoff = 3;
	explain(&rec, &x);
	ck_assert_str_eq(joined,
	    "retransmitting now (2 segments sent again and not yet "
	    "acknowledged, backoff 3): the path or the peer is in trouble");

	idle(&rec, &x);
	x.tcpi.snd_wnd = 0;
	x.tcpi.bytes_acked = 5000;
	x.tcpi.notsent_bytes = 70000;
	explain(&rec, &x);
	ck_assert_str_eq(joined,
	    "the peer's receive window is zero: the peer is "
	    "not reading");

	idle(&rec, &x);
	x.tcpi.notsent_bytes = 4096;
	x.tcpi.unacked = 10;
	explain(&rec, &x);
	ck_assert_str_eq(joined,
	    "4096 bytes wait in the send buffer behind a full congestion "
	    "window (10 of 10 segments in flight): this side writes faster "
	    "than the path carries");

	idle(&rec, &x);
	rec.rxq = 1;
	x.tcpi.last_data_recv = 999; /* not yet a second */
	ck_assert_uint_eq(explain(&rec, &x), 0);
	x.tcpi.last_data_recv = 2500;
	explain(&rec, &x);
	ck_assert_str_eq(joined,
	    "the last data arrived 2.5 s ago and 1 byte is "
	    "still unread: the owning program is not "
	    "reading");

	idle(&rec, &x);
	x.tcpi.app_bits = 1;
	x.tcpi.bytes_acked = 1; /* only the SYN: it never sent */
	ck_assert_uint_eq(explain(&rec, &x), 0);
	x.tcpi.bytes_acked = 1001;
	x.tcpi.retrans = 1;
	explain(&rec, &x);
	ck_assert_str_eq(joined,
	    "retransmitting now (1 segment sent again and not yet "
	    "acknowledged, backoff 0): the path or the peer is in trouble; "
	    "app_limited: the program, not the network, is the bottleneck "
	    "(it sends less than the path would carry)");
	ck_assert_uint_eq(explain(&rec, &x), 2);
}
END_TEST

static Suite *
explain_tcpinfo_suite(void)
{
	Suite *s = suite_create("explain_tcpinfo");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, nothing_of_a_quiet_connection);
	tcase_add_test(tc, each_sentence_when_true);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(explain_tcpinfo_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
