/* SPDX-License-Identifier: MIT */
/* Unit tests for sockstat.c: the socket counts of /proc/net/sockstat. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockstat.h"

static struct sockstat
parse(const char *text, size_t len)
{
	struct sockstat st;

	memset(&st, 0, sizeof(st));
	sockstat_parse(text, len, &st);
	return st;
}

START_TEST(reads_each_line)
{
	/* as Linux 6.x writes /proc/net/sockstat, then sockstat6 */
	static const char v4[] = "sockets: used 190\n"
				 "TCP: inuse 12 orphan 0 tw 7 alloc 15 mem 2\n"
				 "UDP: inuse 3 mem 1\n"
				 "UDPLITE: inuse 1\n"
				 "RAW: inuse 2\n"
				 "FRAG: inuse 9 memory 0\n";
	static const char v6[] = "TCP6: inuse 4\nUDP6: inuse 5\n"
				 "UDPLITE6: inuse 0\nRAW6: inuse 1\n"
				 "FRAG6: inuse 0 memory 0\n";
	struct sockstat st = parse(v4, strlen(v4));

	ck_assert_uint_eq(st.tcp, 12);
	ck_assert_uint_eq(st.tcp_tw, 7);
	ck_assert_uint_eq(st.udp, 3);
	ck_assert_uint_eq(st.raw, 2);
	ck_assert_uint_eq(st.tcp6, 0);
	sockstat_parse(v6, strlen(v6), &st);
	ck_assert_uint_eq(st.tcp6, 4);
	ck_assert_uint_eq(st.udp6, 5);
	ck_assert_uint_eq(st.raw6, 1);
	ck_assert_uint_eq(sockstat_total(&st), 12 + 7 + 3 + 2 + 4 + 5 + 1);
}
END_TEST

START_TEST(takes_nothing_from_what_is_malformed)
{
	static const char *const bad[] = {"", "TCP:", "TCP: inuse",
	    "TCP:inuse 5", "TCP: inuse x tw", "TCPX: inuse 5", "xTCP: inuse 5",
	    "TCP: noinuse 5\n", "TCP6 inuse 5"};
	static const char huge[] = "TCP: inuse 99999999999999999999999999\n";
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sockstat st = parse(bad[i], strlen(bad[i]));

		ck_assert_uint_eq(sockstat_total(&st), 0);
	}
	/* no overflow, whatever the digits */
	ck_assert_uint_gt(parse(huge, strlen(huge)).tcp, 0);
	ck_assert_uint_lt(parse(huge, strlen(huge)).tcp, SIZE_MAX / 2);
	/* only len bytes are read: the 5 is past them */
	ck_assert_uint_eq(parse("TCP: inuse 5", 11).tcp, 0);
}
END_TEST

/* A saved tree with only sockstat6: both files are read, and the one
 * missing counts nothing. */
START_TEST(reads_the_files)
{
	char root[] = "/tmp/check_sockstat.XXXXXX", path[64];
	struct sockstat st;
	FILE *fp;

	sockstat_read("/nonexistent-proc-root", &st);
	ck_assert_uint_eq(sockstat_total(&st), 0);
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/net", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/net/sockstat6", root);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs("TCP6: inuse 40\nUDP6: inuse 2\n", fp);
	fclose(fp);
	sockstat_read(root, &st);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", root);
	rmdir(path);
	rmdir(root);
	ck_assert_uint_eq(st.tcp6, 40);
	ck_assert_uint_eq(sockstat_total(&st), 42);
}
END_TEST

static Suite *
sockstat_suite(void)
{
	Suite *s = suite_create("sockstat");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_each_line);
	tcase_add_test(tc, takes_nothing_from_what_is_malformed);
	tcase_add_test(tc, reads_the_files);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sockstat_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
