/* SPDX-License-Identifier: MIT */
#include "fmt_sctp.h"

#include <netinet/in.h>
#include <string.h>

#include "fmt_json.h"
#include "fmt_text.h"
#include "outbuf.h"
#include "owners.h"
#include "proto.h"
#include "sctpdiag.h"
#include "sock.h"

void
fmt_sctp_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active SCTP sockets %s\n", fmt_text_title(fo->listen));
	if (fo->marks)
		fputs("  ", fp);
	fputs("Proto Recv-Q Send-Q Local Address           Foreign Address    "
	      "     State            ",
	    fp);
	if (fo->user_inode)
		fputs(" User       Inode     ", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	fputc('\n', fp);
}

/* The record as fmt_text's endpoints take it; its ports named as TCP's
 * (/etc/services has few SCTP entries, and they are TCP's ports). */
static void
as_sock(const struct sctp_rec *rec, struct sock_rec *s)
{
	memset(s, 0, sizeof(*s));
	s->family = rec->family;
	s->proto = IPPROTO_TCP;
	s->local = rec->local;
	s->remote = rec->remote;
}

void
fmt_sctp_row(FILE *fp, const struct fmt_opts *fo, const struct sctp_rec *rec,
    char mark)
{
	char ep[FMT_TEXT_ENDPOINT_MAX];
	struct sock_rec s;
	struct outbuf ob;
	const char *name;
	size_t n;

	as_sock(rec, &s);
	outbuf_init(&ob, fp);
	if (fo->marks) {
		outbuf_put(&ob, &mark, 1);
		outbuf_put(&ob, " ", 1);
	}
	name = rec->family == AF_INET6 ? "sctp6" : "sctp";
	outbuf_left(&ob, name, strlen(name), 5);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->rxq, 6);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->txq, 6);
	outbuf_put(&ob, " ", 1);
	n = fmt_text_endpoint(fo, &s, true, ep);
	outbuf_left(&ob, ep, n, 23);
	outbuf_put(&ob, " ", 1);
	n = fmt_text_endpoint(fo, &s, false, ep);
	outbuf_left(&ob, ep, n, 23);
	outbuf_put(&ob, " ", 1);
	name = sctpdiag_state_name(rec);
	outbuf_left(&ob, name, strlen(name), 16);
	if (fo->user_inode)
		fmt_text_user_inode(&ob, fo, rec->uid, rec->inode);
	if (fo->owner) {
		outbuf_put(&ob, " ", 1);
		n = owners_label(fo->owners, rec->inode, ep, sizeof(ep));
		outbuf_left(&ob, ep, n, 20);
	}
	outbuf_put(&ob, "\n", 1);
	outbuf_flush(&ob);
}

/* {"address":"...","port":N} */
static void
put_end(struct outbuf *ob, const char *key, const struct sock_end *end)
{
	char addr[SOCK_ADDR_MAX];

	sock_addr_format(&end->addr, addr);
	outbuf_puts(ob, key);
	outbuf_puts(ob, "{\"address\":\"");
	outbuf_puts(ob, addr);
	outbuf_puts(ob, "\",\"port\":");
	outbuf_u64(ob, end->port);
	outbuf_puts(ob, "}");
}

/* The addresses kept of one side, and how many the kernel listed. */
static void
put_addrs(struct outbuf *ob, const char *key, const struct in6_addr *addrs,
    uint32_t n)
{
	char addr[SOCK_ADDR_MAX];
	uint32_t i;

	outbuf_puts(ob, key);
	outbuf_puts(ob, "[");
	for (i = 0; i < n && i < SCTPDIAG_ADDRS_MAX; i++) {
		sock_addr_format(&addrs[i], addr);
		outbuf_puts(ob, i > 0 ? ",\"" : "\"");
		outbuf_puts(ob, addr);
		outbuf_puts(ob, "\"");
	}
	outbuf_puts(ob, "]");
}

void
fmt_sctp_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct sctp_rec *rec, bool first, const struct fmt_json_extra *extra)
{
	struct outbuf ob;

	outbuf_init(&ob, fp);
	fmt_json_open(&ob, jo, first);
	outbuf_puts(&ob, "{\"proto\":\"sctp\",\"family\":\"");
	outbuf_puts(&ob, proto_family_name(rec->family));
	outbuf_puts(&ob, rec->assoc ? "\",\"kind\":\"association\""
				    : "\",\"kind\":\"endpoint\"");
	outbuf_puts(&ob, ",\"state\":\"");
	outbuf_puts(&ob, sctpdiag_state_name(rec));
	outbuf_puts(&ob, "\"");
	put_end(&ob, ",\"local\":", &rec->local);
	put_end(&ob, ",\"peer\":", &rec->remote);
	put_addrs(&ob, ",\"local_addresses\":", rec->locals, rec->nlocals);
	outbuf_puts(&ob, ",\"local_addresses_total\":");
	outbuf_u64(&ob, rec->nlocals);
	put_addrs(&ob, ",\"peer_addresses\":", rec->peers, rec->npeers);
	outbuf_puts(&ob, ",\"peer_addresses_total\":");
	outbuf_u64(&ob, rec->npeers);
	outbuf_puts(&ob, ",\"recv_q\":");
	outbuf_u64(&ob, rec->rxq);
	outbuf_puts(&ob, ",\"send_q\":");
	outbuf_u64(&ob, rec->txq);
	outbuf_puts(&ob, ",\"tag\":");
	if (rec->has_info && rec->assoc)
		outbuf_u64(&ob, rec->tag);
	else
		outbuf_puts(&ob, "null");
	outbuf_puts(&ob, ",\"streams\":");
	if (rec->has_info && rec->assoc) {
		outbuf_puts(&ob, "{\"in\":");
		outbuf_u64(&ob, rec->instreams);
		outbuf_puts(&ob, ",\"out\":");
		outbuf_u64(&ob, rec->outstreams);
		outbuf_puts(&ob, "}");
	} else {
		outbuf_puts(&ob, "null");
	}
	outbuf_puts(&ob, ",\"inode\":");
	outbuf_u64(&ob, rec->inode);
	fmt_json_put_user(&ob, jo, rec->uid);
	fmt_json_put_owners(&ob, jo, rec->inode);
	fmt_json_close(&ob, jo, extra);
	outbuf_flush(&ob);
}
