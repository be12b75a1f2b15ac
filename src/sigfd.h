/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SIGFD_H
#define SOCKVIEW_SIGFD_H

/*
 * SIGINT and SIGTERM as a descriptor, for programs that wait in poll or
 * epoll: the signal is read when the loop gets to it, whatever else is
 * ready, instead of arriving only while the loop sleeps.
 */

/* Block SIGINT and SIGTERM (their default action restored: a shell's
 * background job starts with SIGINT ignored, and an ignored signal never
 * reaches the descriptor) and return a non-blocking, close-on-exec
 * signalfd for them, or -errno. The caller closes it. */
int sigfd_open(void);
/* The signal waiting on fd (SIGINT or SIGTERM), or 0 when none is. */
int sigfd_read(int fd);

#endif
