/* SPDX-License-Identifier: MIT */
#include "sock.h"

#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "vec.h"

void
sock_list_init(struct sock_list *list)
{
	list->v = NULL;
	list->len = list->cap = 0;
}

void
sock_list_fini(struct sock_list *list)
{
	if (list == NULL)
		return;
	free(list->v);
	sock_list_init(list);
}

void
sock_list_push(struct sock_list *list, const struct sock_rec *rec)
{
	list->v =
	    vec_reserve(list->v, &list->cap, list->len + 1, sizeof(*list->v));
	list->v[list->len++] = *rec;
}

int
sock_list_sink(const struct sock_rec *rec, void *ctx)
{
	sock_list_push(ctx, rec);
	return 0;
}

int
sock_identity_cmp(const void *x, const void *y)
{
	const struct sock_rec *a = x, *b = y;
	int c;

	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	if ((c = memcmp(&a->local.addr, &b->local.addr, sizeof(a->local.addr))))
		return c;
	if (a->local.port != b->local.port)
		return a->local.port < b->local.port ? -1 : 1;
	if ((c = memcmp(&a->remote.addr, &b->remote.addr,
		 sizeof(a->remote.addr))))
		return c;
	if (a->remote.port != b->remote.port)
		return a->remote.port < b->remote.port ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	return 0;
}

const char *
sock_tcp_state_name(unsigned state)
{
	static const char *const names[SOCK_ST_MAX] = {
	    [SOCK_ST_ESTABLISHED] = "ESTABLISHED",
	    [SOCK_ST_SYN_SENT] = "SYN_SENT",
	    [SOCK_ST_SYN_RECV] = "SYN_RECV",
	    [SOCK_ST_FIN_WAIT1] = "FIN_WAIT1",
	    [SOCK_ST_FIN_WAIT2] = "FIN_WAIT2",
	    [SOCK_ST_TIME_WAIT] = "TIME_WAIT",
	    [SOCK_ST_CLOSE] = "CLOSE",
	    [SOCK_ST_CLOSE_WAIT] = "CLOSE_WAIT",
	    [SOCK_ST_LAST_ACK] = "LAST_ACK",
	    [SOCK_ST_LISTEN] = "LISTEN",
	    [SOCK_ST_CLOSING] = "CLOSING",
	    [SOCK_ST_NEW_SYN_RECV] = "SYN_RECV",
	};

	if (state < SOCK_ST_MAX && names[state] != NULL)
		return names[state];
	return "UNKNOWN";
}

bool
sock_addr_is_any(const struct in6_addr *addr)
{
	static const uint8_t mapped_any[16] = {[10] = 0xff, [11] = 0xff};

	return IN6_IS_ADDR_UNSPECIFIED(addr) ||
	       memcmp(addr->s6_addr, mapped_any, 16) == 0;
}

bool
sock_is_listening(const struct sock_rec *rec)
{
	/* netstat's rules: TCP by state, datagram sockets by having no peer */
	if (proto_tcp_like(rec->proto))
		return rec->state == SOCK_ST_LISTEN;
	return sock_addr_is_any(&rec->remote.addr);
}

void
sock_addr_set_v4(struct in6_addr *addr, uint32_t v4_net)
{
	memset(addr, 0, sizeof(*addr));
	addr->s6_addr[10] = 0xff;
	addr->s6_addr[11] = 0xff;
	memcpy(&addr->s6_addr[12], &v4_net, 4);
}

size_t
sock_fmt_u64(char *buf, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

static size_t
sock_fmt_dotted(char *buf, const uint8_t *b)
{
	size_t n = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			buf[n++] = '.';
		n += sock_fmt_u64(buf + n, b[i]);
	}
	buf[n] = '\0';
	return n;
}

static size_t
sock_fmt_hex16(char *buf, unsigned w)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	int shift;
	bool started = false;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned d = (w >> shift) & 0xf;

		if (d != 0 || started || shift == 0) {
			buf[n++] = digits[d];
			started = true;
		}
	}
	return n;
}

size_t
sock_addr_format(const struct in6_addr *addr, char *buf)
{
	const uint8_t *b = addr->s6_addr;
	unsigned words[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0, i;
	size_t n = 0;

	if (IN6_IS_ADDR_V4MAPPED(addr))
		return sock_fmt_dotted(buf, b + 12);

	/* glibc's inet_ntop: the longest run of two or more zero words, the
	 * first such run on a tie, becomes "::" */
	for (i = 0; i < 8; i++) {
		words[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
		if (words[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			cur_len++;
			if (cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;

	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				buf[n++] = ':';
			continue;
		}
		if (i > 0)
			buf[n++] = ':';
		/* an IPv4-compatible tail, as inet_ntop writes it */
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
			n += sock_fmt_dotted(buf + n, b + 12);
			return n;
		}
		n += sock_fmt_hex16(buf + n, words[i]);
	}
	if (best >= 0 && best + best_len == 8)
		buf[n++] = ':';
	buf[n] = '\0';
	return n;
}
