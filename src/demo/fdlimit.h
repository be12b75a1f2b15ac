/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FDLIMIT_H
#define SOCKVIEW_FDLIMIT_H

/*
 * Room for many sockets: the demo server's clients, the demo client's
 * connections. Shared by both so that they agree on what they ask for.
 */

/* Raise the soft RLIMIT_NOFILE to want descriptors, as far as the hard
 * limit allows; returns the soft limit in force afterwards (want or
 * more when there is room). */
unsigned long long fdlimit_raise(unsigned long long want);

#endif
