/* SPDX-License-Identifier: MIT */
#include "fmt_vsock.h"

#include <string.h>

#include "fmt_json.h"
#include "fmt_text.h"
#include "outbuf.h"
#include "owners.h"
#include "sock.h"
#include "vsockdiag.h"

/* Column widths, the header's and the rows' alike. */
enum { W_TYPE = 9, W_STATE = 11, W_END = 21 };

void
fmt_vsock_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active vsock sockets %s\n", fmt_text_title(fo->listen));
	if (fo->marks)
		fputs("  ", fp);
	fputs("Proto Type      State       Local Address         Peer "
	      "Address          ",
	    fp);
	/* vsock_diag gives no owner uid: the inode alone */
	if (fo->user_inode)
		fputs(" Inode     ", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	fputc('\n', fp);
}

/* "cid:port", each "*" where it is any (VMADDR_CID_ANY, _PORT_ANY). */
static size_t
end_text(uint32_t cid, uint32_t port, char *buf)
{
	size_t n;

	if (cid == VSOCKDIAG_ANY) {
		buf[0] = '*';
		n = 1;
	} else {
		n = sock_fmt_u64(buf, cid);
	}
	buf[n++] = ':';
	if (port == VSOCKDIAG_ANY) {
		buf[n++] = '*';
		buf[n] = '\0';
		return n;
	}
	return n + sock_fmt_u64(buf + n, port);
}

void
fmt_vsock_row(FILE *fp, const struct fmt_opts *fo, const struct vsock_rec *rec,
    char mark)
{
	char buf[256], num[24];
	struct outbuf ob;
	const char *s;
	size_t n;

	outbuf_init(&ob, fp);
	if (fo->marks) {
		outbuf_put(&ob, &mark, 1);
		outbuf_put(&ob, " ", 1);
	}
	outbuf_left(&ob, "vsock", 5, 5);
	outbuf_put(&ob, " ", 1);
	s = vsockdiag_type_name(rec->type);
	outbuf_left(&ob, s, strlen(s), W_TYPE);
	outbuf_put(&ob, " ", 1);
	s = sock_tcp_state_name(rec->state);
	outbuf_left(&ob, s, strlen(s), W_STATE);
	outbuf_put(&ob, " ", 1);
	n = end_text(rec->local_cid, rec->local_port, buf);
	outbuf_left(&ob, buf, n, W_END);
	outbuf_put(&ob, " ", 1);
	n = end_text(rec->peer_cid, rec->peer_port, buf);
	outbuf_left(&ob, buf, n, W_END);
	if (fo->user_inode) {
		outbuf_put(&ob, " ", 1);
		n = sock_fmt_u64(num, rec->inode);
		outbuf_left(&ob, num, n, 10);
	}
	if (fo->owner) {
		outbuf_put(&ob, " ", 1);
		n = owners_label(fo->owners, rec->inode, buf, sizeof(buf));
		outbuf_left(&ob, buf, n, 20);
	}
	outbuf_put(&ob, "\n", 1);
	outbuf_flush(&ob);
}

/* {"cid":N,"port":N}, null for any. */
static void
put_end(struct outbuf *ob, const char *key, uint32_t cid, uint32_t port)
{
	outbuf_puts(ob, key);
	outbuf_puts(ob, "{\"cid\":");
	if (cid == VSOCKDIAG_ANY)
		outbuf_puts(ob, "null");
	else
		outbuf_u64(ob, cid);
	outbuf_puts(ob, ",\"port\":");
	if (port == VSOCKDIAG_ANY)
		outbuf_puts(ob, "null");
	else
		outbuf_u64(ob, port);
	outbuf_puts(ob, "}");
}

void
fmt_vsock_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct vsock_rec *rec, bool first, const struct fmt_json_extra *extra)
{
	struct outbuf ob;

	outbuf_init(&ob, fp);
	fmt_json_open(&ob, jo, first);
	outbuf_puts(&ob, "{\"proto\":\"vsock\",\"type\":\"");
	outbuf_puts(&ob, vsockdiag_type_name(rec->type));
	outbuf_puts(&ob, "\",\"state\":\"");
	outbuf_puts(&ob, sock_tcp_state_name(rec->state));
	outbuf_puts(&ob, "\"");
	put_end(&ob, ",\"local\":", rec->local_cid, rec->local_port);
	put_end(&ob, ",\"peer\":", rec->peer_cid, rec->peer_port);
	outbuf_puts(&ob, ",\"shutdown\":");
	outbuf_u64(&ob, rec->shutdown);
	outbuf_puts(&ob, ",\"inode\":");
	outbuf_u64(&ob, rec->inode);
	outbuf_puts(&ob, ",\"cookie\":");
	outbuf_u64(&ob, rec->cookie);
	fmt_json_put_owners(&ob, jo, rec->inode);
	fmt_json_close(&ob, jo, extra);
	outbuf_flush(&ob);
}
