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
	/* a raw socket's protocol is any other number: IGMP here */
	ck_assert_str_eq(proto_column(IPPROTO_IGMP, AF_INET), "raw");
	ck_assert_str_eq(proto_of(IPPROTO_GRE)->name, "raw");
	/* netstat -U's column; ping sockets by family */
	ck_assert_str_eq(proto_column(IPPROTO_UDPLITE, AF_INET), "udpl");
	ck_assert_str_eq(proto_column(IPPROTO_UDPLITE, AF_INET6), "udpl6");
	ck_assert_str_eq(proto_of(IPPROTO_UDPLITE)->proc_file[1],
	    "net/udplite6");
	ck_assert_str_eq(proto_column(IPPROTO_ICMP, AF_INET), "icmp");
	ck_assert_str_eq(proto_column(IPPROTO_ICMPV6, AF_INET6), "icmp6");
	ck_assert_str_eq(proto_json_name(IPPROTO_ICMP, AF_INET6), "icmp6");
	ck_assert_str_eq(proto_json_name(IPPROTO_ICMP, AF_INET), "icmp");
	ck_assert_str_eq(proto_json_name(IPPROTO_UDPLITE, AF_INET6), "udplite");
	/* UDP-Lite ports are named as UDP's; an ICMP ident is not a port */
	ck_assert_uint_eq(proto_services(IPPROTO_UDPLITE), IPPROTO_UDP);
	ck_assert_uint_eq(proto_services(IPPROTO_ICMP), 0);
	ck_assert_uint_eq(proto_services(IPPROTO_RAW), IPPROTO_RAW);
	ck_assert_ptr_null(proto_of(IPPROTO_ICMP)->diag);
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
	/* netstat -U lists UDP-Lite after udp6, before raw */
	ck_assert_int_lt(PROTO_UDP, PROTO_UDPLITE);
	ck_assert_int_lt(PROTO_UDPLITE, PROTO_RAW);
	ck_assert_int_eq(proto_kind(IPPROTO_UDPLITE), PROTO_UDPLITE);
	ck_assert_int_eq(proto_kind(IPPROTO_ICMP), PROTO_ICMP);
	ck_assert_int_eq(proto_kind(IPPROTO_ICMPV6), PROTO_ICMP);
	ck_assert_int_eq(proto_kind(IPPROTO_IGMP), PROTO_RAW);
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
