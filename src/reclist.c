#include "reclist.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

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
	if (list->len == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 256;
		list->v = xreallocarray(list->v, list->cap, list->size);
	}
	memcpy(reclist_at(list, list->len++), rec, list->size);
}
