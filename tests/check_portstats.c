/* SPDX-License-Identifier: MIT */
/* portstats: connections counted under the port they came to (or
 * "other"), the live sums, and the RTT histogram's cumulative buckets. */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portstats.h"
#include "sock.h"
#include "sockext.h"

static void
add_in(struct portstats *ps, uint16_t port, unsigned state, uint32_t rtt_us,
    uint32_t retrans, size_t tcpi_len, const char *unit)
{
	struct sock_rec rec;
	struct sock_ext x;

	memset(&rec, 0, sizeof(rec));
	rec.proto = IPPROTO_TCP;
	rec.state = (uint8_t)state;
	rec.local.port = port;
	memset(&x, 0, sizeof(x));
	x.tcpi_len = (uint16_t)tcpi_len;
	x.tcpi.rtt = rtt_us;
	x.tcpi.total_retrans = retrans;
	x.tcpi.bytes_acked = 100;
	x.tcpi.bytes_received = 10;
	portstats_add(ps, &rec, tcpi_len > 0 ? &x : NULL, unit);
}

static void
add(struct portstats *ps, uint16_t port, unsigned state, uint32_t rtt_us,
    uint32_t retrans, size_t tcpi_len)
{
	add_in(ps, port, state, rtt_us, retrans, tcpi_len, NULL);
}

static char *
write_all(const struct portstats *ps)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	portstats_write_prometheus(fp, ps);
	fclose(fp);
	return text;
}

START_TEST(series_per_listening_port)
{
	struct portstats *ps = portstats_new(false);
	char *text;

	portstats_begin(ps);
	add(ps, 5432, SOCK_ST_ESTABLISHED, 150, 2,
	    280); /* before its listener */
	add(ps, 5432, SOCK_ST_LISTEN, 0, 0, 280);
	add(ps, 5432, SOCK_ST_ESTABLISHED, 20000000, 1, 280); /* 20 s: +Inf */
	add(ps, 5432, SOCK_ST_TIME_WAIT, 0, 0, 0);
	add(ps, 40000, SOCK_ST_ESTABLISHED, 0, 0, 280); /* no RTT yet */
	add(ps, 40001, SOCK_ST_SYN_SENT, 0, 0, 104);	/* an old kernel */
	text = write_all(ps);
	ck_assert_ptr_nonnull(
	    strstr(text, "sockview_tcp_port_connections{port=\"5432\",state="
			 "\"established\"} 2\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "sockview_tcp_port_connections{port=\"5432\",state="
			 "\"time_wait\"} 1\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "sockview_tcp_port_connections{port=\"other\",state="
			 "\"syn_sent\"} 1\n"));
	ck_assert_ptr_null(strstr(text, "state=\"listen\""));
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_port_live_retransmits{port=\"5432\"} 3\n"));
	/* 104 bytes of tcp_info hold no byte counts: none added */
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_port_live_bytes_acked{port=\"other\"} 100\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_rtt_seconds_bucket{port=\"5432\",le=\"0.0001\"} 0\n"
	    "sockview_tcp_rtt_seconds_bucket{port=\"5432\",le=\"0.00025\"} "
	    "1\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_rtt_seconds_bucket{port=\"5432\",le=\"10\"} 1\n"
	    "sockview_tcp_rtt_seconds_bucket{port=\"5432\",le=\"+Inf\"} 2\n"
	    "sockview_tcp_rtt_seconds_sum{port=\"5432\"} 20.00015\n"
	    "sockview_tcp_rtt_seconds_count{port=\"5432\"} 2\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "sockview_tcp_rtt_seconds_count{port=\"other\"} 0\n"));
	free(text);

	/* a new round forgets the ports and the connections */
	portstats_begin(ps);
	text = write_all(ps);
	ck_assert_ptr_null(strstr(text, "5432"));
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_port_live_retransmits{port=\"other\"} 0\n"));
	free(text);
	portstats_free(ps);
}
END_TEST

/* --units: a port's connections split by unit, a port without any
 * under its listener's, and no unit label without --units (above). */
START_TEST(series_per_port_and_unit)
{
	struct portstats *ps = portstats_new(true);
	char *text;

	portstats_begin(ps);
	add_in(ps, 80, SOCK_ST_LISTEN, 0, 0, 280, "nginx.service");
	add_in(ps, 80, SOCK_ST_ESTABLISHED, 150, 1, 280, "nginx.service");
	add_in(ps, 80, SOCK_ST_ESTABLISHED, 150, 2, 280, "docker:web");
	add_in(ps, 80, SOCK_ST_ESTABLISHED, 150, 4, 280, "nginx.service");
	add_in(ps, 22, SOCK_ST_LISTEN, 0, 0, 280, "ssh.service");
	add_in(ps, 40000, SOCK_ST_ESTABLISHED, 150, 8, 280, NULL);
	text = write_all(ps);
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_port_connections{port=\"80\",unit=\"nginx.service\","
	    "state=\"established\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(text, "sockview_tcp_port_live_retransmits{"
					   "port=\"80\",unit=\"docker:web\"}"
					   " 2\n"));
	ck_assert_ptr_nonnull(strstr(text, "sockview_tcp_port_live_retransmits{"
					   "port=\"22\",unit=\"ssh.service\"}"
					   " 0\n"));
	/* a listener is no connection */
	ck_assert_ptr_null(strstr(text, "state=\"listen\""));
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_port_live_retransmits{port=\"other\",unit=\"-\"} "
	    "8\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_tcp_rtt_seconds_count{port=\"80\",unit=\"nginx.service\"}"
	    " 2\n"));
	free(text);
	portstats_free(ps);
}
END_TEST

static Suite *
portstats_suite(void)
{
	Suite *s = suite_create("portstats");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, series_per_listening_port);
	tcase_add_test(tc, series_per_port_and_unit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(portstats_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
