/* SPDX-License-Identifier: MIT */
#include "cgroupids.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "hashtab.h"
#include "strpool.h"
#include "vec.h"
#include "xalloc.h"

struct cgroupids_ent {
	uint64_t id;
	const char *path; /* in pool */
};

struct cgroupids {
	struct cgroup_mount mount;
	bool have_mount, loaded;
	int err;
	struct cgroupids_ent *v;
	size_t len, cap;
	struct hashtab by_id;
	struct strpool pool;
};

struct cgroupids *
cgroupids_new(const struct cgroup_mount *m)
{
	struct cgroupids *ids = xcalloc(1, sizeof(*ids));

	if (m != NULL) {
		ids->mount = *m;
		ids->have_mount = true;
	}
	hashtab_init(&ids->by_id);
	strpool_init(&ids->pool);
	return ids;
}

void
cgroupids_free(struct cgroupids *ids)
{
	if (ids == NULL)
		return;
	hashtab_fini(&ids->by_id);
	strpool_fini(&ids->pool);
	free(ids->v);
	free(ids);
}

static void
add(struct cgroupids *ids, uint64_t id, const char *path, size_t n)
{
	if (ids->len >= CGROUPIDS_MAX)
		return;
	ids->v = vec_reserve(ids->v, &ids->cap, ids->len + 1, sizeof(*ids->v));
	ids->v[ids->len].id = id;
	ids->v[ids->len].path = strpool_add(&ids->pool, path, n);
	hashtab_add(&ids->by_id, hashtab_hash_u64(id), (uint32_t)ids->len);
	ids->len++;
}

/* The cgroups below directory fd, whose cgroup path is path (len bytes
 * of a CGROUP_PATH_MAX buffer); closes fd. */
static void
walk(struct cgroupids *ids, int fd, char *path, size_t len, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL && ids->len < CGROUPIDS_MAX) {
		size_t n = strlen(de->d_name);
		int sub;

		/* a cgroup is a directory; its files are not */
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (de->d_name[0] == '.' &&
		    (n == 1 || (n == 2 && de->d_name[1] == '.')))
			continue;
		if (len + 1 + n >= CGROUP_PATH_MAX)
			continue;
		sub = openat(dirfd(d), de->d_name,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub < 0)
			continue;
		if (fstat(sub, &st) < 0 || !S_ISDIR(st.st_mode)) {
			close(sub);
			continue;
		}
		/* "/" is the root's path: no "//a" below it */
		path[len == 1 ? 0 : len] = '/';
		memcpy(path + (len == 1 ? 1 : len + 1), de->d_name, n + 1);
		add(ids, (uint64_t)st.st_ino, path,
		    (len == 1 ? 1 : len + 1) + n);
		if (depth + 1 < CGROUPIDS_DEPTH)
			walk(ids, sub, path, (len == 1 ? 1 : len + 1) + n,
			    depth + 1);
		else
			close(sub);
		path[len] = '\0';
	}
	closedir(d);
}

int
cgroupids_load(struct cgroupids *ids)
{
	char *path;
	struct stat st;
	int fd;

	if (ids->loaded)
		return ids->err;
	ids->loaded = true;
	if (!ids->have_mount && (ids->err = cgroup_find_mount(
				     "/proc/self/mountinfo", &ids->mount)) < 0)
		return ids->err;
	fd = open(ids->mount.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ids->err = -errno;
		if (fd >= 0)
			close(fd);
		return ids->err;
	}
	path = xcalloc(CGROUP_PATH_MAX, 1);
	snprintf(path, CGROUP_PATH_MAX, "%s", ids->mount.root);
	add(ids, (uint64_t)st.st_ino, path, strlen(path));
	walk(ids, fd, path, strlen(path), 0);
	free(path);
	return 0;
}

const char *
cgroupids_path(const struct cgroupids *ids, uint64_t id)
{
	struct hashtab_probe pr;
	uint32_t i;

	for (i = hashtab_first(&ids->by_id, hashtab_hash_u64(id), &pr);
	     i != HASHTAB_NONE; i = hashtab_next(&ids->by_id, &pr))
		if (ids->v[i].id == id)
			return ids->v[i].path;
	return NULL;
}

size_t
cgroupids_count(const struct cgroupids *ids)
{
	return ids->len;
}

const char *
cgroupids_at(const struct cgroupids *ids, size_t i, uint64_t *id)
{
	*id = ids->v[i].id;
	return ids->v[i].path;
}
