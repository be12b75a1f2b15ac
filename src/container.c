/* SPDX-License-Identifier: MIT */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lineread.h"
#include "vec.h"
#include "xalloc.h"

/* Bounds on what metadata may cost: a config.v2.json is a few KiB, a
 * containers.json about 1 KiB per container */
#define DOCKER_CONFIG_MAX (1024 * 1024)
#define PODMAN_FILE_MAX (16 * 1024 * 1024)
/* most containers (or directory entries) looked at in one place */
#define CONTAINERS_MAX 16384

#define DOCKER_DIR "/var/lib/docker/containers"
#define PODMAN_FILE "/storage/overlay-containers/containers.json"
#define K8S_LOGS "/var/log/containers"
#define K8S_PODS "/var/log/pods"

struct docker_ent {
	struct ctrmeta_docker meta;
	bool found; /* false: no readable, well-formed config.v2.json */
};

struct podman_ent {
	char id[CTRMETA_ID_LEN + 1];
	char name[CTRMETA_NAME_MAX];
};

struct containers {
	char root[PATH_MAX];
	struct {
		struct docker_ent *v;
		size_t len, cap;
		bool scanned; /* every config.v2.json read (for sandboxes) */
	} docker;
	struct {
		struct podman_ent *v;
		size_t len, cap;
		long *files; /* the uids whose file was read; -1: rootful */
		size_t nfiles, files_cap;
	} podman;
	struct {
		struct ctrmeta_k8s *v; /* containers and pods */
		size_t len, cap;
		bool scanned;
	} k8s;
	size_t malformed;
	char first_malformed[PATH_MAX];
};

struct containers *
containers_new_at(const char *root)
{
	struct containers *c = xcalloc(1, sizeof(*c));

	snprintf(c->root, sizeof(c->root), "%s", root);
	/* "/" and "" both mean the real paths: no "//var" */
	if (strcmp(c->root, "/") == 0)
		c->root[0] = '\0';
	return c;
}

struct containers *
containers_new(void)
{
	return containers_new_at("");
}

void
containers_free(struct containers *c)
{
	if (c == NULL)
		return;
	free(c->docker.v);
	free(c->podman.v);
	free(c->podman.files);
	free(c->k8s.v);
	free(c);
}

size_t
containers_malformed(const struct containers *c, const char **first)
{
	if (first != NULL)
		*first = c->malformed > 0 ? c->first_malformed : NULL;
	return c->malformed;
}

/* A metadata path into buf (PATH_MAX bytes); false when too long. */
static bool __attribute__((format(printf, 2, 3)))
meta_path(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, PATH_MAX, fmt, ap);
	va_end(ap);
	return n >= 0 && n < PATH_MAX;
}

static void
note_malformed(struct containers *c, const char *path)
{
	if (c->malformed++ == 0)
		snprintf(c->first_malformed, sizeof(c->first_malformed), "%s",
		    path);
}

/* --- the shapes of cgroup paths --- */

static bool
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t pn = strlen(prefix);

	return n >= pn && memcmp(s, prefix, pn) == 0;
}

static bool
has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t sn = strlen(suffix);

	return n >= sn && memcmp(s + n - sn, suffix, sn) == 0;
}

static void
set_str(char *buf, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* A pod's uid from one component: kubepods-burstable-pod<UID>.slice
 * (systemd, '-' in the uid written '_') or pod<UID> under kubepods
 * (cgroupfs). */
static bool
pod_uid_of(const char *s, size_t n, bool under_kubepods, struct container *out)
{
	const char *pod;
	size_t i;

	if (has_prefix(s, n, "kubepods") && has_suffix(s, n, ".slice") &&
	    (pod = memmem(s, n, "-pod", 4)) != NULL) {
		pod += 4;
		set_str(out->pod_uid, sizeof(out->pod_uid), pod,
		    (size_t)(s + n - 6 - pod));
		for (i = 0; out->pod_uid[i] != '\0'; i++)
			if (out->pod_uid[i] == '_')
				out->pod_uid[i] = '-';
		return out->pod_uid[0] != '\0';
	}
	if (under_kubepods && has_prefix(s, n, "pod") && n > 3) {
		set_str(out->pod_uid, sizeof(out->pod_uid), s + 3, n - 3);
		return true;
	}
	return false;
}

static const struct {
	const char *prefix, *runtime;
} scope_prefixes[] = {
    {"docker-", "docker"},
    {"cri-containerd-", "containerd"},
    {"crio-", "cri-o"},
    {"libpod-", "podman"},
};

/* A container's own component: RUNTIME-ID[.scope], a bare ID under
 * /docker or a pod (cgroupfs), or LXC's. */
static bool
container_of_component(const char *s, size_t n, const char *prev, size_t prev_n,
    struct container *out)
{
	size_t i, pn;

	if (has_suffix(s, n, ".scope"))
		n -= 6;
	for (i = 0; i < sizeof(scope_prefixes) / sizeof(scope_prefixes[0]);
	     i++) {
		pn = strlen(scope_prefixes[i].prefix);
		if (has_prefix(s, n, scope_prefixes[i].prefix) &&
		    ctrmeta_is_id(s + pn, n - pn)) {
			snprintf(out->runtime, sizeof(out->runtime), "%s",
			    scope_prefixes[i].runtime);
			set_str(out->id, sizeof(out->id), s + pn, n - pn);
			return true;
		}
	}
	if (ctrmeta_is_id(s, n) &&
	    (out->k8s || (prev_n == 6 && memcmp(prev, "docker", 6) == 0))) {
		snprintf(out->runtime, sizeof(out->runtime), "%s",
		    out->k8s ? "cri" : "docker");
		set_str(out->id, sizeof(out->id), s, n);
		return true;
	}
	if (has_prefix(s, n, "lxc.payload.") && n > 12) {
		snprintf(out->runtime, sizeof(out->runtime), "lxc");
		set_str(out->name, sizeof(out->name), s + 12, n - 12);
		return true;
	}
	return false;
}

bool
container_parse_cgroup(const char *cgroup_path, struct container *out)
{
	const char *p = cgroup_path, *s, *prev = "";
	size_t n, prev_n = 0, depth = 0;
	bool under_kubepods = false;

	memset(out, 0, sizeof(*out));
	for (;; p = s + n, depth++) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			return false;
		s = p;
		n = strcspn(s, "/");
		if (has_prefix(s, n, "kubepods"))
			under_kubepods = true;
		if (pod_uid_of(s, n, under_kubepods, out))
			out->k8s = true;
		else if (container_of_component(s, n, prev, prev_n, out))
			return true;
		else if (depth == 1 && prev_n == 3 &&
			 memcmp(prev, "lxc", 3) == 0) {
			/* /lxc/NAME: LXC before 4.0 */
			snprintf(out->runtime, sizeof(out->runtime), "lxc");
			set_str(out->name, sizeof(out->name), s, n);
			return true;
		}
		prev = s;
		prev_n = n;
	}
}

/* --- labels --- */

/* The container's name, else the first 12 digits of its id. */
static const char *
name_or_short_id(const struct container *ct, char *buf, size_t size)
{
	if (ct->name[0] != '\0')
		return ct->name;
	snprintf(buf, size, "%.12s", ct->id);
	return buf;
}

void
container_netns_label(const struct container *ct, char *buf, size_t size)
{
	char id[16];

	if (ct->k8s && ct->k8s_pod[0] != '\0')
		snprintf(buf, size, "k8s:%s/%s", ct->k8s_namespace,
		    ct->k8s_pod);
	else if (ct->k8s)
		snprintf(buf, size, "k8s:pod%s", ct->pod_uid);
	else
		snprintf(buf, size, "%s:%s", ct->runtime,
		    name_or_short_id(ct, id, sizeof(id)));
}

void
container_unit_label(const struct container *ct, char *buf, size_t size)
{
	char id[16];

	if (ct->k8s && ct->k8s_pod[0] != '\0')
		snprintf(buf, size, "k8s:%s/%s/%s", ct->k8s_namespace,
		    ct->k8s_pod, name_or_short_id(ct, id, sizeof(id)));
	else if (ct->k8s)
		snprintf(buf, size, "k8s:pod%s/%s", ct->pod_uid,
		    name_or_short_id(ct, id, sizeof(id)));
	else
		container_netns_label(ct, buf, size);
}

/* --- Docker --- */

/* Read the config.v2.json of id (its directory name) into a new entry. */
static struct docker_ent *
docker_load(struct containers *c, const char *id)
{
	struct docker_ent *e;
	char path[PATH_MAX], *text;
	size_t n;
	int err;

	c->docker.v = vec_reserve(c->docker.v, &c->docker.cap,
	    c->docker.len + 1, sizeof(*c->docker.v));
	e = &c->docker.v[c->docker.len++];
	memset(e, 0, sizeof(*e));
	snprintf(e->meta.id, sizeof(e->meta.id), "%s", id);
	if (!meta_path(path, "%s" DOCKER_DIR "/%s/config.v2.json", c->root, id))
		return e;
	if ((err = lineread_whole(AT_FDCWD, path, DOCKER_CONFIG_MAX, &text,
		 &n)) < 0) {
		if (err != -ENOENT && err != -ENOTDIR)
			note_malformed(c, path);
		return e;
	}
	if (ctrmeta_parse_docker(text, n, &e->meta) &&
	    strcmp(e->meta.id, id) == 0)
		e->found = true;
	else
		note_malformed(c, path);
	snprintf(e->meta.id, sizeof(e->meta.id), "%s", id);
	free(text);
	return e;
}

static struct docker_ent *
docker_find(struct containers *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->docker.len; i++)
		if (strcmp(c->docker.v[i].meta.id, id) == 0)
			return &c->docker.v[i];
	if (c->docker.scanned || c->docker.len >= CONTAINERS_MAX)
		return NULL;
	return docker_load(c, id);
}

/* Read every container's config.v2.json not read yet. */
static void
docker_scan(struct containers *c)
{
	char dir[PATH_MAX];
	struct dirent *de;
	size_t seen = 0;
	DIR *d;

	c->docker.scanned = true;
	if (!meta_path(dir, "%s" DOCKER_DIR, c->root) ||
	    (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && seen++ < CONTAINERS_MAX) {
		size_t i;

		if (!ctrmeta_is_id(de->d_name, strlen(de->d_name)))
			continue;
		for (i = 0; i < c->docker.len; i++)
			if (strcmp(c->docker.v[i].meta.id, de->d_name) == 0)
				break;
		if (i == c->docker.len)
			docker_load(c, de->d_name);
	}
	closedir(d);
}

/* /var/run/... is /run/... */
static const char *
without_var(const char *path)
{
	return strncmp(path, "/var/run/", 9) == 0 ? path + 4 : path;
}

bool
containers_of_sandbox(struct containers *c, const char *netns_path,
    struct container *out)
{
	const char *want = without_var(netns_path);
	size_t i;

	if (!c->docker.scanned)
		docker_scan(c);
	for (i = 0; i < c->docker.len; i++) {
		const struct docker_ent *e = &c->docker.v[i];

		if (!e->found || e->meta.sandbox[0] == '\0' ||
		    strcmp(without_var(e->meta.sandbox), want) != 0)
			continue;
		memset(out, 0, sizeof(*out));
		snprintf(out->runtime, sizeof(out->runtime), "docker");
		snprintf(out->id, sizeof(out->id), "%s", e->meta.id);
		snprintf(out->name, sizeof(out->name), "%s", e->meta.name);
		return true;
	}
	return false;
}

/* --- Podman --- */

static void
podman_add(const char *id, const char *name, void *ctx)
{
	struct containers *c = ctx;
	struct podman_ent *e;

	if (c->podman.len >= CONTAINERS_MAX)
		return;
	c->podman.v = vec_reserve(c->podman.v, &c->podman.cap,
	    c->podman.len + 1, sizeof(*c->podman.v));
	e = &c->podman.v[c->podman.len++];
	snprintf(e->id, sizeof(e->id), "%s", id);
	snprintf(e->name, sizeof(e->name), "%s", name);
}

/* Read the containers.json of uid (-1: the system's) unless read. */
static void
podman_load(struct containers *c, long uid)
{
	char path[PATH_MAX], *text;
	struct passwd *pw;
	size_t i, n;
	int err;

	for (i = 0; i < c->podman.nfiles; i++)
		if (c->podman.files[i] == uid)
			return;
	c->podman.files = vec_reserve(c->podman.files, &c->podman.files_cap,
	    c->podman.nfiles + 1, sizeof(*c->podman.files));
	c->podman.files[c->podman.nfiles++] = uid;
	if (uid < 0) {
		if (!meta_path(path, "%s/var/lib/containers" PODMAN_FILE,
			c->root))
			return;
	} else if ((pw = getpwuid((uid_t)uid)) == NULL || pw->pw_dir == NULL ||
		   !meta_path(path, "%s%s/.local/share/containers" PODMAN_FILE,
		       c->root, pw->pw_dir)) {
		return;
	}
	if ((err = lineread_whole(AT_FDCWD, path, PODMAN_FILE_MAX, &text, &n)) <
	    0) {
		if (err != -ENOENT && err != -ENOTDIR && err != -EACCES)
			note_malformed(c, path);
		return;
	}
	if (!ctrmeta_parse_podman(text, n, podman_add, c))
		note_malformed(c, path);
	free(text);
}

/* The uid of user@UID.service in a cgroup path (rootless podman), or
 * -1. */
static long
user_service_uid(const char *path)
{
	const char *p = strstr(path, "/user@");
	char *end;
	long uid;

	if (p == NULL)
		return -1;
	uid = strtol(p + 6, &end, 10);
	return end > p + 6 && strncmp(end, ".service", 8) == 0 && uid >= 0 ? uid
									   : -1;
}

static void
podman_name(struct containers *c, const char *cgroup_path,
    struct container *out)
{
	long uid = user_service_uid(cgroup_path);
	size_t i;

	podman_load(c, -1);
	if (uid >= 0)
		podman_load(c, uid);
	for (i = 0; i < c->podman.len; i++)
		if (strcmp(c->podman.v[i].id, out->id) == 0) {
			snprintf(out->name, sizeof(out->name), "%s",
			    c->podman.v[i].name);
			return;
		}
}

/* --- Kubernetes --- */

/* Every entry of dir that parse accepts into the k8s table. */
static void
k8s_scan_dir(struct containers *c, const char *dir,
    bool (*parse)(const char *, struct ctrmeta_k8s *))
{
	char path[PATH_MAX];
	struct ctrmeta_k8s k;
	struct dirent *de;
	size_t seen = 0;
	DIR *d;

	if (!meta_path(path, "%s%s", c->root, dir) ||
	    (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && seen++ < CONTAINERS_MAX) {
		if (de->d_name[0] == '.' || !parse(de->d_name, &k))
			continue;
		c->k8s.v = vec_reserve(c->k8s.v, &c->k8s.cap, c->k8s.len + 1,
		    sizeof(*c->k8s.v));
		c->k8s.v[c->k8s.len++] = k;
	}
	closedir(d);
}

static void
k8s_names(struct containers *c, struct container *out)
{
	const struct ctrmeta_k8s *k = NULL;
	size_t i;

	if (!c->k8s.scanned) {
		c->k8s.scanned = true;
		k8s_scan_dir(c, K8S_LOGS, ctrmeta_parse_k8s_log);
		k8s_scan_dir(c, K8S_PODS, ctrmeta_parse_k8s_pod);
	}
	/* the container's own link names it; its pod's directory only the
	 * pod */
	for (i = 0; i < c->k8s.len && k == NULL; i++)
		if (out->id[0] != '\0' && strcmp(c->k8s.v[i].id, out->id) == 0)
			k = &c->k8s.v[i];
	for (i = 0; i < c->k8s.len && k == NULL; i++)
		if (out->pod_uid[0] != '\0' &&
		    strcmp(c->k8s.v[i].pod_uid, out->pod_uid) == 0)
			k = &c->k8s.v[i];
	if (k == NULL)
		return;
	snprintf(out->k8s_namespace, sizeof(out->k8s_namespace), "%s",
	    k->namespace);
	snprintf(out->k8s_pod, sizeof(out->k8s_pod), "%s", k->pod);
	if (k->container[0] != '\0')
		snprintf(out->name, sizeof(out->name), "%s", k->container);
}

bool
containers_of_cgroup(struct containers *c, const char *cgroup_path,
    struct container *out)
{
	const struct docker_ent *e;

	if (!container_parse_cgroup(cgroup_path, out))
		return false;
	if (out->k8s) {
		k8s_names(c, out);
	} else if (strcmp(out->runtime, "docker") == 0) {
		if ((e = docker_find(c, out->id)) != NULL && e->found)
			snprintf(out->name, sizeof(out->name), "%s",
			    e->meta.name);
	} else if (strcmp(out->runtime, "podman") == 0) {
		podman_name(c, cgroup_path, out);
	}
	return true;
}
