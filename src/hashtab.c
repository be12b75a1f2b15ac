/* SPDX-License-Identifier: MIT */
#include "hashtab.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The first table's slots: a power of two. */
#define HASHTAB_FIRST 64

void
hashtab_init(struct hashtab *ht)
{
	ht->slots = NULL;
	ht->mask = 0;
	ht->count = 0;
}

void
hashtab_fini(struct hashtab *ht)
{
	if (ht == NULL)
		return;
	free(ht->slots);
	hashtab_init(ht);
}

void
hashtab_clear(struct hashtab *ht)
{
	if (ht->slots != NULL)
		memset(ht->slots, 0, (ht->mask + 1) * sizeof(*ht->slots));
	ht->count = 0;
}

/* 32 bits of a 64-bit hash: both halves count, so a caller's hash that
 * varies only in its high bits still spreads. */
static uint32_t
hashtab_fold(uint64_t hash)
{
	return (uint32_t)(hash ^ hash >> 32);
}

static void
hashtab_put(struct hashtab_slot *slots, size_t mask, struct hashtab_slot s)
{
	size_t i = s.hash & mask;

	while (slots[i].idx != 0)
		i = (i + 1) & mask;
	slots[i] = s;
}

static void
hashtab_grow(struct hashtab *ht)
{
	struct hashtab_slot *old = ht->slots;
	size_t old_size = old != NULL ? ht->mask + 1 : 0, i;
	size_t size = old_size != 0 ? old_size * 2 : HASHTAB_FIRST;

	ht->slots = xcalloc(size, sizeof(*ht->slots));
	ht->mask = size - 1;
	for (i = 0; i < old_size; i++)
		if (old[i].idx != 0)
			hashtab_put(ht->slots, ht->mask, old[i]);
	free(old);
}

void
hashtab_add(struct hashtab *ht, uint64_t hash, uint32_t idx)
{
	struct hashtab_slot s = {hashtab_fold(hash), idx + 1};

	/* at most half full, so that probes stay short */
	if (ht->slots == NULL || (ht->count + 1) * 2 > ht->mask + 1)
		hashtab_grow(ht);
	hashtab_put(ht->slots, ht->mask, s);
	ht->count++;
}

/* The probe from pr->pos on, shared by first and next so that a lookup
 * is one call. */
static inline uint32_t
hashtab_scan(const struct hashtab *ht, struct hashtab_probe *pr)
{
	const struct hashtab_slot *s;

	if (ht->slots == NULL)
		return HASHTAB_NONE;
	for (;;) {
		s = &ht->slots[pr->pos];
		pr->pos = (pr->pos + 1) & ht->mask;
		if (s->idx == 0)
			return HASHTAB_NONE;
		if (s->hash == pr->hash)
			return s->idx - 1;
	}
}

uint32_t
hashtab_next(const struct hashtab *ht, struct hashtab_probe *pr)
{
	return hashtab_scan(ht, pr);
}

uint32_t
hashtab_first(const struct hashtab *ht, uint64_t hash, struct hashtab_probe *pr)
{
	pr->hash = hashtab_fold(hash);
	pr->pos = pr->hash & ht->mask;
	return hashtab_scan(ht, pr);
}

uint64_t
hashtab_hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull ^ seed;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}
