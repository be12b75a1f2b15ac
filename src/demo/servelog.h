/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVELOG_H
#define SOCKVIEW_SERVELOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The demo server's log: whole lines written to a descriptor without ever
 * waiting for its reader. A reader that stops reading (a full pipe, a
 * terminal stopped with Ctrl-S) fills a bounded buffer, after which new
 * lines are dropped and counted; serving goes on.
 */

/* Bytes of log held for a slow reader. */
#define SERVELOG_SIZE 65536
/* Kept free for the last line (the summary), which is never dropped. */
#define SERVELOG_RESERVE 1024
/* The longest line, its '\n' included; longer text is cut. */
#define SERVELOG_LINE 1024
/* Bytes of a client's data shown in its log line. */
#define SERVELOG_PREVIEW_BYTES 64
/* Room for the escaped preview, "..." and the NUL. */
#define SERVELOG_PREVIEW_SIZE (SERVELOG_PREVIEW_BYTES * 4 + 4)

struct servelog;

/* A log writing to fd (standard output). A pipe or terminal is reopened
 * through /proc/self/fd, non-blocking, so that the O_NONBLOCK flag stays
 * ours instead of changing the open file that other processes (the
 * shell) share; a socket is written with MSG_DONTWAIT; a file as is.
 * Owned by the caller: servelog_free. */
struct servelog *servelog_new(int fd);
void servelog_free(struct servelog *l);
/* The descriptor to watch for room (EPOLLOUT) while lines are pending. */
int servelog_fd(const struct servelog *l);
/* Queue one line (n bytes, its '\n' included) and write what the reader
 * takes now; a line that does not fit is dropped and counted, unless
 * last is set (the summary, which may use the reserve). */
void servelog_add(struct servelog *l, const char *line, size_t n, bool last);
/* Queue the local time to the millisecond ("HH:MM:SS.mmm "), then fmt's
 * text, as one line (servelog_add); where lines were dropped before it,
 * first a line that says how many. */
void servelog_printf(struct servelog *l, bool last, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void servelog_vprintf(struct servelog *l, bool last, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));
/* The first SERVELOG_PREVIEW_BYTES of n bytes of data, escaped to one
 * line, "..." after when cut, into out (size bytes); returns the length. */
size_t servelog_preview(const char *data, size_t n, char *out, size_t size);
/* Write what the reader takes now; returns 0 or the -errno of a write
 * that failed for good (-EPIPE: the reader is gone). */
int servelog_flush(struct servelog *l);
/* Bytes queued and not yet written. */
size_t servelog_pending(const struct servelog *l);
/* Lines dropped since the last servelog_take_gap (then reset). */
uint64_t servelog_take_gap(struct servelog *l);
/* Lines dropped in all. */
uint64_t servelog_dropped(const struct servelog *l);
/* Wait at most timeout_ms for the reader to take what is queued. */
void servelog_drain(struct servelog *l, int timeout_ms);

#endif
