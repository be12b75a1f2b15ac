/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_RUN_NETNS_H
#define SOCKVIEW_RUN_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

struct filter;
struct nstable;
struct replay;
struct source_opts;
struct sockdiag;
struct unixsock_list;

/*
 * -N all, in the run context: the machine's network namespaces, found
 * and named once (nsfind, nstable), and the listing's sources asked in
 * each, one after the other, on a thread that entered it (netns.c). Each
 * record is stamped with its namespace's inode. Like run.c, this prints
 * its diagnostics and dies on failures.
 */
struct run_netns;

/* Find and name every namespace (the fd scan and /proc/PID paths under
 * proc_root, the bound ones under run_root); dies when proc_root cannot
 * be read. Caller frees. */
struct run_netns *run_netns_new(const char *proc_root, const char *run_root);
/* --replay of an -N all recording: its namespaces, with the names they
 * were recorded with; each is "entered" by replaying its dumps and files
 * (rp is borrowed, and must outlive the result). Caller frees. */
struct run_netns *run_netns_replayed(struct replay *rp);
/* -c: find the namespaces again, for a new round: new ones are added,
 * those gone keep their names (for --diff's closed rows) and are not
 * entered; the table's order and indexes change. Nothing for --replay. */
void run_netns_refresh(struct run_netns *rn);
/* Free; accepts NULL. */
void run_netns_free(struct run_netns *rn);
/* The namespaces, in the listing's order; borrowed. */
const struct nstable *run_netns_table(const struct run_netns *rn);
/* Feed the sockets flt selects in every namespace that can be entered to
 * sink, namespace after namespace; dies when no source works in one.
 * Returns the /proc lines that did not parse. The first call says, in
 * one note, how many namespaces could not be entered. */
size_t run_netns_collect(struct run_netns *rn, const struct source_opts *opts,
    const struct filter *flt, sock_sink_fn sink, void *ctx);
/* The same for UNIX sockets, appended to out. */
size_t run_netns_collect_unix(struct run_netns *rn,
    const struct source_opts *opts, struct unixsock_list *out);
/* Whether the i-th namespace of the table was listed (not refused, not
 * gone). */
bool run_netns_listed(const struct run_netns *rn, size_t i);
/* -K: the sock_diag socket of inode's namespace, opened there once and
 * kept (freed with rn); returns 0 or -errno. */
int run_netns_sockdiag(struct run_netns *rn, uint64_t inode,
    struct sockdiag **out);

#endif
