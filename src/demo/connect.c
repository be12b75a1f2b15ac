/* SPDX-License-Identifier: MIT */
#include "connect.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "fdlimit.h"
#include "msg.h"
#include "sigfd.h"
#include "xalloc.h"

#define CONNECT_EVENTS 256
#define CONNECT_BUF_SIZE 16384
/* epoll data of the signalfd; connections use their index. */
#define CONNECT_SIGNAL UINT32_MAX
#define CONNECT_STR_(x) #x
#define CONNECT_STR(x) CONNECT_STR_(x)

struct conn {
	int fd;
	int err; /* 0: connected; -1: in progress; else errno */
	const struct addrinfo *ai; /* the address tried */
	char addr[ADDR_TEXT_SIZE]; /* its text */
	time_t deadline;	   /* CLOCK_MONOTONIC seconds */
};

struct connect_ctx {
	const struct connect_opts *o;
	struct addrinfo *res;
	struct conn *v;
	unsigned n, pending;
	int epfd, sfd;
	bool stopped; /* SIGINT or SIGTERM arrived */
};

static time_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Try c's addresses from c->ai on until one connects or is under way. */
static void
conn_start(struct connect_ctx *cx, unsigned i)
{
	struct conn *c = &cx->v[i];
	struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = i};

	for (; c->ai != NULL; c->ai = c->ai->ai_next) {
		addr_text(c->ai->ai_addr, c->addr, sizeof(c->addr));
		c->fd = socket(c->ai->ai_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (c->fd < 0) {
			c->err = errno;
			continue;
		}
		if (connect(c->fd, c->ai->ai_addr, c->ai->ai_addrlen) == 0) {
			c->err = 0;
			return;
		}
		if (errno == EINPROGRESS &&
		    epoll_ctl(cx->epfd, EPOLL_CTL_ADD, c->fd, &ev) == 0) {
			c->err = -1;
			c->deadline = now_s() + CONNECT_TIMEOUT_S;
			cx->pending++;
			return;
		}
		c->err = errno;
		close(c->fd);
		c->fd = -1;
	}
}

/* An attempt under way ended with err (0: connected). */
static void
conn_done(struct connect_ctx *cx, unsigned i, int err)
{
	struct conn *c = &cx->v[i];

	cx->pending--;
	if (err == 0) {
		/* a connected socket is always writable: stop watching it
		 * while the others connect (hold() watches it again) */
		epoll_ctl(cx->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		c->err = 0;
		return;
	}
	close(c->fd);
	c->fd = -1;
	c->err = err;
	c->ai = c->ai->ai_next;
	conn_start(cx, i);
}

static void
on_event(struct connect_ctx *cx, const struct epoll_event *ev)
{
	struct conn *c;
	socklen_t len;
	int err = 0;

	if (ev->data.u32 == CONNECT_SIGNAL) {
		if (sigfd_read(cx->sfd) != 0)
			cx->stopped = true;
		return;
	}
	c = &cx->v[ev->data.u32];
	if (c->err != -1)
		return;
	len = sizeof(err);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	conn_done(cx, ev->data.u32, err);
}

/* Open every connection at once; each attempt has its own deadline. */
static void
connect_all(struct connect_ctx *cx)
{
	struct epoll_event evs[CONNECT_EVENTS];
	time_t last = now_s();
	unsigned i;
	int k, n;

	for (i = 0; i < cx->n; i++) {
		cx->v[i].ai = cx->res;
		conn_start(cx, i);
	}
	while (cx->pending > 0 && !cx->stopped) {
		n = epoll_wait(cx->epfd, evs, CONNECT_EVENTS, 250);
		for (k = 0; k < n; k++)
			on_event(cx, &evs[k]);
		if (now_s() == last)
			continue;
		last = now_s();
		for (i = 0; i < cx->n; i++)
			if (cx->v[i].err == -1 && cx->v[i].deadline <= last)
				conn_done(cx, i, ETIMEDOUT);
	}
}

static const char *
conn_error_text(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "connection refused (nothing listens there)";
	case ETIMEDOUT:
		return "timed out (no answer in " CONNECT_STR(
		    CONNECT_TIMEOUT_S) " s)";
	case ENETUNREACH:
		return "network unreachable (no route to that network)";
	case EHOSTUNREACH:
		return "host unreachable (no route to it)";
	default:
		return strerror(err);
	}
}

/* One line per connection: the local end for those that connected,
 * the reason for the others (a run of the same reason said once).
 * Returns how many failed. */
static unsigned
report(struct connect_ctx *cx)
{
	char local[ADDR_TEXT_SIZE], last[160] = "", line[160];
	struct sockaddr_storage ss;
	unsigned i, failed = 0, same = 0;
	socklen_t len;

	for (i = 0; i < cx->n; i++) {
		struct conn *c = &cx->v[i];

		if (c->err == 0) {
			len = sizeof(ss);
			getsockname(c->fd, (struct sockaddr *)&ss, &len);
			addr_text((struct sockaddr *)&ss, local, sizeof(local));
			printf("connection %u: %s -> %s\n", i + 1, local,
			    c->addr);
			continue;
		}
		failed++;
		snprintf(line, sizeof(line), "cannot connect to %s: %s",
		    c->addr[0] ? c->addr : cx->o->target,
		    c->err == -1 ? "interrupted" : conn_error_text(c->err));
		if (strcmp(line, last) == 0) {
			same++;
			continue;
		}
		if (same > 0)
			msg_warn("(and %u more connections the same way)",
			    same);
		same = 0;
		msg_warn("%s", line);
		memcpy(last, line, sizeof(last));
	}
	if (same > 0)
		msg_warn("(and %u more connections the same way)", same);
	fflush(stdout);
	return failed;
}

/* Why an open connection ended: err from recv or send, 0 for its end. */
static const char *
lost_text(int err)
{
	if (err == 0)
		return "closed by the peer";
	if (err == ECONNRESET || err == EPIPE)
		return "reset by the peer";
	return strerror(err);
}

/* --hold: read and drop whatever arrives; stop at a signal. */
static int
hold(struct connect_ctx *cx)
{
	struct epoll_event evs[CONNECT_EVENTS], ev;
	char buf[4096];
	unsigned i, open = cx->n;
	ssize_t r;
	int k, n;

	for (i = 0; i < cx->n; i++) {
		ev.events = EPOLLIN;
		ev.data.u32 = i;
		if (epoll_ctl(cx->epfd, EPOLL_CTL_MOD, cx->v[i].fd, &ev) < 0)
			epoll_ctl(cx->epfd, EPOLL_CTL_ADD, cx->v[i].fd, &ev);
	}
	printf("holding %u connections, pid %ld; inspect with: sockview "
	       "%s%s%s-tnp --pid %ld\n",
	    cx->n, (long)getpid(), cx->o->netns ? "-N " : "",
	    cx->o->netns ? cx->o->netns : "", cx->o->netns ? " " : "",
	    (long)getpid());
	fflush(stdout);
	while (open > 0 && !cx->stopped) {
		n = epoll_wait(cx->epfd, evs, CONNECT_EVENTS, -1);
		for (k = 0; k < n; k++) {
			if (evs[k].data.u32 == CONNECT_SIGNAL) {
				on_event(cx, &evs[k]);
				continue;
			}
			i = evs[k].data.u32;
			r = recv(cx->v[i].fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (r > 0 || (r < 0 && errno == EAGAIN))
				continue;
			printf("connection %u: %s\n", i + 1,
			    lost_text(r == 0 ? 0 : errno));
			fflush(stdout);
			close(cx->v[i].fd);
			cx->v[i].fd = -1;
			open--;
		}
	}
	if (cx->stopped)
		return SV_EXIT_OK;
	msg_warn("every connection was closed by the peer");
	return SV_EXIT_FAIL;
}

/* Without --hold: standard input to the first connection, its replies
 * to standard output, until the peer closes or a signal. */
static int
forward(struct connect_ctx *cx)
{
	char up[CONNECT_BUF_SIZE], down[CONNECT_BUF_SIZE];
	size_t off = 0, len = 0;
	bool in_eof = false, shut = false;
	int fd = cx->v[0].fd;
	struct pollfd p[3];
	ssize_t r;

	for (;;) {
		p[0] = (struct pollfd){.fd = cx->sfd, .events = POLLIN};
		p[1] = (struct pollfd){.fd = in_eof || len > 0 ? -1 : 0,
		    .events = POLLIN};
		p[2] = (struct pollfd){.fd = fd,
		    .events = POLLIN | (len > 0 ? POLLOUT : 0)};
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			msg_warn("poll: %s", strerror(errno));
			return SV_EXIT_FAIL;
		}
		if (p[0].revents)
			return SV_EXIT_OK;
		if (p[1].revents) {
			r = read(STDIN_FILENO, up, sizeof(up));
			if (r > 0) {
				off = 0;
				len = (size_t)r;
			} else if (r == 0 ||
				   (errno != EINTR && errno != EAGAIN))
				in_eof = true;
		}
		if ((p[2].revents & POLLOUT) && len > 0) {
			r = send(fd, up + off, len,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (r < 0 && errno != EAGAIN && errno != EINTR)
				goto lost;
			if (r > 0) {
				off += (size_t)r;
				len -= (size_t)r;
			}
		}
		if (in_eof && len == 0 && !shut) {
			shutdown(fd, SHUT_WR);
			shut = true;
		}
		if (p[2].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = recv(fd, down, sizeof(down), MSG_DONTWAIT);
			if (r == 0)
				return SV_EXIT_OK;
			if (r < 0 && errno != EAGAIN && errno != EINTR)
				goto lost;
			if (r > 0 &&
			    (fwrite(down, 1, (size_t)r, stdout) != (size_t)r ||
				fflush(stdout) != 0))
				return SV_EXIT_FAIL;
		}
	}
lost:
	msg_warn("connection to %s: %s", cx->v[0].addr, lost_text(errno));
	return SV_EXIT_FAIL;
}

/* Room for every connection's descriptor; returns 0 or -1. */
static int
raise_fd_limit(unsigned count)
{
	unsigned long long want = (unsigned long long)count + 32;
	unsigned long long now = fdlimit_raise(want);

	if (now >= want)
		return 0;
	msg_warn("%u connections need %llu file descriptors; the limit is "
		 "%llu (see ulimit -n)",
	    count, want, now);
	return -1;
}

static int
resolve(struct connect_ctx *cx)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
	    .ai_socktype = SOCK_STREAM};
	const char *host = cx->o->host;
	char port[8];
	int err;

	snprintf(port, sizeof(port), "%u", cx->o->port);
	err = getaddrinfo(host, port, &hints, &cx->res);
	if (err != 0) {
		msg_warn("cannot resolve '%s': %s", host,
		    err == EAI_SYSTEM ? strerror(errno) : gai_strerror(err));
		return -1;
	}
	return 0;
}

int
connect_run(const struct connect_opts *o)
{
	struct connect_ctx cx = {.o = o, .n = o->count, .epfd = -1, .sfd = -1};
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = CONNECT_SIGNAL};
	int status = SV_EXIT_FAIL;
	unsigned i;

	if (resolve(&cx) < 0 || raise_fd_limit(o->count) < 0)
		goto out;
	/* SIGINT and SIGTERM come through a descriptor, polled with the
	 * rest */
	cx.sfd = sigfd_open();
	cx.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (cx.sfd < 0 || cx.epfd < 0 ||
	    epoll_ctl(cx.epfd, EPOLL_CTL_ADD, cx.sfd, &ev) < 0) {
		msg_warn("cannot set up: %s", strerror(errno));
		goto out;
	}
	cx.v = xcalloc(cx.n, sizeof(*cx.v));
	for (i = 0; i < cx.n; i++)
		cx.v[i].fd = -1;
	connect_all(&cx);
	if (report(&cx) > 0)
		goto out;
	status = o->hold ? hold(&cx) : forward(&cx);
out:
	for (i = 0; cx.v != NULL && i < cx.n; i++)
		if (cx.v[i].fd >= 0)
			close(cx.v[i].fd);
	free(cx.v);
	if (cx.res != NULL)
		freeaddrinfo(cx.res);
	if (cx.epfd >= 0)
		close(cx.epfd);
	if (cx.sfd >= 0)
		close(cx.sfd);
	return status;
}
