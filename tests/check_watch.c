/* SPDX-License-Identifier: MIT */
/* Unit tests for watch.c (the --diff of two rounds, the timestamp line)
 * and for the colours and marks that fmt_text adds for -c and --color. */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "fmt_text.h"
#include "sock.h"
#include "watch.h"

static struct sock_rec
tcp(uint16_t lport, uint16_t rport, uint8_t state, uint64_t inode)
{
	struct sock_rec r;

	memset(&r, 0, sizeof(r));
	r.family = AF_INET;
	r.proto = IPPROTO_TCP;
	r.state = state;
	sock_addr_set_v4(&r.local.addr, htonl(0x7f000001));
	sock_addr_set_v4(&r.remote.addr, rport ? htonl(0x7f000001) : htonl(0));
	r.local.port = lport;
	r.remote.port = rport;
	r.inode = inode;
	return r;
}

static void
round_of(struct watch *w, const struct sock_rec *recs, size_t n)
{
	struct reclist *l = watch_begin(w);
	size_t i;

	for (i = 0; i < n; i++)
		reclist_push(l, &recs[i]);
}

/* A watch over Internet sockets, as the pipeline makes one. */
static struct watch *
new_watch(void)
{
	return watch_new(sizeof(struct sock_rec), sock_identity_cmp);
}

/* Row i of the last diff, as the record it is. */
static const struct sock_rec *
row(const struct watch *w, size_t i, enum watch_mark *m)
{
	return watch_row(w, i, m);
}

START_TEST(first_round_is_the_baseline)
{
	struct watch *w = new_watch();
	struct sock_rec r[2] = {tcp(80, 0, SOCK_ST_LISTEN, 1),
	    tcp(80, 5000, SOCK_ST_ESTABLISHED, 2)};
	enum watch_mark m;

	round_of(w, r, 2);
	ck_assert_uint_eq(watch_diff(w), 2);
	ck_assert_uint_eq(row(w, 0, &m)->local.port, 80);
	ck_assert_int_eq(m, WATCH_SAME);
	row(w, 1, &m);
	ck_assert_int_eq(m, WATCH_SAME);
	watch_free(w);
}
END_TEST

START_TEST(marks_new_closed_and_state_changes)
{
	struct watch *w = new_watch();
	struct sock_rec a[3] = {tcp(80, 0, SOCK_ST_LISTEN, 1),
	    tcp(80, 5000, SOCK_ST_ESTABLISHED, 2),
	    tcp(5000, 80, SOCK_ST_ESTABLISHED, 3)};
	/* 5000's side closed first: TIME_WAIT (inode 0); 80's side gone;
	 * a new connection from 5001 */
	struct sock_rec b[3] = {tcp(80, 0, SOCK_ST_LISTEN, 1),
	    tcp(5000, 80, SOCK_ST_TIME_WAIT, 0),
	    tcp(80, 5001, SOCK_ST_ESTABLISHED, 4)};
	const struct sock_rec *r;
	enum watch_mark m;

	round_of(w, a, 3);
	watch_diff(w);
	round_of(w, b, 3);
	ck_assert_uint_eq(watch_diff(w), 5);
	/* this round's rows in their order */
	r = row(w, 0, &m);
	ck_assert_int_eq(m, WATCH_SAME);
	ck_assert_uint_eq(r->state, SOCK_ST_LISTEN);
	r = row(w, 1, &m);
	ck_assert_int_eq(m, WATCH_NEW);
	ck_assert_uint_eq(r->state, SOCK_ST_TIME_WAIT);
	r = row(w, 2, &m);
	ck_assert_int_eq(m, WATCH_NEW);
	ck_assert_uint_eq(r->remote.port, 5001);
	/* then the closed ones, in the previous round's order */
	r = row(w, 3, &m);
	ck_assert_int_eq(m, WATCH_CLOSED);
	ck_assert_uint_eq(r->local.port, 80);
	ck_assert_uint_eq(r->remote.port, 5000);
	r = row(w, 4, &m);
	ck_assert_int_eq(m, WATCH_CLOSED);
	ck_assert_uint_eq(r->local.port, 5000);
	ck_assert_uint_eq(r->state, SOCK_ST_ESTABLISHED);

	/* nothing changed: nothing marked, nothing closed */
	round_of(w, b, 3);
	ck_assert_uint_eq(watch_diff(w), 3);
	row(w, 2, &m);
	ck_assert_int_eq(m, WATCH_SAME);
	watch_free(w);
}
END_TEST

START_TEST(pairs_duplicates_one_for_one)
{
	struct watch *w = new_watch();
	/* two UDP-like sockets with one key (SO_REUSEPORT, no inode) */
	struct sock_rec two[2] = {tcp(53, 0, SOCK_ST_CLOSE, 0),
	    tcp(53, 0, SOCK_ST_CLOSE, 0)};
	enum watch_mark m;

	round_of(w, two, 2);
	watch_diff(w);
	round_of(w, two, 1);
	ck_assert_uint_eq(watch_diff(w), 2);
	row(w, 0, &m);
	ck_assert_int_eq(m, WATCH_SAME);
	row(w, 1, &m);
	ck_assert_int_eq(m, WATCH_CLOSED);
	round_of(w, two, 2);
	ck_assert_uint_eq(watch_diff(w), 2);
	row(w, 1, &m);
	ck_assert_int_eq(m, WATCH_NEW);
	watch_free(w);
}
END_TEST

START_TEST(empty_rounds)
{
	struct watch *w = new_watch();
	struct sock_rec r = tcp(80, 0, SOCK_ST_LISTEN, 1);
	enum watch_mark m;

	round_of(w, NULL, 0);
	ck_assert_uint_eq(watch_diff(w), 0);
	round_of(w, &r, 1);
	ck_assert_uint_eq(watch_diff(w), 1);
	row(w, 0, &m);
	ck_assert_int_eq(m, WATCH_NEW);
	round_of(w, NULL, 0);
	ck_assert_uint_eq(watch_diff(w), 1);
	row(w, 0, &m);
	ck_assert_int_eq(m, WATCH_CLOSED);
	watch_free(w);
	watch_free(NULL);
}
END_TEST

START_TEST(stamp_line)
{
	char buf[WATCH_STAMP_SIZE];
	size_t n;

	setenv("TZ", "UTC", 1);
	tzset();
	n = watch_stamp(1795555805LL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "--- 2026-11-24 21:30:05 +0000 ---\n");
	ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

static char *
row_text(const struct fmt_opts *fo, const struct sock_rec *r, char mark)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	fmt_text_row_mark(fp, fo, r, mark);
	fclose(fp);
	return text;
}

/* Drop every "ESC [ ... m" sequence. */
static void
strip_sgr(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\033' && s[1] == '[') {
			s += 2;
			while (*s && *s != 'm')
				s++;
			if (*s)
				s++;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
}

START_TEST(colours_keep_the_columns)
{
	struct fmt_opts fo = {.numeric_hosts = true,
	    .numeric_ports = true,
	    .user_inode = true,
	    .numeric_users = true};
	struct sock_rec recs[] = {tcp(80, 0, SOCK_ST_LISTEN, 1),
	    tcp(80, 5000, SOCK_ST_ESTABLISHED, 2),
	    tcp(80, 5001, SOCK_ST_CLOSE_WAIT, 3),
	    tcp(80, 5002, SOCK_ST_TIME_WAIT, 0),
	    tcp(80, 5003, SOCK_ST_CLOSE, 4)};
	size_t i;

	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		char *plain, *coloured;

		fo.color = false;
		plain = row_text(&fo, &recs[i], ' ');
		fo.color = true;
		coloured = row_text(&fo, &recs[i], ' ');
		if (recs[i].state != SOCK_ST_CLOSE)
			ck_assert_ptr_nonnull(strstr(coloured, "\033["));
		strip_sgr(coloured);
		ck_assert_str_eq(coloured, plain);
		free(plain);
		free(coloured);
	}
	ck_assert_str_eq(fmt_text_state_color("LISTEN"), "\033[32m");
	ck_assert_str_eq(fmt_text_state_color("CLOSE_WAIT"), "\033[31m");
	ck_assert_ptr_null(fmt_text_state_color(""));
	ck_assert_ptr_null(fmt_text_state_color("UNKNOWN"));
}
END_TEST

START_TEST(marks_take_two_columns)
{
	struct fmt_opts fo = {.header = true,
	    .numeric_hosts = true,
	    .numeric_ports = true};
	struct sock_rec r = tcp(80, 0, SOCK_ST_LISTEN, 1);
	char *plain, *marked, *hdr = NULL;
	size_t len = 0;
	FILE *fp;

	plain = row_text(&fo, &r, '+');
	fo.marks = true;
	marked = row_text(&fo, &r, '+');
	ck_assert_int_eq(strncmp(marked, "+ ", 2), 0);
	ck_assert_str_eq(marked + 2, plain);
	free(marked);
	marked = row_text(&fo, &r, ' ');
	ck_assert_int_eq(strncmp(marked, "  tcp", 5), 0);
	free(marked);
	fo.color = true;
	marked = row_text(&fo, &r, '-');
	ck_assert_int_eq(strncmp(marked, "\033[31m-\033[0m ", 10), 0);
	free(marked);
	free(plain);

	fp = open_memstream(&hdr, &len);
	fmt_text_header(fp, &fo);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(hdr, "\n  Proto Recv-Q"));
	free(hdr);
}
END_TEST

/* -N all: the same ends in another namespace are another socket, even
 * where the inodes are 0 (TIME_WAIT). */
START_TEST(another_namespace_is_another_socket)
{
	struct watch *w = new_watch();
	struct sock_rec a[1] = {tcp(80, 5000, SOCK_ST_TIME_WAIT, 0)};
	struct sock_rec b[2] = {a[0], a[0]};
	enum watch_mark m;
	size_t i, news = 0;

	a[0].netns = 4026531833u;
	b[0].netns = 4026531833u;
	b[1].netns = 4026532200u;
	round_of(w, a, 1);
	watch_diff(w);
	round_of(w, b, 2);
	ck_assert_uint_eq(watch_diff(w), 2);
	for (i = 0; i < 2; i++)
		if (row(w, i, &m)->netns == 4026532200u && m == WATCH_NEW)
			news++;
	ck_assert_uint_eq(news, 1);
	watch_free(w);
}
END_TEST

static Suite *
watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, first_round_is_the_baseline);
	tcase_add_test(tc, another_namespace_is_another_socket);
	tcase_add_test(tc, marks_new_closed_and_state_changes);
	tcase_add_test(tc, pairs_duplicates_one_for_one);
	tcase_add_test(tc, empty_rounds);
	tcase_add_test(tc, stamp_line);
	tcase_add_test(tc, colours_keep_the_columns);
	tcase_add_test(tc, marks_take_two_columns);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(watch_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
