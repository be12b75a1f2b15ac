#ifndef SOCKVIEW_KILL_H
#define SOCKVIEW_KILL_H

#include <stddef.h>

#include "sock.h"

/*
 * -K/--kill: close the TCP sockets a listing would show, as ss -K does,
 * through SOCK_DESTROY. The sockets are listed first and closed after,
 * so the dump never sees its own work.
 */

struct filter;
struct owners;
struct source_opts;

struct kill_result {
	size_t selected;    /* TCP sockets the filter selected */
	size_t closed;	    /* closed by us */
	size_t gone;	    /* closed or replaced before we got to them */
	size_t skipped;	    /* TIME_WAIT: nothing left to close */
	const char *failed; /* what failed, when it returns < 0 */
};

/* Told of each socket closed (rec as it was listed). */
typedef void (*kill_closed_fn)(const struct sock_rec *rec, void *ctx);

/* Close each TCP socket that flt selects and, when pid_owners is not
 * NULL, that one of its processes holds; on_closed hears of each. Stops
 * at the first error that would repeat for every socket: -EOPNOTSUPP
 * (no CONFIG_INET_DIAG_DESTROY), -EPERM (no CAP_NET_ADMIN), or a failed
 * listing (res->failed says which). Returns 0 or -errno. */
int kill_sockets(const struct source_opts *src, const struct filter *flt,
    const struct owners *pid_owners, kill_closed_fn on_closed, void *ctx,
    struct kill_result *res);

#endif
