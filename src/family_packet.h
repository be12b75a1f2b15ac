/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_PACKET_H
#define SOCKVIEW_FAMILY_PACKET_H

#include "family.h"

/* Packet sockets (struct packet_rec, -0): packet_diag or /proc. */
extern const struct family family_packet;

#endif
