#ifndef SOCKVIEW_SERVE_H
#define SOCKVIEW_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The --serve demo server: one listening socket and every client in one
 * epoll loop, a log line per event on stdout. Each client costs one
 * fixed buffer (--echo's pending bytes) whatever it sends or withholds.
 * The UDP server is serve_udp.c; the log, servelog.c.
 */

/* What the command line asks of the server. */
struct serve_opts {
	uint16_t port;	       /* 0: any free port */
	const char *bind_addr; /* numeric; NULL: every interface */
	bool echo, udp;
	unsigned max_clients;
	unsigned idle_timeout; /* seconds; 0: never */
	const char *netns;     /* -N, entered by the caller: for the hint */
};

/* A client's pending echo: bytes received and not yet sent back. */
#define SERVE_BUF_SIZE 4096
struct serve_buf {
	size_t head, tail; /* pending bytes are data[head..tail) */
	char data[SERVE_BUF_SIZE];
};

/* Run the server until SIGINT or SIGTERM; returns the exit status. */
int serve_run(const struct serve_opts *o);

/* Where the next read may write, in the buffer; *room bytes (0 when
 * full). Moves pending bytes to the front when that frees room. */
char *serve_buf_room(struct serve_buf *b, size_t *room);
/* Record n bytes written at serve_buf_room's pointer. */
void serve_buf_filled(struct serve_buf *b, size_t n);
/* The pending bytes, *len of them; borrowed from b. */
const char *serve_buf_pending(const struct serve_buf *b, size_t *len);
/* Drop the first n pending bytes (they were sent). */
void serve_buf_sent(struct serve_buf *b, size_t n);

#endif
