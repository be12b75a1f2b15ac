/* SPDX-License-Identifier: MIT */
#include "servelog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "xalloc.h"

enum servelog_mode {
	SERVELOG_WRITE, /* a file, or our own non-blocking descriptor */
	SERVELOG_SEND,	/* a socket: send(MSG_DONTWAIT) */
	SERVELOG_POLL,	/* a shared blocking pipe or terminal: poll first */
};

struct servelog {
	int fd;
	bool own_fd; /* reopened: ours to close */
	enum servelog_mode mode;
	int err; /* the first write that failed for good, -errno */
	size_t len;
	uint64_t dropped, gap;
	char buf[SERVELOG_SIZE];
};

struct servelog *
servelog_new(int fd)
{
	struct servelog *l = xcalloc(1, sizeof(*l));
	char path[64];
	struct stat st;
	int own;

	l->fd = fd;
	l->mode = SERVELOG_WRITE;
	if (fstat(fd, &st) < 0 || S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
		return l;
	if (S_ISSOCK(st.st_mode)) {
		l->mode = SERVELOG_SEND;
		return l;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	own = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (own >= 0) {
		l->fd = own;
		l->own_fd = true;
	} else {
		/* no /proc: a pipe that polls writable has a free page,
		 * so a write of PIPE_BUF bytes or fewer does not wait (a
		 * terminal is near enough) */
		l->mode = SERVELOG_POLL;
	}
	return l;
}

void
servelog_free(struct servelog *l)
{
	if (l == NULL)
		return;
	if (l->own_fd)
		close(l->fd);
	free(l);
}

int
servelog_fd(const struct servelog *l)
{
	return l->fd;
}

size_t
servelog_pending(const struct servelog *l)
{
	return l->len;
}

uint64_t
servelog_take_gap(struct servelog *l)
{
	uint64_t gap = l->gap;

	l->gap = 0;
	return gap;
}

uint64_t
servelog_dropped(const struct servelog *l)
{
	return l->dropped;
}

/* One write of at most n bytes that does not wait: bytes written, 0 when
 * the reader takes nothing now, or -errno. */
static ssize_t
write_once(struct servelog *l, const char *p, size_t n)
{
	struct pollfd pfd = {.fd = l->fd, .events = POLLOUT};
	ssize_t r;

	if (l->mode == SERVELOG_POLL) {
		if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLOUT))
			return 0;
		if (n > PIPE_BUF)
			n = PIPE_BUF;
	}
	if (l->mode == SERVELOG_SEND)
		r = send(l->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	else
		r = write(l->fd, p, n);
	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	return -errno;
}

int
servelog_flush(struct servelog *l)
{
	size_t off = 0;
	ssize_t r;

	while (l->err == 0 && off < l->len) {
		r = write_once(l, l->buf + off, l->len - off);
		if (r < 0)
			l->err = (int)r;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	memmove(l->buf, l->buf + off, l->len - off);
	l->len -= off;
	return l->err;
}

void
servelog_add(struct servelog *l, const char *line, size_t n, bool last)
{
	size_t cap = last ? SERVELOG_SIZE : SERVELOG_SIZE - SERVELOG_RESERVE;

	if (l->err != 0)
		return;
	if (n > cap - l->len) {
		l->dropped++;
		l->gap++;
		return;
	}
	memcpy(l->buf + l->len, line, n);
	l->len += n;
	servelog_flush(l);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
servelog_drain(struct servelog *l, int timeout_ms)
{
	long end = now_ms() + timeout_ms, left;
	struct pollfd pfd = {.fd = l->fd, .events = POLLOUT};

	while (servelog_flush(l) == 0 && l->len > 0) {
		left = end - now_ms();
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return;
	}
}

/* What snprintf wrote into size bytes. */
static size_t
clamp_len(int n, size_t size)
{
	if (n < 0 || size == 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

/* The local time to the millisecond, "HH:MM:SS.mmm ", into buf. */
static size_t
line_time(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	return clamp_len(snprintf(buf, size, "%02d:%02d:%02d.%03ld ",
			     tm.tm_hour, tm.tm_min, tm.tm_sec,
			     ts.tv_nsec / 1000000),
	    size);
}

void
servelog_vprintf(struct servelog *l, bool last, const char *fmt, va_list ap)
{
	char line[SERVELOG_LINE];
	size_t n = line_time(line, sizeof(line));
	uint64_t gap = 0;

	/* where lines went missing, say how many, once there is room */
	if (l->len + 2 * SERVELOG_LINE <= SERVELOG_SIZE - SERVELOG_RESERVE)
		gap = servelog_take_gap(l);
	if (gap > 0) {
		n +=
		    clamp_len(snprintf(line + n, sizeof(line) - n,
				  "(%llu log line%s dropped here: the log "
				  "reader was slow)\n",
				  (unsigned long long)gap, gap == 1 ? "" : "s"),
			sizeof(line) - n);
		servelog_add(l, line, n, last);
		n = line_time(line, sizeof(line));
	}
	n += clamp_len(vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap),
	    sizeof(line) - n - 1);
	line[n++] = '\n';
	servelog_add(l, line, n, last);
}

void
servelog_printf(struct servelog *l, bool last, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	servelog_vprintf(l, last, fmt, ap);
	va_end(ap);
}

size_t
servelog_preview(const char *data, size_t n, char *out, size_t size)
{
	size_t k = n < SERVELOG_PREVIEW_BYTES ? n : SERVELOG_PREVIEW_BYTES;
	size_t len = escape_text(data, k, out, size);

	if (k < n && len + 4 <= size) {
		memcpy(out + len, "...", 4);
		len += 3;
	}
	return len;
}
