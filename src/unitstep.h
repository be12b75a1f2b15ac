/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_UNITSTEP_H
#define SOCKVIEW_UNITSTEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct filter;
struct owners;
struct reclist;
struct units;

/*
 * The units step of a listing round (--units, --unit) over records of
 * any family, known by their keys: which sockets need an owner to be
 * placed, their units worked out, and --unit's selection, both pushed
 * to the kernel as cgroup ids and applied after the dump.
 */

/* How to read a record's inode and cgroup id (NULL: the family has
 * none, as UNIX sockets). */
struct unitstep_keys {
	uint64_t (*inode)(const void *rec);
	uint64_t (*cgroup_id)(const void *rec);
};

/* Whether some record of rows can be placed only through its owner: an
 * inode but no cgroup id. */
bool unitstep_needs_owners(const struct reclist *rows,
    const struct unitstep_keys *k);
/* Work out the unit of every record of rows (owners: ow, may be NULL). */
void unitstep_resolve(struct units *u, const struct reclist *rows,
    const struct unitstep_keys *k, const struct owners *ow);
/* Keep in rows only the records whose unit matches one of the n
 * patterns (resolved before). */
void unitstep_select(const struct units *u, struct reclist *rows,
    const struct unitstep_keys *k, char *const *patterns, size_t n);
/* The cgroups whose unit matches the patterns, as flt's cgroup ids for
 * the kernel (into *ids, which the caller frees): none matching is one
 * id no cgroup has. Returns how many ids were set: 0 when there are too
 * many to push (FILTER_CGROUPS_MAX) or the hierarchy cannot be read. */
size_t unitstep_push(struct units *u, char *const *patterns, size_t n,
    struct filter *flt, uint64_t **ids);

#endif
