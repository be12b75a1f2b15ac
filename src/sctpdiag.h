/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SCTPDIAG_H
#define SOCKVIEW_SCTPDIAG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"
#include "sockdiag.h"

/*
 * The source of --sctp: an inet_diag dump of IPPROTO_SCTP, which the
 * kernel's sctp_diag module answers (sockview does not read
 * /proc/net/sctp: without the module the sctp module is usually missing
 * too, and its files hold the same sockets). The replies are inet_diag
 * messages of two kinds: an endpoint (a listening or unconnected
 * socket: TCP's state numbers, its bound addresses in INET_DIAG_LOCALS)
 * and an association (SCTP's own states, the peer's addresses in
 * INET_DIAG_PEERS, which only associations carry). INET_DIAG_INFO holds
 * struct sctp_info when asked for.
 */

struct nlmsghdr;
struct sockdiag;

/* The addresses of one side kept, beyond which only the count is. */
#define SCTPDIAG_ADDRS_MAX 4

/* An association's states, as the kernel's enum sctp_state numbers
 * them (not the SCTP_STATUS option's enum, which starts at 1). */
enum {
	SCTPDIAG_CLOSED = 0,
	SCTPDIAG_COOKIE_WAIT,
	SCTPDIAG_COOKIE_ECHOED,
	SCTPDIAG_ESTABLISHED,
	SCTPDIAG_SHUTDOWN_PENDING,
	SCTPDIAG_SHUTDOWN_SENT,
	SCTPDIAG_SHUTDOWN_RECEIVED,
	SCTPDIAG_SHUTDOWN_ACK_SENT,
	SCTPDIAG_STATES
};

struct sctp_rec {
	uint8_t family; /* AF_INET or AF_INET6 */
	bool assoc;	/* an association; else an endpoint */
	bool has_info;	/* tag and streams are known */
	uint8_t state;	/* assoc: SCTPDIAG_*; endpoint: SOCK_ST_LISTEN or
			 * SOCK_ST_CLOSE */
	struct sock_end local, remote; /* the primary addresses */
	uint32_t rxq, txq;
	uint32_t uid;
	uint64_t inode;
	uint64_t cookie;
	/* every address the kernel listed of each side (the primary among
	 * them), the first SCTPDIAG_ADDRS_MAX kept */
	uint32_t nlocals, npeers;
	struct in6_addr locals[SCTPDIAG_ADDRS_MAX], peers[SCTPDIAG_ADDRS_MAX];
	uint32_t tag; /* the association's verification tag */
	uint16_t instreams, outstreams;
};

/* Dump the SCTP sockets of family (AF_INET or AF_INET6) to sink
 * (records are struct sctp_rec; NULL: dropped); *emitted counts them.
 * Returns 0 or -errno (-ENOENT: no sctp_diag in this kernel). */
int sctpdiag_dump(struct sockdiag *sd, uint8_t family, sockdiag_rec_fn sink,
    void *ctx, size_t *emitted);
/* Decode one reply into rec; 0, or -EBADMSG when it is cut short, of
 * another family, or its attributes are malformed. An address list is
 * read as far as it holds whole addresses of a known family. */
int sctpdiag_decode(const struct nlmsghdr *nlh, struct sctp_rec *rec);
/* rec's state as ss names an association's ("ESTAB", "COOKIE_WAIT", ...)
 * and netstat an endpoint's ("LISTEN", "CLOSE"); static. */
const char *sctpdiag_state_name(const struct sctp_rec *rec);
/* The order of two records by what makes a socket the same from one
 * listing to the next: inode, kind, addresses and ports. */
int sctpdiag_identity_cmp(const void *a, const void *b);

#endif
