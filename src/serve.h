#ifndef SOCKVIEW_SERVE_H
#define SOCKVIEW_SERVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct cli_opts;

/*
 * The --serve demo server: one listening socket and every client in one
 * epoll loop, a log line per event on stdout. Each client costs one
 * fixed buffer (--echo's pending bytes) whatever it sends or withholds.
 */

/* A client's pending echo: bytes received and not yet sent back. */
#define SERVE_BUF_SIZE 4096
struct serve_buf {
	size_t head, tail; /* pending bytes are data[head..tail) */
	char data[SERVE_BUF_SIZE];
};

/* Bytes of a client's data shown in its log line. */
#define SERVE_PREVIEW_BYTES 64
/* Room for the escaped preview, "..." and the NUL. */
#define SERVE_PREVIEW_SIZE (SERVE_PREVIEW_BYTES * 4 + 4)
/* Room for "[v6]:port" and the NUL. */
#define SERVE_ADDR_SIZE 56

/* Run the server until SIGINT or SIGTERM; returns the exit status. */
int serve_run(const struct cli_opts *o);

/* Where the next read may write, in the buffer; *room bytes (0 when
 * full). Moves pending bytes to the front when that frees room. */
char *serve_buf_room(struct serve_buf *b, size_t *room);
/* Record n bytes written at serve_buf_room's pointer. */
void serve_buf_filled(struct serve_buf *b, size_t n);
/* The pending bytes, *len of them; borrowed from b. */
const char *serve_buf_pending(const struct serve_buf *b, size_t *len);
/* Drop the first n pending bytes (they were sent). */
void serve_buf_sent(struct serve_buf *b, size_t n);

/* The first SERVE_PREVIEW_BYTES of n bytes of data, escaped to one line,
 * "..." after when cut, into out (size bytes); returns the length. */
size_t serve_preview(const char *data, size_t n, char *out, size_t size);
/* "127.0.0.1:9999" or "[::1]:9999" (IPv4-mapped shown as IPv4) into buf
 * (SERVE_ADDR_SIZE bytes); returns the length. */
size_t serve_addr_text(const struct sockaddr *sa, char *buf, size_t size);
/* Parse --bind's numeric address ("127.0.0.1", "::1", "[::1]") with
 * port into ss; returns 0, or -1 when it is no address. */
int serve_parse_addr(const char *text, uint16_t port,
    struct sockaddr_storage *ss, socklen_t *len);

#endif
