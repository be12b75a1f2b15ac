/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_NETLINK_H
#define SOCKVIEW_FAMILY_NETLINK_H

#include "family.h"

/* Netlink sockets (struct netlink_rec, --netlink): netlink_diag or
 * /proc. */
extern const struct family family_netlink;

#endif
