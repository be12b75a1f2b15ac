/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_STRPOOL_H
#define SOCKVIEW_STRPOOL_H

#include <stddef.h>

/*
 * The one string pool: copies of many small strings (service names,
 * user and host names, program names) packed into a few large blocks
 * and freed together. A copy never moves, so the pointers it hands out
 * stay valid until strpool_clear or strpool_fini.
 */
struct strpool_block;

struct strpool {
	struct strpool_block *blocks; /* newest first */
	char *next;		      /* free space in the newest block */
	size_t left;
};

/* An empty pool; allocates nothing until the first add. */
void strpool_init(struct strpool *sp);
/* Free every copy; accepts NULL. */
void strpool_fini(struct strpool *sp);
/* Free every copy, keeping the pool usable. */
void strpool_clear(struct strpool *sp);
/* A NUL-terminated copy of the len bytes at s (any bytes), owned by the
 * pool. */
const char *strpool_add(struct strpool *sp, const char *s, size_t len);

#endif
