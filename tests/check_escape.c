/* SPDX-License-Identifier: MIT */
/* Unit tests for escape.c: untrusted bytes made safe for one column. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

START_TEST(keeps_printable_ascii)
{
	char out[64];

	ck_assert_uint_eq(escape_text("nginx-1.2", 9, out, sizeof(out)), 9);
	ck_assert_str_eq(out, "nginx-1.2");
}
END_TEST

START_TEST(escapes_every_other_byte)
{
	char in[255], out[ESCAPE_TEXT_SIZE(255)];
	size_t i, n;

	for (i = 0; i < 255; i++)
		in[i] = (char)(i + 1);
	n = escape_text(in, sizeof(in), out, sizeof(out));
	ck_assert_uint_eq(n, strlen(out));
	/* one word of printable ASCII: no line or column can be forged */
	for (i = 0; i < n; i++)
		ck_assert(out[i] > ' ' && out[i] < 0x7f);
	ck_assert_ptr_nonnull(strstr(out, "\\n"));
	ck_assert_ptr_nonnull(strstr(out, "\\t"));
	ck_assert_ptr_nonnull(strstr(out, "\\x1b"));
	ck_assert_ptr_nonnull(strstr(out, "\\x20"));
	ck_assert_ptr_nonnull(strstr(out, "\\x7f"));
	ck_assert_ptr_nonnull(strstr(out, "\\xc3"));
	ck_assert_ptr_nonnull(strstr(out, "\\xff"));
	ck_assert_ptr_nonnull(strstr(out, "\\\\"));
}
END_TEST

START_TEST(named_escapes)
{
	char out[64];

	escape_text("a\nb\tc d\\", 8, out, sizeof(out));
	ck_assert_str_eq(out, "a\\nb\\tc\\x20d\\\\");
}
END_TEST

START_TEST(cuts_short_between_escapes)
{
	char out[6];

	/* "ab" then an escape that does not fit whole */
	ck_assert_uint_eq(escape_text("ab\x01", 3, out, sizeof(out)), 2);
	ck_assert_str_eq(out, "ab");
	ck_assert_uint_eq(escape_text("abc", 3, out, 0), 0);
}
END_TEST

static Suite *
escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, keeps_printable_ascii);
	tcase_add_test(tc, escapes_every_other_byte);
	tcase_add_test(tc, named_escapes);
	tcase_add_test(tc, cuts_short_between_escapes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(escape_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
