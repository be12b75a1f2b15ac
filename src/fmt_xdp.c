/* SPDX-License-Identifier: MIT */
#include "fmt_xdp.h"

#include <string.h>

#include "escape.h"
#include "fmt_json.h"
#include "fmt_text.h"
#include "outbuf.h"
#include "owners.h"
#include "sock.h"
#include "xdpdiag.h"

/* Column widths, the header's and the rows' alike. */
enum { W_IFACE = 16, W_NUM = 7 };

void
fmt_xdp_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active XDP sockets %s\n", fmt_text_title(fo->listen));
	if (fo->marks)
		fputs("  ", fp);
	fputs("Proto Interface        Queue   Rx-Ring Tx-Ring Fill    Comp    "
	      "UMEM    Drops  ",
	    fp);
	if (fo->user_inode)
		fputs(" User       Inode     ", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	fputc('\n', fp);
}

/* The interface: its name, its index where the name is not known, "*"
 * when the socket is not bound. */
static size_t
iface_text(const struct xdp_rec *rec, char *buf)
{
	if (!rec->has_info || rec->ifindex == 0) {
		buf[0] = '*';
		buf[1] = '\0';
		return 1;
	}
	if (rec->ifname[0] != '\0')
		return escape_text(rec->ifname,
		    strnlen(rec->ifname, sizeof(rec->ifname)), buf,
		    ESCAPE_TEXT_SIZE(XDPDIAG_IFNAME_MAX));
	return sock_fmt_u64(buf, rec->ifindex);
}

/* A number, or "-" where the kernel did not say. */
static void
put_num(struct outbuf *ob, bool known, uint64_t v)
{
	char num[24];
	size_t n;

	outbuf_put(ob, " ", 1);
	if (!known) {
		outbuf_left(ob, "-", 1, W_NUM);
		return;
	}
	n = sock_fmt_u64(num, v);
	outbuf_left(ob, num, n, W_NUM);
}

void
fmt_xdp_row(FILE *fp, const struct fmt_opts *fo, const struct xdp_rec *rec,
    char mark)
{
	char buf[ESCAPE_TEXT_SIZE(256)];
	struct outbuf ob;
	size_t n;

	outbuf_init(&ob, fp);
	if (fo->marks) {
		outbuf_put(&ob, &mark, 1);
		outbuf_put(&ob, " ", 1);
	}
	outbuf_left(&ob, "xdp", 3, 5);
	outbuf_put(&ob, " ", 1);
	n = iface_text(rec, buf);
	outbuf_left(&ob, buf, n, W_IFACE);
	put_num(&ob, rec->has_info, rec->queue);
	put_num(&ob, true, rec->rx_ring);
	put_num(&ob, true, rec->tx_ring);
	put_num(&ob, true, rec->fill_ring);
	put_num(&ob, true, rec->comp_ring);
	put_num(&ob, rec->has_umem, rec->umem_id);
	put_num(&ob, rec->has_stats, rec->rx_dropped);
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

static void
put_field(struct outbuf *ob, const char *key, bool known, uint64_t v)
{
	outbuf_puts(ob, key);
	if (known)
		outbuf_u64(ob, v);
	else
		outbuf_puts(ob, "null");
}

void
fmt_xdp_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct xdp_rec *rec, bool first, const struct fmt_json_extra *extra)
{
	struct outbuf ob;
	bool bound = rec->has_info && rec->ifindex != 0;

	outbuf_init(&ob, fp);
	fmt_json_open(&ob, jo, first);
	outbuf_puts(&ob, "{\"proto\":\"xdp\",\"interface\":");
	if (bound && rec->ifname[0] != '\0') {
		char ifname[XDPDIAG_IFNAME_MAX + 1] = "";

		memcpy(ifname, rec->ifname, sizeof(rec->ifname));
		fmt_json_put_string(&ob, ifname);
	} else {
		outbuf_puts(&ob, "null");
	}
	put_field(&ob, ",\"ifindex\":", bound, rec->ifindex);
	put_field(&ob, ",\"queue\":", bound, rec->queue);
	put_field(&ob, ",\"rx_ring\":", true, rec->rx_ring);
	put_field(&ob, ",\"tx_ring\":", true, rec->tx_ring);
	put_field(&ob, ",\"fill_ring\":", true, rec->fill_ring);
	put_field(&ob, ",\"completion_ring\":", true, rec->comp_ring);
	outbuf_puts(&ob, ",\"umem\":");
	if (rec->has_umem) {
		put_field(&ob, "{\"id\":", true, rec->umem_id);
		put_field(&ob, ",\"size\":", true, rec->umem_size);
		put_field(&ob, ",\"chunk_size\":", true, rec->umem_chunk);
		outbuf_puts(&ob, rec->zerocopy ? ",\"zerocopy\":true}"
					       : ",\"zerocopy\":false}");
	} else {
		outbuf_puts(&ob, "null");
	}
	put_field(&ob, ",\"rx_dropped\":", rec->has_stats, rec->rx_dropped);
	put_field(&ob, ",\"rx_invalid\":", rec->has_stats, rec->rx_invalid);
	put_field(&ob, ",\"tx_invalid\":", rec->has_stats, rec->tx_invalid);
	put_field(&ob, ",\"inode\":", true, rec->inode);
	put_field(&ob, ",\"cookie\":", true, rec->cookie);
	if (rec->has_uid)
		fmt_json_put_user(&ob, jo, rec->uid);
	else
		outbuf_puts(&ob, ",\"uid\":null,\"user\":null");
	fmt_json_put_owners(&ob, jo, rec->inode);
	fmt_json_close(&ob, jo, extra);
	outbuf_flush(&ob);
}
