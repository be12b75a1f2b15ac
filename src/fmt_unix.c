#include "fmt_unix.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "fmt_text.h"
#include "owners.h"
#include "sock.h"
#include "textline.h"
#include "unixsock.h"

size_t
fmt_unix_path(const char *in, size_t n, char *out, size_t size)
{
	/* the Path column is last: its spaces cannot shift a column */
	return escape_path(in, n, out, size);
}

void
fmt_unix_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active UNIX domain sockets %s\n",
	    fmt_text_title(fo->listen));
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
	struct textline ln;
	char buf[UNIXSOCK_PATH_MAX * 4 + 1], num[24];
	const char *s;
	size_t n;

	textline_init(&ln);
	textline_put(&ln, "unix  ", 6);
	if (rec->has_refcnt) {
		n = sock_fmt_u64(num, rec->refcnt);
		textline_left(&ln, num, n, 6);
	} else {
		textline_left(&ln, "-", 1, 6);
	}
	textline_put(&ln, " ", 1);
	n = unixsock_flags_text(rec->flags, buf);
	textline_left(&ln, buf, n, 11);
	textline_put(&ln, " ", 1);
	s = unixsock_type_name(rec->type);
	textline_left(&ln, s, strlen(s), 10);
	textline_put(&ln, " ", 1);
	s = unixsock_state_name(rec);
	textline_left(&ln, s, strlen(s), 13);
	textline_put(&ln, " ", 1);
	n = sock_fmt_u64(num, rec->inode);
	textline_left(&ln, num, n, 8);
	if (fo->user_inode) {
		textline_put(&ln, " ", 1);
		if (rec->peer != 0) {
			n = sock_fmt_u64(num, rec->peer);
			textline_left(&ln, num, n, 8);
		} else {
			textline_left(&ln, "-", 1, 8);
		}
	}
	if (fo->owner) {
		textline_put(&ln, " ", 1);
		/* a socket not yet accepted (inode 0) has no owner */
		if (rec->inode != 0) {
			n = owners_label(fo->owners, rec->inode, buf,
			    sizeof(buf));
			textline_left(&ln, buf, n, 20);
		} else {
			textline_left(&ln, "-", 1, 20);
		}
	}
	textline_put(&ln, " ", 1);
	n = fmt_unix_path(rec->path, rec->path_len, buf, sizeof(buf));
	textline_put(&ln, buf, n);
	textline_put(&ln, "\n", 1);
	textline_write(&ln, fp);
}
