/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PROCUNIX_H
#define SOCKVIEW_PROCUNIX_H

#include <stddef.h>

#include "unixsock.h"

struct lineread_tap;

/*
 * The /proc/net/unix fallback of -x: what netstat -x reads. It has the
 * reference count but neither peers, queues nor owners' uids.
 *
 * The kernel writes a socket's name last and raw, newlines and all, so a
 * name can hold text that looks like another socket's line. A line is
 * taken as a socket only where a kernel line can stand: a line that is
 * not a complete socket line in the kernel's format (the pointer field
 * of the file's width, every field, the protocol 0), and that fits in
 * the name of the named socket before it, continues that name. Of two
 * lines that claim one inode, those that could be inside a name are
 * dropped (when all could, the first stays, without its RefCnt). With the
 * netlink dump (known), the names that hold newlines are known, and their
 * continuation lines are skipped exactly.
 */

/* Parse one body line ("0000...: 00000002 00000000 00010000 0001 01
 * 4242 /run/x.sock") into rec; returns 0, or -1 for a line that is not a
 * socket line in the kernel's format. */
int procunix_parse_line(const char *line, struct unix_rec *rec);
/* Feed every socket of a whole /proc/net/unix text (header first) to
 * sink; known (may be NULL) is the netlink dump of the same sockets.
 * *bad counts lines that are neither sockets nor part of a name.
 * Returns 0 or the sink's -errno. */
int procunix_parse(const char *text, size_t len,
    const struct unixsock_list *known, unixsock_sink_fn sink, void *ctx,
    size_t *bad);
/* procunix_parse of proc_root/net/unix, also counting overlong lines in
 * *bad, telling tap (NULL: none) of the file's bytes under the name
 * "net/unix". Returns 0 or -errno. */
int procunix_collect(const char *proc_root, const struct unixsock_list *known,
    const struct lineread_tap *tap, unixsock_sink_fn sink, void *ctx,
    size_t *bad);
/* The same for the file open as fd, which is closed here. */
int procunix_collect_fd(int fd, const struct unixsock_list *known,
    const struct lineread_tap *tap, unixsock_sink_fn sink, void *ctx,
    size_t *bad);

#endif
