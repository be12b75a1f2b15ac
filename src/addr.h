/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_ADDR_H
#define SOCKVIEW_ADDR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * Numeric socket addresses and ports as the command line, the demo
 * server and the demo client write and read them: "127.0.0.1:9999",
 * "[::1]:80". No names are looked up here.
 */

/* Room for "[v6]:port" and the NUL. */
#define ADDR_TEXT_SIZE 56
/* Room for a host name or address and its NUL. */
#define ADDR_HOST_SIZE 256

/* "127.0.0.1:9999" or "[::1]:9999" (IPv4-mapped shown as IPv4) into buf
 * (ADDR_TEXT_SIZE bytes); returns the length. */
size_t addr_text(const struct sockaddr *sa, char *buf, size_t size);
/* Parse a numeric address ("127.0.0.1", "::1", "[::1]") with port into
 * ss; returns 0, or -1 when it is no address. */
int addr_parse(const char *text, uint16_t port, struct sockaddr_storage *ss,
    socklen_t *len);
/* The port of an IPv4 or IPv6 address, in host byte order (0 else). */
uint16_t addr_port(const struct sockaddr_storage *ss);
/* Parse a port number, 0 to 65535 (no names); returns 0 or -1. */
int addr_parse_port(const char *text, uint16_t *port);
/* Split "HOST:PORT" or "[IPV6]:PORT" into host (size bytes) and port
 * (1 to 65535); returns 0, or -1 with a static reason in *why. */
int addr_parse_target(const char *text, char *host, size_t size, uint16_t *port,
    const char **why);

#endif
