/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_CLI_H
#define SOCKVIEW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "addr.h"
#include "filter.h"
#include "fmt_text.h"
#include "source.h"

/* The command line, parsed into what each stage needs. */

enum cli_mode {
	CLI_LIST,    /* the socket listing */
	CLI_SERVE,   /* --serve PORT */
	CLI_CONNECT, /* --connect HOST:PORT */
	CLI_HELP,
	CLI_VERSION,
};

enum cli_color {
	CLI_COLOR_AUTO, /* on a terminal, unless NO_COLOR is set */
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER,
};

enum cli_summary {
	CLI_SUMMARY_OFF,
	CLI_SUMMARY_TEXT,	/* -s */
	CLI_SUMMARY_PROMETHEUS, /* -s --prometheus */
};

/* The kinds of socket record a listing shows (-A/--query, -x, -0,
 * --netlink), in the order they are listed. */
enum {
	CLI_KIND_INET = 1 << 0,	   /* struct sock_rec: -t -u -U -w --icmp */
	CLI_KIND_UNIX = 1 << 1,	   /* -x */
	CLI_KIND_PACKET = 1 << 2,  /* -0 */
	CLI_KIND_NETLINK = 1 << 3, /* --netlink */
	CLI_KIND_SCTP = 1 << 4,	   /* -S, --sctp */
	CLI_KIND_VSOCK = 1 << 5,   /* --vsock */
	CLI_KIND_XDP = 1 << 6,	   /* --xdp */
};

enum cli_json {
	CLI_JSON_OFF,
	CLI_JSON_ARRAY, /* -j, --json: one array */
	CLI_JSON_LINES, /* --json=lines: one object per line */
};

struct cli_opts {
	enum cli_mode mode;
	struct filter flt;
	struct fmt_opts fmt; /* flags only; tables are attached later */
	struct source_opts source;
	const char *services_path;
	bool services_given; /* --services: unreadable is an error */
	enum cli_json json;
	pid_t *pids; /* --pid, owned */
	size_t npids;

	/* --sport, --dport, --port: resolved once services are loaded */
	const char *sport_text, *dport_text, *port_text;
	enum cli_summary summary; /* -s; with -j, JSON */
	double interval;	  /* -c SECONDS; 0: once */
	bool diff;		  /* --diff: mark what changed between rounds */
	bool explain;		  /* --explain */
	bool unix_sockets;	  /* -x: UNIX domain sockets instead */
	unsigned kinds;		  /* CLI_KIND_*: what is listed */
	unsigned unix_types;	  /* -A unix_stream...: 1 << SOCK_*; 0 all */
	const char *netns;	  /* -N NAME|PATH|PID */
	const char *record_path;  /* --record FILE */
	const char *replay_path;  /* --replay FILE */
	bool kill;		  /* -K: close the selected TCP sockets */
	bool netns_all;		  /* -N all: every network namespace */
	enum cli_color color;
	bool units;	      /* --units: the Unit column */
	char **unit_patterns; /* --unit, owned */
	size_t nunit_patterns;

	/* --serve and --connect */
	uint16_t port;
	const char *bind_addr; /* --bind, or NULL for every interface */
	bool echo, udp, hold;
	unsigned max_clients;
	unsigned idle_timeout;		  /* --idle-timeout seconds; 0: never */
	const char *target;		  /* --connect HOST:PORT, as given */
	char target_host[ADDR_HOST_SIZE]; /* its HOST, without brackets */
	uint16_t target_port;
	unsigned count;
};

/* Parse argv into o; returns 0, or -1 with a one-line reason in why. */
int cli_parse(int argc, char **argv, struct cli_opts *o, char *why,
    size_t why_size);
/* Free what cli_parse allocated. */
void cli_opts_fini(struct cli_opts *o);
/* The --help text. */
void cli_usage(FILE *fp);

#endif
