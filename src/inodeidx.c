/* SPDX-License-Identifier: MIT */
#include "inodeidx.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
inodeidx_init(struct inodeidx *ix)
{
	memset(ix, 0, sizeof(*ix));
	hashtab_init(&ix->by_inode);
}

void
inodeidx_fini(struct inodeidx *ix)
{
	if (ix == NULL)
		return;
	hashtab_fini(&ix->by_inode);
	free(ix->filter);
	inodeidx_init(ix);
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

void
inodeidx_build(struct inodeidx *ix, struct owner *ents, size_t len)
{
	size_t i, size, inodes = 0;

	if (len > 0)
		qsort(ents, len, sizeof(*ents), ent_cmp);
	for (i = 0; i < len; i++)
		if (i == 0 || ents[i].inode != ents[i - 1].inode)
			inodes++;
	/* 8 bits or more per inode: under 1 in 8 misses gets past it */
	for (size = 512; size < inodes * 8; size *= 2)
		;
	if (ix->filter == NULL || ix->filter_mask + 1 != size) {
		free(ix->filter);
		ix->filter = xcalloc(size / 64, sizeof(*ix->filter));
		ix->filter_mask = size - 1;
	} else {
		memset(ix->filter, 0, size / 8);
	}
	hashtab_clear(&ix->by_inode);
	ix->ents = ents;
	ix->len = len;
	for (i = 0; i < len; i++) {
		uint64_t h;

		if (i > 0 && ents[i].inode == ents[i - 1].inode)
			continue;
		h = hashtab_hash_u64(ents[i].inode);
		ix->filter[(h & ix->filter_mask) / 64] |= 1ull << (h % 64);
		hashtab_add(&ix->by_inode, h, (uint32_t)i);
	}
}

size_t
inodeidx_find(const struct inodeidx *ix, uint64_t inode,
    const struct owner **out)
{
	struct hashtab_probe pr;
	uint64_t h;
	uint32_t i;
	size_t n;

	if (inode == 0 || ix->len == 0)
		return 0;
	h = hashtab_hash_u64(inode);
	if (!(ix->filter[(h & ix->filter_mask) / 64] & 1ull << (h % 64)))
		return 0;
	for (i = hashtab_first(&ix->by_inode, h, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&ix->by_inode, &pr)) {
		if (ix->ents[i].inode != inode)
			continue;
		/* the run of its owners: one or a few */
		for (n = 1; i + n < ix->len && ix->ents[i + n].inode == inode;
		     n++)
			;
		*out = &ix->ents[i];
		return n;
	}
	return 0;
}
