/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PORTSTATS_H
#define SOCKVIEW_PORTSTATS_H

#include <stdbool.h>
#include <stdio.h>

struct sock_ext;
struct sock_rec;

/*
 * -s --prometheus -i: per local listening port (and one "other" series
 * for the rest: outgoing connections), for the TCP connections to it:
 * a count per state, the sums of total_retrans, bytes_acked and
 * bytes_received over the connections open now, and a histogram of
 * their smoothed RTT. Ports that listen bound the series; with --units,
 * a port's series are split by the units its connections belong to
 * (usually the one that listens there).
 */
struct portstats;

/* Empty; with units (--units), every series gains a unit label.
 * portstats_free frees. */
struct portstats *portstats_new(bool units);
/* Free; accepts NULL. */
void portstats_free(struct portstats *ps);
/* Forget the round before's sockets. */
void portstats_begin(struct portstats *ps);
/* Count one socket (TCP only; others are ignored); x: its tcp_info, or
 * NULL; with units, under unit (NULL: not known, "-"), borrowed until
 * portstats_write_prometheus. */
void portstats_add(struct portstats *ps, const struct sock_rec *rec,
    const struct sock_ext *x, const char *unit);
/* The series, with HELP and TYPE lines, in Prometheus' text format. */
void portstats_write_prometheus(FILE *fp, const struct portstats *ps);

/* The RTT histogram's upper bounds, in seconds: 100 us to 10 s. */
#define PORTSTATS_RTT_BUCKETS 16

#endif
