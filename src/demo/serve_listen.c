/* SPDX-License-Identifier: MIT */
#include "serve_listen.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "fdlimit.h"
#include "msg.h"

/* A socket bound to --bind, or to [::] with IPv4 too, or to 0.0.0.0
 * where IPv6 is absent; returns the descriptor or -errno. */
int
serve_listen_open(const struct serve_opts *o, struct sockaddr_storage *ss)
{
	int type =
	    (o->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
	int fd, off = 0, on = 1, err;
	socklen_t len;

	if (o->bind_addr == NULL) {
		addr_parse("::", o->port, ss, &len);
		fd = socket(AF_INET6, type, 0);
		if (fd < 0 && errno == EAFNOSUPPORT) {
			addr_parse("0.0.0.0", o->port, ss, &len);
			fd = socket(AF_INET, type, 0);
		}
	} else {
		if (addr_parse(o->bind_addr, o->port, ss, &len) < 0)
			return -EINVAL;
		fd = socket(ss->ss_family, type, 0);
	}
	if (fd < 0)
		return -errno;
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	/* a restart may reuse a port whose old connections are in TIME_WAIT;
	 * a second listener still gets EADDRINUSE */
	if (!o->udp)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)ss, len) < 0 ||
	    (!o->udp && listen(fd, SOMAXCONN) < 0) ||
	    getsockname(fd, (struct sockaddr *)ss, &len) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* Why the listener could not be opened, in the user's terms. */
void
serve_listen_report(const struct serve_opts *o, int err)
{
	const char *proto = o->udp ? "UDP" : "TCP";
	const char *where = o->bind_addr ? o->bind_addr : "every address";

	if (err == -EADDRINUSE)
		msg_warn("cannot listen on %s port %u: address already in use "
			 "(only one socket may bind a port; 'sockview -%slnp' "
			 "shows which process has it)",
		    proto, o->port, o->udp ? "u" : "t");
	else if (err == -EACCES && o->port > 0 && o->port < 1024)
		msg_warn("cannot listen on %s port %u: ports below 1024 need "
			 "root or the CAP_NET_BIND_SERVICE capability",
		    proto, o->port);
	else if (err == -EADDRNOTAVAIL)
		msg_warn("cannot listen on %s port %u: %s is not an address "
			 "of this machine",
		    proto, o->port, where);
	else
		msg_warn("cannot listen on %s port %u (%s): %s", proto, o->port,
		    where, strerror(-err));
}

/* Room for every client's descriptor, as far as the hard limit allows. */
void
serve_listen_make_room(unsigned max_clients)
{
	unsigned long long want = (unsigned long long)max_clients + 32;
	unsigned long long now = fdlimit_raise(want);

	if (now < want)
		msg_warn("only %llu file descriptors: fewer than %u clients "
			 "fit; more wait until others leave",
		    now, max_clients);
}

void
serve_listen_banner(const struct serve_opts *o,
    const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char addr[ADDR_TEXT_SIZE], limit[48] = "", idle[48] = "";
	char *colon;
	long pid = (long)getpid();

	addr_text((const struct sockaddr *)ss, addr, sizeof(addr));
	colon = strrchr(addr, ':');
	*colon = '\0';
	if (!o->udp)
		snprintf(limit, sizeof(limit), ", at most %u clients",
		    o->max_clients);
	if (!o->udp && o->idle_timeout > 0)
		snprintf(idle, sizeof(idle), ", idle ones closed after %u s",
		    o->idle_timeout);
	/* -N: the hint looks into the same namespace */
	snprintf(buf, size,
	    "listening on %s %s port %s%s, pid %ld%s%s%s; inspect with: "
	    "sockview %s%s%s-%cnp --pid %ld",
	    o->udp ? "UDP" : "TCP", addr, colon + 1,
	    strcmp(addr, "[::]") == 0 ? " (IPv4 and IPv6)" : "", pid,
	    o->echo ? ", echo on" : "", limit, idle, o->netns ? "-N " : "",
	    o->netns ? o->netns : "", o->netns ? " " : "", o->udp ? 'u' : 't',
	    pid);
}
