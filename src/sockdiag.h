#ifndef SOCKVIEW_SOCKDIAG_H
#define SOCKVIEW_SOCKDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

/* The NETLINK_SOCK_DIAG source: inet_diag dumps through libmnl. */

struct nlmsghdr;
struct sockdiag;

/* Open a sock_diag netlink socket; returns 0 or -errno. Caller closes. */
int sockdiag_open(struct sockdiag **out);
/* Close; accepts NULL. */
void sockdiag_close(struct sockdiag *sd);
/* Dump the sockets of one family and protocol whose state bit is in
 * states; with want_info the kernel adds tcp_info (retransmits and
 * probes for the timer column). Each record goes to sink; *emitted
 * counts them. Returns 0 or -errno. */
int sockdiag_dump(struct sockdiag *sd, uint8_t family, uint8_t proto,
    uint32_t states, bool want_info, sock_sink_fn sink, void *ctx,
    size_t *emitted);
/* Decode one inet_diag reply message for proto into rec; returns 0 or
 * -EBADMSG when the message is truncated or malformed. */
int sockdiag_decode(const struct nlmsghdr *nlh, uint8_t proto,
    struct sock_rec *rec);
/* Whether len received bytes are whole netlink messages, each length
 * within what is left; libmnl's mnl_nlmsg_ok() takes a length of 2 GiB
 * or more, a negative int, for a short one. */
bool sockdiag_buf_ok(const void *buf, size_t len);

#endif
