/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FILTER_H
#define SOCKVIEW_FILTER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"

struct services;
struct sock_rec;

/* Most cgroup ids --unit pushes to the kernel; beyond, it selects after
 * the dump. */
#define FILTER_CGROUPS_MAX 500
/* Longest bytecode filter_bytecode writes: three port ranges, and a
 * cgroup condition (12 bytes) and a jump (4) for each cgroup id. */
#define FILTER_BYTECODE_MAX (128 + 16 * FILTER_CGROUPS_MAX)

/* Which sockets a listing selects. The coarse part (protocols, families,
 * states) becomes the netlink request or picks the /proc files;
 * filter_match() applies the whole filter to each record. */

enum filter_listen {
	FILTER_CONNECTED, /* netstat's default: no listeners */
	FILTER_LISTENING, /* -l */
	FILTER_ALL,	  /* -a */
};

enum {
	FILTER_TCP = 1 << PROTO_TCP,
	FILTER_UDP = 1 << PROTO_UDP,
	FILTER_RAW = 1 << PROTO_RAW,
	FILTER_UDPLITE = 1 << PROTO_UDPLITE,
	FILTER_ICMP = 1 << PROTO_ICMP,
	FILTER_MPTCP = 1 << PROTO_MPTCP,
};

enum {
	FILTER_INET = 1 << 0,
	FILTER_INET6 = 1 << 1,
};

/* A port range, both ends included. */
struct filter_ports {
	bool set;
	uint16_t lo, hi;
};

/* An address prefix; IPv4 kept as ::ffff:a.b.c.d with bits + 96. */
struct filter_prefix {
	bool set;
	struct in6_addr addr;
	uint8_t bits;
};

struct filter {
	unsigned protos;   /* FILTER_TCP | ... */
	unsigned families; /* FILTER_INET | FILTER_INET6 */
	enum filter_listen listen;
	uint32_t states; /* --state: 1 << SOCK_ST_*; 0: not given */
	struct filter_ports sport, dport, port;
	struct filter_prefix src, dst;
	/* --unit: the sockets of these cgroups only (borrowed; none: any),
	 * pushed to the kernel; filter_match leaves them to the units
	 * step */
	const uint64_t *cgroup_ids;
	size_t ncgroup_ids; /* up to FILTER_CGROUPS_MAX */
};

/* netstat's defaults: TCP and UDP, both families, connected sockets,
 * no other condition. */
void filter_init(struct filter *flt);
/* Whether the filter selects proto (IPPROTO_*) in family (AF_*). */
bool filter_wants(const struct filter *flt, uint8_t family, uint8_t proto);
/* Kernel state bits (1 << SOCK_ST_*) worth asking for proto. */
uint32_t filter_state_mask(const struct filter *flt, uint8_t proto);
/* Parse a --state list ("established,fin-wait-1", netstat's spelling
 * too, groups connected, synchronized, all) into 1 << SOCK_ST_* bits;
 * returns 0, or -1 with *why set. */
int filter_parse_states(const char *text, uint32_t *mask, const char **why);
/* Parse a port, a range "a-b", or a service name (looked up in svc for
 * TCP, then UDP); returns 0, or -1 with *why set. */
int filter_parse_ports(const char *text, const struct services *svc,
    struct filter_ports *ports, const char **why);
/* Parse "ADDR" or "ADDR/LEN", IPv4 or IPv6; returns 0, or -1 with *why. */
int filter_parse_prefix(const char *text, struct filter_prefix *prefix,
    const char **why);
/* The port and cgroup filters as inet_diag bytecode for the kernel to
 * run on each socket, so that a dump sends only the matching ones; into
 * buf (size bytes; FILTER_BYTECODE_MAX is enough). Returns its length, 0
 * when there is nothing to push down (no such filter, or a raw socket). */
size_t filter_bytecode(const struct filter *flt, uint8_t proto, void *buf,
    size_t size);
/* Whether rec is selected. */
bool filter_match(const struct filter *flt, const struct sock_rec *rec);

#endif
