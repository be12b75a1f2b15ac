/* SPDX-License-Identifier: MIT */
/* Unit tests for servelog.c: a reader that stops reading never blocks
 * the writer; lines are dropped whole and counted; the last line (the
 * summary) has room kept for it. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/servelog.h"

#define LINE "0123456789012345678901234567890123456789 a log line\n"

/* Fill the pipe and the log: every call returns, some lines are lost. */
START_TEST(full_pipe_drops_whole_lines)
{
	struct servelog *l;
	int p[2], i, n = 0, bad = 0;
	char buf[4096];
	size_t len = strlen(LINE), have = 0, sent = 0;
	ssize_t r;

	ck_assert_int_eq(pipe(p), 0);
	alarm(10); /* a blocking write would hang here */
	l = servelog_new(p[1]);
	for (i = 0; i < 5000; i++)
		servelog_add(l, LINE, len, false);
	ck_assert_uint_gt(servelog_dropped(l), 0);
	ck_assert_uint_le(servelog_pending(l),
	    SERVELOG_SIZE - SERVELOG_RESERVE);
	sent = 5000 - (size_t)servelog_dropped(l);
	/* the summary gets in although the log is full */
	servelog_add(l, "summary\n", 8, true);
	ck_assert_uint_eq(servelog_dropped(l), 5000 - sent);
	/* read everything: whole lines only, then the summary */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	for (;;) {
		servelog_flush(l);
		r = read(p[0], buf + have, sizeof(buf) - have);
		if (r <= 0 && servelog_pending(l) == 0)
			break;
		if (r > 0)
			have += (size_t)r;
		while (have >= len && memcmp(buf, LINE, len) == 0) {
			memmove(buf, buf + len, have - len);
			have -= len;
			n++;
		}
		if (have >= len && memcmp(buf, "summary\n", 8) != 0)
			bad++;
	}
	ck_assert_int_eq(bad, 0);
	ck_assert_uint_eq((size_t)n, sent);
	ck_assert_uint_eq(have, 8);
	ck_assert_int_eq(memcmp(buf, "summary\n", 8), 0);
	ck_assert_uint_eq(servelog_take_gap(l), 5000 - sent);
	ck_assert_uint_eq(servelog_take_gap(l), 0);
	servelog_free(l);
	close(p[0]);
	close(p[1]);
}
END_TEST

/* The pipe's own open file is left blocking: the log has its own. */
START_TEST(pipe_flags_left_alone)
{
	struct servelog *l;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	l = servelog_new(p[1]);
	ck_assert_int_ne(servelog_fd(l), p[1]);
	ck_assert_int_eq(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_ne(fcntl(servelog_fd(l), F_GETFL) & O_NONBLOCK, 0);
	servelog_free(l);
	close(p[0]);
	close(p[1]);
}
END_TEST

/* A reader gone is an error, said once, not a hang. */
START_TEST(reader_gone_is_epipe)
{
	struct servelog *l;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	l = servelog_new(p[1]);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	servelog_add(l, LINE, strlen(LINE), false);
	ck_assert_int_eq(servelog_flush(l), -EPIPE);
	servelog_free(l);
	close(p[1]);
}
END_TEST

static Suite *
servelog_suite(void)
{
	Suite *s = suite_create("servelog");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, full_pipe_drops_whole_lines);
	tcase_add_test(tc, pipe_flags_left_alone);
	tcase_add_test(tc, reader_gone_is_epipe);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(servelog_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
