/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_MSG_H
#define SOCKVIEW_MSG_H

/* Diagnostics: every message is one line "sockview: ..." on stderr. */

enum { SV_EXIT_OK = 0, SV_EXIT_FAIL = 1, SV_EXIT_USAGE = 2 };

/* Print "sockview: <text>" on stderr. */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "sockview: <text>" on stderr and exit with status. */
_Noreturn void msg_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print a usage error with the --help hint and exit 2. */
_Noreturn void msg_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
