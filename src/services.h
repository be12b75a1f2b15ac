/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVICES_H
#define SOCKVIEW_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Port names from an /etc/services file: "name port/proto [aliases]
 * [# comment]". The first entry for a (port, protocol) pair wins, as in
 * getservbyport(); only tcp and udp entries are kept. Lookups are one
 * probe of an open-addressing hash.
 */
struct services;

/* The largest services or protocols file read (a system's is ~12 KiB,
 * a full IANA list under 2 MiB); a larger one is refused with -EFBIG. */
#define SERVICES_FILE_MAX (4u << 20)

/* Load path; returns a table (empty when the file holds nothing usable)
 * or NULL with *err = -errno when it cannot be read: -EISDIR, -EINVAL
 * (not a regular file: a FIFO, a device), -EFBIG (larger than
 * SERVICES_FILE_MAX). Caller frees. */
struct services *services_load(const char *path, int *err);
/* Whether services_load would open path, without reading it: returns 0
 * or its -errno. */
int services_check(const char *path);
/* Add the protocol names of an /etc/protocols file as IPPROTO_RAW
 * entries, for raw sockets; returns 0 or -errno (svc is unchanged). */
int services_load_protocols(struct services *svc, const char *path);
/* Parse a whole file's text; for tests and fuzzers. Caller frees. */
struct services *services_parse(const char *text, size_t len);
/* Free the table; accepts NULL. */
void services_free(struct services *svc);
/* Name of port for proto (IPPROTO_TCP, IPPROTO_UDP, or IPPROTO_RAW for
 * a protocol number), or NULL; borrowed
 * from svc. Accepts a NULL table. */
const char *services_name(const struct services *svc, uint16_t port,
    uint8_t proto);
/* The comment after an entry ("Internet Printing Protocol"), or NULL. */
const char *services_comment(const struct services *svc, uint16_t port,
    uint8_t proto);
/* Find the port named name for proto, the first in file order as
 * getservbyname(3) does; returns true with *port set. Accepts a NULL
 * table. Not on a hot path: a linear scan. */
bool services_port(const struct services *svc, const char *name, uint8_t proto,
    uint16_t *port);
/* Number of (port, protocol) pairs loaded. */
size_t services_count(const struct services *svc);

#endif
