#ifndef SOCKVIEW_OWNERS_H
#define SOCKVIEW_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Which processes hold each socket: one pass over <proc_root>/<pid>/fd,
 * reading each "socket:[INODE]" link into a hash from inode to every
 * (pid, fd) owner. Program names (comm) are read later, once per
 * process, and only for processes whose sockets are printed.
 */
struct owners;
struct owners_job;

struct owner {
	uint64_t inode;
	int32_t pid;
	int32_t fd;
};

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

/* An empty table for proc_root ("/proc"). Caller frees. */
struct owners *owners_new(const char *proc_root);
/* Free; accepts NULL. */
void owners_free(struct owners *ow);
/* Scan every process; with wanted (sorted inodes, n of them), stop as
 * soon as each has an owner, which then is its lowest pid. Returns 0 or
 * -errno when proc_root cannot be read. */
int owners_scan_all(struct owners *ow, const uint64_t *wanted, size_t n);
/* Scan one process; returns 0, -ENOENT (no such process), or why its fds
 * could not be read whole (-EACCES, -EMFILE, ...). */
int owners_scan_pid(struct owners *ow, pid_t pid);
/* Scan pids (n of them, borrowed) one after the other on a thread of its
 * own, so the caller can list sockets meanwhile; ow is not to be used
 * until owners_scan_pids_end. */
struct owners_job *owners_scan_pids_begin(struct owners *ow, const pid_t *pids,
    size_t n);
/* Wait for the scan and free job; returns 0, or owners_scan_pid's error
 * for the pid it stopped at (*failed). */
int owners_scan_pids_end(struct owners_job *job, pid_t *failed);
/* The owners of inode, lowest pid first, in *out (borrowed, valid until
 * the next scan); returns how many. */
size_t owners_find(const struct owners *ow, uint64_t inode,
    const struct owner **out);
/* Why inode has no owner, or OWNERS_FOUND. */
enum owners_status owners_status(struct owners *ow, uint64_t inode);
/* The escaped program name of pid, read once; NULL when it exited. */
const char *owners_comm(struct owners *ow, int32_t pid);
/* The program name of pid as the kernel holds it, unescaped (any bytes
 * but NUL), read once; NULL when it exited. */
const char *owners_comm_raw(struct owners *ow, int32_t pid);
/* netstat's "PID/Program name" for inode ("-" when unknown) into buf;
 * returns the length. Accepts a NULL table. */
size_t owners_label(struct owners *ow, uint64_t inode, char *buf, size_t size);
/* Start a round of -c/--continuous: forget the fd scan and its counts,
 * keep the allocations and the program names of processes looked up in
 * the round before, dropping the rest (memory stays flat). From the
 * first call on, names come from <proc_root>/PID/stat, which also gives
 * the process's start time; a cached name is used again only while the
 * pid's start time is the same, so a reused pid is never taken for the
 * old process. */
void owners_begin_round(struct owners *ow);
/* Parse a /proc/PID/stat line (n bytes): the program name (*comm, *len,
 * pointing into text) and the start time (field 22, clock ticks after
 * boot). Returns 0, or -1 when it is malformed. */
int owners_parse_stat(const char *text, size_t n, const char **comm,
    size_t *len, uint64_t *start);
/* Counts from the scans so far. */
struct owners_stats owners_stats(const struct owners *ow);
/* Parse a fd link's text ("socket:[4242]"); returns 0 with *inode set,
 * or -1 for anything else. */
int owners_parse_link(const char *text, size_t len, uint64_t *inode);

#endif
