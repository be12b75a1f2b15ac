/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CGROUPIDS_H
#define SOCKVIEW_CGROUPIDS_H

#include <stddef.h>
#include <stdint.h>

struct cgroup_mount;

/*
 * The cgroup ids of the cgroup2 hierarchy: the kernel names a socket's
 * cgroup by its id (INET_DIAG_CGROUP_ID), which is the inode number of
 * the cgroup's directory. The hierarchy is walked once, when first asked,
 * bounded in depth and in count, and every directory's id kept with its
 * cgroup path.
 */
struct cgroupids;

/* Most cgroups kept, and how deep the walk goes. */
#define CGROUPIDS_MAX 200000
#define CGROUPIDS_DEPTH 32

/* An empty table for the hierarchy at m (copied); NULL m: find it in
 * /proc/self/mountinfo when first asked. Free with cgroupids_free. */
struct cgroupids *cgroupids_new(const struct cgroup_mount *m);
/* Accepts NULL. */
void cgroupids_free(struct cgroupids *ids);
/* Walk the hierarchy unless it was; 0, or -errno when there is no
 * cgroup2 mount or it cannot be read (then the table stays empty). */
int cgroupids_load(struct cgroupids *ids);
/* The cgroup path of id ("/system.slice/a.service"), borrowed, or NULL
 * when the hierarchy has no such cgroup (or was not loaded). */
const char *cgroupids_path(const struct cgroupids *ids, uint64_t id);
/* How many cgroups the table holds, and the i-th (id and path). */
size_t cgroupids_count(const struct cgroupids *ids);
const char *cgroupids_at(const struct cgroupids *ids, size_t i, uint64_t *id);

#endif
