/* SPDX-License-Identifier: MIT */
#include "explain_tcpinfo.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>

#include "sock.h"
#include "sockext.h"

/* Unread data this old (ms since the last arrived) means the program is
 * not reading, not merely about to. */
#define UNREAD_MS 1000

/* The sentences said so far, and where they go. */
struct words {
	explain_tcpinfo_fn say;
	void *ctx;
	size_t n;
};

static void add(struct words *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct words *w, const char *fmt, ...)
{
	char sentence[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sentence, sizeof(sentence), fmt, ap);
	va_end(ap);
	w->say(w->ctx, sentence);
	w->n++;
}

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

size_t
explain_tcpinfo(const struct sock_rec *rec, const struct sock_ext *x,
    explain_tcpinfo_fn say, void *ctx)
{
	struct words w = {say, ctx, 0};
	const struct sockext_tcp_info *t;

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
	return w.n;
}
