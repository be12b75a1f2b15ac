/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(parses_the_v2_line)
{
	/* a hybrid host: v1 lines first, v2's last */
	const char *text = "4:memory:/process_api/6a1f\n1:cpu:/\n"
			   "0::/system.slice/nginx.service\n";
	char buf[64];

	ck_assert_int_eq(cgroup_parse(text, strlen(text), buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/system.slice/nginx.service");
	ck_assert_int_eq(cgroup_parse("0::/\n", 5, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/");
	/* without its newline, too */
	ck_assert_int_eq(cgroup_parse("0::/a", 5, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/a");
	ck_assert_int_eq(cgroup_parse("1:cpu:/\n", 8, buf, sizeof(buf)),
	    -ENOENT);
	ck_assert_int_eq(cgroup_parse("0::relative\n", 12, buf, sizeof(buf)),
	    -ENOENT);
	ck_assert_int_eq(cgroup_parse(text, strlen(text), buf, 8),
	    -ENAMETOOLONG);
}
END_TEST

/* net_cls and net_prio on a v1 hierarchy: the --pid lookup's
 * pidfd_getfd would give a process's sockets our class id. */
#define NET_CLS ((const char *const[]){"net_cls", NULL})
#define NET_PRIO ((const char *const[]){"net_prio", NULL})
#define BOTH ((const char *const[]){"net_cls", "net_prio", NULL})

START_TEST(tells_which_controllers_a_v1_hierarchy_holds)
{
	static const char text[] =
	    "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
	    "cpuset\t3\t1\t1\n"
	    "net_cls\t0\t1\t1\n"
	    "net_prio\t12\t4\t1\n"
	    "pids\t0010\t1\t1\n"
	    "memory\tx\t1\t1\n";
	char dir[] = "/tmp/check_cgroup.XXXXXX", path[128];

	ck_assert(!cgroup_v1_parse_has(text, strlen(text), "net_cls"));
	ck_assert(cgroup_v1_parse_has(text, strlen(text), "net_prio"));
	ck_assert(cgroup_v1_parse_has(text, strlen(text), "cpuset"));
	ck_assert(cgroup_v1_parse_has(text, strlen(text), "pids"));
	/* unreadable: yes; not listed: no; a prefix is not the name */
	ck_assert(cgroup_v1_parse_has(text, strlen(text), "memory"));
	ck_assert(!cgroup_v1_parse_has(text, strlen(text), "hugetlb"));
	ck_assert(!cgroup_v1_parse_has(text, strlen(text), "net"));
	ck_assert(!cgroup_v1_parse_has(text, strlen(text), "cpu"));
	/* cut in the middle of the line */
	ck_assert(cgroup_v1_parse_has("net_cls\t", 8, "net_cls"));
	ck_assert(!cgroup_v1_parse_has("net_cls\t0", 9, "net_cls"));

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* no cgroups file: a kernel without cgroups */
	ck_assert(!cgroup_v1_has_any(dir, NET_CLS));
	snprintf(path, sizeof(path), "%s/cgroups", dir);
	write_file(path, text);
	ck_assert(!cgroup_v1_has_any(dir, NET_CLS));
	ck_assert(cgroup_v1_has_any(dir, NET_PRIO));
	ck_assert(cgroup_v1_has_any(dir, BOTH));
	unlink(path);
	/* there but not a file to read */
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert(cgroup_v1_has_any(dir, NET_CLS));
	rmdir(path);
	rmdir(dir);
}
END_TEST

START_TEST(reads_a_process_cgroup)
{
	char dir[] = "/tmp/check_cgroup.XXXXXX", path[128], buf[256];
	char self[256];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/42", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/42/cgroup", dir);
	write_file(path, "0::/user.slice/user-1000.slice/user@1000.service/"
			 "app.slice/app.scope\n");
	ck_assert_int_eq(cgroup_of_pid_at(dir, 42, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/user.slice/user-1000.slice/user@1000.service/"
			      "app.slice/app.scope");
	ck_assert_int_eq(cgroup_of_pid_at(dir, 43, buf, sizeof(buf)), -ENOENT);
	unlink(path);
	snprintf(path, sizeof(path), "%s/42", dir);
	rmdir(path);
	rmdir(dir);

	/* this process: what /proc/self/cgroup says */
	f = fopen("/proc/self/cgroup", "r");
	ck_assert_ptr_nonnull(f);
	self[0] = '\0';
	while (fgets(path, sizeof(path), f) != NULL)
		if (strncmp(path, "0::", 3) == 0)
			snprintf(self, sizeof(self), "%.*s",
			    (int)strcspn(path + 3, "\n"), path + 3);
	fclose(f);
	if (self[0] != '\0') {
		ck_assert_int_eq(cgroup_of_pid(getpid(), buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, self);
	}
}
END_TEST

START_TEST(finds_cgroup2_in_mountinfo)
{
	char dir[] = "/tmp/check_cgroup.XXXXXX", path[128];
	struct cgroup_mount m;

	ck_assert(cgroup_parse_mountinfo_line(
	    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 "
	    "cgroup2 rw",
	    &m));
	ck_assert_str_eq(m.dir, "/sys/fs/cgroup/unified");
	ck_assert_str_eq(m.root, "/");
	/* optional fields before "-", and an escaped space */
	ck_assert(cgroup_parse_mountinfo_line(
	    "29 23 0:26 /sub /mnt/c\\040g rw shared:4 master:1 - cgroup2 "
	    "cgroup2 rw,nsdelegate",
	    &m));
	ck_assert_str_eq(m.dir, "/mnt/c g");
	ck_assert_str_eq(m.root, "/sub");
	ck_assert(!cgroup_parse_mountinfo_line(
	    "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu", &m));
	ck_assert(!cgroup_parse_mountinfo_line(
	    "31 23 0:28 / /x rw - cgroup2fs x rw", &m));
	ck_assert(!cgroup_parse_mountinfo_line("garbage", &m));
	ck_assert(!cgroup_parse_mountinfo_line("", &m));

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mountinfo", dir);
	/* a subtree mount first, the whole hierarchy after: the whole wins */
	write_file(path,
	    "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
	    "50 31 0:38 /lxc.payload.c1 /c1 rw - cgroup2 cgroup2 rw\n"
	    "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
	ck_assert_int_eq(cgroup_find_mount(path, &m), 0);
	ck_assert_str_eq(m.dir, "/sys/fs/cgroup/unified");
	write_file(path, "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n");
	ck_assert_int_eq(cgroup_find_mount(path, &m), -ENOENT);
	unlink(path);
	rmdir(dir);
	ck_assert_int_eq(cgroup_find_mount("/nonexistent/mountinfo", &m),
	    -ENOENT);
}
END_TEST

START_TEST(maps_paths_to_directories)
{
	struct cgroup_mount whole = {"/sys/fs/cgroup", "/"};
	struct cgroup_mount sub = {"/c1", "/lxc.payload.c1"};
	char buf[128];

	ck_assert_int_eq(
	    cgroup_dir(&whole, "/system.slice/a.service", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/sys/fs/cgroup/system.slice/a.service");
	ck_assert_int_eq(cgroup_dir(&whole, "/", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/sys/fs/cgroup");
	ck_assert_int_eq(
	    cgroup_dir(&sub, "/lxc.payload.c1/init.scope", buf, sizeof(buf)),
	    0);
	ck_assert_str_eq(buf, "/c1/init.scope");
	ck_assert_int_eq(cgroup_dir(&sub, "/lxc.payload.c1", buf, sizeof(buf)),
	    0);
	ck_assert_str_eq(buf, "/c1");
	ck_assert_int_eq(cgroup_dir(&sub, "/lxc.payload.c10", buf, sizeof(buf)),
	    -ENOENT);
	ck_assert_int_eq(cgroup_dir(&whole, "relative", buf, sizeof(buf)),
	    -ENOENT);
	ck_assert_int_eq(cgroup_dir(&whole, "/a", buf, 8), -ENAMETOOLONG);
}
END_TEST

START_TEST(a_cgroup_id_is_its_inode)
{
	char dir[] = "/tmp/check_cgroup.XXXXXX", file[64];
	struct stat st;
	uint64_t id;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(cgroup_id_of_dir(dir, &id), 0);
	ck_assert_uint_eq(id, (uint64_t)st.st_ino);
	snprintf(file, sizeof(file), "%s/f", dir);
	write_file(file, "x");
	ck_assert_int_eq(cgroup_id_of_dir(file, &id), -ENOTDIR);
	unlink(file);
	rmdir(dir);
	ck_assert_int_eq(cgroup_id_of_dir(dir, &id), -ENOENT);
}
END_TEST

static Suite *
cgroup_suite(void)
{
	Suite *s = suite_create("cgroup");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_the_v2_line);
	tcase_add_test(tc, reads_a_process_cgroup);
	tcase_add_test(tc, tells_which_controllers_a_v1_hierarchy_holds);
	tcase_add_test(tc, finds_cgroup2_in_mountinfo);
	tcase_add_test(tc, maps_paths_to_directories);
	tcase_add_test(tc, a_cgroup_id_is_its_inode);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cgroup_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
