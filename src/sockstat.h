/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SOCKSTAT_H
#define SOCKVIEW_SOCKSTAT_H

#include <stddef.h>

/*
 * The kernel's socket counts of the network namespace, from
 * /proc/net/sockstat and sockstat6: what a dump would walk, known before
 * it is asked for (a few lines to read).
 */
struct sockstat {
	size_t tcp, tcp_tw, udp, raw; /* sockstat: in use; TIME_WAIT */
	size_t tcp6, udp6, raw6;      /* sockstat6: in use */
};

/* Add the counts in the text of sockstat or sockstat6 (len bytes, not a
 * string: "TCP: inuse 5 orphan 0 tw 2 ...", "UDP6: inuse 1") to st. */
void sockstat_parse(const char *text, size_t len, struct sockstat *st);
/* Zero st, then read PROC_ROOT/net/sockstat and sockstat6 into it; a file
 * that cannot be read counts nothing. */
void sockstat_read(const char *proc_root, struct sockstat *st);
/* Every Internet socket counted, TIME_WAIT included. */
size_t sockstat_total(const struct sockstat *st);

#endif
