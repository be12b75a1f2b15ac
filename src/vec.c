/* SPDX-License-Identifier: MIT */
#include "vec.h"

#include "xalloc.h"

/* The first allocation, in elements: small lists stay small, and a large
 * one reaches its size in a few doublings. */
#define VEC_FIRST 16

void *
vec_grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap != 0 ? *cap : VEC_FIRST;

	/* doubling past SIZE_MAX would wrap: xreallocarray refuses an n
	 * that large anyway, so stopping at need is enough */
	while (n < need && n <= (size_t)-1 / 2)
		n *= 2;
	if (n < need)
		n = need;
	if (v != NULL && n == *cap)
		return v;
	v = xreallocarray(v, n, size);
	*cap = n;
	return v;
}
