/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_JSON_H
#define SOCKVIEW_FMT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct names;
struct nstable;
struct outbuf;
struct owners;
struct services;
struct sock_rec;
struct sockext_table;
struct unix_rec;
struct units;

/*
 * The JSON listing: one array of socket objects, or one object per line
 * (--json=lines). Field names are stable; sockview(1) documents them.
 *
 * Strings are escaped per RFC 8259, and the output is always valid
 * UTF-8. Bytes that are not valid UTF-8 (a process name is any bytes)
 * cannot be carried as they are, so the decoded string shows each as
 * the four characters \xHH, and a backslash of the input as two
 * backslashes: after JSON decoding, a backslash always starts "\\" or
 * "\xHH", and the original bytes can be told apart and recovered.
 */

struct fmt_json_opts {
	bool lines;			 /* one object per line, no array */
	bool hosts;			 /* -r: add "host" names to addresses */
	const struct services *services; /* NULL: every service null */
	struct names *names;		 /* user names; host names with hosts */
	const struct owners *owners; /* NULL: "owners" empty, status "none" */
	const struct nstable *netns; /* -N all: a "netns" on every row */
	/* --units, --unit: "cgroup", "unit" and "container" on every row;
	 * NULL: none of them */
	const struct units *units;
	const struct sockext_table *ext; /* -i, -m: the sockets' data */
	unsigned show;			 /* -i, -m: SOCKEXT_SHOW_* */
};

/* Per-row additions; either may be NULL. */
struct fmt_json_extra {
	const char *explain; /* --explain: "explain" */
	const char *event;   /* --diff: "event" (new, closed) */
};

/* What comes before the first object ("[" for an array). */
void fmt_json_begin(FILE *fp, const struct fmt_json_opts *jo);
/* One socket's object; first tells whether a separator goes before it;
 * extra may be NULL. */
void fmt_json_row(FILE *fp, const struct fmt_json_opts *jo,
    const struct sock_rec *rec, bool first, const struct fmt_json_extra *extra);
/* One UNIX socket's object (-x); first as for fmt_json_row. Fields
 * that the source does not know (RefCnt from netlink, the peer and the
 * queues from /proc) are null. */
void fmt_json_unix_row(FILE *fp, const struct fmt_json_opts *jo,
    const struct unix_rec *rec, bool first);
/* What comes after the last object ("]" for an array). */
void fmt_json_end(FILE *fp, const struct fmt_json_opts *jo, bool empty);
/* For the formatters of other records (packet, netlink sockets): s
 * as a JSON string, or null for NULL; */
void fmt_json_put_string(struct outbuf *ob, const char *s);
/* the "owners" and "owners_status" fields of the socket inode; */
void fmt_json_put_owners(struct outbuf *ob, const struct fmt_json_opts *jo,
    uint64_t inode);
/* the "uid" and "user" fields; */
void fmt_json_put_user(struct outbuf *ob, const struct fmt_json_opts *jo,
    uint32_t uid);
/* what goes before an object (the separator), */
void fmt_json_open(struct outbuf *ob, const struct fmt_json_opts *jo,
    bool first);
/* and its end: extra's fields (may be NULL), the brace, the newline. */
void fmt_json_close(struct outbuf *ob, const struct fmt_json_opts *jo,
    const struct fmt_json_extra *extra);
/* n bytes of s as a quoted, escaped JSON string. */
void fmt_json_string(FILE *fp, const char *s, size_t n);
/* Escape n bytes of in, without quotes, into out (size bytes,
 * NUL-terminated, cut short rather than overflow, never inside an
 * escape); returns the length written. */
size_t fmt_json_escape(const char *in, size_t n, char *out, size_t size);

/* Room that escaping n bytes may need, with the NUL. */
#define FMT_JSON_ESCAPE_SIZE(n) ((n)*6 + 1)

#endif
