/* SPDX-License-Identifier: MIT */
/* nlreader: a dump's datagrams received ahead on a thread, given back in
 * order, and no datagram past the one that ends the dump taken. */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "nlreader.h"

/* A socket's queue, made by hand: count datagrams, each one message
 * whose sequence number is its place; the one at done_at is NLMSG_DONE,
 * and those after it belong to the next request. */
struct queue {
	size_t count, done_at, next;
	int fail_at; /* -1, or the place where recv fails with EIO */
};

static ssize_t
queue_recv(void *ctx, void *buf, size_t size)
{
	struct queue *q = ctx;
	struct nlmsghdr h = {.nlmsg_len = NLMSG_LENGTH(4)};

	if (q->next >= q->count)
		return 0;
	if ((int)q->next == q->fail_at) {
		q->next++;
		return -EIO;
	}
	h.nlmsg_type = q->next == q->done_at ? NLMSG_DONE : 20;
	h.nlmsg_seq = (uint32_t)q->next++;
	ck_assert_uint_ge(size, h.nlmsg_len);
	memset(buf, 0, h.nlmsg_len);
	memcpy(buf, &h, sizeof(h));
	return (ssize_t)h.nlmsg_len;
}

static uint32_t
seq_of(const void *buf)
{
	struct nlmsghdr h;

	memcpy(&h, buf, sizeof(h));
	return h.nlmsg_seq;
}

START_TEST(gives_datagrams_in_order_up_to_the_end)
{
	struct queue q = {.count = 60, .done_at = 49, .fail_at = -1};
	struct nlreader *r = nlreader_start(queue_recv, &q, 256);
	const void *buf;
	uint32_t i;

	ck_assert_ptr_nonnull(r);
	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(nlreader_next(r, &buf), NLMSG_LENGTH(4));
		ck_assert_uint_eq(seq_of(buf), i);
	}
	/* past the end, the end again; the next request's answers stay */
	ck_assert_int_eq(nlreader_next(r, &buf), 0);
	ck_assert_int_eq(nlreader_next(r, &buf), 0);
	nlreader_stop(r);
	ck_assert_uint_eq(q.next, 50);
}
END_TEST

START_TEST(passes_on_a_failure)
{
	struct queue q = {.count = 20, .done_at = 19, .fail_at = 7};
	struct nlreader *r = nlreader_start(queue_recv, &q, 256);
	const void *buf;
	int i;

	ck_assert_ptr_nonnull(r);
	for (i = 0; i < 7; i++)
		ck_assert_int_eq(nlreader_next(r, &buf), NLMSG_LENGTH(4));
	ck_assert_int_eq(nlreader_next(r, &buf), -EIO);
	ck_assert_int_eq(nlreader_next(r, &buf), -EIO);
	nlreader_stop(r);
	ck_assert_uint_eq(q.next, 8);
}
END_TEST

START_TEST(stops_mid_dump)
{
	/* the caller gives up after two: the reader stops with at most its
	 * slots filled, never reading the dump out */
	struct queue q = {.count = 1000, .done_at = 999, .fail_at = -1};
	struct nlreader *r = nlreader_start(queue_recv, &q, 256);
	const void *buf;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(nlreader_next(r, &buf), NLMSG_LENGTH(4));
	ck_assert_int_eq(nlreader_next(r, &buf), NLMSG_LENGTH(4));
	nlreader_stop(r);
	ck_assert_uint_lt(q.next, 10);
	nlreader_stop(NULL);
}
END_TEST

START_TEST(tells_the_end_of_a_dump)
{
	struct nlmsghdr h[2];
	bool ends = true;

	memset(h, 0, sizeof(h));
	h[0].nlmsg_len = sizeof(h[0]);
	h[0].nlmsg_type = 20;
	h[1] = h[0];
	ck_assert(nlreader_whole(h, sizeof(h), &ends));
	ck_assert(!ends);
	h[1].nlmsg_type = NLMSG_ERROR;
	ck_assert(nlreader_whole(h, sizeof(h), &ends));
	ck_assert(ends);
	h[1].nlmsg_type = NLMSG_DONE;
	ck_assert(nlreader_whole(h, sizeof(h), &ends));
	ck_assert(ends);
	/* not whole: a length past the datagram, or one shorter than a
	 * header; a few bytes too few for another header are left alone */
	h[1].nlmsg_type = 20;
	h[1].nlmsg_len = 4096;
	ck_assert(!nlreader_whole(h, sizeof(h), NULL));
	h[1].nlmsg_len = 3;
	ck_assert(!nlreader_whole(h, sizeof(h), NULL));
	h[1].nlmsg_len = sizeof(h[1]);
	ck_assert(nlreader_whole(h, sizeof(h[0]) + 4, &ends));
	ck_assert(!ends);
}
END_TEST

static Suite *
nlreader_suite(void)
{
	Suite *s = suite_create("nlreader");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, gives_datagrams_in_order_up_to_the_end);
	tcase_add_test(tc, passes_on_a_failure);
	tcase_add_test(tc, stops_mid_dump);
	tcase_add_test(tc, tells_the_end_of_a_dump);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nlreader_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
