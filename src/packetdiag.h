/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PACKETDIAG_H
#define SOCKVIEW_PACKETDIAG_H

#include <stddef.h>
#include <stdint.h>

#include "packetsock.h"
#include "sockdiag.h"

/*
 * The netlink source of -0: a packet_diag dump (NETLINK_SOCK_DIAG,
 * family AF_PACKET) with each socket's interface, running flag, uid,
 * memory (queue, drops), multicast list (promiscuous mode) and filter.
 */

struct nlmsghdr;
struct sockdiag;

/* The pdiag_show bits a dump asks for. */
uint32_t packetdiag_show(void);
/* Dump every packet socket of this network namespace to sink (records
 * are struct packet_rec; NULL: dropped);
 * *emitted counts them. Returns 0 or -errno (-ENOENT: no packet_diag). */
int packetdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted);
/* Decode one packet_diag reply into rec (the interface's name is left
 * empty); returns 0, or -EBADMSG when the message or one of its
 * attributes is truncated or malformed. */
int packetdiag_decode(const struct nlmsghdr *nlh, struct packet_rec *rec);

#endif
