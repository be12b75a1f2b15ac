/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_UNITS_H
#define SOCKVIEW_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "container.h"

struct owners;

/*
 * The units step (--units, --unit, JSON's cgroup, unit and container):
 * the cgroup of each socket, from the socket itself where the kernel
 * gives its cgroup id (netlink), else from its lowest-pid owner's
 * /proc/PID/cgroup; then the systemd unit and the container of that
 * cgroup, worked out once per cgroup. units_resolve reads what is
 * needed; what is printed afterwards only looks up (units_find).
 */
struct units;

/* What is known of a socket's cgroup; a NULL string is not known. */
struct units_info {
	const char *cgroup; /* its cgroup v2 path */
	const char *unit;   /* the container's label, else the systemd unit */
	const char *systemd_unit; /* the systemd unit alone */
	bool in_container;
	struct container ct; /* when in_container */
};

/* An empty table; owners' cgroups are read under proc_root ("/proc"),
 * container metadata from ct (borrowed; NULL: this machine's, read when
 * first needed). socket_ids: the records' cgroup ids are this machine's
 * (not a recording's). Free with units_free. */
struct units *units_new(const char *proc_root, struct containers *ct,
    bool socket_ids);
/* Accepts NULL. */
void units_free(struct units *u);
/* Work out the cgroup of a socket: cgroup_id (0: not known), else the
 * lowest-pid owner of inode in ow (NULL: none). */
void units_resolve(struct units *u, uint64_t cgroup_id, uint64_t inode,
    const struct owners *ow);
/* What units_resolve found for the socket (every field NULL when
 * nothing); borrowed until the next units_resolve. */
const struct units_info *units_find(const struct units *u, uint64_t cgroup_id,
    uint64_t inode);
/* A new round of -c: read each process's cgroup again, place each
 * socket again (keep_sockets, for --diff's closed rows: those not seen
 * again keep their units), and let an unknown cgroup id walk the
 * hierarchy again, once. */
void units_begin_round(struct units *u, bool keep_sockets);
/* Whether info's unit or systemd unit matches one of the n fnmatch(3)
 * patterns. */
bool units_match(const struct units_info *info, const char *const *patterns,
    size_t n);
/* The ids of the cgroups (the whole hierarchy's) whose unit matches one
 * of the patterns, up to max into ids; returns how many match (more
 * than max: the caller cannot use them), or -errno when the hierarchy
 * cannot be read. */
long units_matching_ids(struct units *u, const char *const *patterns, size_t n,
    uint64_t *ids, size_t max);
/* How many container metadata files were malformed; *first the first. */
size_t units_malformed(const struct units *u, const char **first);

#endif
