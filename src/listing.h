#ifndef SOCKVIEW_LISTING_H
#define SOCKVIEW_LISTING_H

struct cli_opts;

/*
 * The commands on Internet sockets: the listing (text or JSON, once or
 * with -c), the summary (-s) and -K. Each writes to stdout, prints its
 * diagnostics through msg.h and returns the exit status.
 */

/* List the selected sockets. */
int listing_run(struct cli_opts *o);
/* -s: count them. */
int listing_summary_run(struct cli_opts *o);
/* -K: close the selected TCP sockets, printing each one closed. */
int listing_kill_run(struct cli_opts *o);

#endif
