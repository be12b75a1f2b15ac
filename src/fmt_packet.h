/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_PACKET_H
#define SOCKVIEW_FMT_PACKET_H

#include <stdbool.h>
#include <stdio.h>

struct fmt_json_extra;
struct fmt_json_opts;
struct fmt_opts;
struct packet_rec;

/* Packet sockets (-0): text columns in netstat's manner, and JSON. */

/* The title and column header lines. */
void fmt_packet_header(FILE *fp, const struct fmt_opts *fo);
/* One socket's line; mark: --diff's '+', '-' or ' '. */
void fmt_packet_row(FILE *fp, const struct fmt_opts *fo,
    const struct packet_rec *rec, char mark);
/* One socket's JSON object; first: no separator before it. */
void fmt_packet_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct packet_rec *rec, bool first,
    const struct fmt_json_extra *extra);

#endif
