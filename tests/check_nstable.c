/* SPDX-License-Identifier: MIT */
/* Unit tests for nstable.c (the names of -N all's Netns column, the
 * namespaces' order) and nsfind.c (finding them, one per inode, in a
 * fixture tree whose links lead to real namespace files). */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "nsfind.h"
#include "nstable.h"
#include "xalloc.h"

static const char *
label_of(struct nstable_entry *e)
{
	static char buf[600];

	nstable_label(e, buf, sizeof(buf));
	return buf;
}

START_TEST(names_in_order_of_what_is_known)
{
	struct nstable t;
	struct nstable_entry *e;

	nstable_init(&t);
	e = nstable_add(&t, 77);
	ck_assert_str_eq(label_of(e), "ns:77");
	nstable_add_pid(&t, 77, 4242, "/proc/4242/ns/net");
	e = nstable_add(&t, 77);
	ck_assert_str_eq(label_of(e), "pid:4242");
	e->container = xstrdup("docker:web");
	ck_assert_str_eq(label_of(e), "docker:web");
	e->ipnetns = xstrdup("lab");
	ck_assert_str_eq(label_of(e), "lab");
	nstable_add_pid(&t, 77, 1, "/proc/1/ns/net");
	e = nstable_add(&t, 77);
	ck_assert_str_eq(label_of(e), "host");
	ck_assert_uint_eq(t.len, 1);
	nstable_fini(&t);
}
END_TEST

START_TEST(keeps_the_lowest_pid_and_its_path)
{
	struct nstable t;
	struct nstable_entry *e;

	nstable_init(&t);
	nstable_add_pid(&t, 9, 300, "/proc/300/ns/net");
	nstable_add_pid(&t, 9, 120, "/proc/120/ns/net");
	nstable_add_pid(&t, 9, 500, "/proc/500/ns/net");
	nstable_add_pid(&t, 10, 130, "/proc/130/ns/net");
	ck_assert_uint_eq(t.len, 2);
	e = nstable_add(&t, 9);
	ck_assert_int_eq(e->pid, 120);
	ck_assert_str_eq(e->path, "/proc/120/ns/net");
	nstable_fini(&t);
}
END_TEST

START_TEST(escapes_names_for_the_column_not_for_json)
{
	struct nstable t;
	struct nstable_entry *e;

	nstable_init(&t);
	e = nstable_add(&t, 5);
	e->ipnetns = xstrdup("a b\n\x1b[31m");
	nstable_finish(&t);
	ck_assert_str_eq(t.v[0].name, "a\\x20b\\n\\x1b[31m");
	ck_assert_str_eq(t.v[0].label, "a b\n\x1b[31m");
	nstable_fini(&t);
}
END_TEST

START_TEST(lists_host_then_names_then_pids_then_inodes)
{
	struct nstable t;
	struct nstable_entry *e;
	const char *want[] = {"host", "blue", "docker:web", "red", "pid:40",
	    "pid:300", "ns:3", "ns:8"};
	size_t i;

	nstable_init(&t);
	nstable_add(&t, 8);
	nstable_add_pid(&t, 20, 300, "/proc/300/ns/net");
	nstable_add(&t, 21)->ipnetns = xstrdup("red");
	nstable_add_pid(&t, 22, 40, "/proc/40/ns/net");
	nstable_add(&t, 3);
	nstable_add(&t, 23)->container = xstrdup("docker:web");
	nstable_add_pid(&t, 24, 1, "/proc/1/ns/net");
	e = nstable_add(&t, 25);
	e->ipnetns = xstrdup("blue");
	nstable_finish(&t);
	ck_assert_uint_eq(t.len, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < t.len; i++)
		ck_assert_str_eq(t.v[i].name, want[i]);
	/* the inode index follows the sort */
	ck_assert_str_eq(nstable_find(&t, 21)->name, "red");
	ck_assert_str_eq(nstable_find(&t, 3)->name, "ns:3");
	ck_assert_uint_eq(nstable_index(&t, 24), 0);
	ck_assert_ptr_null(nstable_find(&t, 999));
	ck_assert_uint_eq(nstable_index(&t, 999), t.len);
	nstable_fini(&t);
}
END_TEST

/* A fixture proc root and run root in a temporary directory; its links
 * lead to this process's real namespace file, so that nsfs is there. */
static char fixture[64];

static void
put_link(const char *rel, const char *target)
{
	char path[256], dir[256];
	char *slash;

	snprintf(path, sizeof(path), "%s/%s", fixture, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(fixture) + 1, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	if (target != NULL)
		ck_assert_int_eq(symlink(target, path), 0);
	else
		ck_assert_int_ge(creat(path, 0644), 0);
}

/* A Docker container's config.v2.json under the fixture, whose sandbox
 * is the file sandbox. */
static void
put_sandbox_config(const char *sandbox)
{
	static const char id[] = "0123456789abcdef0123456789abcdef"
				 "0123456789abcdef0123456789abcdef";
	char rel[256], path[512];
	FILE *fp;

	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/x", id);
	put_link(rel, NULL);
	snprintf(path, sizeof(path),
	    "%s/var/lib/docker/containers/%s/config.v2.json", fixture, id);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp,
	    "{\"ID\":\"%s\",\"Name\":\"/web\",\"NetworkSettings\":"
	    "{\"SandboxKey\":\"%s\"}}",
	    id, sandbox);
	fclose(fp);
}

START_TEST(finds_one_entry_per_namespace)
{
	struct containers *ct;
	char proc[128], run[128];
	struct nsfind_result res;
	struct nstable t;
	struct stat st;

	snprintf(fixture, sizeof(fixture), "/tmp/check_nstable.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fixture));
	put_link("proc/self", "/proc/self");
	put_link("proc/500/ns/net", "/proc/self/ns/net");
	put_link("proc/70/ns/net", "/proc/self/ns/net");
	put_link("proc/90/ns/net", "/nonexistent/ns/net");
	put_link("proc/notapid/ns/net", "/proc/self/ns/net");
	put_link("run/netns/zeta", "/proc/self/ns/net");
	put_link("run/netns/alpha", "/proc/self/ns/net");
	/* a name left after its namespace was unmounted: not nsfs */
	put_link("run/netns/stale", NULL);
	put_link("run/docker/netns/0123abcd", "/proc/self/ns/net");
	snprintf(proc, sizeof(proc), "%s/proc", fixture);
	snprintf(run, sizeof(run), "%s/run", fixture);

	nstable_init(&t);
	ck_assert_int_eq(nsfind_all(&t, proc, run, &res), 0);
	ck_assert_int_eq(stat("/proc/self/ns/net", &st), 0);
	ck_assert_uint_eq(t.len, 1);
	ck_assert_uint_eq(t.v[0].inode, (uint64_t)st.st_ino);
	ck_assert_int_eq(t.v[0].pid, 70);
	ck_assert_str_eq(t.v[0].ipnetns, "alpha");
	ck_assert_ptr_nonnull(strstr(t.v[0].sandbox, "/docker/netns/0123abcd"));
	ck_assert_uint_eq(res.processes, 2);
	nstable_finish(&t);
	ck_assert_str_eq(t.v[0].name, "alpha");

	/* without its ip netns name, the Docker sandbox names it */
	free(t.v[0].ipnetns);
	t.v[0].ipnetns = NULL;
	put_sandbox_config(t.v[0].sandbox);
	ct = containers_new_at(fixture);
	nsfind_containers(&t, ct, proc);
	containers_free(ct);
	ck_assert_str_eq(t.v[0].container, "docker:web");
	nstable_finish(&t);
	ck_assert_str_eq(t.v[0].name, "docker:web");
	nstable_fini(&t);

	snprintf(proc, sizeof(proc), "rm -rf '%s'", fixture);
	ck_assert_int_eq(system(proc), 0);
}
END_TEST

static Suite *
nstable_suite(void)
{
	Suite *s = suite_create("nstable");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_in_order_of_what_is_known);
	tcase_add_test(tc, keeps_the_lowest_pid_and_its_path);
	tcase_add_test(tc, escapes_names_for_the_column_not_for_json);
	tcase_add_test(tc, lists_host_then_names_then_pids_then_inodes);
	tcase_add_test(tc, finds_one_entry_per_namespace);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nstable_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
