/* SPDX-License-Identifier: MIT */
#include "fmt_jsonext.h"

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "mptcpinfo.h"
#include "outbuf.h"
#include "proto.h"
#include "sock.h"
#include "sockext.h"

/* The names of INET_DIAG_SKMEMINFO's values (SK_MEMINFO_*), in order. */
static const char *const skmem_names[SOCKEXT_SKMEM_MAX] = {"rmem_alloc",
    "rcvbuf", "wmem_alloc", "sndbuf", "fwd_alloc", "wmem_queued", "optmem",
    "backlog", "drops"};

static void
member(struct outbuf *ob, bool *first, const char *name, uint64_t v)
{
	outbuf_puts(ob, *first ? "\"" : ",\"");
	outbuf_puts(ob, name);
	outbuf_puts(ob, "\":");
	outbuf_u64(ob, v);
	*first = false;
}

static void
tcp_info_object(struct outbuf *ob, const struct sock_ext *x)
{
	size_t n, i;
	const struct sockext_field *f = sockext_fields(&n);
	bool first = true;

	outbuf_puts(ob, "{");
	for (i = 0; i < n; i++)
		if (sockext_field_present(x, &f[i]))
			member(ob, &first, f[i].name,
			    sockext_field_value(x, &f[i]));
	outbuf_puts(ob, "}");
}

/* The algorithm's own block, under the kernel's names without their
 * prefix; bbr's bw in bytes per second, as the kernel gives it. */
static void
cc_info_object(struct outbuf *ob, const struct sock_ext *x)
{
	bool first = true;

	outbuf_puts(ob, ",\"cc_info\":{");
	switch (x->cc) {
	case SOCKEXT_CC_VEGAS:
		outbuf_puts(ob, "\"vegas\":{");
		member(ob, &first, "enabled", x->ccinfo.vegas.enabled);
		member(ob, &first, "rttcnt", x->ccinfo.vegas.rttcnt);
		member(ob, &first, "rtt_us", x->ccinfo.vegas.rtt);
		member(ob, &first, "minrtt_us", x->ccinfo.vegas.minrtt);
		break;
	case SOCKEXT_CC_DCTCP:
		outbuf_puts(ob, "\"dctcp\":{");
		member(ob, &first, "enabled", x->ccinfo.dctcp.enabled);
		member(ob, &first, "ce_state", x->ccinfo.dctcp.ce_state);
		member(ob, &first, "alpha", x->ccinfo.dctcp.alpha);
		member(ob, &first, "ab_ecn", x->ccinfo.dctcp.ab_ecn);
		member(ob, &first, "ab_tot", x->ccinfo.dctcp.ab_tot);
		break;
	default:
		outbuf_puts(ob, "\"bbr\":{");
		member(ob, &first, "bw",
		    (uint64_t)x->ccinfo.bbr.bw_hi << 32 | x->ccinfo.bbr.bw_lo);
		member(ob, &first, "min_rtt_us", x->ccinfo.bbr.min_rtt);
		member(ob, &first, "pacing_gain", x->ccinfo.bbr.pacing_gain);
		member(ob, &first, "cwnd_gain", x->ccinfo.bbr.cwnd_gain);
		break;
	}
	outbuf_puts(ob, "}}");
}

static void
skmem_object(struct outbuf *ob, const struct sock_ext *x)
{
	bool first = true;
	size_t i;

	outbuf_puts(ob, "{");
	for (i = 0; i < x->skmem_n; i++)
		member(ob, &first, skmem_names[i], x->skmem[i]);
	outbuf_puts(ob, "}");
}

/* -i of an MPTCP socket: "mptcp_info", its fields by the kernel's names
 * without "mptcpi_" (flags as booleans), or null. */
static void
mptcp_info_member(struct outbuf *ob, const struct sock_ext *x)
{
	struct mptcpinfo m;
	bool first = true;

	outbuf_puts(ob, ",\"mptcp_info\":");
	if (!mptcpinfo_get(x, &m)) {
		outbuf_puts(ob, "null");
		return;
	}
	outbuf_puts(ob, "{");
	member(ob, &first, "subflows", m.subflows);
	member(ob, &first, "add_addr_signal", m.add_addr_signal);
	member(ob, &first, "add_addr_accepted", m.add_addr_accepted);
	member(ob, &first, "subflows_max", m.subflows_max);
	member(ob, &first, "add_addr_signal_max", m.add_addr_signal_max);
	member(ob, &first, "add_addr_accepted_max", m.add_addr_accepted_max);
	member(ob, &first, "token", m.token);
	member(ob, &first, "write_seq", m.write_seq);
	member(ob, &first, "snd_una", m.snd_una);
	member(ob, &first, "rcv_nxt", m.rcv_nxt);
	if (m.has_addrs) {
		member(ob, &first, "local_addr_used", m.local_addr_used);
		member(ob, &first, "local_addr_max", m.local_addr_max);
		member(ob, &first, "csum_enabled", m.csum_enabled);
	}
	outbuf_puts(ob, (m.flags & MPTCPINFO_FALLBACK) ? ",\"fallback\":true"
						       : ",\"fallback\":false");
	outbuf_puts(ob, (m.flags & MPTCPINFO_REMOTE_KEY)
			    ? ",\"remote_key\":true}"
			    : ",\"remote_key\":false}");
}

void
fmt_jsonext_members(struct outbuf *ob, const struct sock_rec *rec,
    const struct sock_ext *x, unsigned show)
{
	if ((show & SOCKEXT_SHOW_INFO) != 0 && rec->proto == IPPROTO_TCP) {
		outbuf_puts(ob, ",\"congestion\":");
		if (x != NULL && x->cong[0] != '\0') {
			/* the kernel's algorithm names are [a-z0-9_]: no
			 * byte needs escaping, but do not trust it */
			size_t i, n = strlen(x->cong);

			outbuf_puts(ob, "\"");
			for (i = 0; i < n; i++)
				outbuf_put(ob,
				    (x->cong[i] >= 0x20 && x->cong[i] < 0x7f &&
					x->cong[i] != '"' && x->cong[i] != '\\')
					? &x->cong[i]
					: "?",
				    1);
			outbuf_puts(ob, "\"");
		} else {
			outbuf_puts(ob, "null");
		}
		outbuf_puts(ob, ",\"tcp_info\":");
		if (x != NULL && x->tcpi_len > 0)
			tcp_info_object(ob, x);
		else
			outbuf_puts(ob, "null");
		if (x != NULL && x->cc != SOCKEXT_CC_NONE)
			cc_info_object(ob, x);
	}
	if ((show & SOCKEXT_SHOW_INFO) != 0 && rec->proto == PROTO_NUMBER_MPTCP)
		mptcp_info_member(ob, x);
	if ((show & SOCKEXT_SHOW_MEM) != 0) {
		outbuf_puts(ob, ",\"skmem\":");
		if (x != NULL && x->skmem_n > 0)
			skmem_object(ob, x);
		else
			outbuf_puts(ob, "null");
	}
}
