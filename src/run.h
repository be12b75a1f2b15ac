/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_RUN_H
#define SOCKVIEW_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "filter.h"
#include "fmt_json.h"
#include "fmt_tcpinfo.h"
#include "fmt_text.h"
#include "sock.h"
#include "source.h"
#include "watch.h"

struct cli_opts;
struct names;
struct owners;
struct record;
struct replay;
struct run_netns;
struct services;
struct unixsock_list;
struct source_other;
struct units;

/*
 * The run context: what a listing finds at run time (the services file,
 * the name caches, the port filters resolved with them), beside the
 * request it serves, which stays as the command line made it. The
 * formatters read their tables from here (fmt, jo).
 *
 * The functions here are the top layer's: they print through msg.h and
 * exit 1 on a failure, 2 on a usage error, as main.c does, so that the
 * modules below stay quiet.
 */
struct run {
	const struct cli_opts *req;
	struct source_opts source; /* the request's, with what the output
				      needs from the kernel */
	struct filter flt;	   /* the request's, with port names */
	struct fmt_opts fmt;	   /* the request's flags, and the tables */
	struct fmt_json_opts jo;   /* likewise for JSON */
	struct services *svc;	   /* NULL: ports stay numeric */
	struct names *names;	   /* NULL: no user or host names */
	struct record *record;	   /* --record, until it is written */
	struct replay *replay;	   /* --replay */
	struct run_netns *netns;   /* -N all: every namespace; NULL */
	/* -i, -m: the sockets' data (NULL without), their line, and
	 * whether /proc's note is out */
	struct sockext_table *ext;
	struct fmt_tcpinfo_opts ti;
	bool *ext_noted;
};

/* Set up run for req: load what its output needs, resolve the port
 * filters; dies on an unreadable --services file (1) or a port name it
 * does not hold (2). run_fini frees. */
void run_init(struct run *run, const struct cli_opts *req);
/* Free what run_init loaded; a recording not finished is dropped. */
void run_fini(struct run *run);
/* --replay: the recording's owners and their names into ow, as if
 * scanned (with pids_only, only the --pid processes'); one note when it
 * holds none, and for each --pid process it does not know. */
void run_load_owners(const struct run *run, struct owners *ow, bool pids_only);
/* --record: keep the owners of ow (NULL: none were read) and their
 * names. */
void run_record_owners(struct run *run, const struct owners *ow);
/* --record: write the recording, now that the listing is out; dies when
 * it cannot be written. */
void run_finish_recording(struct run *run);
/* Die unless the file --services names (if any) can be read, for the
 * listings that print no name (-n, -x, -s) as for the others. */
void run_check_services(const struct cli_opts *req);

/* Feed the Internet sockets that flt selects to sink; dies when no
 * source works. */
void run_collect(const struct run *run, const struct filter *flt,
    sock_sink_fn sink, void *ctx);
/* --pid: whether its processes' sockets may be looked up one by one
 * (run_collect_pids), as far as is known before their fds are read: the
 * fd count procfs gives; false when a dump is the better or the only
 * way (see run.c). */
bool run_pids_may_look_up(const struct run *run);
/* --pid: feed the Internet sockets of the links of ow (the processes'
 * fd scan) that the request selects to sink, each looked up alone, and
 * return true; or feed nothing and return false when a dump of the
 * table is the better way after all. */
bool run_collect_pids(const struct run *run, const struct owners *ow,
    sock_sink_fn sink, void *ctx);
/* Every UNIX socket into out; dies when no source works. */
void run_collect_unix(const struct run *run, struct unixsock_list *out);
/* Every socket of kind (packet, netlink) to the sink ctx holds, as
 * source_collect_other reads them; dies when no source works. */
void run_collect_other(const struct run *run, const struct source_other *kind,
    void *ctx);

/* Die with the reason --pid's process pid could not be read, if err. */
void run_check_pid_scan(pid_t pid, int err);
/* Find the owners of the n inodes (sorted here, in place) into ow,
 * stopping once each has its lowest-pid owner. */
void run_scan_wanted(const struct run *run, struct owners *ow, uint64_t *inodes,
    size_t n);
/* Read every process's fds into ow (every owner of every socket). */
void run_scan_all(const struct run *run, struct owners *ow);
/* The note, once, that some processes could not be read. Accepts NULL. */
void run_warn_hidden(const struct owners *ow);
/* The note that some container metadata files were malformed and
 * ignored, naming the first; nothing when none was. */
void run_warn_container_metadata(const struct units *u);

/* -c: call round every interval until SIGINT or SIGTERM, or until ready
 * (NULL: none) says no; returns exit status 0, dies on a write error. */
int run_watch(const struct run *run, watch_round_fn round, watch_ready_fn ready,
    void *ctx);
/* -c --pid: whether any process of --pid is still there; when none is,
 * says so in one line and returns false. */
bool run_pids_remain(const struct cli_opts *req);

#endif
