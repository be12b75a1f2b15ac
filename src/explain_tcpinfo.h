/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_EXPLAIN_TCPINFO_H
#define SOCKVIEW_EXPLAIN_TCPINFO_H

#include <stddef.h>

struct sock_ext;
struct sock_rec;

/* Told each sentence, borrowed for the call. */
typedef void (*explain_tcpinfo_fn)(void *ctx, const char *sentence);

/* --explain with -i: what tcp_info says of rec's connection, in plain
 * words, only what is true of it now: retransmitting, a zero window
 * from the peer, a send buffer waiting behind a full congestion window,
 * data left unread, a program that sends less than the path carries.
 * Each sentence goes to say; x NULL: none. Returns how many. */
size_t explain_tcpinfo(const struct sock_rec *rec, const struct sock_ext *x,
    explain_tcpinfo_fn say, void *ctx);

#endif
