/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PROCNET_H
#define SOCKVIEW_PROCNET_H

#include <stddef.h>
#include <stdint.h>

#include "sock.h"

struct lineread_tap;

/*
 * The /proc/net/{tcp,udp,raw}{,6} fallback source. The files print
 * addresses as the host's in-memory words in hex, so parsing copies the
 * words back as they were and works on either byte order.
 */

/* Parse one body line into rec; returns 0, or -1 for a malformed line. */
int procnet_parse_line(const char *line, uint8_t family, uint8_t proto,
    struct sock_rec *rec);
/* Feed every socket in proc_root/net/<file> for family and proto to
 * sink, telling tap (NULL: none) of the file's bytes under the name
 * "net/<file>"; *bad counts malformed lines. Returns 0 or -errno (-ENOENT when
 * the file does not exist: IPv6 or the protocol is absent). */
int procnet_collect(const char *proc_root, uint8_t family, uint8_t proto,
    const struct lineread_tap *tap, sock_sink_fn sink, void *ctx, size_t *bad);
/* The same for the file open as fd, which is closed here. */
int procnet_collect_fd(int fd, uint8_t family, uint8_t proto,
    const struct lineread_tap *tap, sock_sink_fn sink, void *ctx, size_t *bad);
/* The file's name under proc_root: "net/tcp6"; borrowed. */
const char *procnet_file(uint8_t family, uint8_t proto);

#endif
