/* SPDX-License-Identifier: MIT */
/* fmt_unix: netstat -x's columns, byte for byte. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fmt_text.h"
#include "fmt_unix.h"
#include "unixsock.h"

static char *
row(const struct fmt_opts *fo, const struct unix_rec *r)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	fmt_unix_row(fp, fo, r);
	fclose(fp);
	return out;
}

static void
listener(struct unix_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->type = SOCK_STREAM;
	r->state = UNIXSOCK_SS_UNCONNECTED;
	r->flags = UNIXSOCK_FLAG_ACC;
	r->has_refcnt = true;
	r->refcnt = 2;
	r->inode = 2136998;
	unixsock_set_name(r, "/tmp/l.sock", 12);
}

START_TEST(rows_as_netstat)
{
	struct fmt_opts fo = {.header = true};
	struct unix_rec r;
	char *s;

	listener(&r);
	s = row(&fo, &r);
	ck_assert_str_eq(s, "unix  2      [ ACC ]     STREAM     LISTENING     "
			    "2136998  /tmp/l.sock\n");
	free(s);
	/* -p with no table: "-"; -e: the peer column */
	fo.owner = true;
	fo.user_inode = true;
	r.has_refcnt = false;
	r.peer = 77;
	s = row(&fo, &r);
	ck_assert_str_eq(s,
	    "unix  -      [ ACC ]     STREAM     LISTENING     "
	    "2136998  77       -                    /tmp/l.sock\n");
	free(s);
}
END_TEST

START_TEST(header_as_netstat)
{
	struct fmt_opts fo = {.header = true,
	    .listen = FILTER_ALL,
	    .owner = true};
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	fmt_unix_header(fp, &fo);
	fclose(fp);
	ck_assert_str_eq(out,
	    "Active UNIX domain sockets (servers and established)\n"
	    "Proto RefCnt Flags       Type       State         "
	    "I-Node   PID/Program name     Path\n");
	free(out);
}
END_TEST

START_TEST(names_are_escaped)
{
	char out[64];

	ck_assert_uint_eq(fmt_unix_path("/a b\n\\\x1b", 7, out, sizeof(out)),
	    12);
	ck_assert_str_eq(out, "/a b\\n\\\\\\x1b");
	/* cut short, never in the middle of an escape */
	ck_assert_uint_eq(fmt_unix_path("ab\n", 3, out, 4), 2);
	ck_assert_str_eq(out, "ab");
}
END_TEST

static Suite *
fmt_unix_suite(void)
{
	Suite *s = suite_create("fmt_unix");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rows_as_netstat);
	tcase_add_test(tc, header_as_netstat);
	tcase_add_test(tc, names_are_escaped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmt_unix_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
