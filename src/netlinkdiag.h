/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NETLINKDIAG_H
#define SOCKVIEW_NETLINKDIAG_H

#include <stddef.h>
#include <stdint.h>

#include "netlinksock.h"
#include "sockdiag.h"

/*
 * The netlink source of --netlink: a netlink_diag dump (family
 * AF_NETLINK, every protocol) with each socket's port ids, multicast
 * groups and memory (queues, drops).
 */

struct nlmsghdr;
struct sockdiag;

/* The ndiag_show bits a dump asks for. */
uint32_t netlinkdiag_show(void);
/* Dump every netlink socket of this network namespace to sink (records
 * are struct netlink_rec; NULL: dropped);
 * *emitted counts them. Returns 0 or -errno (-ENOENT: no netlink_diag). */
int netlinkdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted);
/* Decode one netlink_diag reply into rec; returns 0, or -EBADMSG when
 * the message or one of its attributes is truncated or malformed. */
int netlinkdiag_decode(const struct nlmsghdr *nlh, struct netlink_rec *rec);

#endif
