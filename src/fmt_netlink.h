/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_NETLINK_H
#define SOCKVIEW_FMT_NETLINK_H

#include <stdbool.h>
#include <stdio.h>

struct fmt_json_extra;
struct fmt_json_opts;
struct fmt_opts;
struct netlink_rec;

/* Netlink sockets (--netlink): text columns in netstat's manner, and
 * JSON. */

/* The title and column header lines. */
void fmt_netlink_header(FILE *fp, const struct fmt_opts *fo);
/* One socket's line; mark: --diff's '+', '-' or ' '. */
void fmt_netlink_row(FILE *fp, const struct fmt_opts *fo,
    const struct netlink_rec *rec, char mark);
/* One socket's JSON object; first: no separator before it. */
void fmt_netlink_json(FILE *fp, const struct fmt_json_opts *jo,
    const struct netlink_rec *rec, bool first,
    const struct fmt_json_extra *extra);

#endif
