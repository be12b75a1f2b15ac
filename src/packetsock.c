/* SPDX-License-Identifier: MIT */
#include "packetsock.h"

#include <stdio.h>
#include <sys/socket.h>

#include <linux/if_ether.h>

const char *
packetsock_protocol_name(uint16_t protocol, char *buf)
{
	static const struct {
		uint16_t number;
		const char *name;
	} names[] = {
	    {ETH_P_ALL, "all"},
	    {ETH_P_IP, "ip"},
	    {ETH_P_IPV6, "ipv6"},
	    {ETH_P_ARP, "arp"},
	    {ETH_P_RARP, "rarp"},
	    {ETH_P_8021Q, "802.1q"},
	    {ETH_P_PAE, "eapol"},
	    {ETH_P_LLDP, "lldp"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].number == protocol) {
			snprintf(buf, PACKETSOCK_PROTO_MAX, "%s",
			    names[i].name);
			return buf;
		}
	snprintf(buf, PACKETSOCK_PROTO_MAX, "0x%04x", protocol);
	return buf;
}

const char *
packetsock_type_name(uint8_t type)
{
	switch (type) {
	case SOCK_RAW:
		return "raw";
	case SOCK_DGRAM:
		return "dgram";
	default:
		return "?";
	}
}

int
packetsock_identity_cmp(const void *a, const void *b)
{
	const struct packet_rec *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->protocol != y->protocol)
		return x->protocol < y->protocol ? -1 : 1;
	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return 0;
}
