/* SPDX-License-Identifier: MIT */
#include "fmt_netlink.h"

#include <string.h>

#include "fmt_json.h"
#include "fmt_text.h"
#include "netlinksock.h"
#include "outbuf.h"
#include "owners.h"
#include "sock.h"

/* Column widths, the header's and the rows' alike. */
enum { W_PROTO = 7, W_Q = 6, W_PROTOCOL = 10, W_PORT = 10, W_INODE = 8 };

void
fmt_netlink_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active netlink sockets %s\n", fmt_text_title(fo->listen));
	if (fo->marks)
		fputs("  ", fp);
	fputs("Proto   Recv-Q Send-Q Protocol   Port id    I-Node  ", fp);
	if (fo->user_inode)
		fputs("  Drops", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	fputs(" Groups\n", fp);
}

void
fmt_netlink_row(FILE *fp, const struct fmt_opts *fo,
    const struct netlink_rec *rec, char mark)
{
	char buf[256], num[24];
	struct outbuf ob;
	size_t n;

	outbuf_init(&ob, fp);
	if (fo->marks) {
		outbuf_put(&ob, &mark, 1);
		outbuf_put(&ob, " ", 1);
	}
	outbuf_left(&ob, "netlink", 7, W_PROTO);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->rxq, W_Q);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->txq, W_Q);
	outbuf_put(&ob, " ", 1);
	netlinksock_protocol_name(rec->protocol, num);
	outbuf_left(&ob, num, strlen(num), W_PROTOCOL);
	outbuf_put(&ob, " ", 1);
	/* port id 0 is the kernel's own socket, as ss says */
	if (rec->portid == 0) {
		outbuf_left(&ob, "kernel", 6, W_PORT);
	} else {
		n = sock_fmt_u64(num, rec->portid);
		outbuf_left(&ob, num, n, W_PORT);
	}
	outbuf_put(&ob, " ", 1);
	n = sock_fmt_u64(num, rec->inode);
	outbuf_left(&ob, num, n, W_INODE);
	if (fo->user_inode) {
		outbuf_put(&ob, " ", 1);
		if (rec->has_drops)
			outbuf_num_right(&ob, rec->drops, 6);
		else
			outbuf_put(&ob, "     -", 6);
	}
	if (fo->owner) {
		outbuf_put(&ob, " ", 1);
		n = owners_label(fo->owners, rec->inode, buf, sizeof(buf));
		outbuf_left(&ob, buf, n, 20);
	}
	outbuf_put(&ob, " ", 1);
	n = netlinksock_groups_text(rec->groups, buf, sizeof(buf));
	outbuf_put(&ob, buf, n);
	outbuf_put(&ob, "\n", 1);
	outbuf_flush(&ob);
}

void
fmt_netlink_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct netlink_rec *rec, bool first,
    const struct fmt_json_extra *extra)
{
	char name[NETLINKSOCK_PROTO_MAX];
	struct outbuf ob;
	unsigned g, shown = 0;

	outbuf_init(&ob, fp);
	fmt_json_open(&ob, jo, first);
	outbuf_puts(&ob, "{\"proto\":\"netlink\",\"protocol\":\"");
	outbuf_puts(&ob, netlinksock_protocol_name(rec->protocol, name));
	outbuf_puts(&ob, "\",\"protocol_id\":");
	outbuf_u64(&ob, rec->protocol);
	outbuf_puts(&ob, ",\"portid\":");
	outbuf_u64(&ob, rec->portid);
	outbuf_puts(&ob,
	    rec->portid == 0 ? ",\"kernel\":true" : ",\"kernel\":false");
	outbuf_puts(&ob, ",\"peer_portid\":");
	outbuf_u64(&ob, rec->dst_portid);
	outbuf_puts(&ob, ",\"peer_group\":");
	outbuf_u64(&ob, rec->dst_group);
	outbuf_puts(&ob, ",\"groups\":[");
	for (g = 0; g < NETLINKSOCK_GROUPS; g++)
		if (rec->groups & (UINT64_C(1) << g)) {
			outbuf_puts(&ob, shown++ ? "," : "");
			outbuf_u64(&ob, g + 1);
		}
	outbuf_puts(&ob, "],\"recv_q\":");
	outbuf_u64(&ob, rec->rxq);
	outbuf_puts(&ob, ",\"send_q\":");
	outbuf_u64(&ob, rec->txq);
	outbuf_puts(&ob, ",\"drops\":");
	if (rec->has_drops)
		outbuf_u64(&ob, rec->drops);
	else
		outbuf_puts(&ob, "null");
	outbuf_puts(&ob, ",\"inode\":");
	outbuf_u64(&ob, rec->inode);
	fmt_json_put_owners(&ob, jo, rec->inode);
	fmt_json_close(&ob, jo, extra);
	outbuf_flush(&ob);
}
