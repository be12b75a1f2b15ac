/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NSTABLE_H
#define SOCKVIEW_NSTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * -N all: the network namespaces of the machine, one entry per inode
 * however many files and processes lead to it, and the name each one
 * shows in the Netns column. Finding them (nsfind.c) fills the facts;
 * naming them is pure logic, here, so that it is tested on its own.
 */

struct nstable_entry {
	uint64_t inode;
	int32_t pid;	 /* the lowest pid inside; 0: none seen */
	bool host;	 /* pid 1's namespace */
	char *path;	 /* a file that opens it (owned) */
	char *ipnetns;	 /* its name under /run/netns (owned); NULL */
	char *sandbox;	 /* its path under /run/docker/netns (owned); NULL */
	char *container; /* a container's label: "docker:web" (owned); NULL */
	char *recorded;	 /* --replay: the name it was recorded with (owned) */
	size_t recorded_at; /* --replay: its place in the recording */
	char *label; /* its name as bytes, for JSON (owned), once named */
	char *name;  /* the Netns column: label escaped (owned) */
};

struct nstable {
	struct nstable_entry *v;
	size_t len, cap;
	size_t *by_inode; /* indexes into v, by inode, once sorted */
	size_t hint;	  /* the entry nstable_add found last */
};

/* An empty table. */
void nstable_init(struct nstable *t);
/* Free every entry; the table is empty again. */
void nstable_fini(struct nstable *t);
/* The entry of inode, added (with no facts) when it is new; borrowed,
 * valid until the next add. */
struct nstable_entry *nstable_add(struct nstable *t, uint64_t inode);
/* Process pid is inside inode's namespace, which path (its
 * /proc/PID/ns/net) opens: the lowest pid is kept, with its path. */
void nstable_add_pid(struct nstable *t, uint64_t inode, int32_t pid,
    const char *path);
/* The name of e into buf (size bytes, NUL-terminated, cut short): the
 * recorded name (--replay), host, the ip netns name, the container, pid:PID,
 * ns:INODE, the first that is known. Returns the length. */
size_t nstable_label(const struct nstable_entry *e, char *buf, size_t size);
/* Name every entry (nstable_label, and escaped as program names are
 * for the Netns column) and put them in the listing's order:
 * the host first, then by name, pid:PID by pid, ns:INODE by inode;
 * recorded ones (--replay) in the recording's order. */
void nstable_finish(struct nstable *t);
/* The entry of inode, or NULL; after nstable_finish. Borrowed. */
const struct nstable_entry *nstable_find(const struct nstable *t,
    uint64_t inode);
/* The position of inode's entry in the listing's order, or t->len. */
size_t nstable_index(const struct nstable *t, uint64_t inode);

#endif
