/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NETNS_H
#define SOCKVIEW_NETNS_H

/*
 * -N/--netns: move this process into another network namespace before
 * any netlink socket is opened or /proc/net is read. Process mapping is
 * unaffected: /proc/PID/fd is the same in every network namespace.
 */

#include <stdbool.h>
#include <stdint.h>

/* Which file names the namespace of spec: a name under /run/netns (as
 * `ip netns add` makes), a path when spec holds a '/', /proc/PID/ns/net
 * when spec is all digits. Writes it into buf (size bytes); returns 0,
 * or -ENAMETOOLONG, or -EINVAL for a spec that names nothing. */
int netns_path(const char *spec, char *buf, unsigned size);
/* Enter the network namespace that spec names; returns 0 or -errno
 * (-ENOENT no such namespace, -EACCES its file may not be opened, -EPERM
 * not permitted to enter, -EINVAL not a network namespace, or not a
 * regular file: a FIFO or a device is refused without waiting). *opened
 * says whether the file was opened, that is whether a failure came from
 * entering rather than from reading its name. */
int netns_enter(const char *spec, bool *opened);

/* The work done inside a namespace; returns what the caller wants. */
typedef int (*netns_fn)(void *ctx);

/* Run fn(ctx) on a thread that first enters the network namespace the
 * open file nsfd names (setns changes only that thread: this one stays
 * where it is, and a netlink socket opened there keeps talking to that
 * namespace). Returns 0 with fn's result in *result, or the -errno of
 * entering (-EPERM: not permitted), or of making the thread. */
int netns_run_in(int nsfd, netns_fn fn, void *ctx, int *result);
/* The inode of the network namespace this process is in, or 0. */
uint64_t netns_self_inode(void);

#endif
