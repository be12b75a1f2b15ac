#ifndef SOCKVIEW_FDSCAN_H
#define SOCKVIEW_FDSCAN_H

#include <stddef.h>
#include <stdint.h>

struct owner;

/*
 * The socket links in the fd tables of many processes, for owners.c.
 * Reading a link (readlinkat) is almost all the cost of -p, so the work
 * is cut into chunks of fd numbers, shared by a few threads when there
 * is enough of it to pay for them.
 */
struct fdscan_result {
	struct owner *ents; /* the links kept, in no order; caller frees */
	size_t len;
	size_t processes; /* processes whose fd tables were opened */
	/* processes whose fd tables could not be read whole, for any
	 * reason but their exit (EACCES, EMFILE, ...) */
	size_t hidden;
	size_t denied;	/* of those, for EACCES or EPERM */
	int error;	/* the first errno of the others, or 0 */
	size_t sockets; /* socket links seen, kept or not */
};

/* Read the fd links of pids (n of them, ascending) under procfd, an open
 * proc root. Without wanted, keep every socket link; with wanted (sorted
 * inodes, nwanted of them), keep only theirs and stop once each has an
 * owner, which then is its lowest pid. Processes that exit meanwhile are
 * skipped. Fills *res. */
void fdscan_run(int procfd, const int32_t *pids, size_t n,
    const uint64_t *wanted, size_t nwanted, struct fdscan_result *res);

#endif
