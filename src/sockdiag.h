/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SOCKDIAG_H
#define SOCKVIEW_SOCKDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sock.h"

/* The NETLINK_SOCK_DIAG source: inet_diag dumps through libmnl. */

struct nlattr;
struct nlmsghdr;
struct sockdiag;

/* Longest inet_diag bytecode a dump request carries. */
#define SOCKDIAG_BYTECODE_MAX 8192

/* Send one request of len bytes; returns 0 or -errno. */
typedef int (
    *sockdiag_send_fn)(void *ctx, const struct nlmsghdr *req, size_t len);
/* Receive one datagram of replies into buf (size bytes); returns its
 * length, 0 when no more will ever come, or -errno (-EINTR: again). */
typedef ssize_t (*sockdiag_recv_fn)(void *ctx, void *buf, size_t size);

/* Where a handle's requests go and its replies come from: the netlink
 * socket, or bytes (tests, the fuzz target, recorded replies). */
struct sockdiag_io {
	sockdiag_send_fn send;
	sockdiag_recv_fn recv;
	void *ctx; /* borrowed; outlives the handle */
};

/* Open a sock_diag netlink socket; returns 0 or -errno. Caller closes. */
int sockdiag_open(struct sockdiag **out);
/* A handle that talks through io (copied) instead of a socket; it takes
 * replies of any port id, and its first request carries sequence number
 * 1, the next 2, and so on. Caller closes. */
struct sockdiag *sockdiag_open_io(const struct sockdiag_io *io);
/* Told of each datagram of replies as it is received, whole messages
 * only (a recording keeps them). */
typedef void (*sockdiag_tap_fn)(void *ctx, const void *buf, size_t len);
/* From now on, tell tap (NULL: none) of every datagram received. */
void sockdiag_set_tap(struct sockdiag *sd, sockdiag_tap_fn tap, void *ctx);
/* Close; accepts NULL. */
void sockdiag_close(struct sockdiag *sd);
/* Dump the sockets of one family (AF_UNSPEC: both, in one walk of the
 * kernel's table, for TCP only) and protocol whose state bit is in
 * states and that bytecode (bc_len bytes, up to SOCKDIAG_BYTECODE_MAX;
 * 0 for none) accepts; with want_info the kernel adds tcp_info
 * (retransmits and probes for the timer column). Each record goes to
 * sink; *emitted counts them. Returns 0 or -errno. */
int sockdiag_dump(struct sockdiag *sd, uint8_t family, uint8_t proto,
    uint32_t states, bool want_info, const void *bytecode, size_t bc_len,
    sock_sink_fn sink, void *ctx, size_t *emitted);
/* The idiag_ext bits a dump of proto asks for; show: SOCKEXT_SHOW_*
 * (-i, -m). */
uint8_t sockdiag_ext(uint8_t proto, bool want_info, unsigned show);
struct sockext_table;
/* From now on, ask the kernel for what show (SOCKEXT_SHOW_*) needs, and
 * keep it in table (borrowed), each record holding its handle. */
void sockdiag_set_ext(struct sockdiag *sd, unsigned show,
    struct sockext_table *table);
/* Whether sd keeps -i's or -m's data in a table (sockdiag_set_ext),
 * which one thread at a time may fill. */
bool sockdiag_keeps_ext(const struct sockdiag *sd);
/* Called for each data message of a reply; returns 0, or -errno to stop
 * the exchange with that error. */
typedef int (*sockdiag_msg_fn)(const struct nlmsghdr *nlh, void *data);

/* Send req (a whole message; its sequence number is set here) and give
 * each reply message to fn (NULL: expect only an ack) until the dump
 * ends or the ack arrives. Returns 0 or -errno: fn's error, the
 * kernel's, the socket's, -EBADMSG for a datagram that is not whole
 * messages, -EPROTO for a reply to another request, -ENODATA when the
 * replies end before the dump does. Shared by every sock_diag family. */
int sockdiag_talk(struct sockdiag *sd, struct nlmsghdr *req, sockdiag_msg_fn fn,
    void *data);

/* Longest family request sockdiag_dump_family sends. */
#define SOCKDIAG_REQ_MAX 64

/* Send a dump (SOCK_DIAG_BY_FAMILY, NLM_F_DUMP) whose request is the
 * len bytes at req (a packet_diag_req, netlink_diag_req, ...; at most
 * SOCKDIAG_REQ_MAX), each reply to fn; returns 0 or -errno as
 * sockdiag_talk. */
int sockdiag_dump_family(struct sockdiag *sd, const void *req, size_t len,
    sockdiag_msg_fn fn, void *data);
/* A reply decoded into a record of some family; 0 or -EBADMSG. */
typedef int (*sockdiag_decode_fn)(const struct nlmsghdr *nlh, void *rec);
/* A record handed on; 0, or -errno to stop. */
typedef int (*sockdiag_rec_fn)(const void *rec, void *ctx);
/* sockdiag_dump_family for a family whose replies decode into records:
 * each reply decoded into rec (the caller's room for one) and given to
 * sink (NULL: dropped), what does not decode skipped; *emitted counts
 * what was given. */
int sockdiag_dump_records(struct sockdiag *sd, const void *req, size_t len,
    sockdiag_decode_fn decode, void *rec, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted);
/* The words of a *_DIAG_MEMINFO attribute (SK_MEMINFO_*) into out (n
 * words): as many as it holds, the rest 0 (older kernels send fewer).
 * Returns how many it held. */
size_t sockdiag_meminfo(const struct nlattr *attr, uint32_t *out, size_t n);

/* Room for a request about one socket (SOCK_DESTROY, or a lookup). */
#define SOCKDIAG_REQUEST_SIZE 96

/* Build the SOCK_DESTROY request for rec (a TCP or UDP socket: its
 * addresses, ports, device, and cookie, or INET_DIAG_NOCOOKIE when it
 * has none) into buf; returns its length, or 0 when size is too small. */
size_t sockdiag_destroy_request(const struct sock_rec *rec, void *buf,
    size_t size);
/* Close rec's socket as ss -K does (SOCK_DESTROY); returns 0 or -errno:
 * -EOPNOTSUPP (no CONFIG_INET_DIAG_DESTROY, or a socket that cannot be
 * closed: TIME_WAIT), -EPERM (needs CAP_NET_ADMIN), -ENOENT (gone),
 * -ESTALE (another socket holds its addresses now). */
int sockdiag_destroy(struct sockdiag *sd, const struct sock_rec *rec);
/* Lookups sent together at most (sockdiag_lookup_batch): their answers
 * fit the socket's receive buffer whole. */
#define SOCKDIAG_BATCH 16
/* Ask for the n sockets keys name (n at most SOCKDIAG_BATCH; each by
 * family, protocol, addresses, ports, device and cookie: a TCP or UDP
 * socket) in one message, as a dump would give them, with the same
 * extensions; a key with an inode must come back with it. The records
 * go to sink in the order of keys. Returns 0 or the first failure:
 * -ENOENT (no such socket), -ESTALE (another socket holds its addresses,
 * as in an SO_REUSEPORT group), -EBADMSG (an answer that does not
 * decode), -ENODATA (an answer missing); then answers may be left
 * unread: close the handle. */
int sockdiag_lookup_batch(struct sockdiag *sd, const struct sock_rec *keys,
    size_t n, bool want_info, sock_sink_fn sink, void *ctx);
/* Decode one inet_diag reply message for proto into rec; returns 0 or
 * -EBADMSG when the message is truncated or malformed. */
int sockdiag_decode(const struct nlmsghdr *nlh, uint8_t proto,
    struct sock_rec *rec);
/* Whether len received bytes are whole netlink messages, each length
 * within what is left; libmnl's mnl_nlmsg_ok() takes a length of 2 GiB
 * or more, a negative int, for a short one. */
bool sockdiag_buf_ok(const void *buf, size_t len);

/* Replies held in memory, one datagram after another: a struct
 * sockdiag_io's ctx for sockdiag_feed_send and sockdiag_feed_recv. */
struct sockdiag_feed {
	const void *const *dgram; /* borrowed */
	const size_t *len;	  /* dgram[i] is len[i] bytes */
	size_t n;		  /* how many */
	size_t next;		  /* the next one recv gives */
	size_t sent;		  /* requests sent so far */
	uint32_t last_seq;	  /* the last request's sequence number */
};

/* Count the request and keep its sequence number; returns 0. */
int sockdiag_feed_send(void *ctx, const struct nlmsghdr *req, size_t len);
/* Copy the next datagram (cut to size, as recv cuts one); returns its
 * length, or 0 when none are left. */
ssize_t sockdiag_feed_recv(void *ctx, void *buf, size_t size);

#endif
