/* SPDX-License-Identifier: MIT */
#include "serve_buf.h"

#include <string.h>

char *
serve_buf_room(struct serve_buf *b, size_t *room)
{
	if (b->head == b->tail) {
		b->head = 0;
		b->tail = 0;
	} else if (b->tail == sizeof(b->data) && b->head > 0) {
		memmove(b->data, b->data + b->head, b->tail - b->head);
		b->tail -= b->head;
		b->head = 0;
	}
	*room = sizeof(b->data) - b->tail;
	return b->data + b->tail;
}

void
serve_buf_filled(struct serve_buf *b, size_t n)
{
	b->tail += n;
}

const char *
serve_buf_pending(const struct serve_buf *b, size_t *len)
{
	*len = b->tail - b->head;
	return b->data + b->head;
}

void
serve_buf_sent(struct serve_buf *b, size_t n)
{
	b->head += n;
	if (b->head == b->tail) {
		b->head = 0;
		b->tail = 0;
	}
}
