/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PROTO_H
#define SOCKVIEW_PROTO_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The one protocol table: for each protocol sockview lists, its number
 * and every name it goes by (the Proto column, JSON, /etc/services, the
 * /proc/net file, the sock_diag module). Any other protocol number is a
 * raw socket's, as netstat takes it.
 */

/* The protocols, in netstat's order (UDP-Lite after UDP, as netstat -U
 * lists it); ICMP ping sockets, which netstat does not list, last. */
enum proto_kind {
	PROTO_TCP,
	PROTO_UDP,
	PROTO_UDPLITE,
	PROTO_RAW,
	PROTO_ICMP,
	/* MPTCP, which netstat does not list either: after ping sockets,
	 * so that the others keep their numbers */
	PROTO_MPTCP,
	PROTO_COUNT
};

/* MPTCP's IPPROTO_MPTCP (262) does not fit sock_rec.proto's byte: this
 * stand-in, one of RFC 3692's experimental IP protocol numbers, is
 * sockview's own name for it. No record of another protocol carries it
 * (a raw socket's IP protocol is in its port, its proto IPPROTO_RAW);
 * the dump request asks the kernel for IPPROTO_MPTCP by attribute. */
#define PROTO_NUMBER_MPTCP 254

struct proto_info {
	uint8_t number;		  /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW */
	const char *name;	  /* "tcp": JSON, -s, /etc/services */
	const char *json6;	  /* JSON's name in IPv6 where it differs
				   * ("icmp6"); NULL: name */
	uint8_t services;	  /* whose /etc/services names its ports
				   * (UDP-Lite: UDP's); 0: none */
	const char *column[2];	  /* "tcp", "tcp6": netstat's Proto column,
				   * by family (AF_INET, AF_INET6) */
	const char *proc_file[2]; /* "net/tcp", "net/tcp6": under proc_root */
	const char *proc_path[2]; /* "/proc/net/tcp": what messages name */
	const char *diag;	  /* "netlink sock_diag (tcp_diag)" */
};

/* The kind of protocol number: TCP, UDP, UDP-Lite, ICMP (ping sockets,
 * IPv4 and IPv6), anything else RAW. Inline: the listing asks it for
 * every socket. */
static inline enum proto_kind
proto_kind(uint8_t number)
{
	switch (number) {
	case IPPROTO_TCP:
		return PROTO_TCP;
	case IPPROTO_UDP:
		return PROTO_UDP;
	case IPPROTO_UDPLITE:
		return PROTO_UDPLITE;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return PROTO_ICMP;
	case PROTO_NUMBER_MPTCP:
		return PROTO_MPTCP;
	default:
		return PROTO_RAW;
	}
}

/* Whether number's sockets have TCP's states, listeners and backlog:
 * TCP and MPTCP. */
static inline bool
proto_tcp_like(uint8_t number)
{
	return number == IPPROTO_TCP || number == PROTO_NUMBER_MPTCP;
}

/* The table's row for kind (below PROTO_COUNT); static. */
const struct proto_info *proto_get(enum proto_kind kind);
/* The table's row for a protocol number; static. */
const struct proto_info *proto_of(uint8_t number);
/* netstat's Proto column ("tcp6") for a protocol and family; static. */
const char *proto_column(uint8_t number, uint8_t family);
/* JSON's "proto" for a protocol and family ("tcp", "icmp6"); static. */
const char *proto_json_name(uint8_t number, uint8_t family);
/* The protocol whose /etc/services entries name number's ports
 * (IPPROTO_UDP for UDP-Lite), or 0 when its ports have no names (an
 * ICMP ident); raw sockets keep IPPROTO_RAW (their /etc/protocols). */
uint8_t proto_services(uint8_t number);
/* "inet" or "inet6", for AF_INET or AF_INET6; static. */
const char *proto_family_name(uint8_t family);
/* The protocol named by the n bytes at s ("tcp", "udp", "raw"): returns
 * true with *number set. */
bool proto_parse(const char *s, size_t n, uint8_t *number);

#endif
