/* SPDX-License-Identifier: MIT */
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lineread.h"

/* /proc/PID/cgroup is a line per v1 hierarchy and one for v2 */
#define CGROUP_FILE_MAX (64 * 1024)
/* mountinfo can be long on a host with many containers */
#define MOUNTINFO_LINE_MAX (16 * 1024)
#define MOUNTINFO_MAX (64 * 1024 * 1024)

static int
copy_path(const char *s, size_t n, char *buf, size_t size)
{
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

int
cgroup_parse(const char *text, size_t n, char *buf, size_t size)
{
	const char *p = text, *end = text + n, *nl;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		/* "0::/path": hierarchy 0 with no controllers is v2's */
		if (nl - p >= 4 && memcmp(p, "0::/", 4) == 0)
			return copy_path(p + 3, (size_t)(nl - p - 3), buf,
			    size);
	}
	return -ENOENT;
}

int
cgroup_of_pid_at(const char *proc_root, pid_t pid, char *buf, size_t size)
{
	char path[256], *text;
	size_t n;
	int err;

	if ((size_t)snprintf(path, sizeof(path), "%s/%d/cgroup", proc_root,
		(int)pid) >= sizeof(path))
		return -ENAMETOOLONG;
	if ((err = lineread_whole(AT_FDCWD, path, CGROUP_FILE_MAX, &text, &n)) <
	    0)
		return err;
	err = cgroup_parse(text, n, buf, size);
	free(text);
	return err;
}

int
cgroup_of_pid(pid_t pid, char *buf, size_t size)
{
	return cgroup_of_pid_at("/proc", pid, buf, size);
}

/* /proc/cgroups is a line per controller the kernel has */
#define CGROUPS_FILE_MAX (16 * 1024)

bool
cgroup_v1_parse_has(const char *text, size_t n, const char *name)
{
	const char *p = text, *end = text + n, *nl;
	size_t len = strlen(name);

	for (; p < end; p = nl + 1) {
		const char *h;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) <= len || memcmp(p, name, len) != 0 ||
		    p[len] != '\t')
			continue;
		/* the hierarchy's number: 0 is none */
		h = p + len + 1;
		if (h >= nl || *h < '0' || *h > '9')
			return true;
		while (h < nl && *h == '0')
			h++;
		return h < nl && *h >= '1' && *h <= '9';
	}
	return false;
}

bool
cgroup_v1_has_any(const char *proc_root, const char *const *names)
{
	char path[256], *text;
	size_t n;
	bool has = false;
	int err;

	if ((size_t)snprintf(path, sizeof(path), "%s/cgroups", proc_root) >=
	    sizeof(path))
		return true;
	if ((err = lineread_whole(AT_FDCWD, path, CGROUPS_FILE_MAX, &text,
		 &n)) < 0)
		return err != -ENOENT;
	for (; *names != NULL && !has; names++)
		has = cgroup_v1_parse_has(text, n, *names);
	free(text);
	return has;
}

/* The next space-separated field of a mountinfo line at *pp. */
static bool
next_field(const char **pp, const char **field, size_t *len)
{
	const char *p = *pp, *sp;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return false;
	sp = strchr(p, ' ');
	if (sp == NULL)
		sp = p + strlen(p);
	*field = p;
	*len = (size_t)(sp - p);
	*pp = sp;
	return true;
}

/* mountinfo's field with \ooo escapes (space, tab, newline, backslash)
 * undone, into buf (CGROUP_PATH_MAX bytes). */
static bool
unescape_field(const char *s, size_t n, char *buf)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && n - i >= 4 && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			c = (char)((s[i + 1] - '0') * 64 +
				   (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		}
		if (len + 1 >= CGROUP_PATH_MAX)
			return false;
		buf[len++] = c;
	}
	buf[len] = '\0';
	return len > 0;
}

bool
cgroup_parse_mountinfo_line(const char *line, struct cgroup_mount *m)
{
	const char *p = line, *f, *root = NULL, *dir = NULL;
	size_t n, root_n = 0, dir_n = 0;
	int i;

	/* id, parent, major:minor, root, mount point, options, then
	 * optional fields up to "-", then the file system type */
	for (i = 0; next_field(&p, &f, &n); i++) {
		if (i == 3) {
			root = f;
			root_n = n;
		} else if (i == 4) {
			dir = f;
			dir_n = n;
		} else if (i >= 6 && n == 1 && *f == '-') {
			break;
		}
	}
	if (dir == NULL || !next_field(&p, &f, &n) || n != 7 ||
	    memcmp(f, "cgroup2", 7) != 0)
		return false;
	return unescape_field(root, root_n, m->root) &&
	       unescape_field(dir, dir_n, m->dir);
}

int
cgroup_find_mount(const char *mountinfo_path, struct cgroup_mount *m)
{
	struct cgroup_mount cand;
	struct lineread lr;
	bool found = false;
	char *line;
	size_t len;
	int err, r;

	if ((err = lineread_open(&lr, AT_FDCWD, mountinfo_path,
		 MOUNTINFO_LINE_MAX)) < 0)
		return err;
	lineread_limit(&lr, MOUNTINFO_MAX);
	while ((r = lineread_next(&lr, &line, &len)) > 0) {
		if (!cgroup_parse_mountinfo_line(line, &cand))
			continue;
		if (!found ||
		    (strcmp(m->root, "/") != 0 && strcmp(cand.root, "/") == 0))
			*m = cand;
		found = true;
	}
	lineread_close(&lr);
	if (r < 0)
		return r;
	return found ? 0 : -ENOENT;
}

int
cgroup_dir(const struct cgroup_mount *m, const char *path, char *buf,
    size_t size)
{
	size_t root_n = strlen(m->root);
	int n;

	if (path[0] != '/')
		return -ENOENT;
	/* the part of path below the mount's root */
	if (strcmp(m->root, "/") != 0) {
		if (strncmp(path, m->root, root_n) != 0 ||
		    (path[root_n] != '/' && path[root_n] != '\0'))
			return -ENOENT;
		path += root_n;
	}
	if (strcmp(path, "/") == 0)
		path = "";
	n = snprintf(buf, size, "%s%s", m->dir, path);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int
cgroup_id_of_dir(const char *dir, uint64_t *id)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	*id = (uint64_t)st.st_ino;
	return 0;
}
