/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVE_OPTS_H
#define SOCKVIEW_SERVE_OPTS_H

#include <stdbool.h>
#include <stdint.h>

/* What the command line asks of the server. */
struct serve_opts {
	uint16_t port;	       /* 0: any free port */
	const char *bind_addr; /* numeric; NULL: every interface */
	bool echo, udp;
	unsigned max_clients;
	unsigned idle_timeout; /* seconds; 0: never */
	const char *netns;     /* -N, entered by the caller: for the hint */
};

#endif
