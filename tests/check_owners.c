/* Unit tests for owners.c: fd link parsing, the inode table, and a scan
 * of a fake /proc tree. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "owners.h"

START_TEST(parses_socket_links)
{
	uint64_t inode = 0;

	ck_assert_int_eq(owners_parse_link("socket:[123]", 12, &inode), 0);
	ck_assert_uint_eq(inode, 123);
	ck_assert_int_eq(
	    owners_parse_link("socket:[18446744073709551615]", 29, &inode), 0);
	ck_assert_uint_eq(inode, UINT64_MAX);
}
END_TEST

START_TEST(rejects_other_links)
{
	static const char *const bad[] = {
	    "pipe:[123]",
	    "anon_inode:[eventfd]",
	    "/dev/null",
	    "socket:[]",
	    "socket:[12",
	    "socket:[1a]",
	    "socket:123]",
	    "socket:[0]",
	    "socket:[99999999999999999999]",
	    "",
	    "socket:[-1]",
	};
	uint64_t inode;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(
		    owners_parse_link(bad[i], strlen(bad[i]), &inode) < 0,
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
		ck_assert_uint_eq(owners_find(ow, (uint64_t)(i + 1) * 1024, &o),
		    2);
		ck_assert_int_eq(o[0].pid, 7);
		ck_assert_int_eq(o[0].fd, i);
		ck_assert_int_eq(o[1].pid, 8);
	}
	ck_assert_uint_eq(owners_find(ow, 1023, &o), 0);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

/* Write <root>/<pid>/stat with comm and start time (field 22). */
static void
fake_stat(struct fake_proc *fp, int pid, const char *comm,
    unsigned long long start)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d/stat", fp->root, pid);
	f = fopen(path, "w");
	fprintf(f,
	    "%d (%s) S 1 %d %d 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 %llu "
	    "1000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n",
	    pid, comm, pid, pid, start);
	fclose(f);
}

START_TEST(parses_stat_lines)
{
	/* fields 4 to 21 are 4 to 21 here, the start time is field 22 */
	static const char line[] = "42 (a) b) c) R 4 5 6 7 8 9 10 11 12 13 14 "
				   "15 16 17 18 19 20 21 123456 99 100\n";
	static const char *const bad[] = {
	    "42 (x R 4 5",
	    "42 x) R",
	    "42 (x) R 4 5 6",
	    "42 (x) R 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
	    "42 (x) R 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 12a 9",
	    "42 (x) R 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21  9",
	};
	const char *comm;
	size_t len, i;
	uint64_t start;

	ck_assert_int_eq(
	    owners_parse_stat(line, strlen(line), &comm, &len, &start), 0);
	/* the name ends at the last ')' */
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(memcmp(comm, "a) b) c", 7), 0);
	ck_assert_uint_eq(start, 123456);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(owners_parse_stat(bad[i], strlen(bad[i]), &comm,
				  &len, &start) < 0,
		    "accepted %s", bad[i]);
}
END_TEST

/* -c: names carry over while (pid, start time) match; a reused pid, a
 * renamed process and an exited one are seen; old names are dropped. */
START_TEST(caches_names_by_pid_and_start_time)
{
	struct fake_proc fp;
	struct owners *ow;
	char path[256];
	size_t round;

	fake_init(&fp);
	fake_process(&fp, 10, "comm-file", 9);
	fake_stat(&fp, 10, "old", 5000);
	fake_fd(&fp, 10, 3, "socket:[100]");
	ow = owners_new(fp.root);

	owners_begin_round(ow);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	/* in rounds the name comes from stat, with the start time */
	ck_assert_str_eq(owners_comm(ow, 10), "old");

	/* the same process in the next round: its cached name */
	owners_begin_round(ow);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	ck_assert_uint_eq(owners_stats(ow).sockets, 1);
	ck_assert_str_eq(owners_comm(ow, 10), "old");

	/* the pid reused by another process: another start time */
	fake_stat(&fp, 10, "new", 7000);
	owners_begin_round(ow);
	ck_assert_str_eq(owners_comm(ow, 10), "new");
	ck_assert_str_eq(owners_comm_raw(ow, 10), "new");

	/* renamed (prctl) without a new start time */
	fake_stat(&fp, 10, "re\nnamed", 7000);
	owners_begin_round(ow);
	ck_assert_str_eq(owners_comm(ow, 10), "re\\nnamed");

	/* gone */
	snprintf(path, sizeof(path), "%s/10/stat", fp.root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/10/comm", fp.root);
	unlink(path);
	owners_begin_round(ow);
	ck_assert_ptr_null(owners_comm(ow, 10));

	/* many rounds over many pids: only the last round's are kept */
	for (round = 0; round < 50; round++) {
		int pid;

		owners_begin_round(ow);
		for (pid = 1000; pid < 1100; pid++)
			(void)owners_comm(ow, pid + (int)round * 100);
	}
	owners_begin_round(ow);
	ck_assert_ptr_null(owners_comm(ow, 10));
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

/* Allow this process extra open files beyond those it has now. */
static void
limit_files(int extra, struct rlimit *old)
{
	struct rlimit rl;
	int lowest = dup(0);

	ck_assert_int_ge(lowest, 0);
	close(lowest);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, old), 0);
	rl = *old;
	rl.rlim_cur = (rlim_t)(lowest + extra);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
}

/* EMFILE is not "no such process": --pid says why, a scan counts it,
 * and a name that cannot be read is not taken for an exit. */
START_TEST(counts_failures_besides_exits)
{
	struct fake_proc fp;
	struct owners *ow;
	struct rlimit old;
	const struct owner *o;
	char label[64];

	fake_init(&fp);
	fake_process(&fp, 42, "held", 4);
	fake_fd(&fp, 42, 5, "socket:[77]");
	ow = owners_new(fp.root);
	/* room for the proc root, none for the fd directory */
	limit_files(1, &old);
	ck_assert_int_eq(owners_scan_pid(ow, 42), -EMFILE);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_uint_eq(owners_stats(ow).hidden, 1);
	ck_assert_uint_eq(owners_stats(ow).denied, 0);
	ck_assert_int_eq(owners_stats(ow).error, EMFILE);
	ck_assert_int_eq(owners_status(ow, 77), OWNERS_HIDDEN);
	owners_free(ow);

	/* the fds read, the name not */
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_pid(ow, 42), 0);
	ck_assert_uint_eq(owners_find(ow, 77, &o), 1);
	limit_files(0, &old);
	owners_label(ow, 77, label, sizeof(label));
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_str_eq(label, "-");
	ck_assert_uint_eq(owners_stats(ow).hidden, 1);
	ck_assert_int_eq(owners_stats(ow).error, EMFILE);
	ck_assert_int_eq(owners_status(ow, 77), OWNERS_HIDDEN);
	/* counted once, however often it is asked for */
	ck_assert_uint_eq(owners_stats(ow).hidden, 1);
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
	tcase_add_test(tc, parses_stat_lines);
	tcase_add_test(tc, caches_names_by_pid_and_start_time);
	tcase_add_test(tc, counts_failures_besides_exits);
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
