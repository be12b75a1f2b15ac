/* SPDX-License-Identifier: MIT */
/* Unit tests for strpool.c: the string pool. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strpool.h"

START_TEST(copies_stay_put_while_the_pool_grows)
{
	struct strpool sp;
	const char *first, *all[5000];
	char buf[32];
	int i;

	strpool_init(&sp);
	first = strpool_add(&sp, "first", 5);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "name-%d", i);
		all[i] = strpool_add(&sp, buf, strlen(buf));
	}
	ck_assert_str_eq(first, "first");
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "name-%d", i);
		ck_assert_str_eq(all[i], buf);
	}
	strpool_fini(&sp);
}
END_TEST

START_TEST(copies_any_bytes_and_terminates_them)
{
	struct strpool sp;
	const char *s;

	strpool_init(&sp);
	s = strpool_add(&sp, "a\0b\nc", 5);
	ck_assert_mem_eq(s, "a\0b\nc", 6);
	ck_assert_str_eq(strpool_add(&sp, "xyz", 2), "xy");
	ck_assert_str_eq(strpool_add(&sp, "", 0), "");
	strpool_fini(&sp);
}
END_TEST

START_TEST(takes_strings_longer_than_a_block)
{
	struct strpool sp;
	size_t n = 100000;
	char *big = malloc(n);
	const char *small, *copy, *after;

	memset(big, 'q', n);
	strpool_init(&sp);
	small = strpool_add(&sp, "small", 5);
	copy = strpool_add(&sp, big, n);
	after = strpool_add(&sp, "after", 5);
	ck_assert_uint_eq(strlen(copy), n);
	ck_assert_str_eq(small, "small");
	ck_assert_str_eq(after, "after");
	/* the long copy did not take the small block's place */
	ck_assert_ptr_eq(after, small + 6);
	free(big);
	strpool_fini(&sp);
}
END_TEST

START_TEST(clear_keeps_the_pool_usable)
{
	struct strpool sp;

	strpool_init(&sp);
	strpool_add(&sp, "one", 3);
	strpool_clear(&sp);
	ck_assert_str_eq(strpool_add(&sp, "two", 3), "two");
	strpool_fini(&sp);
	strpool_fini(NULL);
}
END_TEST

static Suite *
strpool_suite(void)
{
	Suite *s = suite_create("strpool");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, copies_stay_put_while_the_pool_grows);
	tcase_add_test(tc, copies_any_bytes_and_terminates_them);
	tcase_add_test(tc, takes_strings_longer_than_a_block);
	tcase_add_test(tc, clear_keeps_the_pool_usable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(strpool_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
