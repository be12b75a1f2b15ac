/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_KILL_H
#define SOCKVIEW_KILL_H

#include <stddef.h>

#include "sock.h"

/*
 * -K/--kill: close TCP sockets, as ss -K does, through SOCK_DESTROY. The
 * listing pipeline lists the sockets first and closes them after, so the
 * dump never sees its own work.
 */
struct sockdiag;

struct kill_result {
	size_t selected; /* TCP sockets the listing selected */
	size_t closed;	 /* closed by us */
	size_t gone;	 /* closed or replaced before we got to them */
	size_t skipped;	 /* TIME_WAIT: nothing left to close */
};

/* Close rec through sd and count it into res. Returns 1 when it was
 * closed, 0 when there was nothing to close (TIME_WAIT, or gone
 * meanwhile), or -errno that would repeat for every socket: -EOPNOTSUPP
 * (no CONFIG_INET_DIAG_DESTROY), -EPERM (no CAP_NET_ADMIN). */
int kill_socket(struct sockdiag *sd, const struct sock_rec *rec,
    struct kill_result *res);

#endif
