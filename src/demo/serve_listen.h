/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SERVE_LISTEN_H
#define SOCKVIEW_SERVE_LISTEN_H

#include <stddef.h>
#include <sys/socket.h>

#include "serve_opts.h"

/* The demo server's listening socket, and what to say when there is
 * none. */

/* A socket bound to o's --bind, or to [::] with IPv4 too, or to 0.0.0.0
 * where IPv6 is absent, listening (TCP) and non-blocking; its address in
 * *ss. Returns the descriptor or -errno. */
int serve_listen_open(const struct serve_opts *o, struct sockaddr_storage *ss);
/* Why the listener could not be opened (err from serve_listen_open), in
 * the user's terms, on stderr. */
void serve_listen_report(const struct serve_opts *o, int err);

/* Room for every client's descriptor, as far as the hard limit allows;
 * a warning when it does not. */
void serve_listen_make_room(unsigned max_clients);
/* The server's first log line, without its time: where it listens, its
 * pid and limits, and the sockview command that inspects it. */
void serve_listen_banner(const struct serve_opts *o,
    const struct sockaddr_storage *ss, char *buf, size_t size);

/* Room for serve_listen_banner's line. */
#define SERVE_BANNER_SIZE 512

#endif
