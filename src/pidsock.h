/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PIDSOCK_H
#define SOCKVIEW_PIDSOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "fdscan.h"
#include "sock.h"

struct filter;
struct sockdiag;

/*
 * --pid at the cost of the process: instead of dumping the whole socket
 * table to find a few inodes, each socket the fd scan found is
 * duplicated from its process (pidfd_getfd), named (getsockname,
 * getpeername) and asked for in batches of exact requests
 * (sockdiag_lookup_batch), which give the records a dump would.
 */

/* Look up the Internet sockets among links (n of them: the fd scan's,
 * in any order) that flt selects, giving each record to sink once.
 * Returns 0, or -errno when the dump must answer instead: -EPERM
 * (pidfd_getfd needs ptrace rights over the process), -ENOSYS (no
 * pidfd_getfd), -EPROTONOSUPPORT (a socket of another kind than TCP and
 * UDP, such as RAW, which the lookup cannot name), -ENOENT or -ESTALE (a
 * socket the kernel did not give back: an SO_REUSEPORT group, or one
 * changed since the scan), or the sink's error. */
int pidsock_collect(struct sockdiag *sd, const struct owner *links, size_t n,
    const struct filter *flt, bool want_info, sock_sink_fn sink, void *ctx);

#endif
