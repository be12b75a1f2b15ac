/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_JSONEXT_H
#define SOCKVIEW_FMT_JSONEXT_H

struct outbuf;
struct sock_ext;
struct sock_rec;

/* -i and -m in JSON: the members that follow a socket's others. With
 * -i, on TCP rows: "congestion" (the algorithm's name, or null) and
 * "tcp_info" (an object of every field the kernel sent, under
 * sockext_fields' names, or null), and "cc_info" where the algorithm
 * has a block; with -m: "skmem" (an object, or null). x: NULL when the
 * kernel gave nothing. show: SOCKEXT_SHOW_*. */
void fmt_jsonext_members(struct outbuf *ob, const struct sock_rec *rec,
    const struct sock_ext *x, unsigned show);

#endif
