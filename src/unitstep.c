/* SPDX-License-Identifier: MIT */
#include "unitstep.h"

#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "reclist.h"
#include "sock.h"
#include "units.h"
#include "xalloc.h"

bool
unitstep_needs_owners(const struct reclist *rows, bool socket_ids)
{
	size_t i;

	for (i = 0; i < rows->len; i++) {
		const struct sock_rec *rec = reclist_at(rows, i);

		if (rec->inode != 0 && (rec->cgroup_id == 0 || !socket_ids))
			return true;
	}
	return false;
}

void
unitstep_resolve(struct units *u, const struct reclist *rows,
    const struct owners *ow)
{
	size_t i;

	for (i = 0; i < rows->len; i++) {
		const struct sock_rec *rec = reclist_at(rows, i);

		units_resolve(u, rec->cgroup_id, rec->inode, ow);
	}
}

void
unitstep_select(const struct units *u, struct reclist *rows,
    char *const *patterns, size_t n)
{
	size_t i, kept = 0;

	if (n == 0)
		return;
	/* in place: the write index never passes the read index */
	for (i = 0; i < rows->len; i++) {
		const struct sock_rec *rec = reclist_at(rows, i);

		if (!units_match(units_find(u, rec->cgroup_id, rec->inode),
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
