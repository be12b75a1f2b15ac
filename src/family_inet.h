/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_INET_H
#define SOCKVIEW_FAMILY_INET_H

#include "family.h"

/* TCP, UDP and RAW sockets (struct sock_rec), in netstat's columns. */
extern const struct family family_inet;
/* family_inet with -i or -m: their line under each row. */
extern const struct family family_inet_info;

#endif
