#ifndef SOCKVIEW_SOCKDIAG_H
#define SOCKVIEW_SOCKDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

/* The NETLINK_SOCK_DIAG source: inet_diag dumps through libmnl. */

struct nlmsghdr;
struct sockdiag;

/* Longest inet_diag bytecode a dump request carries. */
#define SOCKDIAG_BYTECODE_MAX 256

/* Open a sock_diag netlink socket; returns 0 or -errno. Caller closes. */
int sockdiag_open(struct sockdiag **out);
/* Close; accepts NULL. */
void sockdiag_close(struct sockdiag *sd);
/* Dump the sockets of one family and protocol whose state bit is in
 * states and that bytecode (bc_len bytes, up to SOCKDIAG_BYTECODE_MAX;
 * 0 for none) accepts; with want_info the kernel adds tcp_info
 * (retransmits and probes for the timer column). Each record goes to
 * sink; *emitted counts them. Returns 0 or -errno. */
int sockdiag_dump(struct sockdiag *sd, uint8_t family, uint8_t proto,
    uint32_t states, bool want_info, const void *bytecode, size_t bc_len,
    sock_sink_fn sink, void *ctx, size_t *emitted);
/* Called for each data message of a reply; returns 0, or -errno to stop
 * the exchange with that error. */
typedef int (*sockdiag_msg_fn)(const struct nlmsghdr *nlh, void *data);

/* Send req (a whole message; its sequence number is set here) and give
 * each reply message to fn (NULL: expect only an ack) until the dump
 * ends or the ack arrives. Returns 0 or -errno: fn's error, the
 * kernel's, or the socket's. Shared by every sock_diag family. */
int sockdiag_talk(struct sockdiag *sd, struct nlmsghdr *req, sockdiag_msg_fn fn,
    void *data);

/* Room for a SOCK_DESTROY request. */
#define SOCKDIAG_DESTROY_SIZE 96

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
/* Decode one inet_diag reply message for proto into rec; returns 0 or
 * -EBADMSG when the message is truncated or malformed. */
int sockdiag_decode(const struct nlmsghdr *nlh, uint8_t proto,
    struct sock_rec *rec);
/* Whether len received bytes are whole netlink messages, each length
 * within what is left; libmnl's mnl_nlmsg_ok() takes a length of 2 GiB
 * or more, a negative int, for a short one. */
bool sockdiag_buf_ok(const void *buf, size_t len);

#endif
