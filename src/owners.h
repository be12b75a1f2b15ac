/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_OWNERS_H
#define SOCKVIEW_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fdscan.h"

/*
 * The owners step: which processes hold each socket, and their names.
 * A scan reads fd links (fdscan.c) and indexes them by inode
 * (inodeidx.c); owners_resolve then loads the program names of the
 * owners to be shown (procname.c). A scan of all processes reads the
 * names of those holding a socket it keeps as it goes, on its threads,
 * which leaves owners_resolve only what that missed. What is printed
 * afterwards only looks up: the formatters take a const table and read
 * no file.
 */
struct owners;
struct owners_job;

/* Why a socket has no owner to show. */
enum owners_status {
	OWNERS_FOUND,  /* at least one owner */
	OWNERS_NONE,   /* inode 0, an orphan, or another namespace's */
	OWNERS_HIDDEN, /* not found while some processes were unreadable */
	OWNERS_GONE,   /* its owner exited during the scan */
};

/* What the scan saw besides owners. */
struct owners_stats {
	size_t processes; /* processes whose fds were read */
	/* processes whose fds or name could not be read, for any reason
	 * but their exit: EACCES, EMFILE, ... */
	size_t hidden;
	size_t denied;	/* of those, for EACCES or EPERM */
	int error;	/* the first errno of the others, or 0 */
	size_t sockets; /* socket links found */
};

/* Why the owners under proc_root cannot be read through the task_file
 * BPF iterator (taskfiles.c), which stands for the walk of /proc/PID/fd
 * where it may: only with CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN),
 * for the initial pid namespace's /proc, and not with
 * SOCKVIEW_OWNERS=proc. NULL where it may (the kernel may still refuse
 * the program: then the walk it is). */
const char *owners_taskfiles_refusal(const char *proc_root);
/* An empty table for proc_root ("/proc"). Caller frees. */
struct owners *owners_new(const char *proc_root);
/* Free; accepts NULL. */
void owners_free(struct owners *ow);
/* Cut scans up as plan says (borrowed; NULL: the defaults). */
void owners_set_plan(struct owners *ow, const struct fdscan_plan *plan);
/* Scan every process; with wanted (sorted inodes, n of them), stop as
 * soon as each has an owner, which then is its lowest pid. Returns 0 or
 * -errno when proc_root cannot be read. */
int owners_scan_all(struct owners *ow, const uint64_t *wanted, size_t n);
/* Start the next owners_scan_all on a thread, while the caller dumps
 * the socket table: it lists the processes and reads their fds until
 * owners_scan_all joins it; a round (owners_begin_round) or owners_free
 * drops a scan that none took. */
void owners_read_ahead(struct owners *ow);
/* Scan one process; returns 0, -ENOENT (no such process), or why its fds
 * could not be read whole (-EACCES, -EMFILE, ...). */
int owners_scan_pid(struct owners *ow, pid_t pid);
/* Scan pids (n of them, borrowed) on a thread of its own, so the caller
 * can list sockets meanwhile; ow is not to be used until
 * owners_scan_pids_end. */
struct owners_job *owners_scan_pids_begin(struct owners *ow, const pid_t *pids,
    size_t n);
/* Wait for the scan and free job; returns 0, or owners_scan_pid's error
 * for the pid it stopped at (*failed). */
int owners_scan_pids_end(struct owners_job *job, pid_t *failed);
/* Load the program names of inode's owners, once per process; a name
 * that cannot be read (but for an exit) is counted in the stats. */
void owners_resolve(struct owners *ow, uint64_t inode);
/* The same for every owner the scans found. */
void owners_resolve_all(struct owners *ow);
/* The owners of inode, lowest pid first, in *out (borrowed, valid until
 * the next scan); returns how many. */
size_t owners_find(const struct owners *ow, uint64_t inode,
    const struct owner **out);
/* Why inode has no owner, or OWNERS_FOUND, from the names resolved. */
enum owners_status owners_status(const struct owners *ow, uint64_t inode);
/* The escaped program name of pid as resolved; NULL when it was not, or
 * the process exited. */
const char *owners_comm(const struct owners *ow, int32_t pid);
/* The program name of pid as the kernel holds it, unescaped (any bytes
 * but NUL); NULL as for owners_comm. */
const char *owners_comm_raw(const struct owners *ow, int32_t pid);
/* netstat's "PID/Program name" for inode ("-" when unknown) into buf;
 * returns the length. Accepts a NULL table. */
size_t owners_label(const struct owners *ow, uint64_t inode, char *buf,
    size_t size);
/* Start a round of -c/--continuous: forget the fd scan and its counts,
 * keep the allocations and the program names resolved in the round
 * before (procname_begin_round). */
void owners_begin_round(struct owners *ow);
/* Take n links (copied) and the counts of the scan that found them as
 * if scanned now: a recording's (--replay). From then on no name is read
 * from /proc: those not preset are of processes gone. */
void owners_add_recorded(struct owners *ow, const struct owner *ents, size_t n,
    const struct owners_stats *stats);
/* Take raw (n bytes) as pid's program name, as a recording says. */
void owners_preset_name(struct owners *ow, int32_t pid, const char *raw,
    size_t n);
/* Every link the scans found, in no order: *n of them; borrowed, valid
 * until the next scan. */
const struct owner *owners_links(const struct owners *ow, size_t *n);
/* Counts from the scans and names so far. */
struct owners_stats owners_stats(const struct owners *ow);

#endif
