/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CONNECT_H
#define SOCKVIEW_CONNECT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The --connect demo client: --count TCP connections to HOST:PORT, then
 * standard input forwarded to the first one and its replies printed,
 * or, with --hold, every connection held open until SIGINT or SIGTERM.
 */

/* What the command line asks of the client. */
struct connect_opts {
	const char *target; /* "HOST:PORT" or "[IPV6]:PORT", as given */
	const char *host;   /* its HOST */
	uint16_t port;	    /* its PORT */
	unsigned count;	    /* connections, at least 1 */
	bool hold;
	const char *netns; /* -N, entered by the caller: for the hint */
};

/* Seconds one connection attempt may take. */
#define CONNECT_TIMEOUT_S 10

/* Open the connections and run; returns the exit status. */
int connect_run(const struct connect_opts *o);

#endif
