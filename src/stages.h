#ifndef SOCKVIEW_STAGES_H
#define SOCKVIEW_STAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sock.h"
#include "watch.h"

struct cli_opts;
struct owners;
struct services;

/*
 * The steps every listing shares (Internet, UNIX, kill, summary), with
 * their diagnostics: these print through msg.h and exit 1 on a failure,
 * 2 on a usage error, like main.c.
 */

/* Feed the sockets o selects to sink; dies when no source works. */
void stages_collect(const struct cli_opts *o, sock_sink_fn sink, void *ctx);
/* The services file (with /etc/protocols for raw sockets), or NULL when
 * the default file is missing; dies when --services is unreadable.
 * Caller frees. */
struct services *stages_load_services(const struct cli_opts *o);
/* Die unless the file --services names (if any) can be read, for the
 * listings that print no name (-n, -x, -s) as for the others. */
void stages_check_services(const struct cli_opts *o);
/* Whether --sport, --dport or --port names a service. */
bool stages_ports_need_names(const struct cli_opts *o);
/* Parse --sport, --dport and --port into o's filter; dies (2) on a bad
 * value. svc may be NULL. */
void stages_resolve_ports(struct cli_opts *o, const struct services *svc);
/* Die with the reason --pid's process pid could not be read, if err. */
void stages_check_pid_scan(pid_t pid, int err);
/* Read the --pid processes' fds into ow; returns ow. */
struct owners *stages_scan_pids(const struct cli_opts *o, struct owners *ow);
/* Find the owners of the n inodes (sorted here, in place) into ow,
 * stopping once each has its lowest-pid owner; returns ow. */
struct owners *stages_scan_wanted(const struct cli_opts *o, struct owners *ow,
    uint64_t *inodes, size_t n);
/* Read every process's fds into ow (every owner of every socket). */
struct owners *stages_scan_all(const struct cli_opts *o, struct owners *ow);
/* The note, once, that some processes could not be read. Accepts NULL. */
void stages_warn_hidden(const struct owners *ow);
/* -c: call round every o->interval seconds until SIGINT or SIGTERM, or
 * until ready (NULL: none) says no; returns exit status 0, dies on a
 * write error. */
int stages_watch(const struct cli_opts *o, watch_round_fn round,
    watch_ready_fn ready, void *ctx);
/* -c --pid: whether any process of --pid is still there; when none is,
 * says so in one line and returns false. */
bool stages_pids_remain(const struct cli_opts *o);

#endif
