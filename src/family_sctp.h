/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_SCTP_H
#define SOCKVIEW_FAMILY_SCTP_H

#include "family.h"

/* SCTP sockets (struct sctp_rec, --sctp): sctp_diag only. */
extern const struct family family_sctp;

#endif
