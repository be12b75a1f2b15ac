/* SPDX-License-Identifier: MIT */
#include "serve_udp.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "servelog.h"
#include "xalloc.h"

/* The largest UDP datagram. */
#define SERVE_UDP_DGRAM_SIZE 65536
/* Datagrams read per wakeup: the other descriptors get their turn. */
#define SERVE_UDP_BATCH 64
/* Sources counted for the echo rate; colliding ones share a count. */
#define SERVE_UDP_SLOTS 64

/* The echoes sent to one source in one second. */
struct echo_slot {
	struct sockaddr_in6 src; /* IPv4 as ::ffff:a.b.c.d */
	time_t second;		 /* CLOCK_MONOTONIC */
	unsigned n;
};

struct serve_udp {
	int fd;
	uint16_t port;
	bool echo;
	struct servelog *log;
	struct serve_udp_counts n;
	struct echo_slot slots[SERVE_UDP_SLOTS];
	char buf[SERVE_UDP_DGRAM_SIZE];
};

struct serve_udp *
serve_udp_new(int fd, uint16_t port, bool echo, struct servelog *log)
{
	struct serve_udp *u = xcalloc(1, sizeof(*u));

	u->fd = fd;
	u->port = port;
	u->echo = echo;
	u->log = log;
	return u;
}

void
serve_udp_free(struct serve_udp *u)
{
	free(u);
}

const struct serve_udp_counts *
serve_udp_counts(const struct serve_udp *u)
{
	return &u->n;
}

/* ss as IPv6, IPv4 as ::ffff:a.b.c.d, so both forms compare equal. */
static void
to_sin6(const struct sockaddr_storage *ss, struct sockaddr_in6 *out)
{
	const struct sockaddr_in *sin = (const void *)ss;

	memset(out, 0, sizeof(*out));
	out->sin6_family = AF_INET6;
	if (ss->ss_family == AF_INET6) {
		memcpy(out, ss, sizeof(*out));
		out->sin6_flowinfo = 0;
		out->sin6_scope_id = 0;
		return;
	}
	out->sin6_port = sin->sin_port;
	out->sin6_addr.s6_addr[10] = 0xff;
	out->sin6_addr.s6_addr[11] = 0xff;
	memcpy(&out->sin6_addr.s6_addr[12], &sin->sin_addr, 4);
}

/* Whether src is this server: its port at an address of this machine
 * (127.0.0.1, ::1, ::ffff:127.0.0.1 or any other). An echo there would
 * come back to be echoed again, for ever. */
static bool
is_self(const struct serve_udp *u, const struct sockaddr_in6 *src)
{
	struct sockaddr_storage probe;
	socklen_t len;
	int fd;
	bool local;

	if (ntohs(src->sin6_port) != u->port)
		return false;
	/* an address binds only if it is one of this machine's */
	memset(&probe, 0, sizeof(probe));
	if (IN6_IS_ADDR_V4MAPPED(&src->sin6_addr)) {
		struct sockaddr_in *sin = (void *)&probe;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, &src->sin6_addr.s6_addr[12], 4);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (void *)&probe;

		*sin6 = *src;
		sin6->sin6_port = 0;
		len = sizeof(*sin6);
	}
	fd = socket(probe.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return true; /* cannot tell: do not risk the loop */
	local = bind(fd, (struct sockaddr *)&probe, len) == 0 ||
		errno != EADDRNOTAVAIL;
	close(fd);
	return local;
}

/* Whether src may have one more echo this second; says once a second
 * when it may not. */
static bool
echo_allowed(struct serve_udp *u, const struct sockaddr_in6 *src,
    const char *peer)
{
	const unsigned char *p = (const unsigned char *)&src->sin6_addr;
	uint32_t h = 2166136261u;
	struct echo_slot *slot;
	struct timespec now;
	size_t i;

	for (i = 0; i < sizeof(src->sin6_addr); i++)
		h = (h ^ p[i]) * 16777619u;
	h = (h ^ src->sin6_port) * 16777619u;
	slot = &u->slots[h % SERVE_UDP_SLOTS];
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (slot->second != now.tv_sec ||
	    slot->src.sin6_port != src->sin6_port ||
	    memcmp(&slot->src.sin6_addr, &src->sin6_addr,
		sizeof(src->sin6_addr)) != 0) {
		slot->src = *src;
		slot->second = now.tv_sec;
		slot->n = 0;
	}
	if (slot->n++ < SERVE_UDP_ECHO_RATE)
		return true;
	if (slot->n == SERVE_UDP_ECHO_RATE + 1)
		servelog_printf(u->log, false,
		    "echoes to %s withheld for the rest of this second: more "
		    "than %u a second",
		    peer, SERVE_UDP_ECHO_RATE);
	return false;
}

void
serve_udp_read(struct serve_udp *u)
{
	char preview[SERVELOG_PREVIEW_SIZE], peer[ADDR_TEXT_SIZE];
	struct sockaddr_storage ss;
	struct sockaddr_in6 src;
	socklen_t len;
	ssize_t n;
	int i;

	/* recvfrom() fills it; zeroed so that no reader sees garbage
	 * where a family reports a shorter address */
	memset(&ss, 0, sizeof(ss));
	for (i = 0; i < SERVE_UDP_BATCH; i++) {
		len = sizeof(ss);
		n = recvfrom(u->fd, u->buf, SERVE_UDP_DGRAM_SIZE, MSG_DONTWAIT,
		    (struct sockaddr *)&ss, &len);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			continue; /* a pending ICMP error; it is consumed */
		}
		u->n.datagrams++;
		u->n.in += (uint64_t)n;
		addr_text((struct sockaddr *)&ss, peer, sizeof(peer));
		servelog_preview(u->buf, (size_t)n, preview, sizeof(preview));
		servelog_printf(u->log, false,
		    "datagram of %zd bytes from %s: %s", n, peer, preview);
		if (!u->echo)
			continue;
		to_sin6(&ss, &src);
		if (is_self(u, &src)) {
			servelog_printf(u->log, false,
			    "not echoed to %s: that is this server's own port "
			    "(a forged or misdirected datagram)",
			    peer);
			u->n.withheld++;
			continue;
		}
		if (!echo_allowed(u, &src, peer)) {
			u->n.withheld++;
			continue;
		}
		if (sendto(u->fd, u->buf, (size_t)n,
			MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&ss,
			len) == n)
			u->n.out += (uint64_t)n;
		else
			servelog_printf(u->log, false, "echo to %s dropped: %s",
			    peer, strerror(errno));
	}
}
