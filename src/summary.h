/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SUMMARY_H
#define SOCKVIEW_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proto.h"
#include "sock.h"
#include "summary_other.h"

/*
 * -s: counts per protocol, family and state, and the number of distinct
 * listening ports, written for people, for programs (JSON) or for
 * Prometheus' text exposition format.
 */

/* Protocols in netstat's order: tcp, udp, udplite, raw, then icmp. */
/* rows by protocol, in the protocol table's order */
enum {
	SUMMARY_TCP = PROTO_TCP,
	SUMMARY_UDP = PROTO_UDP,
	SUMMARY_RAW = PROTO_RAW,
	SUMMARY_PROTOS = PROTO_COUNT
};

struct summary {
	/* the protocols the listing selects (1 << PROTO_*): UDP-Lite and
	 * ICMP are written only then */
	unsigned protos;
	bool inet;		    /* Internet sockets are written */
	struct summary_other other; /* packet and netlink sockets */
	/* [protocol][0: IPv4, 1: IPv6][state] */
	size_t count[SUMMARY_PROTOS][2][SOCK_ST_MAX];
	/* a bit per port: whether some socket listens on it */
	uint8_t listen_ports[SUMMARY_PROTOS][65536 / 8];
};

/* Zero every count; protos: the Internet protocols selected (1 <<
 * PROTO_*); then whether Internet, packet and netlink sockets are
 * counted (-s -0, -s --netlink, -s -A ...). */
void summary_init(struct summary *sum, unsigned protos, bool inet, bool packet,
    bool netlink);
/* A sock_sink_fn that counts rec into the struct summary passed as ctx. */
int summary_sink(const struct sock_rec *rec, void *ctx);

/* Sockets of protocol p (SUMMARY_*) in family slot f, every state. */
size_t summary_total(const struct summary *sum, int p, int f);
/* Distinct ports with a listening socket of protocol p. */
size_t summary_listening_ports(const struct summary *sum, int p);
/* The name of state st of protocol p in the counts for programs
 * ("listen", "unconnected", "state-9"), into buf; returns buf. */
const char *summary_state_name(int p, int st, char *buf, size_t size);
/* The text layout. */
void summary_write_text(FILE *fp, const struct summary *sum);
/* One JSON object. */
void summary_write_json(FILE *fp, const struct summary *sum);
/* Writes more members (",\"name\":value") into the summary's object. */
typedef void (*summary_json_fn)(FILE *fp, const void *ctx);
/* The same object with more's members at its end (more may be NULL). */
void summary_write_json_more(FILE *fp, const struct summary *sum,
    summary_json_fn more, const void *ctx);
/* Prometheus' text exposition format, with HELP and TYPE lines. */
void summary_write_prometheus(FILE *fp, const struct summary *sum);

/* -N all: one namespace's counts, and its names (borrowed). */
struct summary_netns {
	const struct summary *sum;
	uint64_t inode;
	const char *label;    /* as bytes, for JSON */
	const char *name;     /* escaped, for text and Prometheus */
	summary_json_fn more; /* JSON: members after the counts; or NULL */
	const void *more_ctx;
};

/* Room for a netns="..." label: the longest escaped name, doubled. */
#define SUMMARY_LABEL_MAX 4200

/* -N all: each namespace's counts in the text layout, under "Netns
 * NAME", in the order given. */
void summary_write_netns_text(FILE *fp, const struct summary_netns *v,
    size_t n);
/* -N all: an array of the summary objects, each with a "netns" member. */
void summary_write_netns_json(FILE *fp, const struct summary_netns *v,
    size_t n);
/* -N all: Prometheus' format, every series with a netns label: at most
 * 66 sockview_sockets and 2 sockview_listening_ports series per
 * namespace. */
void summary_write_netns_prometheus(FILE *fp, const struct summary_netns *v,
    size_t n);

#endif
