/* SPDX-License-Identifier: MIT */
/* Unit tests for proto.c: the protocol table. */
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "proto.h"

START_TEST(names_follow_netstat)
{
	ck_assert_str_eq(proto_column(IPPROTO_TCP, AF_INET), "tcp");
	ck_assert_str_eq(proto_column(IPPROTO_TCP, AF_INET6), "tcp6");
	ck_assert_str_eq(proto_column(IPPROTO_UDP, AF_INET6), "udp6");
	/* a raw socket's protocol is any number: ICMP here */
	ck_assert_str_eq(proto_column(IPPROTO_ICMP, AF_INET), "raw");
	ck_assert_str_eq(proto_of(IPPROTO_ICMPV6)->name, "raw");
	ck_assert_str_eq(proto_of(IPPROTO_UDP)->proc_file[1], "net/udp6");
	ck_assert_str_eq(proto_family_name(AF_INET6), "inet6");
	ck_assert_str_eq(proto_family_name(AF_INET), "inet");
}
END_TEST

START_TEST(table_is_in_netstat_order)
{
	ck_assert_uint_eq(proto_get(PROTO_TCP)->number, IPPROTO_TCP);
	ck_assert_uint_eq(proto_get(PROTO_UDP)->number, IPPROTO_UDP);
	ck_assert_uint_eq(proto_get(PROTO_RAW)->number, IPPROTO_RAW);
	ck_assert_int_eq(proto_kind(IPPROTO_UDP), PROTO_UDP);
	ck_assert_int_eq(proto_kind(IPPROTO_ICMP), PROTO_RAW);
}
END_TEST

START_TEST(parses_names_exactly)
{
	uint8_t n = 0;

	ck_assert(proto_parse("udp", 3, &n));
	ck_assert_uint_eq(n, IPPROTO_UDP);
	ck_assert(proto_parse("tcpx", 3, &n));
	ck_assert_uint_eq(n, IPPROTO_TCP);
	ck_assert(!proto_parse("tcpx", 4, &n));
	ck_assert(!proto_parse("tc", 2, &n));
	ck_assert(!proto_parse("tcp6", 4, &n));
}
END_TEST

static Suite *
proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_follow_netstat);
	tcase_add_test(tc, table_is_in_netstat_order);
	tcase_add_test(tc, parses_names_exactly);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(proto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
