/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_VEC_H
#define SOCKVIEW_VEC_H

#include <stddef.h>

/*
 * The one growable array: callers keep their own typed pointer, length
 * and capacity (struct { T *v; size_t len, cap; }) and ask for room
 * before they store, so pushes stay a compare and a store:
 *
 *	list->v = vec_reserve(list->v, &list->cap, list->len + 1,
 *	    sizeof(*list->v));
 *	list->v[list->len++] = rec;
 *
 * Capacity doubles and never shrinks, so memory stays flat when a list
 * is emptied and filled again round after round.
 */

/* v (NULL or from an earlier call) grown to hold at least need elements
 * of size bytes, *cap updated; never NULL. Caller frees. */
void *vec_grow(void *v, size_t *cap, size_t need, size_t size);

/* v itself when it already holds need elements, else vec_grow's. */
static inline void *
vec_reserve(void *v, size_t *cap, size_t need, size_t size)
{
	return v != NULL && need <= *cap ? v : vec_grow(v, cap, need, size);
}

#endif
