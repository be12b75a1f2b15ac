#include "textline.h"

#include <string.h>

#include "sock.h"

void
textline_init(struct textline *ln)
{
	ln->len = 0;
}

void
textline_put(struct textline *ln, const char *s, size_t n)
{
	if (n > sizeof(ln->buf) - ln->len)
		n = sizeof(ln->buf) - ln->len;
	memcpy(ln->buf + ln->len, s, n);
	ln->len += n;
}

void
textline_pad(struct textline *ln, size_t written, size_t width)
{
	static const char spaces[64] = "                                "
				       "                                ";

	while (written < width) {
		size_t n = width - written;

		if (n > sizeof(spaces))
			n = sizeof(spaces);
		textline_put(ln, spaces, n);
		written += n;
	}
}

void
textline_left(struct textline *ln, const char *s, size_t n, size_t width)
{
	textline_put(ln, s, n);
	textline_pad(ln, n, width);
}

void
textline_num_right(struct textline *ln, uint64_t v, size_t width)
{
	char num[24];
	size_t n = sock_fmt_u64(num, v);

	textline_pad(ln, n, width);
	textline_put(ln, num, n);
}

void
textline_write(const struct textline *ln, FILE *fp)
{
	fwrite(ln->buf, 1, ln->len, fp);
}
