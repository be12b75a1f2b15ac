/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_HASHTAB_H
#define SOCKVIEW_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

/*
 * The one hash table: an open-addressing index over an array the caller
 * owns (usually a vec). It stores each entry's position in that array
 * beside 32 bits of its hash, and knows nothing of keys, so any key
 * type works without callbacks: the caller walks the candidates whose
 * hash matches and compares keys itself.
 *
 *	for (i = hashtab_first(&ht, h, &pr); i != HASHTAB_NONE;
 *	    i = hashtab_next(&ht, &pr))
 *		if (ents[i].key == key)
 *			return &ents[i];
 *	hashtab_add(&ht, h, (uint32_t)len);	(then store ents[len++])
 */
#define HASHTAB_NONE UINT32_MAX

struct hashtab_slot {
	uint32_t hash;
	uint32_t idx; /* the entry's position + 1; 0: empty */
};

struct hashtab {
	struct hashtab_slot *slots;
	size_t mask, count;
};

/* Where a lookup is in its probe sequence. */
struct hashtab_probe {
	size_t pos;
	uint32_t hash;
};

/* An empty table; allocates nothing until the first add. */
void hashtab_init(struct hashtab *ht);
/* Free the index (not the caller's entries); accepts NULL. */
void hashtab_fini(struct hashtab *ht);
/* Forget every entry, keeping the allocation. */
void hashtab_clear(struct hashtab *ht);
/* Index entry idx (below HASHTAB_NONE) under hash. The same hash may be
 * added more than once: lookups see every one. */
void hashtab_add(struct hashtab *ht, uint64_t hash, uint32_t idx);
/* The first entry added under hash, or HASHTAB_NONE; *pr remembers the
 * place for hashtab_next. */
uint32_t hashtab_first(const struct hashtab *ht, uint64_t hash,
    struct hashtab_probe *pr);
/* The next entry added under the same hash, or HASHTAB_NONE. */
uint32_t hashtab_next(const struct hashtab *ht, struct hashtab_probe *pr);
/* A hash of an integer key (pid, port, inode): Fibonacci hashing, whose
 * high bits the table folds into the low ones. Inline: it is one
 * multiply, on lookup paths. */
static inline uint64_t
hashtab_hash_u64(uint64_t v)
{
	return v * 0x9e3779b97f4a7c15ull;
}

/* A hash of n bytes (FNV-1a), seeded with seed (0 for none). */
uint64_t hashtab_hash_bytes(const void *p, size_t n, uint64_t seed);

#endif
