#ifndef SOCKVIEW_PROCUNIX_H
#define SOCKVIEW_PROCUNIX_H

#include <stddef.h>

#include "unixsock.h"

/*
 * The /proc/net/unix fallback of -x: what netstat -x reads. It has the
 * reference count but neither peers, queues nor owners' uids.
 */

/* Parse one body line ("0000...: 00000002 00000000 00010000 0001 01
 * 4242 /run/x.sock") into rec; returns 0, or -1 for a malformed line. */
int procunix_parse_line(const char *line, struct unix_rec *rec);
/* Feed every socket in proc_root/net/unix to sink; *bad counts
 * malformed and overlong lines. Returns 0 or -errno. */
int procunix_collect(const char *proc_root, unixsock_sink_fn sink, void *ctx,
    size_t *bad);

#endif
