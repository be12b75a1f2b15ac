/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_EXPLAIN_PACKET_H
#define SOCKVIEW_EXPLAIN_PACKET_H

#include <stddef.h>

struct packet_rec;

/* --explain for a packet socket: what it sees, on which interface,
 * whether promiscuously, into buf (size bytes, NUL-terminated, cut
 * short rather than overflow); returns the length. */
size_t explain_packet(const struct packet_rec *rec, char *buf, size_t size);

#endif
