/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CGROUP_H
#define SOCKVIEW_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Control groups (v2 only): which cgroup a process is in, where the
 * cgroup2 hierarchy is mounted (found in mountinfo, never assumed to be
 * /sys/fs/cgroup), and a cgroup's directory from its path. A cgroup path
 * is what /proc/PID/cgroup shows after "0::" ("/system.slice/x.service"),
 * relative to the reader's cgroup namespace.
 */

/* Longest cgroup path kept; a longer one is -ENAMETOOLONG. */
#define CGROUP_PATH_MAX 4096

/* Where the cgroup2 hierarchy is mounted: mountinfo's mount point and
 * the cgroup its root shows ("/" unless a subtree was mounted). */
struct cgroup_mount {
	char dir[CGROUP_PATH_MAX];
	char root[CGROUP_PATH_MAX];
};

/* The cgroup v2 path of pid from /proc/PID/cgroup ("0::/path") into buf
 * (size bytes); 0, -ENOENT when it has no v2 line (or no such process),
 * -ENAMETOOLONG, or -errno. */
int cgroup_of_pid(pid_t pid, char *buf, size_t size);
/* The same under proc_root ("/proc", or a saved tree). */
int cgroup_of_pid_at(const char *proc_root, pid_t pid, char *buf, size_t size);
/* The v2 path in the n bytes of a /proc/PID/cgroup file's text. */
int cgroup_parse(const char *text, size_t n, char *buf, size_t size);

/* Whether a v1 hierarchy holds the controller named name, as the n
 * bytes of /proc/cgroups's text say ("net_cls\t0\t1\t1": hierarchy 0,
 * none). A line of name's that cannot be read counts as yes. */
bool cgroup_v1_parse_has(const char *text, size_t n, const char *name);
/* Whether a v1 hierarchy holds any of names (NULL-ended), read once from
 * <proc_root>/cgroups; no such file (a kernel without cgroups) is no, a
 * file that cannot be read whole is yes. */
bool cgroup_v1_has_any(const char *proc_root, const char *const *names);

/* The cgroup2 mount in mountinfo_path (/proc/self/mountinfo): the first
 * one that shows the whole hierarchy, else the first. 0, -ENOENT when
 * there is none, or -errno. */
int cgroup_find_mount(const char *mountinfo_path, struct cgroup_mount *m);
/* Whether one line of mountinfo is a cgroup2 mount; if so m is filled
 * (mount point and root unescaped from mountinfo's \ooo). */
bool cgroup_parse_mountinfo_line(const char *line, struct cgroup_mount *m);
/* The directory of cgroup path under mount m into buf; -ENOENT when the
 * path is outside what m shows, -ENAMETOOLONG. */
int cgroup_dir(const struct cgroup_mount *m, const char *path, char *buf,
    size_t size);
/* The cgroup id (the kernel's cgroup_id(), which INET_DIAG_CGROUP_ID and
 * the BPF helpers give) of the cgroup directory dir: its inode number.
 * 0 or -errno. */
int cgroup_id_of_dir(const char *dir, uint64_t *id);

#endif
