/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_WATCH_H
#define SOCKVIEW_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "reclist.h"

/*
 * -c/--continuous: run the listing round after round until SIGINT or
 * SIGTERM, and, for --diff, tell which sockets came and went between
 * two rounds. What makes a socket the same in two rounds is the record
 * family's to say (sock_identity_cmp, unixsock_identity_cmp).
 */
struct watch;

enum watch_mark {
	WATCH_SAME,   /* in the previous round too, or the first round */
	WATCH_NEW,    /* not in the previous round */
	WATCH_CLOSED, /* in the previous round only */
};

/* One round: print the listing to the FILE given to watch_run; returns 0,
 * or -errno to end the loop. */
typedef int (*watch_round_fn)(void *ctx);
/* The order of two records by identity; 0: the same socket. */
typedef int (*watch_cmp_fn)(const void *a, const void *b);
/* Asked before each round after the first, before anything of the round
 * is written: false ends the loop cleanly (what was watched is gone). */
typedef bool (*watch_ready_fn)(void *ctx);

struct watch_opts {
	double interval; /* seconds between the starts of two rounds */
	bool redraw;	 /* a terminal: clear the screen before each round */
	bool stamp;	 /* a "--- date time zone ---" line before each round */
	watch_ready_fn ready; /* NULL: every round is ready */
};

/* Run round, then again every wo->interval seconds, until SIGINT or
 * SIGTERM (handled while it runs; the round under way is finished and
 * flushed) or until wo->ready says no. Returns 0, the round's -errno, or
 * -EIO when fp fails. */
int watch_run(const struct watch_opts *wo, FILE *fp, watch_round_fn round,
    void *ctx);
/* The separator line, "--- 2026-11-24 21:30:05 +0000 ---\n", for the
 * local time t, into buf (at least WATCH_STAMP_SIZE bytes); returns the
 * length. */
size_t watch_stamp(long long t, char *buf, size_t size);

#define WATCH_STAMP_SIZE 64

/* Empty diff state for records of rec_size bytes that cmp orders by
 * identity (0: the same socket). Caller frees. */
struct watch *watch_new(size_t rec_size, watch_cmp_fn cmp);
/* Free; accepts NULL. */
void watch_free(struct watch *w);
/* Start a round: the list to fill with this round's sockets, emptied
 * (its memory is reused); borrowed from w. */
struct reclist *watch_begin(struct watch *w);
/* Compare the filled list with the previous round's; returns how many
 * rows watch_row gives: this round's sockets in their order, then the
 * closed ones in the previous round's order. The first round's are all
 * WATCH_SAME. */
size_t watch_diff(struct watch *w);
/* Row i of the last watch_diff, and its mark; borrowed, valid until the
 * next watch_begin. */
const void *watch_row(const struct watch *w, size_t i, enum watch_mark *mark);

#endif
