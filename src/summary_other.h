/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SUMMARY_OTHER_H
#define SOCKVIEW_SUMMARY_OTHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* -s for packet sockets (by type) and netlink sockets (by protocol), in
 * the layouts summary.c writes, after the Internet sockets' counts. */

struct summary_other {
	bool packet, netlink;	    /* the kinds counted and written */
	size_t packet_types[3];	    /* raw, dgram, any other type */
	size_t netlink_protos[256]; /* by netlink protocol */
};

/* Count a packet socket (struct packet_rec) or a netlink socket
 * (struct netlink_rec) into so. */
void summary_other_count_packet(struct summary_other *so, const void *rec);
void summary_other_count_netlink(struct summary_other *so, const void *rec);

/* The text lines; blank: a blank line before them. */
void summary_other_text(FILE *fp, const struct summary_other *so, bool blank);
/* The JSON members "packet" and "netlink"; first: no comma before. */
void summary_other_json(FILE *fp, const struct summary_other *so, bool first);
/* The Prometheus metrics sockview_packet_sockets and
 * sockview_netlink_sockets. */
void summary_other_prometheus(FILE *fp, const struct summary_other *so);

#endif
