/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PROBE_H
#define SOCKVIEW_PROBE_H

#include <stdio.h>

/*
 * Which optional kernel features sockview can use here, found by asking:
 * each sock_diag module is sent a real dump request for no socket at all
 * (a state mask of 0), which the kernel answers at once when the module
 * is there and refuses when it is not. Nothing is guessed from the
 * kernel's version. SOCK_DESTROY (-K) is not probed: only closing a
 * socket would tell.
 */

struct sockdiag;

enum probe_diag {
	PROBE_TCP_DIAG,
	PROBE_UDP_DIAG,
	PROBE_RAW_DIAG,
	PROBE_UNIX_DIAG,
	PROBE_PACKET_DIAG,
	PROBE_NETLINK_DIAG,
	/* the families that only their modules list (-S, -M, --vsock,
	 * --xdp), which -A all leaves out */
	PROBE_SCTP_DIAG,
	PROBE_MPTCP_DIAG,
	PROBE_VSOCK_DIAG,
	PROBE_XDP_DIAG,
	PROBE_DIAG_COUNT
};

/* The module's name ("tcp_diag"); borrowed, static. */
const char *probe_diag_name(enum probe_diag d);
/* Ask for a dump of no socket through sd; returns 0 when the kernel
 * answers it, else -errno (-ENOENT: no such module in this kernel). */
int probe_diag(struct sockdiag *sd, enum probe_diag d);
/* probe_diag on a sock_diag socket of its own; 0 or -errno. */
int probe_alone(enum probe_diag d);
/* Write d's line for the result err of probe_diag (or of opening the
 * sock_diag socket) to out: "netlink tcp_diag: yes", or "no (why; what
 * sockview does instead)". */
void probe_write_line(FILE *out, enum probe_diag d, int err);
/* Probe every module, each on a sock_diag socket of its own, and write
 * one line each to out, then the SOCK_DESTROY line. */
void probe_write(FILE *out);
/* Probe the modules of the families -A all leaves out (SCTP, MPTCP,
 * vsock, XDP) and say of each, into buf (size bytes), whether this
 * kernel could report them: "SCTP (no sctp_diag in this kernel), MPTCP
 * (mptcp_diag is there; -M or -A mptcp lists them), ...". Returns the
 * length. */
size_t probe_unlisted(char *buf, size_t size);

#endif
