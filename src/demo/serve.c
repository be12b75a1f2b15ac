/* SPDX-License-Identifier: MIT */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "msg.h"
#include "serve_buf.h"
#include "serve_listen.h"
#include "serve_udp.h"
#include "servelog.h"
#include "sigfd.h"
#include "xalloc.h"

#define SERVE_EVENTS 256
/* Without --echo, one read of at most this much per ready client. */
#define SERVE_READ_SIZE 16384
/* Connections accepted per wakeup. */
#define SERVE_BATCH 64
/* Stopping: how long the log reader may take to take the summary. */
#define SERVE_DRAIN_MS 2000
/* Out of descriptors: retry accept() after this long. */
#define SERVE_PAUSE_MS 200
struct client {
	/* in the order of their last activity, the idlest first */
	struct client *prev, *next;
	uint64_t active_ms; /* CLOCK_MONOTONIC of the last byte in or out */
	int fd;
	uint32_t events; /* what epoll watches for it */
	bool eof;	 /* the peer sent its FIN */
	uint64_t in, out;
	char peer[ADDR_TEXT_SIZE];
	struct serve_buf buf; /* --echo only */
};

struct server {
	const struct serve_opts *o;
	int lfd, epfd, sfd;
	uint16_t port;	/* the port it listens on */
	int stop;	/* the signal that stops the server, or 0 */
	int listen_err; /* errno: the listener no longer accepts */
	struct client *clients, *last; /* the idlest, the busiest */
	size_t nclients;
	uint64_t served, refused, idled, in, out;
	bool paused;	   /* accept() waits for a free descriptor */
	bool pause_logged; /* once per shortage */
	struct timespec resume;
	struct servelog *log;
	bool log_watched;      /* epoll waits for room in the log */
	bool log_pollable;     /* the log is in the epoll set */
	char *scratch;	       /* SERVE_READ_SIZE */
	struct serve_udp *udp; /* --udp: the datagrams instead */
};

static void log_line(struct server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
log_line(struct server *srv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	servelog_vprintf(srv->log, false, fmt, ap);
	va_end(ap);
}

/* Wait for room in the log (EPOLLOUT) only while lines are pending;
 * once a round. */
static void
log_watch(struct server *srv)
{
	struct epoll_event ev = {.events = 0, .data.ptr = &srv->log};
	bool want = servelog_pending(srv->log) > 0;

	if (!srv->log_pollable || want == srv->log_watched)
		return;
	ev.events = want ? EPOLLOUT : 0;
	if (epoll_ctl(srv->epfd, EPOLL_CTL_MOD, servelog_fd(srv->log), &ev) ==
	    0)
		srv->log_watched = want;
}

static uint64_t
mono_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
}

static long
ms_until(const struct timespec *t)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (t->tv_sec - now.tv_sec) * 1000 +
	     (t->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms;
}

static void
watch(struct server *srv, struct client *c, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = c};

	if (c->events != events &&
	    epoll_ctl(srv->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->events = events;
}

static void
resume_accept(struct server *srv)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};

	if (epoll_ctl(srv->epfd, EPOLL_CTL_MOD, srv->lfd, &ev) == 0)
		srv->paused = false;
}

/* Out of descriptors or memory: stop watching the listener for a while
 * rather than spin on a connection accept() cannot take. */
static void
pause_accept(struct server *srv, int err)
{
	struct epoll_event ev = {.events = 0, .data.ptr = NULL};

	if (!srv->pause_logged)
		log_line(srv, "accept: %s; new connections wait (%zu clients)",
		    strerror(err), srv->nclients);
	srv->pause_logged = true;
	epoll_ctl(srv->epfd, EPOLL_CTL_MOD, srv->lfd, &ev);
	srv->paused = true;
	clock_gettime(CLOCK_MONOTONIC, &srv->resume);
	srv->resume.tv_nsec += SERVE_PAUSE_MS * 1000000L;
	if (srv->resume.tv_nsec >= 1000000000L) {
		srv->resume.tv_sec++;
		srv->resume.tv_nsec -= 1000000000L;
	}
}

static void
client_unlink(struct server *srv, struct client *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		srv->last = c->prev;
	c->prev = NULL;
	c->next = NULL;
}

static void
client_append(struct server *srv, struct client *c)
{
	c->prev = srv->last;
	c->next = NULL;
	if (srv->last != NULL)
		srv->last->next = c;
	else
		srv->clients = c;
	srv->last = c;
}

/* Bytes moved: c goes to the busy end of the list, so the idle ones
 * gather at its head and expiry looks at the head alone. */
static void
client_touch(struct server *srv, struct client *c)
{
	c->active_ms = mono_ms();
	if (srv->last != c) {
		client_unlink(srv, c);
		client_append(srv, c);
	}
}

static void
client_close(struct server *srv, struct client *c, const char *why)
{
	if (why != NULL)
		log_line(srv, "%s %s (fd %d): %llu bytes in, %llu out", why,
		    c->peer, c->fd, (unsigned long long)c->in,
		    (unsigned long long)c->out);
	close(c->fd);
	client_unlink(srv, c);
	free(c);
	srv->nclients--;
	if (srv->paused)
		resume_accept(srv);
}

/* The connection failed with err (from recv, send or SO_ERROR). */
static void
client_lost(struct server *srv, struct client *c, int err)
{
	char why[96];

	if (c->eof && (err == EPIPE || err == ECONNRESET || err == 0))
		client_close(srv, c, "closed by peer");
	else if (err == ECONNRESET || err == EPIPE || err == 0)
		client_close(srv, c, "reset by peer");
	else {
		snprintf(why, sizeof(why), "lost (%s)", strerror(err));
		client_close(srv, c, why);
	}
}

static void
client_add(struct server *srv, int fd, const struct sockaddr_storage *ss)
{
	struct client *c = xcalloc(1, sizeof(*c));
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};

	c->fd = fd;
	c->events = EPOLLIN;
	addr_text((const struct sockaddr *)ss, c->peer, sizeof(c->peer));
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		log_line(srv, "dropped %s (fd %d): %s", c->peer, fd,
		    strerror(errno));
		close(fd);
		free(c);
		return;
	}
	c->active_ms = mono_ms();
	client_append(srv, c);
	srv->nclients++;
	srv->served++;
	log_line(srv, "connected %s (fd %d, now %zu connected)", c->peer, fd,
	    srv->nclients);
}

/* --idle-timeout: close the clients that moved no byte for that long;
 * returns the milliseconds until the next one is due, or -1 for none. */
static int
expire_idle(struct server *srv)
{
	uint64_t limit = (uint64_t)srv->o->idle_timeout * 1000, now;
	struct client *c;

	if (limit == 0)
		return -1;
	now = mono_ms();
	while ((c = srv->clients) != NULL && now - c->active_ms >= limit) {
		log_line(srv,
		    "closed idle %s (fd %d): no data for %u s "
		    "(--idle-timeout), %llu bytes in, %llu out",
		    c->peer, c->fd, srv->o->idle_timeout,
		    (unsigned long long)c->in, (unsigned long long)c->out);
		srv->idled++;
		client_close(srv, c, NULL);
	}
	if (c == NULL)
		return -1;
	return (int)(c->active_ms + limit - now);
}

static void
accept_clients(struct server *srv)
{
	struct sockaddr_storage ss;
	char peer[ADDR_TEXT_SIZE];
	socklen_t len;
	int i, fd;

	for (i = 0; i < SERVE_BATCH; i++) {
		len = sizeof(ss);
		fd = accept4(srv->lfd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				pause_accept(srv, errno);
				return;
			}
			/* a listener closed under us (sockview -K, or
			 * SOCK_DESTROY from anyone) says EINVAL for ever,
			 * and epoll keeps reporting it: stop */
			if (errno == EINVAL || errno == EBADF ||
			    errno == ENOTSOCK || errno == EOPNOTSUPP) {
				srv->listen_err = errno;
				return;
			}
			/* ECONNABORTED, EPROTO, EPERM, network errors:
			 * that connection is gone, the next may be fine */
			continue;
		}
		srv->pause_logged = false;
		if (srv->nclients >= srv->o->max_clients) {
			addr_text((struct sockaddr *)&ss, peer, sizeof(peer));
			log_line(srv,
			    "refused %s: already %zu clients "
			    "(--max-clients)",
			    peer, srv->nclients);
			srv->refused++;
			close(fd);
			continue;
		}
		client_add(srv, fd, &ss);
	}
}

/* Send back what --echo holds; then wait for room (EPOLLOUT) or data
 * (EPOLLIN, unless the buffer is full or the peer has finished). */
static void
client_flush(struct server *srv, struct client *c)
{
	size_t len, room;
	const char *p = serve_buf_pending(&c->buf, &len);
	ssize_t n;
	uint32_t events;

	if (len > 0) {
		n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			client_lost(srv, c, errno);
			return;
		}
		if (n > 0) {
			serve_buf_sent(&c->buf, (size_t)n);
			c->out += (uint64_t)n;
			client_touch(srv, c);
			srv->out += (uint64_t)n;
		}
		serve_buf_pending(&c->buf, &len);
	}
	if (c->eof && len == 0) {
		client_close(srv, c, "closed by peer");
		return;
	}
	serve_buf_room(&c->buf, &room);
	events = len > 0 ? EPOLLOUT : 0;
	if (!c->eof && room > 0)
		events |= EPOLLIN;
	watch(srv, c, events);
}

/* One read per wakeup, so a fast sender cannot starve the others. */
static void
client_read(struct server *srv, struct client *c)
{
	char preview[SERVELOG_PREVIEW_SIZE];
	size_t room = SERVE_READ_SIZE;
	char *p = srv->scratch;
	ssize_t n;

	if (srv->o->echo)
		p = serve_buf_room(&c->buf, &room);
	if (room == 0)
		return;
	n = recv(c->fd, p, room, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		client_lost(srv, c, errno);
		return;
	}
	if (n == 0) {
		c->eof = true;
		client_flush(srv, c);
		return;
	}
	c->in += (uint64_t)n;
	client_touch(srv, c);
	srv->in += (uint64_t)n;
	servelog_preview(p, (size_t)n, preview, sizeof(preview));
	log_line(srv, "received %zd bytes from %s (fd %d): %s", n, c->peer,
	    c->fd, preview);
	if (srv->o->echo) {
		serve_buf_filled(&c->buf, (size_t)n);
		client_flush(srv, c);
	}
}

static void
client_event(struct server *srv, struct client *c, uint32_t events)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (events & EPOLLERR) {
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		client_lost(srv, c, err);
		return;
	}
	if ((events & EPOLLIN) ||
	    ((events & EPOLLHUP) && (c->events & EPOLLIN))) {
		client_read(srv, c);
		return;
	}
	if (events & EPOLLOUT) {
		client_flush(srv, c);
		return;
	}
	if (events & EPOLLHUP)
		client_close(srv, c, "closed by peer");
}

static int
serve_loop(struct server *srv)
{
	struct epoll_event evs[SERVE_EVENTS];
	int i, n, timeout, err;

	while (srv->stop == 0 && srv->listen_err == 0) {
		if ((err = servelog_flush(srv->log)) < 0) {
			/* SIGPIPE is ignored: a reader gone is EPIPE. Said
			 * once; what is left unwritten is dropped. */
			msg_warn("cannot write the log: %s", strerror(-err));
			return SV_EXIT_FAIL;
		}
		timeout = expire_idle(srv);
		if (srv->paused &&
		    (timeout < 0 || ms_until(&srv->resume) < timeout))
			timeout = (int)ms_until(&srv->resume);
		/* the signalfd is one of the watched descriptors: epoll
		 * reports every ready one within a few rounds, however
		 * busy the clients keep it */
		n = epoll_wait(srv->epfd, evs, SERVE_EVENTS, timeout);
		if (n < 0 && errno != EINTR) {
			msg_warn("epoll_wait: %s", strerror(errno));
			return SV_EXIT_FAIL;
		}
		for (i = 0; i < n && srv->stop == 0; i++) {
			if (evs[i].data.ptr == &srv->sfd)
				srv->stop = sigfd_read(srv->sfd);
			else if (evs[i].data.ptr == &srv->log)
				servelog_flush(srv->log);
			else if (evs[i].data.ptr == NULL && srv->udp != NULL)
				serve_udp_read(srv->udp);
			else if (evs[i].data.ptr == NULL)
				accept_clients(srv);
			else
				client_event(srv, evs[i].data.ptr,
				    evs[i].events);
		}
		if (srv->paused && ms_until(&srv->resume) == 0)
			resume_accept(srv);
		log_watch(srv);
	}
	if (srv->listen_err != 0) {
		log_line(srv,
		    "the listening socket was closed by another program "
		    "(accept: %s); stopping",
		    strerror(srv->listen_err));
		msg_warn("the listening socket of TCP port %u was closed by "
			 "another program (accept: %s); stopped",
		    srv->port, strerror(srv->listen_err));
		return SV_EXIT_FAIL;
	}
	return SV_EXIT_OK;
}

static void
log_summary(struct server *srv, size_t closed)
{
	const struct serve_udp_counts *u =
	    srv->udp ? serve_udp_counts(srv->udp) : NULL;
	uint64_t dropped = servelog_dropped(srv->log);
	char withheld[48] = "", idled[48] = "", lost[80] = "";
	const char *why = "stopped";

	if (u != NULL && u->withheld > 0)
		snprintf(withheld, sizeof(withheld), ", %llu echo%s withheld",
		    (unsigned long long)u->withheld,
		    u->withheld == 1 ? "" : "es");
	if (srv->idled > 0)
		snprintf(idled, sizeof(idled), ", %llu closed for idling",
		    (unsigned long long)srv->idled);
	if (dropped > 0)
		snprintf(lost, sizeof(lost),
		    "; %llu log line%s dropped (the log reader was slow)",
		    (unsigned long long)dropped, dropped == 1 ? "" : "s");
	if (srv->listen_err != 0)
		why = "listener closed";
	if (srv->stop == SIGINT)
		why = "SIGINT";
	else if (srv->stop == SIGTERM)
		why = "SIGTERM";

	/* the summary may use the room the log keeps for it */
	if (u != NULL)
		servelog_printf(srv->log, true,
		    "%s: closed the socket; served %llu datagram%s, %llu "
		    "bytes in, %llu bytes out%s%s",
		    why, (unsigned long long)u->datagrams,
		    u->datagrams == 1 ? "" : "s", (unsigned long long)u->in,
		    (unsigned long long)u->out, withheld, lost);
	else
		servelog_printf(srv->log, true,
		    "%s: closed %zu client%s and the listener; served "
		    "%llu client%s (%llu refused), %llu bytes in, %llu "
		    "bytes out%s%s",
		    why, closed, closed == 1 ? "" : "s",
		    (unsigned long long)srv->served,
		    srv->served == 1 ? "" : "s",
		    (unsigned long long)srv->refused,
		    (unsigned long long)srv->in, (unsigned long long)srv->out,
		    idled, lost);
}

int
serve_run(const struct serve_opts *o)
{
	struct server srv = {.o = o, .lfd = -1, .epfd = -1, .sfd = -1};
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	struct epoll_event sev = {.events = EPOLLIN, .data.ptr = &srv.sfd};
	struct epoll_event lev = {.events = 0};
	struct sockaddr_storage ss;
	char banner[SERVE_BANNER_SIZE];
	int status = SV_EXIT_FAIL;
	size_t closed;

	/* one write per log line, so `| grep` sees each as it happens;
	 * never one that waits for the reader */
	srv.log = servelog_new(STDOUT_FILENO);
	tzset();
	/* a reader gone is EPIPE from write(), said once */
	signal(SIGPIPE, SIG_IGN);
	srv.sfd = sigfd_open();
	if (srv.sfd < 0) {
		msg_warn("signalfd: %s", strerror(-srv.sfd));
		goto out;
	}
	if (!o->udp)
		serve_listen_make_room(o->max_clients);
	srv.lfd = serve_listen_open(o, &ss);
	if (srv.lfd < 0) {
		serve_listen_report(o, srv.lfd);
		goto out;
	}
	srv.port = addr_port(&ss);
	srv.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (srv.epfd < 0 ||
	    epoll_ctl(srv.epfd, EPOLL_CTL_ADD, srv.lfd, &ev) < 0 ||
	    epoll_ctl(srv.epfd, EPOLL_CTL_ADD, srv.sfd, &sev) < 0) {
		msg_warn("epoll: %s", strerror(errno));
		goto out;
	}
	/* a regular file cannot be in an epoll set, and needs no waiting */
	lev.data.ptr = &srv.log;
	srv.log_pollable =
	    epoll_ctl(srv.epfd, EPOLL_CTL_ADD, servelog_fd(srv.log), &lev) == 0;
	if (o->udp)
		srv.udp = serve_udp_new(srv.lfd, srv.port, o->echo, srv.log);
	else
		srv.scratch = xcalloc(1, SERVE_READ_SIZE);
	serve_listen_banner(o, &ss, banner, sizeof(banner));
	log_line(&srv, "%s", banner);
	status = serve_loop(&srv);

	closed = srv.nclients;
	while (srv.clients != NULL)
		client_close(&srv, srv.clients, NULL);
	if (servelog_flush(srv.log) == 0) {
		log_summary(&srv, closed);
		servelog_drain(srv.log, SERVE_DRAIN_MS);
	}
out:
	servelog_free(srv.log);
	free(srv.scratch);
	serve_udp_free(srv.udp);
	if (srv.epfd >= 0)
		close(srv.epfd);
	if (srv.lfd >= 0)
		close(srv.lfd);
	if (srv.sfd >= 0)
		close(srv.sfd);
	return status;
}
