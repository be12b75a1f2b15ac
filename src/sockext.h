/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SOCKEXT_H
#define SOCKVIEW_SOCKEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What -i and -m read of a socket beyond its record: struct tcp_info,
 * the congestion control's name and its own block, and the socket's
 * memory; decoded from the inet_diag attributes after an inet_diag_msg.
 * A listing without -i or -m never builds one: records carry a handle
 * (sock_rec.ext) into a table kept beside the list, not the data.
 */

/* struct tcp_info as Linux 6.18 has it (include/uapi/linux/tcp.h): 280
 * bytes. Older kernels send a prefix of it; newer ones more, of which
 * only this much is kept. Bit fields are kept as their bytes. */
struct sockext_tcp_info {
	uint8_t state, ca_state, retransmits, probes, backoff, options;
	uint8_t wscale;	  /* snd_wscale:4 (low bits), rcv_wscale:4 */
	uint8_t app_bits; /* delivery_rate_app_limited:1,
			     fastopen_client_fail:2 */
	uint32_t rto, ato, snd_mss, rcv_mss;
	uint32_t unacked, sacked, lost, retrans, fackets;
	uint32_t last_data_sent, last_ack_sent, last_data_recv, last_ack_recv;
	uint32_t pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd;
	uint32_t advmss, reordering, rcv_rtt, rcv_space, total_retrans;
	uint64_t pacing_rate, max_pacing_rate, bytes_acked, bytes_received;
	uint32_t segs_out, segs_in, notsent_bytes, min_rtt;
	uint32_t data_segs_in, data_segs_out;
	uint64_t delivery_rate, busy_time, rwnd_limited, sndbuf_limited;
	uint32_t delivered, delivered_ce;
	uint64_t bytes_sent, bytes_retrans;
	uint32_t dsack_dups, reord_seen, rcv_ooopack, snd_wnd, rcv_wnd, rehash;
	uint16_t total_rto, total_rto_recoveries;
	uint32_t total_rto_time, received_ce;
	uint32_t delivered_e1_bytes, delivered_e0_bytes, delivered_ce_bytes;
	uint32_t received_e1_bytes, received_e0_bytes, received_ce_bytes;
	uint32_t ecn_bits; /* ecn_mode:2, accecn_opt_seen:2,
			      accecn_fail_mode:4, options2:24 */
};

/* The congestion control's own block (INET_DIAG_VEGASINFO, _DCTCPINFO,
 * _BBRINFO: the kernel sends the one its algorithm has). */
enum sockext_cc {
	SOCKEXT_CC_NONE,
	SOCKEXT_CC_VEGAS,
	SOCKEXT_CC_DCTCP,
	SOCKEXT_CC_BBR,
};

/* The values of INET_DIAG_SKMEMINFO that ss -m prints (SK_MEMINFO_*). */
#define SOCKEXT_SKMEM_MAX 9

/* What -i and -m ask the kernel for (struct source_opts.show). */
enum {
	SOCKEXT_SHOW_INFO = 1, /* -i: tcp_info, congestion */
	SOCKEXT_SHOW_MEM = 2,  /* -m: skmem */
};

struct sock_ext {
	struct sockext_tcp_info tcpi; /* zero past tcpi_len */
	uint16_t tcpi_len;	      /* bytes of it the kernel sent; 0: none */
	uint8_t cc;		      /* enum sockext_cc */
	uint8_t skmem_n;	      /* values in skmem; 0: none */
	char cong[16];		      /* INET_DIAG_CONG; "": none */
	uint32_t skmem[SOCKEXT_SKMEM_MAX];
	union {
		struct {
			uint32_t enabled, rttcnt, rtt, minrtt;
		} vegas;
		struct {
			uint16_t enabled, ce_state;
			uint32_t alpha, ab_ecn, ab_tot;
		} dctcp;
		struct {
			uint32_t bw_lo, bw_hi, min_rtt, pacing_gain, cwnd_gain;
		} bbr;
	} ccinfo; /* zero past what the kernel sent */
};

/* Whether the kernel sent the whole tcp_info field (a member of struct
 * sockext_tcp_info). */
#define SOCKEXT_HAS(x, field)                                                  \
	(offsetof(struct sockext_tcp_info, field) + sizeof((x)->tcpi.field) <= \
	    (x)->tcpi_len)

/* One field of tcp_info for the JSON writer: its name (the kernel's,
 * without "tcpi_", with the unit where the kernel's name has none),
 * where it is, and its width in bytes; for a bit field, its shift and
 * width in bits (bits 0: the whole field). */
struct sockext_field {
	const char *name;
	uint16_t offset;
	uint8_t size;
	uint8_t shift, bits;
};

/* Every field of struct sockext_tcp_info in the kernel's order; n gets
 * how many. */
const struct sockext_field *sockext_fields(size_t *n);
/* Field f of x: 0 unless x holds the whole field. */
uint64_t sockext_field_value(const struct sock_ext *x,
    const struct sockext_field *f);
/* Whether x holds the whole field f. */
bool sockext_field_present(const struct sock_ext *x,
    const struct sockext_field *f);

/* Decode the len bytes of attributes after an inet_diag_msg into x
 * (zeroed first); attributes it does not read are skipped, short ones
 * are not read. Returns 0, or -EBADMSG when an attribute's length runs
 * past the message. */
int sockext_decode(const void *attrs, size_t len, struct sock_ext *x);
/* Whether x holds anything (a socket in TIME_WAIT has nothing). */
bool sockext_present(const struct sock_ext *x);

/* The records' handles and the sock_ext they point to, for two rounds
 * at a time: --diff prints the rows of the round before. */
struct sockext_table;

/* An empty table. sockext_table_free frees. */
struct sockext_table *sockext_table_new(void);
/* Free; accepts NULL. */
void sockext_table_free(struct sockext_table *t);
/* A new round: the round before the last one is forgotten, and its
 * handles find nothing from now on. */
void sockext_table_begin_round(struct sockext_table *t);
/* Keep a copy of x for this round; returns its handle (never 0). */
uint32_t sockext_table_add(struct sockext_table *t, const struct sock_ext *x);
/* What handle points to; NULL for 0, or one of a forgotten round. */
const struct sock_ext *sockext_table_get(const struct sockext_table *t,
    uint32_t handle);

#endif
