/* SPDX-License-Identifier: MIT */
/* Unit tests for hashtab.c: the hash table index. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "hashtab.h"

/* The index of key in keys through ht, or HASHTAB_NONE. */
static uint32_t
find(const struct hashtab *ht, const uint64_t *keys, uint64_t key)
{
	struct hashtab_probe pr;
	uint32_t i;

	for (i = hashtab_first(ht, hashtab_hash_u64(key), &pr);
	     i != HASHTAB_NONE; i = hashtab_next(ht, &pr))
		if (keys[i] == key)
			return i;
	return HASHTAB_NONE;
}

START_TEST(empty_table_finds_nothing)
{
	struct hashtab ht;
	struct hashtab_probe pr;

	hashtab_init(&ht);
	ck_assert_uint_eq(hashtab_first(&ht, 42, &pr), HASHTAB_NONE);
	hashtab_fini(&ht);
	hashtab_fini(NULL);
}
END_TEST

START_TEST(finds_every_key_after_growing)
{
	enum { N = 50000 };
	uint64_t *keys = malloc(N * sizeof(*keys));
	struct hashtab ht;
	uint32_t i;

	hashtab_init(&ht);
	for (i = 0; i < N; i++) {
		keys[i] = (uint64_t)i * 1000003u + 1;
		hashtab_add(&ht, hashtab_hash_u64(keys[i]), i);
	}
	ck_assert_uint_eq(ht.count, N);
	for (i = 0; i < N; i++)
		ck_assert_uint_eq(find(&ht, keys, keys[i]), i);
	ck_assert_uint_eq(find(&ht, keys, 2), HASHTAB_NONE);
	hashtab_fini(&ht);
	free(keys);
}
END_TEST

START_TEST(same_hash_lists_every_entry)
{
	struct hashtab ht;
	struct hashtab_probe pr;
	unsigned seen = 0;
	uint32_t i;

	/* one hash for every entry: the caller's key compare tells them
	 * apart, so the table must hand out each one */
	hashtab_init(&ht);
	for (i = 0; i < 10; i++)
		hashtab_add(&ht, 7, i);
	for (i = hashtab_first(&ht, 7, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&ht, &pr))
		seen |= 1u << i;
	ck_assert_uint_eq(seen, 0x3ff);
	hashtab_fini(&ht);
}
END_TEST

START_TEST(clear_forgets_entries)
{
	uint64_t keys[] = {5, 6};
	struct hashtab ht;

	hashtab_init(&ht);
	hashtab_add(&ht, hashtab_hash_u64(5), 0);
	hashtab_clear(&ht);
	ck_assert_uint_eq(find(&ht, keys, 5), HASHTAB_NONE);
	hashtab_add(&ht, hashtab_hash_u64(6), 1);
	ck_assert_uint_eq(find(&ht, keys, 6), 1);
	hashtab_fini(&ht);
}
END_TEST

START_TEST(byte_hash_depends_on_bytes_and_seed)
{
	ck_assert_uint_ne(hashtab_hash_bytes("ab", 2, 0),
	    hashtab_hash_bytes("ba", 2, 0));
	ck_assert_uint_ne(hashtab_hash_bytes("ab", 2, 0),
	    hashtab_hash_bytes("ab", 2, 1));
	ck_assert_uint_eq(hashtab_hash_bytes("ab", 2, 3),
	    hashtab_hash_bytes("ab", 2, 3));
}
END_TEST

static Suite *
hashtab_suite(void)
{
	Suite *s = suite_create("hashtab");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, empty_table_finds_nothing);
	tcase_add_test(tc, finds_every_key_after_growing);
	tcase_add_test(tc, same_hash_lists_every_entry);
	tcase_add_test(tc, clear_forgets_entries);
	tcase_add_test(tc, byte_hash_depends_on_bytes_and_seed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hashtab_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
