/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SOURCE_H
#define SOCKVIEW_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "sock.h"

struct filter;
struct lineread_tap;
struct record;
struct sockdiag;
struct replay;
struct sockext_table;
struct unixsock_list;

/* Where the socket table comes from: netlink first, /proc/net after. */

enum source_kind {
	SOURCE_AUTO,	/* netlink, falling back to /proc silently */
	SOURCE_NETLINK, /* netlink or fail */
	SOURCE_PROC,	/* /proc/net only */
};

struct source_opts {
	enum source_kind kind;
	const char *proc_root; /* "/proc", or a saved tree (--proc-root) */
	bool want_info;	       /* timers need the kernel's tcp_info */
	struct record *record; /* --record: keep what is read; NULL */
	struct replay *replay; /* --replay: read this instead; NULL */
	/* -i, -m: what to ask the kernel for (SOCKEXT_SHOW_*), and where
	 * it goes */
	unsigned show;
	struct sockext_table *ext;
};

/* The kinds of socket a source lists: tcp, tcp6, udp, udp6, udplite,
 * udplite6, raw, raw6, icmp, icmp6, mptcp, mptcp6, unix. */
#define SOURCE_KINDS 13

struct source_result {
	size_t bad_lines;   /* /proc lines that did not parse */
	const char *failed; /* what failed, when it returns < 0 */
	/* some TCP sockets came from /proc/net */
	bool tcp_from_proc;
	/* --replay: the kinds asked for that the recording does not hold,
	 * as /proc/net names them ("udp6") */
	const char *unrecorded[SOURCE_KINDS];
	size_t nunrecorded;
	bool from_netlink; /* source_collect_other: the dump answered */
};

/* A kind of socket with a sock_diag dump of its own and a /proc file
 * (packet and netlink sockets): how to read either. Both give their
 * records to a sink that ctx of source_collect_other holds. */
struct source_other {
	uint8_t family;	       /* AF_PACKET, AF_NETLINK: the recording's key */
	uint32_t show;	       /* the dump's show bits, for the recording */
	const char *diag;      /* "netlink sock_diag (packet_diag)" */
	const char *proc_file; /* "net/packet", under proc_root */
	const char *proc_path; /* "/proc/net/packet": what messages name */
	int (*dump)(struct sockdiag *sd, void *ctx, size_t *emitted);
	int (*proc)(int fd, const struct lineread_tap *tap, void *ctx,
	    size_t *bad);
	/* Kinds that only their diag module lists (SCTP, vsock, XDP):
	 * proc NULL, and what the messages name; NULL otherwise. */
	const char *name;   /* "vsock" */
	const char *module; /* "vsock_diag" */
};

/* Parse "auto", "netlink" or "proc"; returns 0 or -1. */
int source_parse_kind(const char *text, enum source_kind *kind);
/* Feed every socket that flt selects to sink, in netstat's order (tcp,
 * tcp6, udp, udp6, udplite, udplite6, raw, raw6), then icmp and icmp6. Returns
 * 0 or -errno, with res->failed naming what failed. */
int source_collect(const struct source_opts *opts, const struct filter *flt,
    sock_sink_fn sink, void *ctx, struct source_result *res);

/* Every UNIX socket into out, in the kernel's order; from netlink, the
 * reference counts merged from /proc/net/unix. Returns 0 or -errno, with
 * res->failed naming what failed (the unix_diag dump, or the path of the
 * /proc file relative to proc_root). */
int source_collect_unix(const struct source_opts *opts,
    struct unixsock_list *out, struct source_result *res);

/* Every socket of kind to its sink (ctx): from its dump, or, where
 * the fallback rule allows (auto, no row handed on yet), from its /proc
 * file. Returns 0 or -errno, with res->failed naming what failed; a kind
 * without a /proc file (proc NULL) fails with its dump's error, and with
 * -EPROTONOSUPPORT for --source=proc. */
int source_collect_other(const struct source_opts *opts,
    const struct source_other *kind, void *ctx, struct source_result *res);

#endif
