/* SPDX-License-Identifier: MIT */
/* Unit tests for outbuf.c: the formatters' output buffer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbuf.h"

START_TEST(writes_columns_as_printf_would)
{
	char *text = NULL, want[64];
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);
	struct outbuf ob;

	outbuf_init(&ob, fp);
	outbuf_left(&ob, "tcp", 3, 5);
	outbuf_num_right(&ob, 42, 6);
	outbuf_puts(&ob, "|");
	outbuf_u64(&ob, 18446744073709551615ull);
	outbuf_pad(&ob, 0, 3);
	outbuf_left(&ob, "toolong", 7, 3);
	ck_assert_uint_eq(size, 0); /* nothing written before the flush */
	outbuf_flush(&ob);
	fclose(fp);
	snprintf(want, sizeof(want), "%-5s%6d|%s   %-3s", "tcp", 42,
	    "18446744073709551615", "toolong");
	ck_assert_str_eq(text, want);
	free(text);
}
END_TEST

START_TEST(long_output_is_written_whole)
{
	enum { N = 3 * 4096 + 17 };
	char *text = NULL, *in = malloc(N);
	size_t size = 0, i;
	FILE *fp = open_memstream(&text, &size);
	struct outbuf ob;

	for (i = 0; i < N; i++)
		in[i] = (char)('a' + i % 26);
	outbuf_init(&ob, fp);
	outbuf_put(&ob, "<", 1);
	outbuf_put(&ob, in, N);
	outbuf_pad(&ob, 0, 200);
	outbuf_put(&ob, ">", 1);
	outbuf_flush(&ob);
	fclose(fp);
	ck_assert_uint_eq(size, N + 202);
	ck_assert_mem_eq(text + 1, in, N);
	ck_assert_int_eq(text[N + 201], '>');
	free(text);
	free(in);
}
END_TEST

static Suite *
outbuf_suite(void)
{
	Suite *s = suite_create("outbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, writes_columns_as_printf_would);
	tcase_add_test(tc, long_output_is_written_whole);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(outbuf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
