/* SPDX-License-Identifier: MIT */
/* Unit tests for textparse.c: the field readers, decimal ones first. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "textparse.h"

START_TEST(dec_reads_digits_and_stops_after_them)
{
	const char *s = "0080/tcp", *p = s;
	uint64_t v;

	ck_assert(textparse_dec(&p, 65535, &v));
	ck_assert_uint_eq(v, 80);
	ck_assert_ptr_eq(p, s + 4);
}
END_TEST

START_TEST(dec_refuses_nothing_and_too_much)
{
	const char *s = "65536", *p = s;
	uint64_t v = 7;

	ck_assert(!textparse_dec(&p, 65535, &v));
	ck_assert_ptr_eq(p, s); /* the cursor stays */
	ck_assert_uint_eq(v, 7);
	p = "";
	ck_assert(!textparse_dec(&p, 65535, &v));
	p = "-1";
	ck_assert(!textparse_dec(&p, 65535, &v));
	/* a single digit above a small max (a flag field: 0 or 1) */
	p = "2";
	ck_assert(!textparse_dec(&p, 1, &v));
	p = "1";
	ck_assert(textparse_dec(&p, 1, &v));
	p = "18446744073709551615";
	ck_assert(textparse_dec(&p, UINT64_MAX, &v));
	ck_assert_uint_eq(v, UINT64_MAX);
	p = "18446744073709551616";
	ck_assert(!textparse_dec(&p, UINT64_MAX, &v));
}
END_TEST

START_TEST(dec_n_stops_at_the_bound)
{
	/* only "12" is ours: the digits after it belong to someone else */
	const char *s = "12345", *p = s;
	uint64_t v;

	ck_assert(textparse_dec_n(&p, 2, 65535, &v));
	ck_assert_uint_eq(v, 12);
	ck_assert_ptr_eq(p, s + 2);
	p = s;
	ck_assert(!textparse_dec_n(&p, 0, 65535, &v));
	ck_assert_ptr_eq(p, s);
}
END_TEST

static Suite *
textparse_suite(void)
{
	Suite *s = suite_create("textparse");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, dec_reads_digits_and_stops_after_them);
	tcase_add_test(tc, dec_refuses_nothing_and_too_much);
	tcase_add_test(tc, dec_n_stops_at_the_bound);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(textparse_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
