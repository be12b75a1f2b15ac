#ifndef SOCKVIEW_TEXTLINE_H
#define SOCKVIEW_TEXTLINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One output line, assembled by hand in a fixed buffer and written with
 * one fwrite: no printf per field on the listing's hot path. What does
 * not fit is cut, never overflows.
 */
struct textline {
	char buf[4096];
	size_t len;
};

/* Empty the line. */
void textline_init(struct textline *ln);
/* Append n bytes of s. */
void textline_put(struct textline *ln, const char *s, size_t n);
/* Append spaces from column written up to width. */
void textline_pad(struct textline *ln, size_t written, size_t width);
/* s left-aligned in width columns, like printf's "%-*s". */
void textline_left(struct textline *ln, const char *s, size_t n, size_t width);
/* v right-aligned in width columns, like printf's "%*lu". */
void textline_num_right(struct textline *ln, uint64_t v, size_t width);
/* Write the line to fp. */
void textline_write(const struct textline *ln, FILE *fp);

#endif
