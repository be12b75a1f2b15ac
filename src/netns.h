/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NETNS_H
#define SOCKVIEW_NETNS_H

/*
 * -N/--netns: move this process into another network namespace before
 * any netlink socket is opened or /proc/net is read. Process mapping is
 * unaffected: /proc/PID/fd is the same in every network namespace.
 */

#include <stdbool.h>

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

#endif
