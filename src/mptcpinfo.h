/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_MPTCPINFO_H
#define SOCKVIEW_MPTCPINFO_H

#include <stdbool.h>
#include <stdint.h>

/*
 * An MPTCP socket's struct mptcp_info (MPTCP_INFO, linux/mptcp.h), which
 * mptcp_diag sends as the INET_DIAG_INFO attribute that TCP fills with
 * tcp_info: sockext keeps its bytes as it keeps tcp_info's (the raw
 * bytes in sock_ext.tcpi, their count in tcpi_len); this reads them.
 */

struct sock_ext;

struct mptcpinfo {
	uint8_t subflows, add_addr_signal, add_addr_accepted;
	uint8_t subflows_max, add_addr_signal_max, add_addr_accepted_max;
	uint32_t flags; /* MPTCPINFO_FALLBACK, _REMOTE_KEY */
	uint32_t token;
	uint64_t write_seq, snd_una, rcv_nxt;
	bool has_addrs; /* the three below (Linux 5.12 on) */
	uint8_t local_addr_used, local_addr_max, csum_enabled;
};

enum {
	MPTCPINFO_FALLBACK = 1 << 0,   /* fell back to plain TCP */
	MPTCPINFO_REMOTE_KEY = 1 << 1, /* the peer's key was received */
};

/* The fields of x's bytes into out; false when x holds too few of them
 * for the counters and sequence numbers (x NULL: none). */
bool mptcpinfo_get(const struct sock_ext *x, struct mptcpinfo *out);

#endif
