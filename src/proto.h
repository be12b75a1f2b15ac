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

/* The protocols, in netstat's order. */
enum proto_kind { PROTO_TCP, PROTO_UDP, PROTO_RAW, PROTO_COUNT };

struct proto_info {
	uint8_t number;		  /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW */
	const char *name;	  /* "tcp": JSON, -s, /etc/services */
	const char *column[2];	  /* "tcp", "tcp6": netstat's Proto column,
				   * by family (AF_INET, AF_INET6) */
	const char *proc_file[2]; /* "net/tcp", "net/tcp6": under proc_root */
	const char *proc_path[2]; /* "/proc/net/tcp": what messages name */
	const char *diag;	  /* "netlink sock_diag (tcp_diag)" */
};

/* The kind of protocol number: TCP, UDP, anything else RAW. Inline: the
 * listing asks it for every socket. */
static inline enum proto_kind
proto_kind(uint8_t number)
{
	return number == IPPROTO_TCP   ? PROTO_TCP
	       : number == IPPROTO_UDP ? PROTO_UDP
				       : PROTO_RAW;
}

/* The table's row for kind (below PROTO_COUNT); static. */
const struct proto_info *proto_get(enum proto_kind kind);
/* The table's row for a protocol number; static. */
const struct proto_info *proto_of(uint8_t number);
/* netstat's Proto column ("tcp6") for a protocol and family; static. */
const char *proto_column(uint8_t number, uint8_t family);
/* "inet" or "inet6", for AF_INET or AF_INET6; static. */
const char *proto_family_name(uint8_t family);
/* The protocol named by the n bytes at s ("tcp", "udp", "raw"): returns
 * true with *number set. */
bool proto_parse(const char *s, size_t n, uint8_t *number);

#endif
