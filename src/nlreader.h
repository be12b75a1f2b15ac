/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NLREADER_H
#define SOCKVIEW_NLREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * A netlink dump's datagrams received ahead, on a thread of its own:
 * while the caller decodes and prints one datagram, the kernel fills the
 * next (its walk of the socket table is half the cost of a listing), so
 * on two cores the two overlap. The reader stops after the datagram that
 * ends the dump (NLMSG_DONE or NLMSG_ERROR), or one that does not parse,
 * so that nothing of the next request's answer is taken.
 */
struct nlreader;

/* Receive one datagram into buf (size bytes); returns its length, 0 at
 * the end, or -errno. */
typedef ssize_t (*nlreader_recv_fn)(void *ctx, void *buf, size_t size);

/* Start receiving through recv (ctx) into buffers of size bytes; NULL
 * when no thread is to be had (the caller receives as before). */
struct nlreader *nlreader_start(nlreader_recv_fn recv, void *ctx, size_t size);
/* The next datagram, in order: its bytes in *buf (valid until the next
 * call or nlreader_stop); returns its length, or what recv returned: 0 or
 * -errno, then again on every later call. */
ssize_t nlreader_next(struct nlreader *r, const void **buf);
/* Stop the thread (it may still finish receiving the dump it is in) and
 * free r; accepts NULL. */
void nlreader_stop(struct nlreader *r);
/* Whether the len bytes at buf are whole netlink messages, each length
 * within what is left (libmnl's mnl_nlmsg_ok() takes a length of 2 GiB
 * or more, a negative int, for a short one); bytes after the last that
 * are fewer than a header are left alone. *ends (may be NULL) tells
 * whether one of them ends a dump: NLMSG_DONE or NLMSG_ERROR. */
bool nlreader_whole(const void *buf, size_t len, bool *ends);

#endif
