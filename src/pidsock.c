/* SPDX-License-Identifier: MIT */
#include "pidsock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "filter.h"
#include "sockdiag.h"
#include "xalloc.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SO_BINDTOIFINDEX
#define SO_BINDTOIFINDEX 62
#endif

/* Sockets to look up from which a second thread takes half: below, the
 * thread and its netlink socket cost more than it saves. */
#define PIDSOCK_THREAD_FROM 256

struct lookup_ctx {
	const struct filter *flt;
	sock_sink_fn sink;
	void *ctx;
};

static int
by_inode(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

static int
by_pid_fd(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

/* One link per socket (its lowest pid and fd), ordered by pid and fd
 * so that each process is opened once; returns how many. */
static size_t
one_link_each(const struct owner *links, size_t n, struct owner *out)
{
	size_t i, k = 0;

	memcpy(out, links, n * sizeof(*links));
	qsort(out, n, sizeof(*out), by_inode);
	for (i = 0; i < n; i++)
		if (k == 0 || out[k - 1].inode != out[i].inode)
			out[k++] = out[i];
	qsort(out, k, sizeof(*out), by_pid_fd);
	return k;
}

static void
end_from(struct sock_end *end, const struct sockaddr_storage *sa)
{
	memset(end, 0, sizeof(*end));
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		end->addr.s6_addr[10] = 0xff;
		end->addr.s6_addr[11] = 0xff;
		memcpy(&end->addr.s6_addr[12], &in->sin_addr, 4);
		end->port = ntohs(in->sin_port);
	} else if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		end->addr = in6->sin6_addr;
		end->port = ntohs(in6->sin6_port);
	}
}

static int
int_opt(int fd, int level, int name, int *value)
{
	socklen_t len = sizeof(*value);

	return getsockopt(fd, level, name, value, &len);
}

/* Whether TCP socket sock is closed (never bound, or bound only),
 * which no table a dump walks holds; -errno when that cannot be told. */
static int
tcp_closed(int sock)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(sock, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return -errno;
	return ti.tcpi_state == SOCK_ST_CLOSE;
}

/*
 * What the kernel needs to find sock (a duplicate of the process's fd)
 * alone, in key; returns 1 when there is a socket to ask for, 0 for one
 * no dump lists either (not an Internet socket, an unbound UDP socket, a
 * TCP socket that is closed), or -errno. Each call here is paid for
 * every socket of the process: what another call says already is not
 * asked (the family is getsockname's, and the cookie is left to the
 * inode, which the answer must carry).
 */
static int
name_socket(int sock, const struct filter *flt, struct sock_rec *key)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	int domain, proto, type, ifindex, closed;

	memset(&sa, 0, sizeof(sa));
	/* only a family that names no address says EOPNOTSUPP (AF_ALG) */
	if (getsockname(sock, (struct sockaddr *)&sa, &len) < 0)
		return errno == EOPNOTSUPP ? 0 : -errno;
	domain = sa.ss_family;
	if (domain != AF_INET && domain != AF_INET6)
		return 0;
	if (int_opt(sock, SOL_SOCKET, SO_PROTOCOL, &proto) < 0)
		return -errno;
	/* RAW, ping, UDP-Lite, SCTP, MPTCP: the dump knows how to list
	 * them; a lookup of one socket does not. A RAW socket of protocol
	 * 6 or 17 would pass for TCP or UDP but for its type, which is
	 * asked only where it could be one: the kernel gives a RAW socket
	 * its protocol as its port. */
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	/* sin_port and sin6_port lie alike */
	if (ntohs(((const struct sockaddr_in *)&sa)->sin_port) == proto &&
	    (int_opt(sock, SOL_SOCKET, SO_TYPE, &type) < 0 ||
		type != (proto == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM)))
		return -EPROTONOSUPPORT;
	if (!filter_wants(flt, (uint8_t)domain, (uint8_t)proto))
		return 0;
	memset(key, 0, sizeof(*key));
	key->family = (uint8_t)domain;
	key->proto = (uint8_t)proto;
	end_from(&key->local, &sa);
	/* in no table a dump walks: an unbound UDP socket, a TCP socket
	 * that was never bound or is closed (a connected one is neither:
	 * a closed socket has no peer) */
	len = sizeof(sa);
	if (getpeername(sock, (struct sockaddr *)&sa, &len) == 0)
		end_from(&key->remote, &sa);
	else if (errno != ENOTCONN)
		return -errno;
	else if (proto == IPPROTO_UDP && key->local.port == 0)
		return 0;
	else if (proto == IPPROTO_TCP && (closed = tcp_closed(sock)) != 0)
		return closed < 0 ? closed : 0;
	if (int_opt(sock, SOL_SOCKET, SO_BINDTOIFINDEX, &ifindex) == 0 &&
	    ifindex > 0)
		key->ifindex = (uint32_t)ifindex;
	return 1;
}

static int
selected_sink(const struct sock_rec *rec, void *data)
{
	const struct lookup_ctx *lc = data;

	return filter_match(lc->flt, rec) ? lc->sink(rec, lc->ctx) : 0;
}

/* The keys named so far, asked for together once the batch is full. */
struct batch {
	struct sock_rec keys[SOCKDIAG_BATCH];
	size_t n;
};

static int
flush(struct sockdiag *sd, struct batch *b, struct lookup_ctx *lc,
    bool want_info)
{
	int err = sockdiag_lookup_batch(sd, b->keys, b->n, want_info,
	    selected_sink, lc);

	b->n = 0;
	return err;
}

/* Name link's socket into the batch (asking for the batch when it is
 * full): its fd is duplicated out of its process (pidfd) and closed
 * again at once. A fd or process gone has nothing to list; a fd that
 * holds another file now is told by the answer's inode (or by a name
 * that fails), and the dump says what became of the socket. */
static int
look_up(struct sockdiag *sd, int pidfd, const struct owner *link,
    struct batch *b, struct lookup_ctx *lc, bool want_info)
{
	int sock = (int)syscall(SYS_pidfd_getfd, pidfd, link->fd, 0), err;

	if (sock < 0)
		return errno == EBADF || errno == ESRCH ? 0 : -errno;
	err = name_socket(sock, lc->flt, &b->keys[b->n]);
	close(sock);
	if (err <= 0)
		return err;
	b->keys[b->n++].inode = link->inode;
	return b->n == SOCKDIAG_BATCH ? flush(sd, b, lc, want_info) : 0;
}

/* One thread's part of the lookups: links (by pid and fd), n of them. */
struct part {
	struct sockdiag *sd;
	const struct owner *links;
	size_t n;
	struct lookup_ctx lc;
	bool want_info;
	int err;
};

static void *
look_up_part(void *data)
{
	struct part *pt = data;
	struct batch *b = xcalloc(1, sizeof(*b));
	int32_t pid = 0;
	int pidfd = -1, err = 0;
	size_t i;

	for (i = 0; i < pt->n && err == 0; i++) {
		if (pt->links[i].pid != pid) {
			if (pidfd >= 0)
				close(pidfd);
			pid = pt->links[i].pid;
			pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
			if (pidfd < 0 && errno != ESRCH) {
				err = -errno;
				break;
			}
		}
		if (pidfd >= 0)
			err = look_up(pt->sd, pidfd, &pt->links[i], b, &pt->lc,
			    pt->want_info);
	}
	if (err == 0 && b->n > 0)
		err = flush(pt->sd, b, &pt->lc, pt->want_info);
	if (pidfd >= 0)
		close(pidfd);
	free(b);
	pt->err = err;
	return NULL;
}

/* Whether a second thread may take half of k lookups: enough of them,
 * two CPUs, and no -i or -m, whose data goes to one table. */
static bool
worth_a_thread(const struct sockdiag *sd, size_t k)
{
	cpu_set_t set;

	return k >= PIDSOCK_THREAD_FROM && !sockdiag_keeps_ext(sd) &&
	       sched_getaffinity(0, sizeof(set), &set) == 0 &&
	       CPU_COUNT(&set) > 1;
}

int
pidsock_collect(struct sockdiag *sd, const struct owner *links, size_t n,
    const struct filter *flt, bool want_info, sock_sink_fn sink, void *ctx)
{
	struct owner *each = xcalloc(n ? n : 1, sizeof(*each));
	size_t k = one_link_each(links, n, each), i;
	struct sock_list got;
	struct part mine = {sd, each, k, {flt, sink, ctx}, want_info, 0},
		    other = {NULL, each + k / 2, k - k / 2,
			{flt, sock_list_sink, &got}, want_info, 0};
	pthread_t thread;
	bool helped = false;

	/* a second thread, on a netlink socket of its own, takes the second
	 * half: the lookups are syscalls, not waits, so two cores halve
	 * them; its records follow the first half's, in the same order */
	sock_list_init(&got);
	if (worth_a_thread(sd, k) && sockdiag_open(&other.sd) == 0) {
		helped =
		    pthread_create(&thread, NULL, look_up_part, &other) == 0;
		if (helped)
			mine.n = k / 2;
		else
			sockdiag_close(other.sd);
	}
	look_up_part(&mine);
	if (helped) {
		pthread_join(thread, NULL);
		sockdiag_close(other.sd);
		if (mine.err == 0)
			mine.err = other.err;
		for (i = 0; mine.err == 0 && i < got.len; i++)
			mine.err = sink(&got.v[i], ctx);
	}
	sock_list_fini(&got);
	free(each);
	return mine.err;
}
