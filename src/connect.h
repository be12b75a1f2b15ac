#ifndef SOCKVIEW_CONNECT_H
#define SOCKVIEW_CONNECT_H

#include <stddef.h>
#include <stdint.h>

struct cli_opts;

/*
 * The --connect demo client: --count TCP connections to HOST:PORT, then
 * standard input forwarded to the first one and its replies printed,
 * or, with --hold, every connection held open until SIGINT or SIGTERM.
 */

/* Seconds one connection attempt may take. */
#define CONNECT_TIMEOUT_S 10
/* Room for a host name or address and its NUL. */
#define CONNECT_HOST_SIZE 256

/* Open the connections and run; returns the exit status. */
int connect_run(const struct cli_opts *o);
/* Split "HOST:PORT" or "[IPV6]:PORT" into host (size bytes) and port
 * (1 to 65535); returns 0, or -1 with a static reason in *why. */
int connect_parse_target(const char *text, char *host, size_t size,
    uint16_t *port, const char **why);

#endif
