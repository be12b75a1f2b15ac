/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVE_H
#define SOCKVIEW_SERVE_H

#include "serve_opts.h"

/*
 * The --serve demo server: one listening socket and every client in one
 * epoll loop, a log line per event on stdout. Each client costs one
 * fixed buffer (--echo's pending bytes) whatever it sends or withholds.
 * The UDP server is serve_udp.c; the log, servelog.c.
 */

/* Run the server until SIGINT or SIGTERM; returns the exit status. */
int serve_run(const struct serve_opts *o);

#endif
