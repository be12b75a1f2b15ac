/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NETLINKSOCK_H
#define SOCKVIEW_NETLINKSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The record of a netlink socket (AF_NETLINK, --netlink): what
 * netlink_diag and /proc/net/netlink both say of it.
 */

/* Longest protocol name netlinksock_protocol_name writes, with NUL. */
#define NETLINKSOCK_PROTO_MAX 12
/* Multicast groups a record keeps: the first 64 (/proc shows 32). */
#define NETLINKSOCK_GROUPS 64

struct netlink_rec {
	uint8_t protocol;    /* NETLINK_ROUTE, ... */
	bool has_drops;	     /* drops is known */
	uint32_t portid;     /* 0: the kernel's socket */
	uint32_t dst_portid; /* connect(2)ed to this port id; 0: none */
	uint32_t dst_group;
	uint64_t groups; /* bit g-1: member of multicast group g */
	uint32_t rxq, txq;
	uint32_t drops;
	uint64_t inode;
};

/* The protocol as ss names it ("rtnl", "tcpdiag", "uevent", "genl",
 * "nft", ...), else its number; into buf (NETLINKSOCK_PROTO_MAX bytes).
 * Returns buf. */
const char *netlinksock_protocol_name(uint8_t protocol, char *buf);
/* The groups as text: "-" for none, else the group numbers joined by
 * commas ("1,3"), cut with "..." to fit size (at least 8). Returns the
 * length. */
size_t netlinksock_groups_text(uint64_t groups, char *buf, size_t size);
/* The order of two records by what makes a socket the same from one
 * listing to the next: inode, protocol, port id. */
int netlinksock_identity_cmp(const void *a, const void *b);

#endif
