/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_XDP_H
#define SOCKVIEW_FMT_XDP_H

#include <stdbool.h>
#include <stdio.h>

struct fmt_json_extra;
struct fmt_json_opts;
struct fmt_opts;
struct xdp_rec;

/* XDP sockets (--xdp): interface and queue, ring sizes, UMEM and
 * drops, in the manner of ss --xdp; and JSON. */

/* The title and column header lines. */
void fmt_xdp_header(FILE *fp, const struct fmt_opts *fo);
/* One socket's line; mark: --diff's '+', '-' or ' '. */
void fmt_xdp_row(FILE *fp, const struct fmt_opts *fo, const struct xdp_rec *rec,
    char mark);
/* One socket's JSON object; first: no separator before it. */
void fmt_xdp_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct xdp_rec *rec, bool first, const struct fmt_json_extra *extra);

#endif
