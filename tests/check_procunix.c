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
	      "0000000000000000: 00000002 00000000 00010000 0001 01 11 /a\n"
	      "garbage\n"
	      "0000000000000000: 00000003 00000000 00000000 0002 03 12\n",
	    fp);
	fclose(fp);
	unixsock_list_init(&list);
	ck_assert_int_eq(procunix_collect(dir, unixsock_list_sink, &list, &bad),
	    0);
	ck_assert_uint_eq(list.len, 2);
	ck_assert_uint_eq(bad, 1);
	ck_assert_uint_eq(list.v[0].inode, 11);
	ck_assert_uint_eq(list.v[1].type, SOCK_DGRAM);
	unixsock_list_fini(&list);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", dir);
	rmdir(path);
	rmdir(dir);
	ck_assert_int_eq(procunix_collect("/nonexistent-sockview",
			     unixsock_list_sink, &list, &bad),
	    -ENOENT);
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
