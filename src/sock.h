/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SOCK_H
#define SOCKVIEW_SOCK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The record every stage reads or fills. Both sources (netlink and
 * /proc/net) produce exactly the same record for the same socket.
 */

/* Kernel TCP states (include/net/tcp_states.h); UDP and RAW reuse them. */
enum {
	SOCK_ST_ESTABLISHED = 1,
	SOCK_ST_SYN_SENT,
	SOCK_ST_SYN_RECV,
	SOCK_ST_FIN_WAIT1,
	SOCK_ST_FIN_WAIT2,
	SOCK_ST_TIME_WAIT,
	SOCK_ST_CLOSE,
	SOCK_ST_CLOSE_WAIT,
	SOCK_ST_LAST_ACK,
	SOCK_ST_LISTEN,
	SOCK_ST_CLOSING,
	SOCK_ST_NEW_SYN_RECV, /* request sockets; shown as SYN_RECV */
	SOCK_ST_MAX
};

/* Values of sock_rec.timer, as the kernel reports them. */
enum {
	SOCK_TIMER_OFF = 0,
	SOCK_TIMER_ON = 1, /* retransmit */
	SOCK_TIMER_KEEPALIVE = 2,
	SOCK_TIMER_TIMEWAIT = 3,
	SOCK_TIMER_PROBE = 4, /* zero window probe */
};

struct sock_end {
	struct in6_addr addr; /* IPv4 kept as ::ffff:a.b.c.d */
	uint16_t port;	      /* host byte order; RAW: the IP protocol;
			       * ICMP: the ping socket's ident */
};

struct sock_rec {
	uint8_t family;	 /* AF_INET or AF_INET6 */
	uint8_t proto;	 /* IPPROTO_TCP, _UDP, _UDPLITE, _RAW or _ICMP */
	uint8_t state;	 /* SOCK_ST_* */
	uint8_t timer;	 /* SOCK_TIMER_* */
	uint8_t retrans; /* unrecovered retransmits */
	uint8_t probes;	 /* unanswered keepalive or zero window probes */
	struct sock_end local, remote;
	uint32_t rxq, txq; /* netstat's Recv-Q and Send-Q */
	uint32_t timer_cs; /* time until the timer fires, 1/100 s */
	uint32_t uid;
	uint32_t backlog; /* listener's backlog limit; 0 when unknown */
	uint64_t inode;	  /* 0 for TIME_WAIT and SYN_RECV */
	uint64_t
	    cookie; /* the kernel's socket cookie (netlink); 0 from /proc */
	uint32_t ifindex;   /* bound device (netlink); 0 from /proc */
	uint32_t ext;	    /* -i, -m: a handle into the listing's
			       sockext_table; 0: none */
	uint64_t cgroup_id; /* its cgroup v2 (netlink); 0: not known */
	uint64_t netns;	    /* -N all: its network namespace's inode; else 0 */
};

/* A growable array of records; owns its array. */
struct sock_list {
	struct sock_rec *v;
	size_t len, cap;
};

/* Called for each record a source produces; returns 0 or -errno to stop. */
typedef int (*sock_sink_fn)(const struct sock_rec *rec, void *ctx);

/* Longest text sock_addr_format writes, with its NUL. */
#define SOCK_ADDR_MAX 46

/* Empty list; no allocation until the first push. */
void sock_list_init(struct sock_list *list);
/* Free the array; the list is empty again. */
void sock_list_fini(struct sock_list *list);
/* Append a copy of rec. */
void sock_list_push(struct sock_list *list, const struct sock_rec *rec);
/* A sock_sink_fn that appends to the struct sock_list passed as ctx. */
int sock_list_sink(const struct sock_rec *rec, void *ctx);

/* The order of two records (struct sock_rec) by what makes a socket the
 * same from one listing to the next: protocol, family, both endpoints,
 * state, inode and network namespace. A state change (ESTABLISHED to TIME_WAIT)
 * makes another socket, and so does one closed and reopened on the same ports.
 */
int sock_identity_cmp(const void *a, const void *b);
/* netstat's name of a TCP state ("ESTABLISHED"); borrowed, never NULL. */
const char *sock_tcp_state_name(unsigned state);
/* Listening for netstat: TCP LISTEN, or UDP/RAW with no peer address. */
bool sock_is_listening(const struct sock_rec *rec);
/* Whether the address is 0.0.0.0 or ::. */
bool sock_addr_is_any(const struct in6_addr *addr);
/* Store the IPv4 address (network order) as ::ffff:a.b.c.d. */
void sock_addr_set_v4(struct in6_addr *addr, uint32_t v4_net);
/* Numeric text of addr, as glibc's inet_ntop writes it, but IPv4 and
 * IPv4-mapped addresses in dotted quad (netstat's way). Returns length;
 * buf holds at least SOCK_ADDR_MAX bytes. */
size_t sock_addr_format(const struct in6_addr *addr, char *buf);
/* Decimal text of v into buf (at least 21 bytes); returns its length. */
size_t sock_fmt_u64(char *buf, uint64_t v);

#endif
