/* SPDX-License-Identifier: MIT */
#include "fmt_unix.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "fmt_text.h"
#include "outbuf.h"
#include "owners.h"
#include "sock.h"
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
	/* the Path column is last, as netstat has it: a path may hold
	 * spaces; the Netns and Unit columns come before it */
	if (fo->netns != NULL)
		fputs(" Netns               ", fp);
	if (fo->units)
		fputs(" Unit                ", fp);
	fputs(" Path\n", fp);
}

void
fmt_unix_row(FILE *fp, const struct fmt_opts *fo, const struct unix_rec *rec)
{
	struct outbuf ob;
	char buf[UNIXSOCK_PATH_MAX * 4 + 1], num[24];
	const char *s;
	size_t n;

	outbuf_init(&ob, fp);
	outbuf_put(&ob, "unix  ", 6);
	if (rec->has_refcnt) {
		n = sock_fmt_u64(num, rec->refcnt);
		outbuf_left(&ob, num, n, 6);
	} else {
		outbuf_left(&ob, "-", 1, 6);
	}
	outbuf_put(&ob, " ", 1);
	n = unixsock_flags_text(rec->flags, buf);
	outbuf_left(&ob, buf, n, 11);
	outbuf_put(&ob, " ", 1);
	s = unixsock_type_name(rec->type);
	outbuf_left(&ob, s, strlen(s), 10);
	outbuf_put(&ob, " ", 1);
	s = unixsock_state_name(rec);
	outbuf_left(&ob, s, strlen(s), 13);
	outbuf_put(&ob, " ", 1);
	n = sock_fmt_u64(num, rec->inode);
	outbuf_left(&ob, num, n, 8);
	if (fo->user_inode) {
		outbuf_put(&ob, " ", 1);
		if (rec->peer != 0) {
			n = sock_fmt_u64(num, rec->peer);
			outbuf_left(&ob, num, n, 8);
		} else {
			outbuf_left(&ob, "-", 1, 8);
		}
	}
	if (fo->owner) {
		outbuf_put(&ob, " ", 1);
		/* a socket not yet accepted (inode 0) has no owner */
		if (rec->inode != 0) {
			n = owners_label(fo->owners, rec->inode, buf,
			    sizeof(buf));
			outbuf_left(&ob, buf, n, 20);
		} else {
			outbuf_left(&ob, "-", 1, 20);
		}
	}
	if (fo->netns != NULL) {
		s = fmt_text_netns(fo, rec->netns);
		outbuf_put(&ob, " ", 1);
		outbuf_left(&ob, s, strlen(s), 20);
	}
	if (fo->units) {
		outbuf_put(&ob, " ", 1);
		n = fmt_text_unit(fo, 0, rec->inode, buf, sizeof(buf));
		outbuf_left(&ob, buf, n, 20);
	}
	outbuf_put(&ob, " ", 1);
	n = fmt_unix_path(rec->path, rec->path_len, buf, sizeof(buf));
	outbuf_put(&ob, buf, n);
	outbuf_put(&ob, "\n", 1);
	outbuf_flush(&ob);
}
