/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NSFIND_H
#define SOCKVIEW_NSFIND_H

#include <stdbool.h>
#include <stddef.h>

struct containers;
struct nstable;

/*
 * -N all: find the machine's network namespaces. A namespace has no list
 * of its own in the kernel; it is reached through the files that hold it
 * open: each process's /proc/PID/ns/net, the names `ip netns add` binds
 * under /run/netns, and the ones Docker binds under /run/docker/netns
 * (its containers' SandboxKey). Only files of the nsfs filesystem count:
 * a file left under /run/netns after its namespace was unmounted names
 * none.
 */

struct nsfind_result {
	size_t processes;  /* whose namespace was read */
	size_t unreadable; /* whose namespace could not be (another user's) */
	bool pid1_unreadable; /* the host is then the kernel's initial one */
};

/* Every namespace into t (facts only; the caller names them with
 * nstable_finish): the distinct proc_root/PID/ns/net with the lowest pid
 * inside each, and the files under run_root/netns and
 * run_root/docker/netns. Returns 0, or -errno when proc_root cannot be
 * read. */
int nsfind_all(struct nstable *t, const char *proc_root, const char *run_root,
    struct nsfind_result *res);

/* The container behind each namespace that has no earlier name (not the
 * host's, no ip netns name), into its container label: a Docker
 * sandbox's (its file under /run/docker/netns) from Docker's metadata,
 * else the container whose cgroup holds the lowest pid inside
 * (proc_root/PID/cgroup). Metadata is read through c, once. */
void nsfind_containers(struct nstable *t, struct containers *c,
    const char *proc_root);

#endif
