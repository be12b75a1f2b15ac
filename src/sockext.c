/* SPDX-License-Identifier: MIT */
#include "sockext.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "vec.h"
#include "xalloc.h"

/* The layout is the kernel's: check it against the fields this
 * system's header knows (the newer ones follow from the sizes). */
#define SAME_OFFSET(ours, theirs)                                              \
	_Static_assert(offsetof(struct sockext_tcp_info, ours) ==              \
			   offsetof(struct tcp_info, theirs),                  \
	    #ours " is where the kernel has it")
SAME_OFFSET(options, tcpi_options);
SAME_OFFSET(rto, tcpi_rto);
SAME_OFFSET(fackets, tcpi_fackets);
SAME_OFFSET(total_retrans, tcpi_total_retrans);
SAME_OFFSET(pacing_rate, tcpi_pacing_rate);
SAME_OFFSET(segs_in, tcpi_segs_in);
SAME_OFFSET(data_segs_out, tcpi_data_segs_out);
SAME_OFFSET(delivery_rate, tcpi_delivery_rate);
SAME_OFFSET(sndbuf_limited, tcpi_sndbuf_limited);
SAME_OFFSET(delivered_ce, tcpi_delivered_ce);
SAME_OFFSET(reord_seen, tcpi_reord_seen);
SAME_OFFSET(snd_wnd, tcpi_snd_wnd);
_Static_assert(offsetof(struct sockext_tcp_info, total_rto) == 240,
    "Linux 6.7's fields start at 240");
_Static_assert(sizeof(struct sockext_tcp_info) == 280,
    "struct tcp_info is 280 bytes in Linux 6.18");
_Static_assert(sizeof(((struct sock_ext *)0)->ccinfo) ==
		   sizeof(union tcp_cc_info),
    "the congestion block holds any of the kernel's");
_Static_assert(SOCKEXT_SKMEM_MAX == SK_MEMINFO_DROPS + 1,
    "skmem holds every value up to drops");

#define FIELD(name, member)                                                    \
	{                                                                      \
		name, offsetof(struct sockext_tcp_info, member),               \
		    sizeof(((struct sockext_tcp_info *)0)->member), 0, 0       \
	}
#define BITS(name, member, shift, bits)                                        \
	{                                                                      \
		name, offsetof(struct sockext_tcp_info, member),               \
		    sizeof(((struct sockext_tcp_info *)0)->member), shift,     \
		    bits                                                       \
	}

/* The JSON names: the kernel's, with the unit where it has none (times
 * in _us or _ms); sockview(1) documents each. */
static const struct sockext_field fields[] = {
    FIELD("state", state),
    FIELD("ca_state", ca_state),
    FIELD("retransmits", retransmits),
    FIELD("probes", probes),
    FIELD("backoff", backoff),
    FIELD("options", options),
    BITS("snd_wscale", wscale, 0, 4),
    BITS("rcv_wscale", wscale, 4, 4),
    BITS("delivery_rate_app_limited", app_bits, 0, 1),
    BITS("fastopen_client_fail", app_bits, 1, 2),
    FIELD("rto_us", rto),
    FIELD("ato_us", ato),
    FIELD("snd_mss", snd_mss),
    FIELD("rcv_mss", rcv_mss),
    FIELD("unacked", unacked),
    FIELD("sacked", sacked),
    FIELD("lost", lost),
    FIELD("retrans", retrans),
    FIELD("fackets", fackets),
    FIELD("last_data_sent_ms", last_data_sent),
    FIELD("last_ack_sent_ms", last_ack_sent),
    FIELD("last_data_recv_ms", last_data_recv),
    FIELD("last_ack_recv_ms", last_ack_recv),
    FIELD("pmtu", pmtu),
    FIELD("rcv_ssthresh", rcv_ssthresh),
    FIELD("rtt_us", rtt),
    FIELD("rttvar_us", rttvar),
    FIELD("snd_ssthresh", snd_ssthresh),
    FIELD("snd_cwnd", snd_cwnd),
    FIELD("advmss", advmss),
    FIELD("reordering", reordering),
    FIELD("rcv_rtt_us", rcv_rtt),
    FIELD("rcv_space", rcv_space),
    FIELD("total_retrans", total_retrans),
    FIELD("pacing_rate", pacing_rate),
    FIELD("max_pacing_rate", max_pacing_rate),
    FIELD("bytes_acked", bytes_acked),
    FIELD("bytes_received", bytes_received),
    FIELD("segs_out", segs_out),
    FIELD("segs_in", segs_in),
    FIELD("notsent_bytes", notsent_bytes),
    FIELD("min_rtt_us", min_rtt),
    FIELD("data_segs_in", data_segs_in),
    FIELD("data_segs_out", data_segs_out),
    FIELD("delivery_rate", delivery_rate),
    FIELD("busy_time_us", busy_time),
    FIELD("rwnd_limited_us", rwnd_limited),
    FIELD("sndbuf_limited_us", sndbuf_limited),
    FIELD("delivered", delivered),
    FIELD("delivered_ce", delivered_ce),
    FIELD("bytes_sent", bytes_sent),
    FIELD("bytes_retrans", bytes_retrans),
    FIELD("dsack_dups", dsack_dups),
    FIELD("reord_seen", reord_seen),
    FIELD("rcv_ooopack", rcv_ooopack),
    FIELD("snd_wnd", snd_wnd),
    FIELD("rcv_wnd", rcv_wnd),
    FIELD("rehash", rehash),
    FIELD("total_rto", total_rto),
    FIELD("total_rto_recoveries", total_rto_recoveries),
    FIELD("total_rto_time_ms", total_rto_time),
    FIELD("received_ce", received_ce),
    FIELD("delivered_e1_bytes", delivered_e1_bytes),
    FIELD("delivered_e0_bytes", delivered_e0_bytes),
    FIELD("delivered_ce_bytes", delivered_ce_bytes),
    FIELD("received_e1_bytes", received_e1_bytes),
    FIELD("received_e0_bytes", received_e0_bytes),
    FIELD("received_ce_bytes", received_ce_bytes),
    BITS("ecn_mode", ecn_bits, 0, 2),
    BITS("accecn_opt_seen", ecn_bits, 2, 2),
    BITS("accecn_fail_mode", ecn_bits, 4, 4),
    BITS("options2", ecn_bits, 8, 24),
};

const struct sockext_field *
sockext_fields(size_t *n)
{
	*n = sizeof(fields) / sizeof(fields[0]);
	return fields;
}

bool
sockext_field_present(const struct sock_ext *x, const struct sockext_field *f)
{
	return (size_t)f->offset + f->size <= x->tcpi_len;
}

uint64_t
sockext_field_value(const struct sock_ext *x, const struct sockext_field *f)
{
	const uint8_t *p = (const uint8_t *)&x->tcpi + f->offset;
	uint64_t v = 0;
	uint32_t v32;
	uint16_t v16;

	if (!sockext_field_present(x, f))
		return 0;
	switch (f->size) {
	case 1:
		v = *p;
		break;
	case 2:
		memcpy(&v16, p, sizeof(v16));
		v = v16;
		break;
	case 4:
		memcpy(&v32, p, sizeof(v32));
		v = v32;
		break;
	default:
		memcpy(&v, p, sizeof(v));
		break;
	}
	if (f->bits != 0)
		v = v >> f->shift & ((UINT64_C(1) << f->bits) - 1);
	return v;
}

/* The attribute's payload into dst (size bytes, zeroed past what came);
 * returns the bytes copied. */
static size_t
copy_payload(void *dst, size_t size, const void *payload, size_t len)
{
	size_t n = len < size ? len : size;

	memset(dst, 0, size);
	memcpy(dst, payload, n);
	return n;
}

static void
decode_attr(struct sock_ext *x, unsigned type, const uint8_t *payload,
    size_t len)
{
	size_t n, i;

	switch (type) {
	case INET_DIAG_INFO:
		x->tcpi_len = (uint16_t)copy_payload(&x->tcpi, sizeof(x->tcpi),
		    payload, len);
		break;
	case INET_DIAG_CONG:
		/* a NUL-terminated name; cut to what the kernel allows,
		 * and, untrusted, never a byte that could break ss's line
		 * (a space, a newline, a terminal escape): '?' instead */
		n = strnlen((const char *)payload, len);
		if (n >= sizeof(x->cong))
			n = sizeof(x->cong) - 1;
		for (i = 0; i < n; i++)
			x->cong[i] = payload[i] > ' ' && payload[i] < 0x7f
					 ? (char)payload[i]
					 : '?';
		x->cong[n] = '\0';
		break;
	case INET_DIAG_VEGASINFO:
		if (len >= sizeof(x->ccinfo.vegas)) {
			copy_payload(&x->ccinfo, sizeof(x->ccinfo), payload,
			    sizeof(x->ccinfo.vegas));
			x->cc = SOCKEXT_CC_VEGAS;
		}
		break;
	case INET_DIAG_DCTCPINFO:
		if (len >= sizeof(x->ccinfo.dctcp)) {
			copy_payload(&x->ccinfo, sizeof(x->ccinfo), payload,
			    sizeof(x->ccinfo.dctcp));
			x->cc = SOCKEXT_CC_DCTCP;
		}
		break;
	case INET_DIAG_BBRINFO:
		/* as ss: what came of it, the rest zero */
		copy_payload(&x->ccinfo, sizeof(x->ccinfo), payload,
		    len < sizeof(x->ccinfo.bbr) ? len : sizeof(x->ccinfo.bbr));
		x->cc = SOCKEXT_CC_BBR;
		break;
	case INET_DIAG_SKMEMINFO:
		/* ss needs the first seven; backlog and drops came later */
		if (len >= 7 * sizeof(uint32_t))
			x->skmem_n =
			    (uint8_t)(copy_payload(x->skmem, sizeof(x->skmem),
					  payload, len) /
				      sizeof(uint32_t));
		break;
	default:
		break;
	}
}

int
sockext_decode(const void *attrs, size_t len, struct sock_ext *x)
{
	const uint8_t *p = attrs;
	struct nlattr a;
	size_t step;

	memset(x, 0, sizeof(*x));
	while (len >= sizeof(a)) {
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len)
			return -EBADMSG;
		decode_attr(x, a.nla_type & (unsigned)NLA_TYPE_MASK,
		    p + sizeof(a), a.nla_len - sizeof(a));
		step = ((size_t)a.nla_len + 3) & ~(size_t)3; /* NLA_ALIGN */
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

bool
sockext_present(const struct sock_ext *x)
{
	return x->tcpi_len > 0 || x->cong[0] != '\0' || x->skmem_n > 0 ||
	       x->cc != SOCKEXT_CC_NONE;
}

/* --- the table -------------------------------------------------------- */

#define HANDLE_SIDE 0x80000000u

struct side {
	struct sock_ext *v;
	size_t len, cap;
};

struct sockext_table {
	struct side side[2];
	unsigned now; /* the side this round adds to */
};

struct sockext_table *
sockext_table_new(void)
{
	return xcalloc(1, sizeof(struct sockext_table));
}

void
sockext_table_free(struct sockext_table *t)
{
	if (t == NULL)
		return;
	free(t->side[0].v);
	free(t->side[1].v);
	free(t);
}

void
sockext_table_begin_round(struct sockext_table *t)
{
	t->now ^= 1;
	t->side[t->now].len = 0;
}

uint32_t
sockext_table_add(struct sockext_table *t, const struct sock_ext *x)
{
	struct side *s = &t->side[t->now];

	if (s->len >= HANDLE_SIDE - 1)
		return 0; /* two billion sockets: none has its data */
	s->v = vec_reserve(s->v, &s->cap, s->len + 1, sizeof(*s->v));
	s->v[s->len++] = *x;
	return (uint32_t)s->len | (t->now ? HANDLE_SIDE : 0);
}

const struct sock_ext *
sockext_table_get(const struct sockext_table *t, uint32_t handle)
{
	const struct side *s;
	uint32_t i = handle & ~HANDLE_SIDE;

	if (t == NULL || i == 0)
		return NULL;
	s = &t->side[(handle & HANDLE_SIDE) != 0];
	return i <= s->len ? &s->v[i - 1] : NULL;
}
