/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_VSOCKDIAG_H
#define SOCKVIEW_VSOCKDIAG_H

#include <stddef.h>
#include <stdint.h>

#include "sockdiag.h"

/*
 * The source of --vsock: a vsock_diag dump (NETLINK_SOCK_DIAG, family
 * AF_VSOCK), the only place the kernel lists virtual machine sockets
 * (no /proc file does). Each reply is one fixed message, no attributes.
 */

struct nlmsghdr;
struct sockdiag;

/* VMADDR_CID_ANY and VMADDR_PORT_ANY: "*" in the listing. */
#define VSOCKDIAG_ANY 0xffffffffu

struct vsock_rec {
	uint8_t type;	  /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	uint8_t state;	  /* the kernel's sk_state: TCP's numbers
			   * (SOCK_ST_LISTEN, _ESTABLISHED, _CLOSE...) */
	uint8_t shutdown; /* SHUT_RD + 1 bits, as the kernel keeps them */
	uint32_t local_cid, local_port, peer_cid, peer_port;
	uint64_t inode;
	uint64_t cookie;
};

/* Dump every vsock socket to sink (records are struct vsock_rec; NULL:
 * dropped); *emitted counts them. Returns 0 or -errno (-ENOENT: no
 * vsock_diag in this kernel). */
int vsockdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted);
/* Decode one vsock_diag reply into rec; 0, or -EBADMSG when it is cut
 * short or of another family. */
int vsockdiag_decode(const struct nlmsghdr *nlh, struct vsock_rec *rec);
/* "stream", "dgram", "seqpacket", or "?"; static. */
const char *vsockdiag_type_name(uint8_t type);
/* The order of two records (struct vsock_rec) by what makes a socket
 * the same from one listing to the next: inode, cookie. */
int vsockdiag_identity_cmp(const void *a, const void *b);

#endif
