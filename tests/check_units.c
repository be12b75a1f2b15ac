/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroupids.h"
#include "container.h"
#include "owners.h"
#include "sock.h"
#include "sumunits.h"
#include "unitname.h"
#include "units.h"

#define ID1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The unit of path, or "<none>". */
static const char *
unit_of(const char *path)
{
	static char buf[128];

	return unitname_of_cgroup(path, buf, sizeof(buf)) ? buf : "<none>";
}

START_TEST(names_systemd_units)
{
	ck_assert_str_eq(unit_of("/system.slice/nginx.service"),
	    "nginx.service");
	/* the deepest unit: a user's app rather than the user manager */
	ck_assert_str_eq(unit_of("/user.slice/user-1000.slice/"
				 "user@1000.service/app.slice/app.scope"),
	    "app.scope");
	ck_assert_str_eq(unit_of("/user.slice/user-1000.slice/"
				 "user@1000.service/init.scope"),
	    "init.scope");
	ck_assert_str_eq(unit_of("/user.slice/user-1000.slice/session-3.scope"),
	    "session-3.scope");
	/* a cgroup below a service (delegated) is the service's */
	ck_assert_str_eq(unit_of("/system.slice/nginx.service/worker"),
	    "nginx.service");
	ck_assert_str_eq(unit_of("/system.slice/docker.socket"),
	    "docker.socket");
	ck_assert_str_eq(unit_of("/init.scope"), "init.scope");
	/* slices only: the last */
	ck_assert_str_eq(unit_of("/user.slice/user-1000.slice"),
	    "user-1000.slice");
	ck_assert_str_eq(unit_of("/"), "<none>");
	ck_assert_str_eq(unit_of("/lxc/web"), "<none>");
	ck_assert_str_eq(unit_of("/.service"), "<none>");
	{
		char small[4];

		ck_assert(
		    !unitname_of_cgroup("/a.service", small, sizeof(small)));
		ck_assert_str_eq(small, "");
	}
}
END_TEST

static char tree[] = "/tmp/check_units.XXXXXX";

static void
put(const char *rel, const char *text)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = dir + strlen(tree) + 1;
	     (slash = strchr(slash, '/')) != NULL; slash++) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	if (text == NULL) {
		mkdir(path, 0755);
		return;
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(places_sockets_through_their_owners)
{
	char proc[600], cmd[600];
	const struct units_info *info;
	const char *const docker[] = {"docker:*"};
	const char *const web[] = {"nginx.service", "x"};
	const char *const scope[] = {"docker-*.scope"};
	struct owner links[] = {{4242, 10, 3}, {4243, 11, 3}, {4244, 12, 3},
	    {4242, 13, 4}, {4245, 14, 3}};
	struct owners_stats stats = {0};
	struct containers *ct;
	struct owners *ow;
	struct units *u;

	ck_assert_ptr_nonnull(mkdtemp(tree));
	put("proc/10/cgroup", "1:cpu:/\n0::/system.slice/nginx.service\n");
	put("proc/11/cgroup", "0::/system.slice/docker-" ID1 ".scope\n");
	put("proc/12/cgroup", "0::/\n");
	put("proc/13/cgroup", "9:memory:/x\n"); /* no v2 line */
	put("root/var/lib/docker/containers/" ID1 "/config.v2.json",
	    "{\"ID\":\"" ID1 "\",\"Name\":\"/web\"}");
	snprintf(proc, sizeof(proc), "%s/proc", tree);
	snprintf(cmd, sizeof(cmd), "%s/root", tree);
	ct = containers_new_at(cmd);
	ow = owners_new(proc);
	owners_add_recorded(ow, links, sizeof(links) / sizeof(links[0]),
	    &stats);
	/* ids from a recording are not this machine's: owners count */
	u = units_new(proc, ct, false);
	units_resolve(u, 77, 4242, ow);
	units_resolve(u, 0, 4243, ow);
	units_resolve(u, 0, 4244, ow);
	units_resolve(u, 0, 4245, ow);
	units_resolve(u, 0, 9999, ow); /* no owner */
	units_resolve(u, 0, 0, ow);    /* TIME_WAIT */

	info = units_find(u, 77, 4242);
	ck_assert_str_eq(info->cgroup, "/system.slice/nginx.service");
	ck_assert_str_eq(info->unit, "nginx.service");
	ck_assert(!info->in_container);
	ck_assert(units_match(info, web, 2));
	ck_assert(!units_match(info, docker, 1));
	info = units_find(u, 0, 4243);
	ck_assert_str_eq(info->unit, "docker:web");
	ck_assert_str_eq(info->systemd_unit, "docker-" ID1 ".scope");
	ck_assert(info->in_container);
	ck_assert_str_eq(info->ct.name, "web");
	ck_assert(units_match(info, docker, 1));
	/* the systemd unit of a container matches too */
	ck_assert(units_match(info, scope, 1));
	info = units_find(u, 0, 4244);
	ck_assert_str_eq(info->cgroup, "/");
	ck_assert_ptr_null(info->unit);
	ck_assert_ptr_null(units_find(u, 0, 4245)->cgroup);
	ck_assert_ptr_null(units_find(u, 0, 9999)->cgroup);
	ck_assert_ptr_null(units_find(u, 0, 0)->unit);
	ck_assert(!units_match(units_find(u, 0, 0), docker, 1));
	ck_assert_uint_eq(units_malformed(u, NULL), 0);
	units_free(u);
	units_free(NULL);
	owners_free(ow);
	containers_free(ct);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(walks_the_hierarchy_for_ids)
{
	char dir[] = "/tmp/check_units.XXXXXX", path[600];
	struct cgroup_mount m;
	struct cgroupids *ids;
	struct stat st;
	uint64_t id;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/system.slice/a.service/sub", dir);
	snprintf(m.dir, sizeof(m.dir), "%s/system.slice", dir);
	mkdir(m.dir, 0755);
	snprintf(m.dir, sizeof(m.dir), "%s/system.slice/a.service", dir);
	mkdir(m.dir, 0755);
	mkdir(path, 0755);
	snprintf(m.dir, sizeof(m.dir), "%s/file", dir);
	fclose(fopen(m.dir, "w"));
	snprintf(m.dir, sizeof(m.dir), "%s", dir);
	snprintf(m.root, sizeof(m.root), "/");
	ids = cgroupids_new(&m);
	ck_assert_int_eq(cgroupids_load(ids), 0);
	/* the root, two cgroups and one below: not the file */
	ck_assert_uint_eq(cgroupids_count(ids), 4);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_str_eq(cgroupids_path(ids, (uint64_t)st.st_ino),
	    "/system.slice/a.service/sub");
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_str_eq(cgroupids_path(ids, (uint64_t)st.st_ino), "/");
	ck_assert_ptr_null(cgroupids_path(ids, 1));
	ck_assert_str_eq(cgroupids_at(ids, 0, &id), "/");
	cgroupids_free(ids);

	/* a subtree mount: paths start at its root */
	snprintf(m.root, sizeof(m.root), "/lxc.payload.c1");
	ids = cgroupids_new(&m);
	ck_assert_int_eq(cgroupids_load(ids), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_str_eq(cgroupids_path(ids, (uint64_t)st.st_ino),
	    "/lxc.payload.c1/system.slice/a.service/sub");
	cgroupids_free(ids);
	snprintf(m.dir, sizeof(m.dir), "%s/none", dir);
	ids = cgroupids_new(&m);
	ck_assert_int_lt(cgroupids_load(ids), 0);
	ck_assert_uint_eq(cgroupids_count(ids), 0);
	cgroupids_free(ids);
	cgroupids_free(NULL);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(counts_per_unit_bounded)
{
	struct sock_rec r = {.family = AF_INET,
	    .proto = IPPROTO_TCP,
	    .state = SOCK_ST_LISTEN};
	struct sumunits *su = sumunits_new();
	char *text = NULL, name[32];
	size_t len = 0, i;
	FILE *f;

	sumunits_add(su, NULL, "docker:web", &r);
	sumunits_add(su, NULL, "docker:web", &r);
	sumunits_add(su, NULL, NULL, &r);
	sumunits_add(su, NULL, "k8s:a\"b\\c\n", &r);
	r.state = SOCK_ST_ESTABLISHED;
	sumunits_add(su, NULL, "docker:web", &r);
	f = open_memstream(&text, &len);
	sumunits_write_prometheus(f, su);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "sockview_unit_sockets{unit="
					   "\"docker:web\",proto=\"tcp\","
					   "state=\"listen\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(text, "{unit=\"docker:web\",proto=\"tcp\","
					   "state=\"established\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text, "{unit=\"-\","));
	/* quote and backslash escaped, other bytes as \xHH */
	ck_assert_ptr_nonnull(
	    strstr(text, "{unit=\"k8s:a\\\"b\\\\c\\\\x0a\","));
	free(text);
	f = open_memstream(&text, &len);
	sumunits_write_json(f, su);
	fclose(f);
	/* sorted by unit; the unknown one null; a backslash doubled
	 * before JSON's escaping, as fmt_json writes names */
	ck_assert_str_eq(text,
	    ",\"units\":[{\"unit\":null,\"proto\":\"tcp\",\"state\":\"listen\","
	    "\"count\":1},{\"unit\":\"docker:web\",\"proto\":\"tcp\",\"state\":"
	    "\"established\",\"count\":1},{\"unit\":\"docker:web\",\"proto\":"
	    "\"tcp\",\"state\":\"listen\",\"count\":2},{\"unit\":\"k8s:"
	    "a\\\"b\\\\\\\\c"
	    "\\n\",\"proto\":\"tcp\",\"state\":\"listen\",\"count\":1}]");
	free(text);

	/* one series per unit, protocol and state, the units bounded */
	sumunits_clear(su);
	r.state = SOCK_ST_LISTEN;
	for (i = 0; i < SUMUNITS_MAX + 10; i++) {
		snprintf(name, sizeof(name), "u%zu.service", i);
		sumunits_add(su, NULL, name, &r);
	}
	f = open_memstream(&text, &len);
	sumunits_write_prometheus(f, su);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "{unit=\"other\",proto=\"tcp\","
					   "state=\"listen\"} 10\n"));
	ck_assert_ptr_null(strstr(text, "u1009.service"));
	free(text);
	f = open_memstream(&text, &len);
	sumunits_write_text(f, su);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "\nu0.service "));
	free(text);
	sumunits_free(su);
	sumunits_free(NULL);
}
END_TEST

/* -N all --units: the same unit in two namespaces counts apart. */
START_TEST(counts_per_namespace_and_unit)
{
	struct sock_rec r = {.family = AF_INET,
	    .proto = IPPROTO_TCP,
	    .state = SOCK_ST_LISTEN};
	struct sumunits *su = sumunits_new();
	struct sumunits_view one = {su, "docker:web"};
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	sumunits_add(su, "host", "nginx.service", &r);
	sumunits_add(su, "docker:web", "nginx.service", &r);
	sumunits_add(su, "docker:web", "nginx.service", &r);
	f = open_memstream(&text, &len);
	sumunits_write_prometheus(f, su);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text,
	    "sockview_unit_sockets{netns=\"docker:web\",unit=\"nginx.service\","
	    "proto=\"tcp\",state=\"listen\"} 2\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "{netns=\"host\",unit=\"nginx.service\",proto=\"tcp\","
			 "state=\"listen\"} 1\n"));
	free(text);
	f = open_memstream(&text, &len);
	sumunits_write_text(f, su);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "\nNetns "));
	ck_assert_ptr_nonnull(strstr(text, "\nhost "));
	free(text);
	f = open_memstream(&text, &len);
	sumunits_write_json_view(f, &one);
	fclose(f);
	ck_assert_str_eq(text,
	    ",\"units\":[{\"unit\":\"nginx.service\",\"proto\":\"tcp\","
	    "\"state\":\"listen\",\"count\":2}]");
	free(text);
	sumunits_free(su);
}
END_TEST

static Suite *
units_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_systemd_units);
	tcase_add_test(tc, places_sockets_through_their_owners);
	tcase_add_test(tc, walks_the_hierarchy_for_ids);
	tcase_add_test(tc, counts_per_unit_bounded);
	tcase_add_test(tc, counts_per_namespace_and_unit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(units_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
