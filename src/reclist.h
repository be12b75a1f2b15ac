/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_RECLIST_H
#define SOCKVIEW_RECLIST_H

#include <stddef.h>

/*
 * A growable array of fixed-size records of any family (struct sock_rec,
 * struct unix_rec): what the listing pipeline collects, selects and
 * compares between rounds without knowing the record's type. Records
 * hold no pointers, so they are copied byte for byte.
 */
struct reclist {
	unsigned char *v;
	size_t len, cap;
	size_t size; /* bytes per record */
};

/* Empty list of size-byte records; no allocation until the first push. */
void reclist_init(struct reclist *list, size_t size);
/* Free the array; the list is empty again, of the same record size. */
void reclist_fini(struct reclist *list);
/* Append a copy of rec (list->size bytes). */
void reclist_push(struct reclist *list, const void *rec);
/* Record i; borrowed, valid until the next push. */
static inline void *
reclist_at(const struct reclist *list, size_t i)
{
	return list->v + i * list->size;
}

#endif
