/* SPDX-License-Identifier: MIT */
/* procunix: /proc/net/unix lines as the kernel writes them. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procunix.h"
#include "unixsock.h"

START_TEST(parses_listener_with_path)
{
	struct unix_rec r;

	ck_assert_int_eq(
	    procunix_parse_line("0000000000000000: 00000002 00000000 "
				"00010000 0001 01 2136998 /run/x.sock",
		&r),
	    0);
	ck_assert_uint_eq(r.refcnt, 2);
	ck_assert(r.has_refcnt);
	ck_assert_uint_eq(r.flags, UNIXSOCK_FLAG_ACC);
	ck_assert_uint_eq(r.type, SOCK_STREAM);
	ck_assert_uint_eq(r.state, UNIXSOCK_SS_UNCONNECTED);
	ck_assert(unixsock_is_listening(&r));
	ck_assert_str_eq(unixsock_state_name(&r), "LISTENING");
	ck_assert_uint_eq(r.inode, 2136998);
	ck_assert_uint_eq(r.path_len, 11);
	ck_assert(memcmp(r.path, "/run/x.sock", 11) == 0);
	ck_assert(!r.has_peer);
}
END_TEST

START_TEST(parses_unnamed_and_pending)
{
	struct unix_rec r;

	/* a hashed pointer, no name */
	ck_assert_int_eq(
	    procunix_parse_line("00000000a1388a52: 00000003 00000000 "
				"00000000 0005 03 2137006",
		&r),
	    0);
	ck_assert_uint_eq(r.type, SOCK_SEQPACKET);
	ck_assert_str_eq(unixsock_state_name(&r), "CONNECTED");
	ck_assert_uint_eq(r.path_len, 0);
	/* a connection not yet accepted: inode 0, printed as "%5lu" */
	ck_assert_int_eq(
	    procunix_parse_line("00000000aeff458c: 00000003 00000000 "
				"00000000 0001 02     0 /tmp/l",
		&r),
	    0);
	ck_assert_uint_eq(r.inode, 0);
	ck_assert_str_eq(unixsock_state_name(&r), "CONNECTING");
	ck_assert_uint_eq(r.path_len, 6);
}
END_TEST

START_TEST(keeps_abstract_names_and_spaces)
{
	struct unix_rec r;

	ck_assert_int_eq(
	    procunix_parse_line("00000000cfe02566: 00000002 00000000 "
				"00010000 0001 01 2137002 @abs@x",
		&r),
	    0);
	ck_assert_uint_eq(r.path_len, 6);
	ck_assert(memcmp(r.path, "@abs@x", 6) == 0);
	/* a relative name may begin with a space: one separator only */
	ck_assert_int_eq(
	    procunix_parse_line("0000000000000000: 00000002 00000000 "
				"00000000 0002 01 7  a b",
		&r),
	    0);
	ck_assert_uint_eq(r.path_len, 4);
	ck_assert(memcmp(r.path, " a b", 4) == 0);
	ck_assert_str_eq(unixsock_state_name(&r), "");
}
END_TEST

START_TEST(rejects_garbled_lines)
{
	struct unix_rec r;
	char longname[300];

	ck_assert_int_eq(procunix_parse_line("", &r), -1);
	ck_assert_int_eq(
	    procunix_parse_line("Num       RefCount Protocol Flags    "
				"Type St Inode Path",
		&r),
	    -1);
	ck_assert_int_eq(procunix_parse_line("0000: 00000002 00000000 00010000 "
					     "0001 01",
			     &r),
	    -1);
	ck_assert_int_eq(procunix_parse_line("0000: 00000002 00000000 00010000 "
					     "0001 09 12",
			     &r),
	    -1);
	ck_assert_int_eq(procunix_parse_line("0000: 00000002 00000000 00010000 "
					     "0001 01 12x",
			     &r),
	    -1);
	ck_assert_int_eq(procunix_parse_line("0000: 00000002 00000000 00010000 "
					     "0001 01 99999999999999999999999",
			     &r),
	    -1);
	/* a name longer than sun_path cannot be one */
	snprintf(longname, sizeof(longname),
	    "0000: 00000002 00000000 00000000 0001 01 5 /%0200d", 0);
	ck_assert_int_eq(procunix_parse_line(longname, &r), -1);
}
END_TEST

START_TEST(collects_from_a_fixture_tree)
{
	char dir[] = "/tmp/check_procunix.XXXXXX";
	char path[512];
	struct unixsock_list list;
	size_t bad = 0;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/net", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/net/unix", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("Num       RefCount Protocol Flags    Type St Inode Path\n"
	      "0000000000000000: 00000002 00000000 00010000 0001 01 11\n"
	      "garbage\n"
	      "0000000000000000: 00000003 00000000 00000000 0002 03 12 /a\n"
	      "more\n",
	    fp);
	fclose(fp);
	unixsock_list_init(&list);
	ck_assert_int_eq(
	    procunix_collect(dir, NULL, NULL, unixsock_list_sink, &list, &bad),
	    0);
	ck_assert_uint_eq(list.len, 2);
	ck_assert_uint_eq(bad, 1); /* no name before it to continue */
	ck_assert_uint_eq(list.v[0].inode, 11);
	ck_assert_uint_eq(list.v[1].type, SOCK_DGRAM);
	ck_assert_uint_eq(list.v[1].path_len, 7);
	ck_assert(memcmp(list.v[1].path, "/a\nmore", 7) == 0);
	unixsock_list_fini(&list);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", dir);
	rmdir(path);
	rmdir(dir);
	ck_assert_int_eq(procunix_collect("/nonexistent-sockview", NULL, NULL,
			     unixsock_list_sink, &list, &bad),
	    -ENOENT);
}
END_TEST

/* Append "\n" and s to rec's name. */
static bool
name_append_for_test(struct unix_rec *rec, const char *s)
{
	size_t n = strlen(s);

	if (rec->path_len + 1 + n > UNIXSOCK_PATH_MAX)
		return false;
	rec->path[rec->path_len] = '\n';
	memcpy(rec->path + rec->path_len + 1, s, n);
	rec->path_len = (uint8_t)(rec->path_len + 1 + n);
	return true;
}

#define HDR "Num       RefCount Protocol Flags    Type St Inode Path\n"
#define SOCK(ino) "0000000000000000: 00000002 00000000 00000000 0001 01 " ino
/* what a name "/x\n<forged line>" bound by a hostile user makes */
#define FORGED(ino) SOCK("  300 /x\n") SOCK(ino " FORGED_path\n")

static void
parse_text(const char *text, const struct unixsock_list *known,
    struct unixsock_list *out, size_t *bad)
{
	unixsock_list_init(out);
	*bad = 0;
	ck_assert_int_eq(procunix_parse(text, strlen(text), known,
			     unixsock_list_sink, out, bad),
	    0);
}

/* A line that is not a socket line in the kernel's format, or whose
 * pointer is not as wide as the file's, continues the name before it. */
START_TEST(continues_names_with_lines_of_another_format)
{
	struct unixsock_list l;
	size_t bad;

	parse_text(
	    HDR SOCK("  300 /x\n") "00000000: 00000002 00000000 "
				   "00000000 0001 01 77 y\n"
				   "0000000000000000: 2 0 0 1 1 78\n" SOCK(
				       "  301\n"),
	    NULL, &l, &bad);
	ck_assert_uint_eq(l.len, 2);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(l.v[0].inode, 300);
	ck_assert_uint_eq(l.v[0].path_len, 2 + 1 + 49 + 1 + 30);
	ck_assert(memcmp(l.v[0].path, "/x\n00000000: ", 13) == 0);
	ck_assert_uint_eq(l.v[1].inode, 301);
	unixsock_list_fini(&l);
}
END_TEST

/* A forged line that claims a socket's inode loses to the kernel's own
 * line: it is the one that could stand inside a name, and its text goes
 * back to that name. */
START_TEST(drops_a_forged_line_claiming_an_inode)
{
	const char *text =
	    HDR SOCK("  301\n") SOCK("  302 /real\n") FORGED("  302");
	struct unixsock_list l;
	size_t bad;

	parse_text(text, NULL, &l, &bad);
	ck_assert_uint_eq(l.len, 3);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(l.v[1].inode, 302);
	ck_assert(memcmp(l.v[1].path, "/real", 5) == 0);
	ck_assert_uint_eq(l.v[2].inode, 300);
	ck_assert_uint_eq(l.v[2].path_len, 2 + 1 + 58 + 12);
	ck_assert(memcmp(l.v[2].path + l.v[2].path_len - 12, " FORGED_path",
		      12) == 0);
	unixsock_list_fini(&l);
	/* both could be in a name (the real one after a short name): the
	 * inode is listed once, without a RefCnt */
	parse_text(HDR FORGED("  302") SOCK("  303 /b\n") SOCK("  302\n"), NULL,
	    &l, &bad);
	ck_assert_uint_eq(l.len, 3);
	ck_assert_uint_eq(l.v[0].inode, 300);
	ck_assert_uint_eq(l.v[1].inode, 302);
	ck_assert(!l.v[1].has_refcnt);
	ck_assert_uint_eq(l.v[2].inode, 303);
	unixsock_list_fini(&l);
}
END_TEST

/* Read by root, the kernel's lines show addresses: a forged line of
 * zeros that could stand inside a name is taken for part of it, even
 * where the kernel's own line for the inode follows it and so could be
 * inside the forged line's name (the order of /proc/net/unix is the
 * kernel's hash order). */
#define ROOTSOCK(ptr, ino) ptr ": 00000002 00000000 00010000 0001 01 " ino
START_TEST(prefers_the_lines_with_kernel_addresses)
{
	const char *text = HDR ROOTSOCK("00000000a1b2c3d4", "  300 f3\n")
	    SOCK("  302 r\n") ROOTSOCK("000000006ef0e290", "  302 r\n");
	struct unixsock_list l;
	size_t bad;

	parse_text(text, NULL, &l, &bad);
	ck_assert_uint_eq(l.len, 2);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(l.v[0].inode, 300);
	ck_assert_uint_eq(l.v[0].path_len, 2 + 1 + 60);
	ck_assert_uint_eq(l.v[1].inode, 302);
	ck_assert(l.v[1].has_refcnt);
	ck_assert_uint_eq(l.v[1].path_len, 1);
	unixsock_list_fini(&l);
	/* a forged line that claims an inode no other line claims, too */
	parse_text(HDR ROOTSOCK("00000000a1b2c3d4", "  300 f3\n")
		       SOCK("  424242 FORGED\n"),
	    NULL, &l, &bad);
	ck_assert_uint_eq(l.len, 1);
	ck_assert_uint_eq(l.v[0].inode, 300);
	unixsock_list_fini(&l);
}
END_TEST

/* With the netlink dump, a name holding newlines is known: its lines
 * are skipped whatever they say. */
START_TEST(skips_the_lines_of_a_name_netlink_knows)
{
	const char *text = HDR FORGED("424242") SOCK("  301\n");
	struct unixsock_list known, l;
	struct unix_rec k;
	size_t bad;

	/* without it, a forged inode no other line claims stays ambiguous */
	parse_text(text, NULL, &l, &bad);
	ck_assert_uint_eq(l.len, 3);
	ck_assert_uint_eq(l.v[1].inode, 424242);
	unixsock_list_fini(&l);

	unixsock_list_init(&known);
	ck_assert_int_eq(procunix_parse_line(SOCK("  300 /x"), &k), 0);
	ck_assert(name_append_for_test(&k, SOCK("424242 FORGED_path")));
	unixsock_list_sink(&k, &known);
	parse_text(text, &known, &l, &bad);
	ck_assert_uint_eq(l.len, 2);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(l.v[0].inode, 300);
	ck_assert_uint_eq(l.v[0].path_len, k.path_len);
	ck_assert(memcmp(l.v[0].path, k.path, k.path_len) == 0);
	ck_assert_uint_eq(l.v[1].inode, 301);
	unixsock_list_fini(&l);
	unixsock_list_fini(&known);
}
END_TEST

static Suite *
procunix_suite(void)
{
	Suite *s = suite_create("procunix");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_listener_with_path);
	tcase_add_test(tc, parses_unnamed_and_pending);
	tcase_add_test(tc, keeps_abstract_names_and_spaces);
	tcase_add_test(tc, rejects_garbled_lines);
	tcase_add_test(tc, collects_from_a_fixture_tree);
	tcase_add_test(tc, continues_names_with_lines_of_another_format);
	tcase_add_test(tc, drops_a_forged_line_claiming_an_inode);
	tcase_add_test(tc, prefers_the_lines_with_kernel_addresses);
	tcase_add_test(tc, skips_the_lines_of_a_name_netlink_knows);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(procunix_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
