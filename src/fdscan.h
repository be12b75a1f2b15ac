/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FDSCAN_H
#define SOCKVIEW_FDSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The fd-link layer under owners.c: which sockets the fd tables of
 * processes hold, read from <proc_root>/<pid>/fd. Reading a link
 * (readlinkat) is almost all the cost of -p, so the work is cut into
 * chunks of fd numbers, shared by a few threads when there is enough of
 * it to pay for them.
 */

/* One socket link: fd of pid is a "socket:[inode]". */
struct owner {
	uint64_t inode;
	int32_t pid;
	int32_t fd;
};

/* The name (comm) of a process that holds a link kept, read beside its
 * fds with FDSCAN_NAMES. A longer name than fits is left out, to be read
 * the usual way. */
struct fdscan_name {
	int32_t pid;
	uint8_t len;
	char comm[27]; /* len bytes, the kernel's newline taken off */
};

struct fdscan_result {
	struct owner *ents; /* the links kept, in no order; caller frees */
	size_t len;
	struct fdscan_name *names; /* with FDSCAN_NAMES; caller frees */
	size_t nnames;
	size_t processes; /* processes whose fd tables were opened */
	/* processes whose fd tables could not be read whole, for any
	 * reason but their exit (EACCES, EMFILE, ...) */
	size_t hidden;
	size_t denied;	/* of those, for EACCES or EPERM */
	int error;	/* the first errno of the others, or 0 */
	size_t sockets; /* socket links seen, kept or not */
	size_t threads; /* threads that read (1 or more) */
	bool bpf;	/* read through the task_file iterator (FDSCAN_BPF) */
};

/* How many fds pid has open, as far as is known cheaply; 0: unknown. */
typedef uint32_t (*fdscan_count_fn)(int procfd, int32_t pid, void *ctx);

/*
 * How a scan is cut up. The defaults (a NULL plan, or 0 and NULL
 * fields) are procfs's fd count, where the kernel gives it (Linux 6.2
 * and later), and a second thread from 4,096 fds on; tests put their
 * own, to drive the by-number reads, the chunks and the threads over a
 * fake tree.
 */
struct fdscan_plan {
	fdscan_count_fn count; /* NULL: procfs's st_size of <pid>/fd */
	void *count_ctx;
	size_t threads_from; /* fds (counted or guessed) for a 2nd thread */
	size_t max_threads;  /* at most this many, and the CPUs we have */
};

/* fdscan_run's flags: also read the name of each process that holds a
 * link kept, on the threads that read its fds, where a program name is
 * to be shown for it anyway. */
#define FDSCAN_NAMES 1u
/* Read every fd table in one pass of the kernel's task_file iterator
 * (taskfiles.c), then walk only what it passes over (pid 1); the proc
 * root must then be this pid namespace's /proc. Where the iterator
 * cannot be had, walk every process. */
#define FDSCAN_BPF 2u

/* Parse a fd link's text ("socket:[4242]"); returns 0 with *inode set,
 * or -1 for anything else. */
int fdscan_parse_link(const char *text, size_t len, uint64_t *inode);
/* The pids under the open proc root procfd, ascending, in *out (caller
 * frees) and *n; returns 0 or -errno. */
int fdscan_list_pids(int procfd, int32_t **out, size_t *n);
/* Read the fd links of pids (n of them, ascending) under procfd, an open
 * proc root, cut up as plan says (NULL: the defaults). Without wanted,
 * keep every socket link; with wanted (sorted inodes, nwanted of them),
 * keep only theirs and stop once each has an owner, which then is its
 * lowest pid. Processes that exit meanwhile are skipped. flags: 0 or
 * FDSCAN_NAMES. Fills *res. */
void fdscan_run(int procfd, const int32_t *pids, size_t n,
    const uint64_t *wanted, size_t nwanted, const struct fdscan_plan *plan,
    unsigned flags, struct fdscan_result *res);
struct fdscan_ahead;
/* Start a scan of every process under procfd (borrowed: open until the
 * scan ends) on a thread of its own, while the caller dumps the socket
 * table: it lists the processes and reads their fds, keeping every link
 * until fdscan_ahead_end says which are wanted. NULL when no thread is
 * to be had. plan and flags as fdscan_run's. */
struct fdscan_ahead *fdscan_ahead_begin(int procfd,
    const struct fdscan_plan *plan, unsigned flags);
/* Join the scan with this thread and end it, as fdscan_run with wanted
 * (kept: links kept before it was known that are not wanted stay in
 * *res); frees a. Returns 0, or -errno when the processes could not be
 * listed (then *res is empty: list them again, alone). */
int fdscan_ahead_end(struct fdscan_ahead *a, const uint64_t *wanted,
    size_t nwanted, struct fdscan_result *res);
/* Stop the scan where it is, and free a. */
void fdscan_ahead_cancel(struct fdscan_ahead *a);
/* Read one process's links, adding them and the counts to *acc (zeroed
 * by the caller first). Returns 0, -ENOENT (no such process), or why
 * its fds could not be read whole (-EACCES, -EMFILE, ...). */
int fdscan_pid(int procfd, pid_t pid, struct fdscan_result *acc);

struct fdscan_job;
/* --pid: read the links of pids (n of them, borrowed) under proc_root
 * one after the other, on a thread of its own so that the caller can
 * list sockets meanwhile (or at once, when no thread is to be had). */
struct fdscan_job *fdscan_job_begin(const char *proc_root, const pid_t *pids,
    size_t n);
/* Wait for the job and free it; *res gets every link read (caller frees
 * res->ents). Returns 0, or fdscan_pid's error for the pid it stopped at
 * (*failed). */
int fdscan_job_end(struct fdscan_job *job, struct fdscan_result *res,
    pid_t *failed);

#endif
