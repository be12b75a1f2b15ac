/* Unit tests for connect.c: HOST:PORT and [IPV6]:PORT targets. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "connect.h"

START_TEST(splits_host_and_port)
{
	char host[CONNECT_HOST_SIZE];
	const char *why = NULL;
	uint16_t port = 0;

	ck_assert_int_eq(connect_parse_target("127.0.0.1:9999", host,
			     sizeof(host), &port, &why),
	    0);
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert_uint_eq(port, 9999);
	ck_assert_int_eq(
	    connect_parse_target("[::1]:80", host, sizeof(host), &port, &why),
	    0);
	ck_assert_str_eq(host, "::1");
	ck_assert_uint_eq(port, 80);
	ck_assert_int_eq(connect_parse_target("localhost:65535", host,
			     sizeof(host), &port, &why),
	    0);
	ck_assert_str_eq(host, "localhost");
	ck_assert_uint_eq(port, 65535);
}
END_TEST

static void
expect_bad(const char *text, const char *want)
{
	char host[CONNECT_HOST_SIZE];
	const char *why = "";
	uint16_t port;

	ck_assert_int_eq(
	    connect_parse_target(text, host, sizeof(host), &port, &why), -1);
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

static Suite *
connect_suite(void)
{
	Suite *s = suite_create("connect");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, splits_host_and_port);
	tcase_add_test(tc, rejects_bad_targets);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(connect_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
