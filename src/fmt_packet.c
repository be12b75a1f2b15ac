/* SPDX-License-Identifier: MIT */
#include "fmt_packet.h"

#include <string.h>

#include "escape.h"
#include "fmt_json.h"
#include "fmt_text.h"
#include "outbuf.h"
#include "owners.h"
#include "packetsock.h"
#include "sock.h"

/* Column widths, the header's and the rows' alike. */
enum { W_PROTO = 6, W_Q = 6, W_TYPE = 5, W_PROTOCOL = 8, W_IFACE = 16 };

void
fmt_packet_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active packet sockets %s\n", fmt_text_title(fo->listen));
	if (fo->marks)
		fputs("  ", fp);
	fputs("Proto  Recv-Q  Drops Type  Protocol Interface       ", fp);
	if (fo->user_inode)
		fputs(" User       Inode     ", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	fputc('\n', fp);
}

/* The interface: its name, its index where the name is not known, or
 * "*" for every interface. */
static size_t
iface_text(const struct packet_rec *rec, char *buf)
{
	if (rec->ifindex == 0) {
		buf[0] = '*';
		buf[1] = '\0';
		return 1;
	}
	if (rec->ifname[0] != '\0')
		return escape_text(rec->ifname,
		    strnlen(rec->ifname, sizeof(rec->ifname)), buf,
		    ESCAPE_TEXT_SIZE(PACKETSOCK_IFNAME_MAX));
	return sock_fmt_u64(buf, rec->ifindex);
}

void
fmt_packet_row(FILE *fp, const struct fmt_opts *fo,
    const struct packet_rec *rec, char mark)
{
	char buf[ESCAPE_TEXT_SIZE(256)], num[24];
	struct outbuf ob;
	const char *s;
	size_t n;

	outbuf_init(&ob, fp);
	if (fo->marks) {
		outbuf_put(&ob, &mark, 1);
		outbuf_put(&ob, " ", 1);
	}
	outbuf_left(&ob, "packet", 6, W_PROTO);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->rxq, W_Q);
	outbuf_put(&ob, " ", 1);
	if (rec->has_netlink)
		outbuf_num_right(&ob, rec->drops, W_Q);
	else
		outbuf_put(&ob, "     -", W_Q); /* /proc does not say */
	outbuf_put(&ob, " ", 1);
	s = packetsock_type_name(rec->type);
	outbuf_left(&ob, s, strlen(s), W_TYPE);
	outbuf_put(&ob, " ", 1);
	s = packetsock_protocol_name(rec->protocol, num);
	outbuf_left(&ob, s, strlen(s), W_PROTOCOL);
	outbuf_put(&ob, " ", 1);
	n = iface_text(rec, buf);
	outbuf_left(&ob, buf, n, W_IFACE);
	if (fo->user_inode)
		fmt_text_user_inode(&ob, fo, rec->uid, rec->inode);
	if (fo->owner) {
		outbuf_put(&ob, " ", 1);
		n = owners_label(fo->owners, rec->inode, buf, sizeof(buf));
		outbuf_left(&ob, buf, n, 20);
	}
	outbuf_put(&ob, "\n", 1);
	outbuf_flush(&ob);
}

/* A fact netlink knows and /proc does not: true, false or null. */
static void
put_known_bool(struct outbuf *ob, bool known, bool v)
{
	outbuf_puts(ob, !known ? "null" : v ? "true" : "false");
}

void
fmt_packet_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct packet_rec *rec, bool first,
    const struct fmt_json_extra *extra)
{
	char name[PACKETSOCK_PROTO_MAX];
	struct outbuf ob;

	outbuf_init(&ob, fp);
	fmt_json_open(&ob, jo, first);
	outbuf_puts(&ob, "{\"proto\":\"packet\",\"type\":\"");
	outbuf_puts(&ob, packetsock_type_name(rec->type));
	outbuf_puts(&ob, "\",\"protocol\":\"");
	outbuf_puts(&ob, packetsock_protocol_name(rec->protocol, name));
	outbuf_puts(&ob, "\",\"protocol_id\":");
	outbuf_u64(&ob, rec->protocol);
	outbuf_puts(&ob, ",\"interface\":");
	if (rec->ifindex != 0 && rec->ifname[0] != '\0') {
		char ifname[PACKETSOCK_IFNAME_MAX + 1] = "";

		memcpy(ifname, rec->ifname, sizeof(rec->ifname));
		fmt_json_put_string(&ob, ifname);
	} else {
		outbuf_puts(&ob, "null");
	}
	outbuf_puts(&ob, ",\"ifindex\":");
	outbuf_u64(&ob, rec->ifindex);
	outbuf_puts(&ob,
	    rec->running ? ",\"running\":true" : ",\"running\":false");
	outbuf_puts(&ob, ",\"promiscuous\":");
	put_known_bool(&ob, rec->has_netlink, rec->promisc);
	outbuf_puts(&ob, ",\"filter\":");
	put_known_bool(&ob, rec->has_netlink, rec->has_filter);
	outbuf_puts(&ob, ",\"recv_q\":");
	outbuf_u64(&ob, rec->rxq);
	outbuf_puts(&ob, ",\"drops\":");
	if (rec->has_netlink)
		outbuf_u64(&ob, rec->drops);
	else
		outbuf_puts(&ob, "null");
	outbuf_puts(&ob, ",\"inode\":");
	outbuf_u64(&ob, rec->inode);
	fmt_json_put_user(&ob, jo, rec->uid);
	fmt_json_put_owners(&ob, jo, rec->inode);
	fmt_json_close(&ob, jo, extra);
	outbuf_flush(&ob);
}
