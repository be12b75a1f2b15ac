/* SPDX-License-Identifier: MIT */
/* Unit tests for addr.c: numeric addresses as text and back, ports,
 * HOST:PORT and [IPV6]:PORT targets. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

START_TEST(splits_host_and_port)
{
	char host[ADDR_HOST_SIZE];
	const char *why = NULL;
	uint16_t port = 0;

	ck_assert_int_eq(addr_parse_target("127.0.0.1:9999", host, sizeof(host),
			     &port, &why),
	    0);
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert_uint_eq(port, 9999);
	ck_assert_int_eq(
	    addr_parse_target("[::1]:80", host, sizeof(host), &port, &why), 0);
	ck_assert_str_eq(host, "::1");
	ck_assert_uint_eq(port, 80);
	ck_assert_int_eq(addr_parse_target("localhost:65535", host,
			     sizeof(host), &port, &why),
	    0);
	ck_assert_str_eq(host, "localhost");
	ck_assert_uint_eq(port, 65535);
}
END_TEST

static void
expect_bad(const char *text, const char *want)
{
	char host[ADDR_HOST_SIZE];
	const char *why = "";
	uint16_t port;

	ck_assert_int_eq(
	    addr_parse_target(text, host, sizeof(host), &port, &why), -1);
	ck_assert_msg(strstr(why, want) != NULL, "'%s': '%s' lacks '%s'", text,
	    why, want);
}

START_TEST(rejects_bad_targets)
{
	char longname[300];

	expect_bad("localhost", "expected HOST:PORT");
	expect_bad("::1:80", "[ADDRESS]:PORT");
	expect_bad("[::1]80", "expected [ADDRESS]:PORT");
	expect_bad("[::1", "expected [ADDRESS]:PORT");
	expect_bad(":80", "no host");
	expect_bad("[]:80", "no host");
	expect_bad("host:", "port from 1 to 65535");
	expect_bad("host:0", "port from 1 to 65535");
	expect_bad("host:65536", "port from 1 to 65535");
	expect_bad("host:http", "port from 1 to 65535");
	memset(longname, 'a', sizeof(longname));
	memcpy(longname + sizeof(longname) - 4, ":80", 4);
	expect_bad(longname, "too long");
}
END_TEST

START_TEST(addresses_as_text)
{
	struct sockaddr_storage ss;
	char buf[ADDR_TEXT_SIZE];
	socklen_t len;

	ck_assert_int_eq(addr_parse("127.0.0.1", 9999, &ss, &len), 0);
	ck_assert_int_eq(ss.ss_family, AF_INET);
	addr_text((struct sockaddr *)&ss, buf, sizeof(buf));
	ck_assert_str_eq(buf, "127.0.0.1:9999");
	ck_assert_uint_eq(addr_port(&ss), 9999);
	ck_assert_int_eq(addr_parse("[::1]", 80, &ss, &len), 0);
	ck_assert_int_eq(ss.ss_family, AF_INET6);
	ck_assert_uint_eq(len, sizeof(struct sockaddr_in6));
	addr_text((struct sockaddr *)&ss, buf, sizeof(buf));
	ck_assert_str_eq(buf, "[::1]:80");
	/* a dual-stack socket's IPv4 peer */
	ck_assert_int_eq(addr_parse("::ffff:10.0.0.1", 5, &ss, &len), 0);
	addr_text((struct sockaddr *)&ss, buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.0.0.1:5");
	ck_assert_int_eq(addr_parse("localhost", 1, &ss, &len), -1);
	ck_assert_int_eq(addr_parse("", 1, &ss, &len), -1);
	ck_assert_int_eq(addr_parse("[::1", 1, &ss, &len), -1);
	ck_assert_int_eq(addr_parse("1.2.3.4.5", 1, &ss, &len), -1);
}
END_TEST

START_TEST(parses_ports)
{
	uint16_t port;

	ck_assert_int_eq(addr_parse_port("0", &port), 0);
	ck_assert_uint_eq(port, 0);
	ck_assert_int_eq(addr_parse_port("65535", &port), 0);
	ck_assert_uint_eq(port, 65535);
	ck_assert_int_eq(addr_parse_port("65536", &port), -1);
	ck_assert_int_eq(addr_parse_port("-1", &port), -1);
	ck_assert_int_eq(addr_parse_port("12ab", &port), -1);
}
END_TEST

static Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, splits_host_and_port);
	tcase_add_test(tc, rejects_bad_targets);
	tcase_add_test(tc, addresses_as_text);
	tcase_add_test(tc, parses_ports);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(addr_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
