/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_INODEIDX_H
#define SOCKVIEW_INODEIDX_H

#include <stddef.h>
#include <stdint.h>

#include "fdscan.h"
#include "hashtab.h"

/*
 * The inode index: from a socket's inode to every (pid, fd) that holds
 * it, over the links an fd scan kept. Built once after the scan, then
 * only read.
 */
struct inodeidx {
	const struct owner *ents; /* sorted by (inode, pid, fd); borrowed */
	size_t len;
	struct hashtab by_inode; /* inode -> its first entry */
	/* one bit per hash of the inodes: --pid looks up every socket and
	 * most are not there; this answers them from a few KiB instead of
	 * a cache miss in the table */
	uint64_t *filter;
	size_t filter_mask;
};

/* An empty index. */
void inodeidx_init(struct inodeidx *ix);
/* Free the index (not the entries); accepts NULL. */
void inodeidx_fini(struct inodeidx *ix);
/* Sort ents (len of them) by (inode, pid, fd), in place, and index
 * them; ents stays the caller's and must outlive the next build. */
void inodeidx_build(struct inodeidx *ix, struct owner *ents, size_t len);
/* The owners of inode, lowest pid first, in *out (borrowed, valid until
 * the next build); returns how many. */
size_t inodeidx_find(const struct inodeidx *ix, uint64_t inode,
    const struct owner **out);

#endif
