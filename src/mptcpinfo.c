/* SPDX-License-Identifier: MIT */
#include "mptcpinfo.h"

#include <stddef.h>
#include <string.h>

#include "sockext.h"

/* struct mptcp_info's layout (linux/mptcp.h), by byte offset: read
 * field by field, as an attribute's bytes need not be 8-aligned. */
enum {
	OFF_FLAGS = 8,
	OFF_TOKEN = 12,
	OFF_WRITE_SEQ = 16,
	OFF_SND_UNA = 24,
	OFF_RCV_NXT = 32,
	OFF_ADDRS = 40, /* local_addr_used, local_addr_max, csum_enabled */
	MIN_LEN = 40,
};

bool
mptcpinfo_get(const struct sock_ext *x, struct mptcpinfo *out)
{
	const uint8_t *b;

	memset(out, 0, sizeof(*out));
	if (x == NULL || x->tcpi_len < MIN_LEN)
		return false;
	b = (const uint8_t *)&x->tcpi;
	out->subflows = b[0];
	out->add_addr_signal = b[1];
	out->add_addr_accepted = b[2];
	out->subflows_max = b[3];
	out->add_addr_signal_max = b[4];
	out->add_addr_accepted_max = b[5];
	memcpy(&out->flags, b + OFF_FLAGS, sizeof(out->flags));
	memcpy(&out->token, b + OFF_TOKEN, sizeof(out->token));
	memcpy(&out->write_seq, b + OFF_WRITE_SEQ, sizeof(out->write_seq));
	memcpy(&out->snd_una, b + OFF_SND_UNA, sizeof(out->snd_una));
	memcpy(&out->rcv_nxt, b + OFF_RCV_NXT, sizeof(out->rcv_nxt));
	if (x->tcpi_len >= OFF_ADDRS + 3) {
		out->has_addrs = true;
		out->local_addr_used = b[OFF_ADDRS];
		out->local_addr_max = b[OFF_ADDRS + 1];
		out->csum_enabled = b[OFF_ADDRS + 2];
	}
	return true;
}
