/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FAMILY_H
#define SOCKVIEW_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "watch.h"

struct explain;
struct owners;
struct fmt_json_extra;
struct reclist;
struct run;

/*
 * What the listing pipeline needs to know of one kind of socket record
 * (struct sock_rec for Internet sockets, struct unix_rec for -x): how to
 * collect, select and print it. The pipeline itself (pipeline.c) is the
 * same for every family; the request decides which one it runs.
 */

/* Takes one record of the family; returns 0, or -errno to stop. */
typedef int (*family_sink_fn)(const void *rec, void *ctx);

struct family {
	size_t rec_size;
	/* What makes a socket the same in two rounds (--diff). */
	watch_cmp_fn identity;
	/* Feed the sockets the run selects to sink, or with every, all
	 * of them (--explain pairs the halves of local connections across
	 * the whole table); dies when no source works. */
	void (*collect)(const struct run *run, bool every, family_sink_fn sink,
	    void *ctx);
	/* --pid: feed the selected sockets of the links in owners (the
	 * processes' fd scan) to sink, each looked up alone, and return
	 * true; false when only collect can (NULL: never). */
	bool (*collect_pids)(const struct run *run, const struct owners *ow,
	    family_sink_fn sink, void *ctx);
	/* The place of rec's kind in netstat's order of kinds (tcp, tcp6,
	 * udp, ...), in which collect gives them; NULL: one kind. */
	unsigned (*rank)(const void *rec);
	/* Whether the run selects rec: for the records that collect gave
	 * with every. */
	bool (*selected)(const struct run *run, const void *rec);
	uint64_t (*inode)(const void *rec);
	/* The title and column header lines. */
	void (*header)(FILE *fp, const struct run *run);
	/* One row; mark: --diff's '+', '-' or ' '; words: --explain's
	 * sentences or NULL. */
	void (*row)(FILE *fp, const struct run *run, const void *rec, char mark,
	    const char *words);
	/* One JSON object; first: no separator before it. */
	void (*json_row)(FILE *fp, const struct run *run, const void *rec,
	    bool first, const struct fmt_json_extra *extra);
	/* --explain over every socket in all (borrowed: it must outlive
	 * the explainer), and the sentences for one; NULL where the family
	 * has no explanations. */
	struct explain *(*explain_new)(const struct run *run,
	    const struct reclist *all, const struct owners *owners);
	size_t (*explain)(struct explain *ex, const void *rec, char *buf,
	    size_t size);
	/* -s: count rec into sum (struct summary); NULL where -s does not
	 * count the family (cli refuses it). */
	void (*count)(void *sum, const void *rec);
	/* Several families in one listing (family_multi): the family of
	 * rec, whose header comes before its first row; NULL for one. */
	const struct family *(*part)(const void *rec);
};

#endif
