#ifndef SOCKVIEW_UNIXLIST_H
#define SOCKVIEW_UNIXLIST_H

struct cli_opts;

/* -x: list UNIX domain sockets in netstat -x's layout, on stdout, with
 * diagnostics through msg.h. Returns the exit status; dies on usage
 * errors (2) and failures (1). */
int unixlist_run(const struct cli_opts *o);

#endif
