/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PACKETSOCK_H
#define SOCKVIEW_PACKETSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The record of a packet socket (AF_PACKET, -0): what packet_diag and
 * /proc/net/packet both say of it, and what netlink alone adds.
 */

/* Longest protocol name packetsock_protocol_name writes, with its NUL. */
#define PACKETSOCK_PROTO_MAX 8
/* An interface name, with its NUL (IF_NAMESIZE). */
#define PACKETSOCK_IFNAME_MAX 16

struct packet_rec {
	uint8_t type;	   /* SOCK_RAW (link-level header) or SOCK_DGRAM */
	bool running;	   /* bound to a protocol: frames arrive */
	bool has_netlink;  /* promisc, drops and the filter are known */
	bool promisc;	   /* PACKET_MR_PROMISC asked for */
	bool has_filter;   /* a socket filter (BPF) is attached */
	uint16_t protocol; /* the ethertype, host order; 0: none */
	uint32_t ifindex;  /* 0: every interface */
	uint32_t rxq;	   /* bytes of frames not yet read */
	uint32_t drops;	   /* frames dropped (netlink only) */
	uint32_t uid;
	uint64_t inode;
	char ifname[PACKETSOCK_IFNAME_MAX]; /* "" when unknown */
};

/* The ethertype as ss and tcpdump name it: "all" (ETH_P_ALL), "ip",
 * "ipv6", "arp", ..., else "0xNNNN"; into buf (PACKETSOCK_PROTO_MAX
 * bytes). Returns buf. */
const char *packetsock_protocol_name(uint16_t protocol, char *buf);
/* "raw" or "dgram" (ss's p_raw, p_dgr), or "?"; static. */
const char *packetsock_type_name(uint8_t type);
/* The order of two records by what makes a socket the same from one
 * listing to the next: inode, type, protocol, interface. */
int packetsock_identity_cmp(const void *a, const void *b);

#endif
