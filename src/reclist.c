/* SPDX-License-Identifier: MIT */
#include "reclist.h"

#include <stdlib.h>
#include <string.h>

#include "vec.h"

void
reclist_init(struct reclist *list, size_t size)
{
	list->v = NULL;
	list->len = list->cap = 0;
	list->size = size;
}

void
reclist_fini(struct reclist *list)
{
	if (list == NULL)
		return;
	free(list->v);
	reclist_init(list, list->size);
}

void
reclist_push(struct reclist *list, const void *rec)
{
	list->v = vec_reserve(list->v, &list->cap, list->len + 1, list->size);
	memcpy(reclist_at(list, list->len++), rec, list->size);
}
