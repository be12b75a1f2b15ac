/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_UNIXDIAG_H
#define SOCKVIEW_UNIXDIAG_H

#include <stddef.h>

#include "unixsock.h"

/*
 * The netlink source of -x: a unix_diag dump (NETLINK_SOCK_DIAG, family
 * AF_UNIX) with names, peers, queue lengths and uids. It has no
 * reference count: source.c takes that from /proc/net/unix.
 */

struct nlmsghdr;
struct sockdiag;

/* The udiag_show bits a dump asks for. */
uint32_t unixdiag_show(void);
/* Dump every UNIX socket of this network namespace to sink, through an
 * open sock_diag socket; *emitted counts them. Returns 0 or -errno. */
int unixdiag_dump(struct sockdiag *sd, unixsock_sink_fn sink, void *ctx,
    size_t *emitted);
/* Decode one unix_diag reply into rec; returns 0, or -EBADMSG when the
 * message or one of its attributes is truncated or malformed. */
int unixdiag_decode(const struct nlmsghdr *nlh, struct unix_rec *rec);
/* The i-th connection waiting in the accept queue of listener, whose
 * reply is nlh, as /proc/net/unix shows it (inode 0, CONNECTING, the
 * listener's name, the client as its peer) into rec; returns how many
 * are waiting (rec is set only when i is below that). */
size_t unixdiag_pending(const struct nlmsghdr *nlh,
    const struct unix_rec *listener, size_t i, struct unix_rec *rec);

/* Whether this kernel answers unix_diag: a dump of no state; returns 0
 * or -errno (-ENOENT: no unix_diag). */
int unixdiag_probe(struct sockdiag *sd);

#endif
