/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVE_BUF_H
#define SOCKVIEW_SERVE_BUF_H

#include <stddef.h>

/* A client's pending echo: bytes received and not yet sent back. */
#define SERVE_BUF_SIZE 4096
struct serve_buf {
	size_t head, tail; /* pending bytes are data[head..tail) */
	char data[SERVE_BUF_SIZE];
};

/* Where the next read may write, in the buffer; *room bytes (0 when
 * full). Moves pending bytes to the front when that frees room. */
char *serve_buf_room(struct serve_buf *b, size_t *room);
/* Record n bytes written at serve_buf_room's pointer. */
void serve_buf_filled(struct serve_buf *b, size_t n);
/* The pending bytes, *len of them; borrowed from b. */
const char *serve_buf_pending(const struct serve_buf *b, size_t *len);
/* Drop the first n pending bytes (they were sent). */
void serve_buf_sent(struct serve_buf *b, size_t n);

#endif
