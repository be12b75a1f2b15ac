/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_XALLOC_H
#define SOCKVIEW_XALLOC_H

#include <stddef.h>

/* Allocators that print "sockview: out of memory" and exit 1 on failure. */

/* Zeroed array of n elements of size bytes; caller frees. */
void *xcalloc(size_t n, size_t size);
/* Resize p to n elements of size bytes; caller frees. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Copy of s; caller frees. */
char *xstrdup(const char *s);

#endif
