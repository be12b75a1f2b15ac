/* SPDX-License-Identifier: MIT */
#include "unitstep.h"

#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "reclist.h"
#include "units.h"
#include "xalloc.h"

static uint64_t
cgroup_of(const struct unitstep_keys *k, const void *rec)
{
	return k->cgroup_id != NULL ? k->cgroup_id(rec) : 0;
}

bool
unitstep_needs_owners(const struct reclist *rows, const struct unitstep_keys *k)
{
	size_t i;

	for (i = 0; i < rows->len; i++) {
		const void *rec = reclist_at(rows, i);

		if (k->inode(rec) != 0 && cgroup_of(k, rec) == 0)
			return true;
	}
	return false;
}

void
unitstep_resolve(struct units *u, const struct reclist *rows,
    const struct unitstep_keys *k, const struct owners *ow)
{
	size_t i;

	for (i = 0; i < rows->len; i++) {
		const void *rec = reclist_at(rows, i);

		units_resolve(u, cgroup_of(k, rec), k->inode(rec), ow);
	}
}

void
unitstep_select(const struct units *u, struct reclist *rows,
    const struct unitstep_keys *k, char *const *patterns, size_t n)
{
	size_t i, kept = 0;

	if (n == 0)
		return;
	/* in place: the write index never passes the read index */
	for (i = 0; i < rows->len; i++) {
		const void *rec = reclist_at(rows, i);

		if (!units_match(
			units_find(u, cgroup_of(k, rec), k->inode(rec)),
			(const char *const *)patterns, n))
			continue;
		if (kept != i)
			memcpy(reclist_at(rows, kept), rec, rows->size);
		kept++;
	}
	rows->len = kept;
}

size_t
unitstep_push(struct units *u, char *const *patterns, size_t n,
    struct filter *flt, uint64_t **ids)
{
	long found;

	*ids = xcalloc(FILTER_CGROUPS_MAX, sizeof(**ids));
	found = units_matching_ids(u, (const char *const *)patterns, n, *ids,
	    FILTER_CGROUPS_MAX);
	if (found < 0 || found > FILTER_CGROUPS_MAX) {
		free(*ids);
		*ids = NULL;
		return 0;
	}
	if (found == 0) {
		/* no cgroup matches: an id none has, so the kernel sends
		 * nothing (0 would match TIME_WAIT sockets, which have no
		 * cgroup) */
		(*ids)[0] = UINT64_MAX;
		found = 1;
	}
	flt->cgroup_ids = *ids;
	flt->ncgroup_ids = (size_t)found;
	return (size_t)found;
}
