/* SPDX-License-Identifier: MIT */
#include "explain_tcpinfo.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sock.h"
#include "sockext.h"

/* Unread data this old (ms since the last arrived) means the program is
 * not reading, not merely about to. */
#define UNREAD_MS 1000

struct words {
	char *buf;
	size_t size, len;
};

static void add(struct words *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct words *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->len + 3 >= w->size)
		return;
	if (w->len > 0) {
		memcpy(w->buf + w->len, "; ", 2);
		w->len += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n < w->size - w->len ? (size_t)n
						       : w->size - w->len - 1;
	w->buf[w->len] = '\0';
}

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

size_t
explain_tcpinfo(const struct sock_rec *rec, const struct sock_ext *x, char *buf,
    size_t size)
{
	struct words w = {buf, size, 0};
	const struct sockext_tcp_info *t;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (x == NULL || x->tcpi_len == 0 || rec->proto != IPPROTO_TCP ||
	    rec->state == SOCK_ST_LISTEN)
		return 0;
	t = &x->tcpi;
	if (SOCKEXT_HAS(x, retrans) && (t->retrans > 0 || t->backoff > 0))
		add(&w,
		    "retransmitting now (%u segment%s sent again and not yet "
		    "acknowledged, backoff %u): the path or the peer is in "
		    "trouble",
		    t->retrans, plural(t->retrans), t->backoff);
	if (rec->state == SOCK_ST_ESTABLISHED &&
	    ((SOCKEXT_HAS(x, snd_wnd) && t->snd_wnd == 0 &&
		 t->bytes_acked > 0) ||
		rec->timer == SOCK_TIMER_PROBE))
		add(&w, "the peer's receive window is zero: the peer is not "
			"reading");
	if (SOCKEXT_HAS(x, notsent_bytes) && t->notsent_bytes > 0 &&
	    t->snd_cwnd > 0 && t->unacked >= t->snd_cwnd)
		add(&w,
		    "%u byte%s wait in the send buffer behind a full "
		    "congestion window (%u of %u segments in flight): this "
		    "side writes faster than the path carries",
		    t->notsent_bytes, plural(t->notsent_bytes), t->unacked,
		    t->snd_cwnd);
	if (rec->rxq > 0 && t->last_data_recv >= UNREAD_MS)
		add(&w,
		    "the last data arrived %.1f s ago and %u byte%s %s still "
		    "unread: the owning program is not reading",
		    (double)t->last_data_recv / 1000, rec->rxq,
		    plural(rec->rxq), rec->rxq == 1 ? "is" : "are");
	if ((t->app_bits & 1) != 0 && t->bytes_acked > 1)
		add(&w, "app_limited: the program, not the network, is the "
			"bottleneck (it sends less than the path would carry)");
	return w.len;
}
