/* SPDX-License-Identifier: MIT */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A block's room for strings: one page minus the header. */
#define STRPOOL_BLOCK (4096 - sizeof(struct strpool_block))

struct strpool_block {
	struct strpool_block *next;
	char data[];
};

void
strpool_init(struct strpool *sp)
{
	sp->blocks = NULL;
	sp->next = NULL;
	sp->left = 0;
}

void
strpool_clear(struct strpool *sp)
{
	struct strpool_block *b, *next;

	for (b = sp->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	strpool_init(sp);
}

void
strpool_fini(struct strpool *sp)
{
	if (sp != NULL)
		strpool_clear(sp);
}

static struct strpool_block *
strpool_block_new(size_t size)
{
	return xcalloc(1, sizeof(struct strpool_block) + size);
}

const char *
strpool_add(struct strpool *sp, const char *s, size_t len)
{
	struct strpool_block *b;
	char *copy;

	if (len >= STRPOOL_BLOCK / 4 && len + 1 > sp->left) {
		/* a long string gets a block of its own behind the newest,
		 * so the newest block's free space is not thrown away */
		b = strpool_block_new(len + 1);
		if (sp->blocks != NULL) {
			b->next = sp->blocks->next;
			sp->blocks->next = b;
		} else {
			sp->blocks = b;
		}
		copy = b->data;
	} else {
		if (len + 1 > sp->left) {
			b = strpool_block_new(STRPOOL_BLOCK);
			b->next = sp->blocks;
			sp->blocks = b;
			sp->next = b->data;
			sp->left = STRPOOL_BLOCK;
		}
		copy = sp->next;
		sp->next += len + 1;
		sp->left -= len + 1;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}
