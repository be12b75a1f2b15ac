/* SPDX-License-Identifier: MIT */
#include "fmt_text.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "nstable.h"
#include "outbuf.h"
#include "owners.h"
#include "proto.h"
#include "services.h"
#include "sock.h"
#include "units.h"

size_t
fmt_text_endpoint(const struct fmt_opts *fo, const struct sock_rec *rec,
    bool local, char *buf)
{
	const struct sock_end *end = local ? &rec->local : &rec->remote;
	const char *name = NULL;
	size_t n;

	if (fo->numeric_hosts || fo->names == NULL) {
		n = sock_addr_format(&end->addr, buf);
	} else {
		/* a hosts file or a resolver may answer any bytes */
		const char *host =
		    names_host(fo->names, rec->family, &end->addr);

		n = escape_text(host, strlen(host), buf,
		    FMT_TEXT_ENDPOINT_MAX - 8);
	}
	buf[n++] = ':';
	if (end->port == 0) {
		buf[n++] = '*';
		buf[n] = '\0';
		return n;
	}
	if (!fo->numeric_ports)
		name = services_name(fo->services, end->port, rec->proto);
	if (name != NULL) {
		size_t len = strnlen(name, 64);

		memcpy(buf + n, name, len);
		n += len;
		buf[n] = '\0';
		return n;
	}
	return n + sock_fmt_u64(buf + n, end->port);
}

size_t
fmt_text_timer(const struct sock_rec *rec, char *buf, size_t size)
{
	const char *name;
	char unknown[16];
	int n;

	/* netstat's words; UDP and RAW say "on1"/"on2" for running timers */
	static const char *const tcp_names[] = {"off", "on", "keepalive",
	    "timewait", "probe"};
	static const char *const dgram_names[] = {"off", "on1", "on2"};
	const char *const *names =
	    proto_tcp_like(rec->proto) ? tcp_names : dgram_names;
	size_t known = proto_tcp_like(rec->proto) ? 5 : 3;

	if (rec->timer < known) {
		name = names[rec->timer];
	} else {
		snprintf(unknown, sizeof(unknown), "unkn-%u", rec->timer);
		name = unknown;
	}
	n = snprintf(buf, size, "%s (%u.%02u/%u/%u)", name, rec->timer_cs / 100,
	    rec->timer_cs % 100, rec->retrans, rec->probes);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

const char *
fmt_text_title(enum filter_listen listen)
{
	static const char *const titles[] = {
	    [FILTER_CONNECTED] = "(w/o servers)",
	    [FILTER_LISTENING] = "(only servers)",
	    [FILTER_ALL] = "(servers and established)",
	};

	return titles[listen];
}

void
fmt_text_header(FILE *fp, const struct fmt_opts *fo)
{
	if (!fo->header)
		return;
	fprintf(fp, "Active Internet connections %s\n",
	    fmt_text_title(fo->listen));
	if (fo->marks)
		fputs("  ", fp);
	fputs("Proto Recv-Q Send-Q Local Address           Foreign Address    "
	      "     State      ",
	    fp);
	if (fo->user_inode)
		fputs(" User       Inode     ", fp);
	if (fo->owner)
		fputs(" PID/Program name    ", fp);
	if (fo->timer)
		fputs(fo->units || fo->netns != NULL
			  ? " Timer                   "
			  : " Timer",
		    fp);
	if (fo->netns != NULL)
		fputs(fo->units ? " Netns               " : " Netns", fp);
	if (fo->units)
		fputs(" Unit", fp);
	fputc('\n', fp);
}

void
fmt_text_user_inode(struct outbuf *ob, const struct fmt_opts *fo, uint32_t uid,
    uint64_t inode)
{
	char num[24], esc[FMT_TEXT_ENDPOINT_MAX];
	const char *s;
	size_t n;

	outbuf_put(ob, " ", 1);
	if (fo->numeric_users || fo->names == NULL) {
		n = sock_fmt_u64(num, uid);
		outbuf_left(ob, num, n, 10);
	} else {
		/* a passwd entry may hold any byte but ':' */
		s = names_user(fo->names, uid);
		n = escape_text(s, strlen(s), esc, sizeof(esc));
		outbuf_left(ob, esc, n, 10);
	}
	outbuf_put(ob, " ", 1);
	n = sock_fmt_u64(num, inode);
	outbuf_left(ob, num, n, 10);
}

static const char *
row_state(const struct sock_rec *rec, char *num)
{
	if (proto_tcp_like(rec->proto))
		return sock_tcp_state_name(rec->state);
	if (rec->proto == IPPROTO_UDP || rec->proto == IPPROTO_UDPLITE ||
	    proto_kind(rec->proto) == PROTO_ICMP) {
		if (rec->state == SOCK_ST_ESTABLISHED)
			return "ESTABLISHED";
		return rec->state == SOCK_ST_CLOSE ? "" : "UNKNOWN";
	}
	/* netstat prints a raw socket's state as a number */
	sock_fmt_u64(num, rec->state);
	return num;
}

#define SGR_RESET "\033[0m"

const char *
fmt_text_netns(const struct fmt_opts *fo, uint64_t netns)
{
	const struct nstable_entry *e =
	    fo->netns != NULL ? nstable_find(fo->netns, netns) : NULL;

	/* the names are escaped when the table is made */
	return e != NULL ? e->name : "-";
}

const char *
fmt_text_state_color(const char *state)
{
	static const struct {
		const char *state, *sgr;
	} colors[] = {
	    /* waiting for clients: green; talking: cyan */
	    {"LISTEN", "\033[32m"},
	    {"ESTABLISHED", "\033[36m"},
	    /* on the way up or down: yellow */
	    {"SYN_SENT", "\033[33m"},
	    {"SYN_RECV", "\033[33m"},
	    {"FIN_WAIT1", "\033[33m"},
	    {"FIN_WAIT2", "\033[33m"},
	    {"TIME_WAIT", "\033[33m"},
	    {"LAST_ACK", "\033[33m"},
	    {"CLOSING", "\033[33m"},
	    /* the peer closed and the program has not: often a bug */
	    {"CLOSE_WAIT", "\033[31m"},
	};
	size_t i;

	for (i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(state, colors[i].state) == 0)
			return colors[i].sgr;
	return NULL;
}

/* Left-aligned in width columns, in colour: the escapes take no column,
 * so the padding counts only the visible text. */
static void
put_left_color(struct outbuf *ob, const char *s, size_t n, size_t width,
    const char *sgr)
{
	if (sgr == NULL) {
		outbuf_left(ob, s, n, width);
		return;
	}
	outbuf_put(ob, sgr, strlen(sgr));
	outbuf_put(ob, s, n);
	outbuf_put(ob, SGR_RESET, sizeof(SGR_RESET) - 1);
	outbuf_pad(ob, n, width);
}

size_t
fmt_text_unit(const struct fmt_opts *fo, uint64_t cgroup_id, uint64_t inode,
    char *buf, size_t size)
{
	const struct units_info *info =
	    fo->units_table != NULL
		? units_find(fo->units_table, cgroup_id, inode)
		: NULL;

	if (info == NULL || info->unit == NULL) {
		/* by hand: on every row of a listing where little is known */
		if (size < 2)
			return 0;
		buf[0] = '-';
		buf[1] = '\0';
		return 1;
	}
	/* container names and cgroup paths may hold any byte */
	return escape_text(info->unit, strlen(info->unit), buf, size);
}

void
fmt_text_row(FILE *fp, const struct fmt_opts *fo, const struct sock_rec *rec)
{
	fmt_text_row_mark(fp, fo, rec, ' ');
}

void
fmt_text_row_mark(FILE *fp, const struct fmt_opts *fo,
    const struct sock_rec *rec, char mark)
{
	struct outbuf ob;
	char ep[FMT_TEXT_ENDPOINT_MAX], num[24];
	const char *s;
	size_t n;

	outbuf_init(&ob, fp);
	if (fo->marks) {
		const char *sgr = !fo->color	? NULL
				  : mark == '+' ? "\033[32m"
				  : mark == '-' ? "\033[31m"
						: NULL;

		put_left_color(&ob, &mark, 1, 2, sgr);
	}
	s = proto_column(rec->proto, rec->family);
	outbuf_left(&ob, s, strlen(s), 5);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->rxq, 6);
	outbuf_put(&ob, " ", 1);
	outbuf_num_right(&ob, rec->txq, 6);
	outbuf_put(&ob, " ", 1);
	n = fmt_text_endpoint(fo, rec, true, ep);
	outbuf_left(&ob, ep, n, 23);
	outbuf_put(&ob, " ", 1);
	n = fmt_text_endpoint(fo, rec, false, ep);
	outbuf_left(&ob, ep, n, 23);
	outbuf_put(&ob, " ", 1);
	s = row_state(rec, num);
	put_left_color(&ob, s, strlen(s), 11,
	    fo->color ? fmt_text_state_color(s) : NULL);

	if (fo->user_inode)
		fmt_text_user_inode(&ob, fo, rec->uid, rec->inode);
	if (fo->owner) {
		outbuf_put(&ob, " ", 1);
		n = owners_label(fo->owners, rec->inode, ep, sizeof(ep));
		outbuf_left(&ob, ep, n, 20);
	}
	if (fo->timer) {
		outbuf_put(&ob, " ", 1);
		n = fmt_text_timer(rec, ep, sizeof(ep));
		/* padded only when a column follows */
		outbuf_left(&ob, ep, n,
		    fo->units || fo->netns != NULL ? 24 : 0);
	}
	if (fo->netns != NULL) {
		s = fmt_text_netns(fo, rec->netns);
		outbuf_put(&ob, " ", 1);
		/* padded only when a column follows */
		outbuf_left(&ob, s, strlen(s), fo->units ? 20 : 0);
	}
	if (fo->units) {
		outbuf_put(&ob, " ", 1);
		n = fmt_text_unit(fo, rec->cgroup_id, rec->inode, ep,
		    sizeof(ep));
		outbuf_put(&ob, ep, n);
	}
	outbuf_put(&ob, "\n", 1);
	outbuf_flush(&ob);
}
