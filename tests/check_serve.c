/* SPDX-License-Identifier: MIT */
/* Unit tests for serve.c's per-client handling: the fixed echo buffer,
 * and servelog.c's one-line preview of received data. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "demo/serve.h"
#include "demo/serve_buf.h"
#include "demo/servelog.h"

START_TEST(buffer_holds_at_most_its_size)
{
	struct serve_buf b = {0};
	size_t room, len;
	char *p;

	p = serve_buf_room(&b, &room);
	ck_assert_uint_eq(room, SERVE_BUF_SIZE);
	memset(p, 'a', room);
	serve_buf_filled(&b, room);
	serve_buf_room(&b, &room);
	ck_assert_uint_eq(room, 0); /* full: the server stops reading */
	serve_buf_pending(&b, &len);
	ck_assert_uint_eq(len, SERVE_BUF_SIZE);
}
END_TEST

START_TEST(buffer_partial_send_keeps_order)
{
	struct serve_buf b = {0};
	const char *q;
	size_t room, len;
	char *p;

	p = serve_buf_room(&b, &room);
	memcpy(p, "hello world", 11);
	serve_buf_filled(&b, 11);
	serve_buf_sent(&b, 6); /* a short send */
	q = serve_buf_pending(&b, &len);
	ck_assert_uint_eq(len, 5);
	ck_assert_mem_eq(q, "world", 5);
	/* new data goes after what is pending */
	p = serve_buf_room(&b, &room);
	ck_assert_uint_eq(room, SERVE_BUF_SIZE - 11);
	memcpy(p, "!", 1);
	serve_buf_filled(&b, 1);
	q = serve_buf_pending(&b, &len);
	ck_assert_uint_eq(len, 6);
	ck_assert_mem_eq(q, "world!", 6);
	serve_buf_sent(&b, 6);
	serve_buf_pending(&b, &len);
	ck_assert_uint_eq(len, 0);
	serve_buf_room(&b, &room);
	ck_assert_uint_eq(room, SERVE_BUF_SIZE); /* empty: all room again */
}
END_TEST

START_TEST(buffer_compacts_when_tail_is_full)
{
	struct serve_buf b = {0};
	const char *q;
	size_t room, len;
	char *p;

	p = serve_buf_room(&b, &room);
	memset(p, 'a', room);
	p[room - 1] = 'z';
	serve_buf_filled(&b, room);
	serve_buf_sent(&b, 100);
	p = serve_buf_room(&b, &room);
	ck_assert_uint_eq(room, 100);
	q = serve_buf_pending(&b, &len);
	ck_assert_uint_eq(len, SERVE_BUF_SIZE - 100);
	ck_assert_int_eq(q[len - 1], 'z');
	ck_assert_ptr_eq(p, q + len);
}
END_TEST

START_TEST(preview_is_one_escaped_line)
{
	char out[SERVELOG_PREVIEW_SIZE];

	ck_assert_uint_eq(
	    servelog_preview("GET / HTTP/1.0\r\n\r\n", 18, out, sizeof(out)),
	    strlen("GET\\x20/\\x20HTTP/1.0\\r\\n\\r\\n"));
	ck_assert_str_eq(out, "GET\\x20/\\x20HTTP/1.0\\r\\n\\r\\n");
	servelog_preview("\x1b[2J\0", 5, out, sizeof(out));
	ck_assert_str_eq(out, "\\x1b[2J\\x00");
	ck_assert_ptr_null(strchr(out, '\n'));
}
END_TEST

START_TEST(preview_cuts_long_data)
{
	char big[10000], out[SERVELOG_PREVIEW_SIZE];
	size_t len;

	memset(big, 'x', sizeof(big));
	len = servelog_preview(big, sizeof(big), out, sizeof(out));
	ck_assert_uint_eq(len, SERVELOG_PREVIEW_BYTES + 3);
	ck_assert_str_eq(out + SERVELOG_PREVIEW_BYTES, "...");
	/* the worst case fits too: every byte escaped as \xHH */
	memset(big, 0xff, sizeof(big));
	len = servelog_preview(big, sizeof(big), out, sizeof(out));
	ck_assert_uint_eq(len, SERVELOG_PREVIEW_BYTES * 4 + 3);
	/* exactly the limit: nothing cut */
	len = servelog_preview(big, SERVELOG_PREVIEW_BYTES, out, sizeof(out));
	ck_assert_uint_eq(len, SERVELOG_PREVIEW_BYTES * 4);
}
END_TEST

static Suite *
serve_suite(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, buffer_holds_at_most_its_size);
	tcase_add_test(tc, buffer_partial_send_keeps_order);
	tcase_add_test(tc, buffer_compacts_when_tail_is_full);
	tcase_add_test(tc, preview_is_one_escaped_line);
	tcase_add_test(tc, preview_cuts_long_data);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(serve_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
