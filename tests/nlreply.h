/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_TESTS_NLREPLY_H
#define SOCKVIEW_TESTS_NLREPLY_H

#include <stddef.h>

/*
 * The kernel's control replies, made by hand for the unit tests that
 * feed the real receive loop (check_hostile, check_probe): each written
 * at buf as the answer to a handle's first request.
 */

/* The sequence number of a handle's first request (sockdiag_open_io). */
#define NLREPLY_FIRST_SEQ 1

/* The end of a dump: NLMSG_DONE with its int (0, or -errno for a dump
 * the kernel could not do); returns its aligned length. */
size_t nlreply_done(char *buf, int err);
/* The kernel's answer to a request: NLMSG_ERROR with error (0 for an
 * ack, else -errno) and the request's header; returns its aligned
 * length. */
size_t nlreply_error(char *buf, int error);

#endif
