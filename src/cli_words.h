/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CLI_WORDS_H
#define SOCKVIEW_CLI_WORDS_H

#include <stdbool.h>
#include <stddef.h>

struct cli_opts;

/*
 * The command line in three steps, private to the cli modules: cli.c
 * parses argv into a struct cli_opts and these words (what was said, as
 * it was said), cli_check.c checks that they go together, then derives
 * the request's settings from them. Every usage error is raised in these
 * steps, before anything is read.
 */
struct cli_words {
	unsigned protos, families;    /* -t -u -w, -4 -6; 0: none given */
	unsigned kinds;		      /* CLI_KIND_* named by -A, -0 */
	bool inet_given;	      /* -t -u -U -w --icmp */
	bool listening, all, numeric; /* -l, -a, -n */
	bool serve, connect;	      /* --serve, --connect */
	bool idle_given, prometheus;  /* --idle-timeout, --prometheus */
	bool help, version;
	const char *serve_only;	  /* a --serve option given, or NULL */
	const char *connect_only; /* a --connect option given, or NULL */
};

/* A count from 1 to max; returns 0 or -1. */
int cli_parse_count(const char *text, unsigned max, unsigned *out);
/* "1234,5678" appended to o's sorted --pid list without repeats (at most
 * 100,000 distinct); returns 0, or -1 with a reason. */
int cli_parse_pids(const char *text, struct cli_opts *o, const char **reason);
/* --unit's "nginx.service,docker:*" appended to o's patterns (at most
 * 1,000); returns 0, or -1 for an empty pattern. */
int cli_parse_units(const char *text, struct cli_opts *o);
/* -c's optional SECONDS: arg, or the next word of argv when it is a
 * number (optind moves past it); *text_out is what was read. Returns 0
 * or -1. */
int cli_parse_interval(const char *arg, int argc, char **argv, double *out,
    const char **text_out);
/* -A/--query's comma-separated names (ss's: all, inet, tcp, udp, raw,
 * unix, unix_stream, unix_dgram, unix_seqpacket, packet, netlink; and
 * udplite, icmp) added to w->protos, w->kinds and *unix_types; returns
 * 0, or -1 with *bad pointing at the unknown name and *bad_len its
 * length. */
int cli_parse_query(const char *text, struct cli_words *w, unsigned *unix_types,
    const char **bad, size_t *bad_len);
/* --color's word as an enum cli_color, or -1. */
int cli_parse_color(const char *text);
/* Write the reason into why (size bytes); returns -1. */
int cli_fail(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether the options go together; returns 0, or -1 with a reason. */
int cli_check(const struct cli_words *w, const struct cli_opts *o, char *why,
    size_t why_size);
/* The request's settings that follow from the words: protocols and
 * families, the listening switch, -n, --pid's implications, the mode. */
void cli_derive(const struct cli_words *w, struct cli_opts *o);

#endif
