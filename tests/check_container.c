/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "ctrmeta.h"

#define ID1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define ID3 "aaaaaaaaaaaabbbbbbbbbbbbccccccccccccddddddddddddeeeeeeeeeeee1234"
#define UID "3f2c8a1e-5b7d-4c21-9e0a-1234567890ab"
#define UID_ "3f2c8a1e_5b7d_4c21_9e0a_1234567890ab"

/* The unit label of path without metadata, or "<none>". */
static const char *
shape(const char *path)
{
	static char buf[512];
	struct container ct;

	if (!container_parse_cgroup(path, &ct))
		return "<none>";
	container_unit_label(&ct, buf, sizeof(buf));
	return buf;
}

START_TEST(knows_the_cgroup_shapes)
{
	struct container ct;

	/* systemd driver */
	ck_assert_str_eq(shape("/system.slice/docker-" ID1 ".scope"),
	    "docker:0123456789ab");
	ck_assert(
	    container_parse_cgroup("/system.slice/docker-" ID1 ".scope", &ct));
	ck_assert_str_eq(ct.runtime, "docker");
	ck_assert_str_eq(ct.id, ID1);
	ck_assert(!ct.k8s);
	ck_assert_str_eq(shape("/machine.slice/libpod-" ID1 ".scope/container"),
	    "podman:0123456789ab");
	ck_assert(container_parse_cgroup(
	    "/kubepods.slice/kubepods-burstable.slice/"
	    "kubepods-burstable-pod" UID_ ".slice/cri-containerd-" ID2 ".scope",
	    &ct));
	ck_assert_str_eq(ct.runtime, "containerd");
	ck_assert_str_eq(ct.id, ID2);
	ck_assert_str_eq(ct.pod_uid, UID);
	ck_assert(ct.k8s);
	ck_assert(container_parse_cgroup("/kubepods.slice/kubepods-pod" UID_
					 ".slice/crio-" ID2 ".scope",
	    &ct));
	ck_assert_str_eq(ct.runtime, "cri-o");
	ck_assert_str_eq(ct.pod_uid, UID);
	/* cgroupfs driver */
	ck_assert(container_parse_cgroup("/docker/" ID1, &ct));
	ck_assert_str_eq(ct.runtime, "docker");
	ck_assert_str_eq(ct.id, ID1);
	ck_assert(
	    container_parse_cgroup("/kubepods/burstable/pod" UID "/" ID2, &ct));
	ck_assert_str_eq(ct.runtime, "cri");
	ck_assert_str_eq(ct.id, ID2);
	ck_assert_str_eq(ct.pod_uid, UID);
	ck_assert(ct.k8s);
	ck_assert_str_eq(shape("/kubepods/besteffort/pod" UID "/" ID2),
	    "k8s:pod" UID "/fedcba987654");
	ck_assert_str_eq(shape("/libpod_parent/libpod-" ID1),
	    "podman:0123456789ab");
	/* LXC */
	ck_assert_str_eq(shape("/lxc.payload.web1/system.slice/a.service"),
	    "lxc:web1");
	ck_assert_str_eq(shape("/lxc/web2"), "lxc:web2");
	/* the outermost container counts */
	ck_assert_str_eq(shape("/docker/" ID1 "/docker/" ID2),
	    "docker:0123456789ab");
	/* not containers */
	ck_assert_str_eq(shape("/system.slice/nginx.service"), "<none>");
	ck_assert_str_eq(shape("/"), "<none>");
	ck_assert_str_eq(shape(""), "<none>");
	ck_assert_str_eq(shape("/system.slice/docker-" ID1 "0.scope"),
	    "<none>");
	ck_assert_str_eq(shape("/system.slice/docker-1234.scope"), "<none>");
	ck_assert_str_eq(shape("/" ID1), "<none>");
	ck_assert_str_eq(shape("/a/lxc/web"), "<none>");
	ck_assert_str_eq(shape("/system.slice/docker.service"), "<none>");
}
END_TEST

START_TEST(labels_name_containers)
{
	struct container ct = {.runtime = "docker", .id = ID1, .name = "web"};
	char buf[64];

	container_netns_label(&ct, buf, sizeof(buf));
	ck_assert_str_eq(buf, "docker:web");
	container_unit_label(&ct, buf, sizeof(buf));
	ck_assert_str_eq(buf, "docker:web");
	memset(&ct, 0, sizeof(ct));
	strcpy(ct.runtime, "containerd");
	strcpy(ct.id, ID2);
	strcpy(ct.name, "app");
	strcpy(ct.k8s_namespace, "prod");
	strcpy(ct.k8s_pod, "web-7d4b9c-x2x");
	ct.k8s = true;
	container_netns_label(&ct, buf, sizeof(buf));
	ck_assert_str_eq(buf, "k8s:prod/web-7d4b9c-x2x");
	container_unit_label(&ct, buf, sizeof(buf));
	ck_assert_str_eq(buf, "k8s:prod/web-7d4b9c-x2x/app");
	/* cut short, still terminated */
	container_unit_label(&ct, buf, 8);
	ck_assert_str_eq(buf, "k8s:pro");
}
END_TEST

START_TEST(parses_docker_configs)
{
	const char *cfg =
	    "{\"StreamConfig\":{},\"State\":{\"Running\":true,\"Pid\":4242},"
	    "\"ID\":\"" ID1 "\",\"Name\":\"/web\",\"NetworkSettings\":{"
	    "\"Bridge\":\"\",\"SandboxID\":\"9f\",\"SandboxKey\":"
	    "\"/var/run/docker/netns/9f3e2d1c\"}}";
	struct ctrmeta_docker d;

	ck_assert(ctrmeta_parse_docker(cfg, strlen(cfg), &d));
	ck_assert_str_eq(d.id, ID1);
	ck_assert_str_eq(d.name, "web");
	ck_assert_str_eq(d.sandbox, "/var/run/docker/netns/9f3e2d1c");
	ck_assert(ctrmeta_parse_docker("{\"ID\":\"" ID1 "\"}",
	    strlen("{\"ID\":\"" ID1 "\"}"), &d));
	ck_assert_str_eq(d.name, "");
	ck_assert_str_eq(d.sandbox, "");
	ck_assert(!ctrmeta_parse_docker("{\"ID\":\"abc\"}", 12, &d));
	ck_assert(!ctrmeta_parse_docker("{\"ID\":", 6, &d));
	ck_assert(!ctrmeta_parse_docker("[]", 2, &d));
}
END_TEST

struct seen {
	char text[512];
};

static void
collect(const char *id, const char *name, void *ctx)
{
	struct seen *s = ctx;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%.4s=%s;", id, name);
}

START_TEST(parses_podman_containers)
{
	const char *json = "[{\"id\":\"" ID1
			   "\",\"names\":[\"web\",\"alias\"],\"image\":\"x\"},"
			   "{\"id\":\"short\",\"names\":[\"skipped\"]},"
			   "{\"names\":[\"no-id\"]},"
			   "{\"id\":\"" ID2 "\",\"names\":[]},"
			   "{\"id\":\"" ID3 "\"}]";
	struct seen s = {""};

	ck_assert(ctrmeta_parse_podman(json, strlen(json), collect, &s));
	ck_assert_str_eq(s.text, "0123=web;fedc=;aaaa=;");
	ck_assert(!ctrmeta_parse_podman("{}", 2, collect, &s));
	ck_assert(!ctrmeta_parse_podman("[{\"id\":", 7, collect, &s));
}
END_TEST

START_TEST(parses_kubernetes_log_names)
{
	struct ctrmeta_k8s k;

	ck_assert(
	    ctrmeta_parse_k8s_log("web-7d4b9c-x2x_prod_app-" ID2 ".log", &k));
	ck_assert_str_eq(k.pod, "web-7d4b9c-x2x");
	ck_assert_str_eq(k.namespace, "prod");
	ck_assert_str_eq(k.container, "app");
	ck_assert_str_eq(k.id, ID2);
	ck_assert(!ctrmeta_parse_k8s_log("web_prod_app-" ID2 ".txt", &k));
	ck_assert(!ctrmeta_parse_k8s_log("web_prod_-" ID2 ".log", &k));
	ck_assert(!ctrmeta_parse_k8s_log("web_prod_app_x-" ID2 ".log", &k));
	ck_assert(!ctrmeta_parse_k8s_log("webprod-" ID2 ".log", &k));
	ck_assert(!ctrmeta_parse_k8s_log("web_prod_app-1234.log", &k));
	ck_assert(!ctrmeta_parse_k8s_log("", &k));

	ck_assert(ctrmeta_parse_k8s_pod("prod_web-7d4b9c-x2x_" UID, &k));
	ck_assert_str_eq(k.namespace, "prod");
	ck_assert_str_eq(k.pod, "web-7d4b9c-x2x");
	ck_assert_str_eq(k.pod_uid, UID);
	ck_assert(!ctrmeta_parse_k8s_pod("prod_web", &k));
	ck_assert(!ctrmeta_parse_k8s_pod("_web_" UID, &k));
}
END_TEST

/* A metadata tree under a temporary root. */
static char root[] = "/tmp/check_container.XXXXXX";

static void
put(const char *rel, const char *text)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	/* make every directory on the way */
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = dir + strlen(root) + 1;
	     (slash = strchr(slash, '/')) != NULL; slash++) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	if (text == NULL)
		return;
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
link_at(const char *target, const char *rel)
{
	char path[512];

	put(rel, NULL);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* The unit label of path with the tree's metadata, or "<none>". */
static const char *
named(struct containers *c, const char *path)
{
	static char buf[512];
	struct container ct;

	if (!containers_of_cgroup(c, path, &ct))
		return "<none>";
	container_unit_label(&ct, buf, sizeof(buf));
	return buf;
}

START_TEST(names_containers_from_metadata)
{
	struct containers *c;
	struct container ct;
	const char *first;
	char cmd[600];

	ck_assert_ptr_nonnull(mkdtemp(root));
	put("var/lib/docker/containers/" ID1 "/config.v2.json",
	    "{\"ID\":\"" ID1 "\",\"Name\":\"/web\",\"NetworkSettings\":"
	    "{\"SandboxKey\":\"/var/run/docker/netns/abc\"}}");
	/* malformed: truncated, and an ID that is not its directory's */
	put("var/lib/docker/containers/" ID2 "/config.v2.json",
	    "{\"ID\":\"" ID2 "\",\"Na");
	put("var/lib/docker/containers/" ID3 "/config.v2.json",
	    "{\"ID\":\"" ID1 "\",\"Name\":\"/liar\"}");
	put("var/lib/containers/storage/overlay-containers/containers.json",
	    "[{\"id\":\"" ID2 "\",\"names\":[\"db\"]}]");
	link_at("/var/log/pods/x/app/0.log",
	    "var/log/containers/web-1_prod_app-" ID3 ".log");
	put("var/log/pods/prod_api-2_" UID "/api/0.log", "");

	/* rootless: the user of user@UID.service has its own file */
	{
		struct passwd *pw = getpwuid(0);
		char rel[512];

		ck_assert_ptr_nonnull(pw);
		snprintf(rel, sizeof(rel),
		    "%s/.local/share/containers/storage/overlay-containers/"
		    "containers.json",
		    pw->pw_dir + 1);
		put(rel, "[{\"id\":\"" ID3 "\",\"names\":[\"mine\"]}]");
	}
	c = containers_new_at(root);
	ck_assert_str_eq(named(c, "/user.slice/user-0.slice/user@0.service/"
				  "user.slice/libpod-" ID3 ".scope"),
	    "podman:mine");
	/* once read, the user's file names the container wherever it is */
	ck_assert_str_eq(named(c, "/machine.slice/libpod-" ID3 ".scope"),
	    "podman:mine");
	containers_free(c);
	c = containers_new_at(root);
	ck_assert_str_eq(named(c, "/machine.slice/libpod-" ID3 ".scope"),
	    "podman:aaaaaaaaaaaa");
	containers_free(c);

	c = containers_new_at(root);
	ck_assert_str_eq(named(c, "/system.slice/docker-" ID1 ".scope"),
	    "docker:web");
	ck_assert_str_eq(named(c, "/docker/" ID1 "/sub"), "docker:web");
	ck_assert_str_eq(named(c, "/system.slice/docker-" ID2 ".scope"),
	    "docker:fedcba987654");
	ck_assert_str_eq(named(c, "/docker/" ID3), "docker:aaaaaaaaaaaa");
	ck_assert_str_eq(named(c, "/machine.slice/libpod-" ID2 ".scope"),
	    "podman:db");
	ck_assert_str_eq(named(c, "/machine.slice/libpod-" ID1 ".scope"),
	    "podman:0123456789ab");
	ck_assert_str_eq(named(c, "/kubepods.slice/kubepods-besteffort.slice/"
				  "kubepods-besteffort-pod" UID_
				  ".slice/cri-containerd-" ID3 ".scope"),
	    "k8s:prod/web-1/app");
	/* no link for the container: its pod's directory names the pod */
	ck_assert_str_eq(named(c, "/kubepods/burstable/pod" UID "/" ID1),
	    "k8s:prod/api-2/0123456789ab");
	ck_assert_str_eq(named(c, "/system.slice/ssh.service"), "<none>");
	ck_assert_uint_eq(containers_malformed(c, &first), 2);
	ck_assert_ptr_nonnull(strstr(first, "/config.v2.json"));

	/* a sandbox, by either spelling of /run */
	ck_assert(containers_of_sandbox(c, "/run/docker/netns/abc", &ct));
	ck_assert_str_eq(ct.runtime, "docker");
	ck_assert_str_eq(ct.id, ID1);
	ck_assert_str_eq(ct.name, "web");
	ck_assert(containers_of_sandbox(c, "/var/run/docker/netns/abc", &ct));
	ck_assert(!containers_of_sandbox(c, "/run/docker/netns/abd", &ct));
	/* each file read once: still two */
	ck_assert_uint_eq(containers_malformed(c, NULL), 2);
	containers_free(c);
	containers_free(NULL);

	/* the sandbox scan alone reads every config */
	c = containers_new_at(root);
	ck_assert(containers_of_sandbox(c, "/run/docker/netns/abc", &ct));
	ck_assert_uint_eq(containers_malformed(c, NULL), 2);
	containers_free(c);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
container_suite(void)
{
	Suite *s = suite_create("container");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, knows_the_cgroup_shapes);
	tcase_add_test(tc, labels_name_containers);
	tcase_add_test(tc, parses_docker_configs);
	tcase_add_test(tc, parses_podman_containers);
	tcase_add_test(tc, parses_kubernetes_log_names);
	tcase_add_test(tc, names_containers_from_metadata);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(container_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
