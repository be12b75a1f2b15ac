/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_XDP_H
#define SOCKVIEW_FAMILY_XDP_H

#include "family.h"

/* XDP sockets (struct xdp_rec, --xdp): xdp_diag only. */
extern const struct family family_xdp;

#endif
