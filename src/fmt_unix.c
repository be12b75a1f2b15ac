#include "fmt_unix.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fmt_text.h"
#include "owners.h"
#include "sock.h"
#include "unixsock.h"

/* One line, assembled by hand and written with one fwrite. */
struct line {
	char buf[2048];
	size_t len;
};

static void
put(struct line *ln, const char *s, size_t n)
{
	if (n > sizeof(ln->buf) - ln->len)
		n = sizeof(ln->buf) - ln->len;
	memcpy(ln->buf + ln->len, s, n);
	ln->len += n;
}

/* Left-aligned in width columns, like printf's "%-*s". */
static void
put_left(struct line *ln, const char *s, size_t n, size_t width)
{
	put(ln, s, n);
	while (n++ < width)
		put(ln, " ", 1);
}

size_t
fmt_unix_path(const char *in, size_t n, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, len = 0;

	if (size == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		char esc[4];
		size_t k;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			esc[0] = (char)c;
			k = 1;
		} else if (c == '\\' || c == '\n' || c == '\t' || c == '\r') {
			esc[0] = '\\';
			esc[1] = c == '\\'   ? '\\'
				 : c == '\n' ? 'n'
				 : c == '\t' ? 't'
					     : 'r';
			k = 2;
		} else {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 15];
			k = 4;
		}
		if (len + k >= size)
			break;
		memcpy(out + len, esc, k);
		len += k;
	}
	out[len] = '\0';
	return len;
}

void
fmt_unix_header(FILE *fp, const struct fmt_opts *fo)
{
	static const char *const titles[] = {
	    [FILTER_CONNECTED] = "(w/o servers)",
	    [FILTER_LISTENING] = "(only servers)",
	    [FILTER_ALL] = "(servers and established)",
	};

	if (!fo->header)
		return;
	fprintf(fp, "Active UNIX domain sockets %s\n", titles[fo->listen]);
	fputs("Proto RefCnt Flags       Type       State         I-Node  ", fp);
	if (fo->user_inode)
		fputs(" Peer    ", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	fputs(" Path\n", fp);
}

void
fmt_unix_row(FILE *fp, const struct fmt_opts *fo, const struct unix_rec *rec)
{
	struct line ln;
	char buf[UNIXSOCK_PATH_MAX * 4 + 1], num[24];
	const char *s;
	size_t n;

	ln.len = 0;
	put(&ln, "unix  ", 6);
	if (rec->has_refcnt) {
		n = sock_fmt_u64(num, rec->refcnt);
		put_left(&ln, num, n, 6);
	} else {
		put_left(&ln, "-", 1, 6);
	}
	put(&ln, " ", 1);
	n = unixsock_flags_text(rec->flags, buf);
	put_left(&ln, buf, n, 11);
	put(&ln, " ", 1);
	s = unixsock_type_name(rec->type);
	put_left(&ln, s, strlen(s), 10);
	put(&ln, " ", 1);
	s = unixsock_state_name(rec);
	put_left(&ln, s, strlen(s), 13);
	put(&ln, " ", 1);
	n = sock_fmt_u64(num, rec->inode);
	put_left(&ln, num, n, 8);
	if (fo->user_inode) {
		put(&ln, " ", 1);
		if (rec->peer != 0) {
			n = sock_fmt_u64(num, rec->peer);
			put_left(&ln, num, n, 8);
		} else {
			put_left(&ln, "-", 1, 8);
		}
	}
	if (fo->owner) {
		put(&ln, " ", 1);
		/* a socket not yet accepted (inode 0) has no owner */
		if (rec->inode != 0) {
			n = owners_label(fo->owners, rec->inode, buf,
			    sizeof(buf));
			put_left(&ln, buf, n, 20);
		} else {
			put_left(&ln, "-", 1, 20);
		}
	}
	put(&ln, " ", 1);
	n = fmt_unix_path(rec->path, rec->path_len, buf, sizeof(buf));
	put(&ln, buf, n);
	put(&ln, "\n", 1);
	fwrite(ln.buf, 1, ln.len, fp);
}
