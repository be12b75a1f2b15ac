/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FMT_TEXT_H
#define SOCKVIEW_FMT_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "filter.h"

struct names;
struct nstable;
struct outbuf;
struct owners;
struct services;
struct sock_rec;
struct units;

/* How the text listing looks: netstat -W's columns, byte for byte. */
struct fmt_opts {
	bool header;	    /* the two header lines */
	bool numeric_hosts; /* otherwise -r names hosts */
	bool numeric_ports; /* otherwise ports are named from services */
	bool numeric_users; /* -e's User column as a number */
	bool user_inode;    /* -e: User and Inode columns */
	bool owner;	    /* -p: PID/Program name column */
	bool timer;	    /* -o: Timer column */
	bool color;	    /* ANSI colours on the State column */
	bool marks;	    /* --diff: a 2-character mark before each row */
	enum filter_listen listen;	 /* for the title line */
	const struct services *services; /* NULL: numeric ports */
	struct names *names;		 /* user and host name cache */
	const struct owners *owners;	 /* socket owners, for -p */
	const struct nstable *netns;	 /* -N all: the Netns column */
	bool units;			 /* --units: the Unit column */
	const struct units *units_table; /* the sockets' units */
};

/* netstat's words for what a listing selects: "(only servers)". */
const char *fmt_text_title(enum filter_listen listen);
/* The title and column header lines. */
void fmt_text_header(FILE *fp, const struct fmt_opts *fo);
/* -e's User and Inode columns, each after a space (packet sockets have
 * them too). */
void fmt_text_user_inode(struct outbuf *ob, const struct fmt_opts *fo,
    uint32_t uid, uint64_t inode);
/* One socket's line. */
void fmt_text_row(FILE *fp, const struct fmt_opts *fo,
    const struct sock_rec *rec);
/* One socket's line; with fo->marks, mark ('+', '-' or ' ') and a space
 * come first, and the column header is indented to match. */
void fmt_text_row_mark(FILE *fp, const struct fmt_opts *fo,
    const struct sock_rec *rec, char mark);
/* The ANSI colour sequence for a State column text ("LISTEN"), or NULL
 * for none; borrowed. */
const char *fmt_text_state_color(const char *state);
/* "127.0.0.1:9999", "0.0.0.0:*", "::1:ssh" into buf (at least
 * FMT_TEXT_ENDPOINT_MAX bytes); returns the length. */
size_t fmt_text_endpoint(const struct fmt_opts *fo, const struct sock_rec *rec,
    bool local, char *buf);
/* --units' Unit column for the socket of that cgroup id (0: none) and
 * inode, escaped ("-" when not known), into buf; returns the length. */
size_t fmt_text_unit(const struct fmt_opts *fo, uint64_t cgroup_id,
    uint64_t inode, char *buf, size_t size);
/* netstat -o's timer text, "keepalive (7.20/0/0)"; returns the length. */
size_t fmt_text_timer(const struct sock_rec *rec, char *buf, size_t size);

/* -N all: the Netns column's text for the namespace whose inode is
 * netns ("-" when unknown), escaped; borrowed from fo->netns. */
const char *fmt_text_netns(const struct fmt_opts *fo, uint64_t netns);

#define FMT_TEXT_ENDPOINT_MAX 1100

#endif
