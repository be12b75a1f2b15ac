/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_VSOCK_H
#define SOCKVIEW_FMT_VSOCK_H

#include <stdbool.h>
#include <stdio.h>

struct fmt_json_extra;
struct fmt_json_opts;
struct fmt_opts;
struct vsock_rec;

/* vsock sockets (--vsock): type, state, local and peer cid:port, in
 * the manner of ss --vsock; and JSON. */

/* The title and column header lines. */
void fmt_vsock_header(FILE *fp, const struct fmt_opts *fo);
/* One socket's line; mark: --diff's '+', '-' or ' '. */
void fmt_vsock_row(FILE *fp, const struct fmt_opts *fo,
    const struct vsock_rec *rec, char mark);
/* One socket's JSON object; first: no separator before it. */
void fmt_vsock_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct vsock_rec *rec, bool first,
    const struct fmt_json_extra *extra);

#endif
