/* SPDX-License-Identifier: MIT */
#include "outbuf.h"

#include <string.h>

#include "sock.h"

void
outbuf_init(struct outbuf *ob, FILE *fp)
{
	ob->fp = fp;
	ob->len = 0;
}

void
outbuf_flush(struct outbuf *ob)
{
	if (ob->len > 0)
		fwrite(ob->buf, 1, ob->len, ob->fp);
	ob->len = 0;
}

/* What does not fit: fill the buffer, write it, go on. Never inlined:
 * its loop would make outbuf_put save six registers on every call. */
static __attribute__((noinline)) void
outbuf_put_long(struct outbuf *ob, const char *s, size_t n)
{
	while (n > 0) {
		size_t room = sizeof(ob->buf) - ob->len,
		       k = n < room ? n : room;

		memcpy(ob->buf + ob->len, s, k);
		ob->len += k;
		s += k;
		n -= k;
		if (ob->len == sizeof(ob->buf))
			outbuf_flush(ob);
	}
}

void
outbuf_put(struct outbuf *ob, const char *s, size_t n)
{
	char *dst = ob->buf + ob->len;

	/* the hot path, a row that fits: one test, one copy */
	if (n > sizeof(ob->buf) - ob->len) {
		outbuf_put_long(ob, s, n);
		return;
	}
	ob->len += n;
	memcpy(dst, s, n);
}

void
outbuf_puts(struct outbuf *ob, const char *s)
{
	outbuf_put(ob, s, strlen(s));
}

void
outbuf_u64(struct outbuf *ob, uint64_t v)
{
	char num[24];
	size_t n = sock_fmt_u64(num, v);

	outbuf_put(ob, num, n);
}

void
outbuf_pad(struct outbuf *ob, size_t written, size_t width)
{
	static const char spaces[64] = "                                "
				       "                                ";

	while (written < width) {
		size_t n = width - written;

		if (n > sizeof(spaces))
			n = sizeof(spaces);
		outbuf_put(ob, spaces, n);
		written += n;
	}
}

void
outbuf_left(struct outbuf *ob, const char *s, size_t n, size_t width)
{
	outbuf_put(ob, s, n);
	outbuf_pad(ob, n, width);
}

void
outbuf_num_right(struct outbuf *ob, uint64_t v, size_t width)
{
	char num[24];
	size_t n = sock_fmt_u64(num, v);

	outbuf_pad(ob, n, width);
	outbuf_put(ob, num, n);
}
