/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_UNIX_H
#define SOCKVIEW_FMT_UNIX_H

#include <stddef.h>
#include <stdio.h>

struct fmt_opts;
struct unix_rec;

/*
 * netstat -x's layout, byte for byte ("%-5s %-6ld %-11s %-10s %-13s
 * %-8lu", -p's " %-20s", then " " and the path). -e adds a Peer column
 * (the peer's inode) after I-Node. Reads header, user_inode (-e), owner
 * (-p), listen and owners of struct fmt_opts.
 */

/* The title and column header lines. */
void fmt_unix_header(FILE *fp, const struct fmt_opts *fo);
/* One socket's line. */
void fmt_unix_row(FILE *fp, const struct fmt_opts *fo,
    const struct unix_rec *rec);
/* A name made safe for a terminal line: printable ASCII and the space
 * kept, the backslash doubled, \n \t \r, every other byte \xHH. Writes
 * out (size bytes, NUL-terminated, cut short rather than overflow);
 * returns the length. */
size_t fmt_unix_path(const char *in, size_t n, char *out, size_t size);

#endif
