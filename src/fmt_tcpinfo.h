/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_TCPINFO_H
#define SOCKVIEW_FMT_TCPINFO_H

#include <stdbool.h>
#include <stddef.h>

struct sock_ext;
struct sock_rec;

/* The line that ss -i and -m (iproute2 6.1) print under a socket. */
struct fmt_tcpinfo_opts {
	unsigned show; /* SOCKEXT_SHOW_*: -i, -m */
	bool numeric;  /* -n: rates in bps, not "1.2Mbps" */
	bool options;  /* -o: ts sack ecn ecnseen fastopen, as ss -o */
};

/* Room for the longest line, with its newline and NUL. */
#define FMT_TCPINFO_LINE_MAX 2048

/* Whether rec gets a line: TCP with -i, any socket with -m. */
bool fmt_tcpinfo_wanted(const struct fmt_tcpinfo_opts *o,
    const struct sock_rec *rec);
/* The line for rec into buf (FMT_TCPINFO_LINE_MAX bytes): a tab, then
 * ss's words, each after a space, and a newline; x (NULL: the kernel
 * gave nothing, as for TIME_WAIT) is what sockext_decode read. Returns
 * its length. */
size_t fmt_tcpinfo_line(const struct fmt_tcpinfo_opts *o,
    const struct sock_rec *rec, const struct sock_ext *x, char *buf);

#endif
