/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVE_UDP_H
#define SOCKVIEW_SERVE_UDP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * --serve --udp: each datagram on the server's one socket logged with
 * its sender and, with --echo, sent back; never to the server's own
 * port at an address of this machine (the echo would loop), and at most
 * SERVE_UDP_ECHO_RATE echoes a second to one source.
 */

/* Echoes a second to one source address and port, at most. */
#define SERVE_UDP_ECHO_RATE 100

struct servelog;
struct serve_udp;

/* What the summary says. */
struct serve_udp_counts {
	uint64_t datagrams, in, out;
	uint64_t withheld; /* echoes not sent: to itself, or over the rate */
};

/* Serve the datagrams of fd (non-blocking, bound to port), logging to
 * log (borrowed). Owned by the caller: serve_udp_free. */
struct serve_udp *serve_udp_new(int fd, uint16_t port, bool echo,
    struct servelog *log);
void serve_udp_free(struct serve_udp *u);
/* Read, log and echo the datagrams waiting (a batch at most). */
void serve_udp_read(struct serve_udp *u);
/* The counts so far; borrowed from u. */
const struct serve_udp_counts *serve_udp_counts(const struct serve_udp *u);

#endif
