/* Unit tests for owners.c: fd link parsing, the inode table, and a scan
 * of a fake /proc tree. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "owners.h"

START_TEST(parses_socket_links)
{
	uint64_t inode = 0;

	ck_assert_int_eq(owners_parse_link("socket:[123]", 12, &inode), 0);
	ck_assert_uint_eq(inode, 123);
	ck_assert_int_eq(owners_parse_link("socket:[18446744073709551615]", 29,
			     &inode),
	    0);
	ck_assert_uint_eq(inode, UINT64_MAX);
}
END_TEST

START_TEST(rejects_other_links)
{
	static const char *const bad[] = {
		"pipe:[123]", "anon_inode:[eventfd]", "/dev/null", "socket:[]",
		"socket:[12", "socket:[1a]", "socket:123]", "socket:[0]",
		"socket:[99999999999999999999]", "", "socket:[-1]",
	};
	uint64_t inode;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(owners_parse_link(bad[i], strlen(bad[i]), &inode) < 0,
		    "accepted %s", bad[i]);
	/* truncated: the length is what readlink returned */
	ck_assert_int_lt(owners_parse_link("socket:[123]", 11, &inode), 0);
}
END_TEST

/* A fake proc root: <root>/<pid>/comm and <root>/<pid>/fd/<n> links. */
struct fake_proc {
	char root[64];
};

static void
fake_init(struct fake_proc *fp)
{
	strcpy(fp->root, "/tmp/sockview-owners-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fp->root));
}

static void
fake_process(struct fake_proc *fp, int pid, const char *comm, size_t comm_len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", fp->root, pid);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%d/fd", fp->root, pid);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%d/comm", fp->root, pid);
	f = fopen(path, "w");
	fwrite(comm, 1, comm_len, f);
	fputc('\n', f);
	fclose(f);
}

static void
fake_fd(struct fake_proc *fp, int pid, int fd, const char *target)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%d/fd/%d", fp->root, pid, fd);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void
fake_fini(struct fake_proc *fp)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fp->root);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(maps_inodes_to_every_owner)
{
	struct fake_proc fp;
	struct owners *ow;
	const struct owner *o;
	char label[64];

	fake_init(&fp);
	fake_process(&fp, 300, "worker", 6);
	fake_process(&fp, 20, "master", 6);
	fake_process(&fp, 4000, "other", 5);
	fake_fd(&fp, 20, 3, "socket:[4242]");
	fake_fd(&fp, 20, 4, "pipe:[99]");
	fake_fd(&fp, 300, 3, "socket:[4242]");
	fake_fd(&fp, 300, 7, "socket:[5000]");
	fake_fd(&fp, 4000, 1, "/dev/null");
	mkdir(strcat(strcpy(label, fp.root), "/self"), 0700);

	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	ck_assert_uint_eq(owners_find(ow, 4242, &o), 2);
	ck_assert_int_eq(o[0].pid, 20);
	ck_assert_int_eq(o[0].fd, 3);
	ck_assert_int_eq(o[1].pid, 300);
	ck_assert_uint_eq(owners_find(ow, 5000, &o), 1);
	ck_assert_int_eq(o[0].fd, 7);
	ck_assert_uint_eq(owners_find(ow, 99, &o), 0);
	ck_assert_uint_eq(owners_find(ow, 0, &o), 0);
	ck_assert_uint_eq(owners_stats(ow).processes, 3);
	ck_assert_uint_eq(owners_stats(ow).sockets, 3);

	owners_label(ow, 4242, label, sizeof(label));
	ck_assert_str_eq(label, "20/master");
	owners_label(ow, 1, label, sizeof(label));
	ck_assert_str_eq(label, "-");
	ck_assert_int_eq(owners_status(ow, 4242), OWNERS_FOUND);
	ck_assert_int_eq(owners_status(ow, 0), OWNERS_NONE);
	ck_assert_int_eq(owners_status(ow, 777), OWNERS_NONE);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

START_TEST(escapes_program_names)
{
	struct fake_proc fp;
	struct owners *ow;
	char label[128];

	fake_init(&fp);
	fake_process(&fp, 42, "evil\nname\t\x1b[31m", 15);
	fake_fd(&fp, 42, 5, "socket:[77]");
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_pid(ow, 42), 0);
	owners_label(ow, 77, label, sizeof(label));
	ck_assert_str_eq(label, "42/evil\\nname\\t\\x1b[31m");
	ck_assert_int_eq(owners_scan_pid(ow, 43), -ENOENT);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

START_TEST(stops_once_wanted_sockets_are_found)
{
	struct fake_proc fp;
	struct owners *ow;
	const struct owner *o;
	uint64_t wanted[] = {10, 11};

	fake_init(&fp);
	fake_process(&fp, 1, "a", 1);
	fake_process(&fp, 2, "b", 1);
	fake_process(&fp, 3, "c", 1);
	fake_fd(&fp, 1, 3, "socket:[10]");
	fake_fd(&fp, 2, 3, "socket:[11]");
	fake_fd(&fp, 3, 3, "socket:[12]");
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_all(ow, wanted, 2), 0);
	ck_assert_uint_eq(owners_find(ow, 11, &o), 1);
	/* process 3 was never read: every wanted socket had an owner */
	ck_assert_uint_eq(owners_find(ow, 12, &o), 0);
	ck_assert_uint_eq(owners_stats(ow).processes, 2);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

START_TEST(grows_to_many_entries)
{
	struct fake_proc fp;
	struct owners *ow;
	const struct owner *o;
	char target[32];
	int i;

	/* 100,000 sockets over two processes, every inode held by both,
	 * with inodes that collide in a small table */
	fake_init(&fp);
	fake_process(&fp, 7, "p7", 2);
	fake_process(&fp, 8, "p8", 2);
	for (i = 0; i < 50000; i++) {
		snprintf(target, sizeof(target), "socket:[%d]", (i + 1) * 1024);
		fake_fd(&fp, 7, i, target);
		fake_fd(&fp, 8, i, target);
	}
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	ck_assert_uint_eq(owners_stats(ow).sockets, 100000);
	for (i = 0; i < 50000; i += 997) {
		ck_assert_uint_eq(owners_find(ow, (uint64_t)(i + 1) * 1024, &o), 2);
		ck_assert_int_eq(o[0].pid, 7);
		ck_assert_int_eq(o[0].fd, i);
		ck_assert_int_eq(o[1].pid, 8);
	}
	ck_assert_uint_eq(owners_find(ow, 1023, &o), 0);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

static Suite *
owners_suite(void)
{
	Suite *s = suite_create("owners");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parses_socket_links);
	tcase_add_test(tc, rejects_other_links);
	tcase_add_test(tc, maps_inodes_to_every_owner);
	tcase_add_test(tc, escapes_program_names);
	tcase_add_test(tc, stops_once_wanted_sockets_are_found);
	tcase_add_test(tc, grows_to_many_entries);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(owners_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
