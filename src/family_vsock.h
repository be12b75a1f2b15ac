/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_VSOCK_H
#define SOCKVIEW_FAMILY_VSOCK_H

#include "family.h"

/* vsock sockets (struct vsock_rec, --vsock): vsock_diag only. */
extern const struct family family_vsock;

#endif
