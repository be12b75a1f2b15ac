/* SPDX-License-Identifier: MIT */
#include "fmt_tcpinfo.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/tcp.h>

#include "mptcpinfo.h"
#include "proto.h"
#include "sock.h"
#include "sockext.h"

/* The line being written: never past its buffer, cut short if need be. */
struct line {
	char *buf;
	size_t len;
};

static void put(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct line *l, const char *fmt, ...)
{
	size_t room = FMT_TCPINFO_LINE_MAX - 1 - l->len; /* 1: the newline */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* ss's sprint_bw: bits per second, in k, M, G or T unless -n. */
static const char *
bw_text(char *buf, size_t size, double bw, bool numeric)
{
	if (numeric)
		snprintf(buf, size, "%.0f", bw);
	else if (bw >= 1e12)
		snprintf(buf, size, "%.3gT", bw / 1e12);
	else if (bw >= 1e9)
		snprintf(buf, size, "%.3gG", bw / 1e9);
	else if (bw >= 1e6)
		snprintf(buf, size, "%.3gM", bw / 1e6);
	else if (bw >= 1e3)
		snprintf(buf, size, "%.3gk", bw / 1e3);
	else
		snprintf(buf, size, "%g", bw);
	return buf;
}

static void
put_skmem(struct line *l, const struct sock_ext *x)
{
	put(l, " skmem:(r%u,rb%u,t%u,tb%u,f%u,w%u,o%u", x->skmem[0],
	    x->skmem[1], x->skmem[2], x->skmem[3], x->skmem[4], x->skmem[5],
	    x->skmem[6]);
	if (x->skmem_n > 7)
		put(l, ",bl%u", x->skmem[7]);
	if (x->skmem_n > 8)
		put(l, ",d%u", x->skmem[8]);
	put(l, ")");
}

static void
put_options(struct line *l, const struct sockext_tcp_info *t)
{
	static const struct {
		uint8_t bit;
		const char *word;
	} opts[] = {{TCPI_OPT_TIMESTAMPS, " ts"}, {TCPI_OPT_SACK, " sack"},
	    {TCPI_OPT_ECN, " ecn"}, {TCPI_OPT_ECN_SEEN, " ecnseen"},
	    {TCPI_OPT_SYN_DATA, " fastopen"}};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (t->options & opts[i].bit)
			put(l, "%s", opts[i].word);
}

/* From the congestion window to the segment counts. */
static void
put_window(struct line *l, const struct sockext_tcp_info *t)
{
	if (t->options & TCPI_OPT_WSCALE)
		put(l, " wscale:%d,%d", t->wscale & 0xf, t->wscale >> 4);
	if (t->rto != 0 && t->rto != 3000000)
		put(l, " rto:%g", (double)t->rto / 1000);
	if (t->backoff)
		put(l, " backoff:%u", t->backoff);
	if ((double)t->rtt / 1000 != 0)
		put(l, " rtt:%g/%g", (double)t->rtt / 1000,
		    (double)t->rttvar / 1000);
	if ((double)t->ato / 1000 != 0)
		put(l, " ato:%g", (double)t->ato / 1000);
	/* ss keeps these in ints */
	if (t->snd_mss)
		put(l, " mss:%d", (int)t->snd_mss);
	if (t->pmtu)
		put(l, " pmtu:%u", t->pmtu);
	if (t->rcv_mss)
		put(l, " rcvmss:%d", (int)t->rcv_mss);
	if (t->advmss)
		put(l, " advmss:%d", (int)t->advmss);
	if (t->snd_cwnd)
		put(l, " cwnd:%u", t->snd_cwnd);
	if (t->snd_ssthresh < 0xffff && t->snd_ssthresh != 0)
		put(l, " ssthresh:%d", (int)t->snd_ssthresh);
}

static void
put_counts(struct line *l, const struct sockext_tcp_info *t)
{
	if (t->bytes_sent)
		put(l, " bytes_sent:%llu", (unsigned long long)t->bytes_sent);
	if (t->bytes_retrans)
		put(l, " bytes_retrans:%llu",
		    (unsigned long long)t->bytes_retrans);
	if (t->bytes_acked)
		put(l, " bytes_acked:%llu", (unsigned long long)t->bytes_acked);
	if (t->bytes_received)
		put(l, " bytes_received:%llu",
		    (unsigned long long)t->bytes_received);
	if (t->segs_out)
		put(l, " segs_out:%u", t->segs_out);
	if (t->segs_in)
		put(l, " segs_in:%u", t->segs_in);
	if (t->data_segs_out)
		put(l, " data_segs_out:%u", t->data_segs_out);
	if (t->data_segs_in)
		put(l, " data_segs_in:%u", t->data_segs_in);
}

static void
put_cc(struct line *l, const struct sock_ext *x, bool numeric)
{
	char b[64];
	uint64_t bw;

	if (x->cc == SOCKEXT_CC_DCTCP && x->ccinfo.dctcp.enabled)
		put(l, " dctcp:(ce_state:%u,alpha:%u,ab_ecn:%u,ab_tot:%u)",
		    x->ccinfo.dctcp.ce_state, x->ccinfo.dctcp.alpha,
		    x->ccinfo.dctcp.ab_ecn, x->ccinfo.dctcp.ab_tot);
	else if (x->cc == SOCKEXT_CC_DCTCP)
		put(l, " dctcp:fallback_mode");
	if (x->cc != SOCKEXT_CC_BBR)
		return;
	bw = (uint64_t)x->ccinfo.bbr.bw_hi << 32 | x->ccinfo.bbr.bw_lo;
	put(l, " bbr:(bw:%sbps,mrtt:%g",
	    bw_text(b, sizeof(b), (double)bw * 8.0, numeric),
	    (double)x->ccinfo.bbr.min_rtt / 1000.0);
	if (x->ccinfo.bbr.pacing_gain)
		put(l, ",pacing_gain:%g",
		    (double)x->ccinfo.bbr.pacing_gain / 256.0);
	if (x->ccinfo.bbr.cwnd_gain)
		put(l, ",cwnd_gain:%g",
		    (double)x->ccinfo.bbr.cwnd_gain / 256.0);
	put(l, ")");
}

/* send, the last times, the rates, delivered and app_limited. */
static void
put_rates(struct line *l, const struct sock_ext *x, bool numeric)
{
	const struct sockext_tcp_info *t = &x->tcpi;
	double rtt = (double)t->rtt, rate;
	char b[64];

	/* ss takes Vegas's own RTT for the send rate when it has one */
	if (x->cc == SOCKEXT_CC_VEGAS && x->ccinfo.vegas.enabled &&
	    x->ccinfo.vegas.rtt && x->ccinfo.vegas.rtt != 0x7fffffff)
		rtt = x->ccinfo.vegas.rtt;
	if (rtt > 0 && t->snd_mss && t->snd_cwnd) {
		rate =
		    (double)t->snd_cwnd * (double)t->snd_mss * 8000000. / rtt;
		if (rate != 0)
			put(l, " send %sbps",
			    bw_text(b, sizeof(b), rate, numeric));
	}
	if (t->last_data_sent)
		put(l, " lastsnd:%u", t->last_data_sent);
	if (t->last_data_recv)
		put(l, " lastrcv:%u", t->last_data_recv);
	if (t->last_ack_recv)
		put(l, " lastack:%u", t->last_ack_recv);
	if (t->pacing_rate && t->pacing_rate != ~UINT64_C(0)) {
		put(l, " pacing_rate %sbps",
		    bw_text(b, sizeof(b), (double)t->pacing_rate * 8.,
			numeric));
		if (t->max_pacing_rate && t->max_pacing_rate != ~UINT64_C(0))
			put(l, "/%sbps",
			    bw_text(b, sizeof(b),
				(double)t->max_pacing_rate * 8., numeric));
	}
	if (t->delivery_rate)
		put(l, " delivery_rate %sbps",
		    bw_text(b, sizeof(b), (double)t->delivery_rate * 8.,
			numeric));
	if (t->delivered)
		put(l, " delivered:%u", t->delivered);
	if (t->delivered_ce)
		put(l, " delivered_ce:%u", t->delivered_ce);
	if (t->app_bits & 1)
		put(l, " app_limited");
}

static void
put_limited(struct line *l, const char *what, uint64_t v, uint64_t busy)
{
	if (v)
		put(l, " %s:%llums(%.1f%%)", what,
		    (unsigned long long)(v / 1000),
		    100.0 * (double)v / (double)busy);
}

/* From busy to snd_wnd. */
static void
put_losses(struct line *l, const struct sockext_tcp_info *t, unsigned state)
{
	if (t->busy_time) {
		put(l, " busy:%llums",
		    (unsigned long long)(t->busy_time / 1000));
		put_limited(l, "rwnd_limited", t->rwnd_limited, t->busy_time);
		put_limited(l, "sndbuf_limited", t->sndbuf_limited,
		    t->busy_time);
	}
	if (t->unacked)
		put(l, " unacked:%u", t->unacked);
	if (t->retrans || t->total_retrans)
		put(l, " retrans:%u/%u", t->retrans, t->total_retrans);
	if (t->lost)
		put(l, " lost:%u", t->lost);
	if (t->sacked && state != SOCK_ST_LISTEN)
		put(l, " sacked:%u", t->sacked);
	if (t->dsack_dups)
		put(l, " dsack_dups:%u", t->dsack_dups);
	if (t->fackets)
		put(l, " fackets:%u", t->fackets);
	if (t->reordering != 3)
		put(l, " reordering:%d", (int)t->reordering);
	if (t->reord_seen)
		put(l, " reord_seen:%d", (int)t->reord_seen);
	if ((double)t->rcv_rtt / 1000 != 0)
		put(l, " rcv_rtt:%g", (double)t->rcv_rtt / 1000);
	if (t->rcv_space)
		put(l, " rcv_space:%d", (int)t->rcv_space);
	if (t->rcv_ssthresh)
		put(l, " rcv_ssthresh:%u", t->rcv_ssthresh);
	if (t->notsent_bytes)
		put(l, " notsent:%u", t->notsent_bytes);
	if (t->min_rtt && t->min_rtt != ~0U)
		put(l, " minrtt:%g", (double)t->min_rtt / 1000);
	if (t->rcv_ooopack)
		put(l, " rcv_ooopack:%u", t->rcv_ooopack);
	if (t->snd_wnd)
		put(l, " snd_wnd:%u", t->snd_wnd);
}

bool
fmt_tcpinfo_wanted(const struct fmt_tcpinfo_opts *o, const struct sock_rec *rec)
{
	/* ss -i shows nothing more of UDP; -m shows every socket's memory */
	return (o->show & SOCKEXT_SHOW_MEM) != 0 ||
	       ((o->show & SOCKEXT_SHOW_INFO) != 0 &&
		   rec->proto != IPPROTO_UDP);
}

/* One of struct mptcp_info's fields, as ss prints it: only when not 0,
 * in hex where hex is true. */
static void
put_nonzero(struct line *l, const char *name, bool hex, uint64_t v)
{
	if (v == 0)
		return;
	if (hex)
		put(l, " %s:%llx", name, (unsigned long long)v);
	else
		put(l, " %s:%llu", name, (unsigned long long)v);
}

/* ss -M -i's words for struct mptcp_info, in its order. */
static void
put_mptcp(struct line *l, const struct sock_ext *x)
{
	struct mptcpinfo m;

	if (!mptcpinfo_get(x, &m))
		return;
	put_nonzero(l, "subflows", false, m.subflows);
	put_nonzero(l, "add_addr_signal", false, m.add_addr_signal);
	put_nonzero(l, "add_addr_accepted", false, m.add_addr_accepted);
	put_nonzero(l, "subflows_max", false, m.subflows_max);
	put_nonzero(l, "add_addr_signal_max", false, m.add_addr_signal_max);
	put_nonzero(l, "add_addr_accepted_max", false, m.add_addr_accepted_max);
	if (m.flags & MPTCPINFO_FALLBACK)
		put(l, " fallback");
	if (m.flags & MPTCPINFO_REMOTE_KEY)
		put(l, " remote_key");
	put_nonzero(l, "token", true, m.token);
	put_nonzero(l, "write_seq", true, m.write_seq);
	put_nonzero(l, "snd_una", true, m.snd_una);
	put_nonzero(l, "rcv_nxt", true, m.rcv_nxt);
	put_nonzero(l, "local_addr_used", false, m.local_addr_used);
	put_nonzero(l, "local_addr_max", false, m.local_addr_max);
	put_nonzero(l, "csum_enabled", false, m.csum_enabled);
}

size_t
fmt_tcpinfo_line(const struct fmt_tcpinfo_opts *o, const struct sock_rec *rec,
    const struct sock_ext *x, char *buf)
{
	struct line l = {buf, 0};

	put(&l, "\t");
	/* only when asked: a recording made with -m may hold it */
	if (x != NULL && x->skmem_n > 0 && (o->show & SOCKEXT_SHOW_MEM) != 0)
		put_skmem(&l, x);
	/* as ss: all of it only where the kernel sent tcp_info */
	if (x != NULL && x->tcpi_len > 0 && rec->proto == IPPROTO_TCP &&
	    (o->show & SOCKEXT_SHOW_INFO) != 0) {
		if (o->options)
			put_options(&l, &x->tcpi);
		if (x->cong[0] != '\0')
			put(&l, " %s", x->cong);
		put_window(&l, &x->tcpi);
		put_counts(&l, &x->tcpi);
		put_cc(&l, x, o->numeric);
		put_rates(&l, x, o->numeric);
		put_losses(&l, &x->tcpi, rec->state);
	}
	if (rec->proto == PROTO_NUMBER_MPTCP &&
	    (o->show & SOCKEXT_SHOW_INFO) != 0)
		put_mptcp(&l, x);
	buf[l.len++] = '\n';
	buf[l.len] = '\0';
	return l.len;
}
