/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PROCFAM_H
#define SOCKVIEW_PROCFAM_H

#include <stddef.h>

#include "netlinksock.h"
#include "packetsock.h"

struct lineread_tap;

/* Takes each record (struct packet_rec or struct netlink_rec); 0, or
 * -errno to stop. */
typedef int (*procfam_sink_fn)(const void *rec, void *ctx);

/*
 * The /proc fallback of -0 and --netlink: /proc/net/packet and
 * /proc/net/netlink, one socket a line after a header line.
 */

/* Parse one body line of /proc/net/packet ("sk RefCnt Type Proto Iface
 * R Rmem User Inode") into rec; returns 0, or -1 for a malformed line. */
int procfam_parse_packet(const char *line, struct packet_rec *rec);
/* Parse one body line of /proc/net/netlink ("sk Eth Pid Groups Rmem
 * Wmem Dump Locks Drops Inode") into rec; returns 0 or -1. */
int procfam_parse_netlink(const char *line, struct netlink_rec *rec);

/* Feed every socket of the file open as fd (closed here; its name for
 * tap is "net/packet") to sink, telling tap (NULL: none) of its bytes;
 * *bad counts malformed lines. Returns 0 or -errno. */
int procfam_collect_packet(int fd, const struct lineread_tap *tap,
    procfam_sink_fn sink, void *ctx, size_t *bad);
/* The same for /proc/net/netlink ("net/netlink"). */
int procfam_collect_netlink(int fd, const struct lineread_tap *tap,
    procfam_sink_fn sink, void *ctx, size_t *bad);

#endif
