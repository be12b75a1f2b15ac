/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_UNIX_H
#define SOCKVIEW_FAMILY_UNIX_H

#include "family.h"

/* UNIX domain sockets (struct unix_rec), in netstat -x's columns. */
extern const struct family family_unix;

#endif
