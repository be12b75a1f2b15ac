/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_OUTBUF_H
#define SOCKVIEW_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The one output buffer of the formatters: text assembled by hand in a
 * fixed buffer on the stack and written with one fwrite per row, so the
 * listing's hot path has no printf per field and no allocation. A row
 * longer than the buffer is written in pieces, never cut.
 */
struct outbuf {
	FILE *fp;
	size_t len;
	char buf[4096];
};

/* An empty buffer writing to fp. */
void outbuf_init(struct outbuf *ob, FILE *fp);
/* Append n bytes of s. */
void outbuf_put(struct outbuf *ob, const char *s, size_t n);
/* Append the string s. */
void outbuf_puts(struct outbuf *ob, const char *s);
/* Append v in decimal. */
void outbuf_u64(struct outbuf *ob, uint64_t v);
/* Append spaces from column written up to width. */
void outbuf_pad(struct outbuf *ob, size_t written, size_t width);
/* s left-aligned in width columns, like printf's "%-*s". */
void outbuf_left(struct outbuf *ob, const char *s, size_t n, size_t width);
/* v right-aligned in width columns, like printf's "%*lu". */
void outbuf_num_right(struct outbuf *ob, uint64_t v, size_t width);
/* Write what is buffered to fp and empty the buffer. */
void outbuf_flush(struct outbuf *ob);

#endif
