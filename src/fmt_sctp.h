/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_SCTP_H
#define SOCKVIEW_FMT_SCTP_H

#include <stdbool.h>
#include <stdio.h>

struct fmt_json_extra;
struct fmt_json_opts;
struct fmt_opts;
struct sctp_rec;

/* SCTP sockets (--sctp): netstat's Internet columns, the state as ss
 * names an association's; JSON with every address of each side. */

/* The title and column header lines. */
void fmt_sctp_header(FILE *fp, const struct fmt_opts *fo);
/* One socket's line; mark: --diff's '+', '-' or ' '. */
void fmt_sctp_row(FILE *fp, const struct fmt_opts *fo,
    const struct sctp_rec *rec, char mark);
/* One socket's JSON object; first: no separator before it. */
void fmt_sctp_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct sctp_rec *rec, bool first, const struct fmt_json_extra *extra);

#endif
