/* SPDX-License-Identifier: MIT */
/* Unit tests for vec.c: the growable array. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "vec.h"

START_TEST(reserve_allocates_even_for_nothing)
{
	size_t cap = 0;
	int *v = vec_reserve(NULL, &cap, 0, sizeof(*v));

	/* callers memset or sort a NULL-free array even when it is empty */
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_ge(cap, 1);
	free(v);
}
END_TEST

START_TEST(push_keeps_every_element)
{
	struct {
		uint64_t *v;
		size_t len, cap;
	} a = {NULL, 0, 0};
	size_t i;

	for (i = 0; i < 100000; i++) {
		a.v = vec_reserve(a.v, &a.cap, a.len + 1, sizeof(*a.v));
		a.v[a.len++] = i * 7;
	}
	ck_assert_uint_ge(a.cap, a.len);
	for (i = 0; i < a.len; i++)
		ck_assert_uint_eq(a.v[i], i * 7);
	free(a.v);
}
END_TEST

START_TEST(reserve_keeps_the_array_while_it_fits)
{
	size_t cap = 0;
	char *v = vec_reserve(NULL, &cap, 10, 1), *w;
	size_t before = cap;

	w = vec_reserve(v, &cap, before, 1);
	ck_assert_ptr_eq(v, w);
	ck_assert_uint_eq(cap, before);
	free(w);
}
END_TEST

START_TEST(grow_reaches_a_large_need_at_once)
{
	size_t cap = 0;
	char *v = vec_reserve(NULL, &cap, 3, 1);

	v = vec_reserve(v, &cap, 1000000, 1);
	ck_assert_uint_ge(cap, 1000000);
	v[999999] = 'x';
	free(v);
}
END_TEST

static Suite *
vec_suite(void)
{
	Suite *s = suite_create("vec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reserve_allocates_even_for_nothing);
	tcase_add_test(tc, push_keeps_every_element);
	tcase_add_test(tc, reserve_keeps_the_array_while_it_fits);
	tcase_add_test(tc, grow_reaches_a_large_need_at_once);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vec_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
