/* SPDX-License-Identifier: MIT */
/*
 * Client behaviours for the --serve integration tests, each bounded in
 * bytes and time:
 *
 *   serve_helper many HOST PORT N [noecho]  N clients send a line each and
 *                                    (unless noecho) check its echo; print
 *                                    "ready", hold until SIGTERM
 *   serve_helper reset HOST PORT N   N clients send a line and reset
 *   serve_helper flood HOST PORT BYTES SECONDS read|noread
 *                                    send BYTES without a newline; read:
 *                                    expect them back; noread: never read,
 *                                    stop after SECONDS and reset
 *   serve_helper ping HOST PORT SECONDS  a line every 20 ms, each echoed
 *                                    within 2 s, for SECONDS
 *   serve_helper halfclose HOST PORT send a line, shut down writing, expect
 *                                    the line back and the end
 *   serve_helper udp HOST PORT TEXT  one datagram, its echo within 2 s
 *   serve_helper forge HOST PORT TEXT  one datagram to HOST:PORT whose
 *                                    source port is PORT too (a raw
 *                                    socket: HOST is 127.0.0.1 or ::1),
 *                                    as if the server had sent it
 *   serve_helper burst HOST PORT N   N datagrams at once from one socket;
 *                                    print how many echoes came back
 *                                    within 1 s
 *   serve_helper stall PORT          a listener on 127.0.0.1:PORT whose
 *                                    queue is full: SYNs go unanswered
 *
 * Exit 0 when the behaviour went as expected, 1 otherwise.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void
on_term(int signo)
{
	(void)signo;
	stop = 1;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dial(const char *host, const char *port, int type)
{
	struct addrinfo hints = {.ai_socktype = type}, *res;
	int fd;

	if (getaddrinfo(host, port, &hints, &res) != 0) {
		fprintf(stderr, "helper: cannot resolve %s\n", host);
		exit(1);
	}
	fd = socket(res->ai_family, res->ai_socktype, 0);
	if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
		fprintf(stderr, "helper: connect %s:%s: %s\n", host, port,
		    strerror(errno));
		exit(1);
	}
	freeaddrinfo(res);
	return fd;
}

/* Read exactly len bytes within timeout seconds; returns 0 or -1. */
static int
read_exact(int fd, char *buf, size_t len, double timeout)
{
	double end = now() + timeout;
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		double left = end - now();

		if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			return -1;
		n = recv(fd, buf + got, len - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void
send_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0) {
			fprintf(stderr, "helper: send: %s\n", strerror(errno));
			exit(1);
		}
		buf += n;
		len -= (size_t)n;
	}
}

static void
hard_close(int fd)
{
	struct linger l = {.l_onoff = 1, .l_linger = 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

static int
many(const char *host, const char *port, int n, int echo)
{
	char line[64], back[64];
	int *fds = calloc((size_t)n, sizeof(*fds)), i;

	for (i = 0; i < n; i++) {
		fds[i] = dial(host, port, SOCK_STREAM);
		snprintf(line, sizeof(line), "hello from client %d\n", i + 1);
		send_all(fds[i], line, strlen(line));
	}
	for (i = 0; echo && i < n; i++) {
		snprintf(line, sizeof(line), "hello from client %d\n", i + 1);
		if (read_exact(fds[i], back, strlen(line), 5) < 0 ||
		    memcmp(back, line, strlen(line)) != 0) {
			fprintf(stderr, "helper: client %d: no echo\n", i + 1);
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	return 0;
}

static int
resets(const char *host, const char *port, int n)
{
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = dial(host, port, SOCK_STREAM);
		send_all(fd, "about to reset\n", 15);
		hard_close(fd);
	}
	return 0;
}

static int
flood(const char *host, const char *port, long bytes, double secs, int rd)
{
	int fd = dial(host, port, SOCK_STREAM);
	double end = now() + secs;
	long sent = 0, got = 0;
	char buf[16384];

	memset(buf, 'x', sizeof(buf));
	while ((sent < bytes || (rd && got < bytes)) && now() < end) {
		struct pollfd p = {.fd = fd,
		    .events = (sent < bytes ? POLLOUT : 0) | (rd ? POLLIN : 0)};
		ssize_t k;

		if (poll(&p, 1, 100) <= 0)
			continue;
		if ((p.revents & POLLIN) &&
		    (k = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
			got += k;
			memset(buf, 'x', sizeof(buf));
		}
		if ((p.revents & POLLOUT) && sent < bytes) {
			size_t want = sizeof(buf);

			if ((long)want > bytes - sent)
				want = (size_t)(bytes - sent);
			k = send(fd, buf, want, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (k > 0)
				sent += k;
		}
	}
	printf("flood: sent %ld received %ld\n", sent, got);
	hard_close(fd);
	return rd ? !(sent == bytes && got == bytes) : !(sent > 0);
}

static int
ping(const char *host, const char *port, double secs)
{
	int fd = dial(host, port, SOCK_STREAM);
	double end = now() + secs, worst = 0, t;
	char line[64], back[64];
	long i;

	for (i = 1; now() < end; i++) {
		snprintf(line, sizeof(line), "ping %ld\n", i);
		t = now();
		send_all(fd, line, strlen(line));
		if (read_exact(fd, back, strlen(line), 2) < 0 ||
		    memcmp(back, line, strlen(line)) != 0) {
			printf("ping: no echo for ping %ld\n", i);
			return 1;
		}
		if (now() - t > worst)
			worst = now() - t;
		usleep(20000);
	}
	printf("ping: %ld echoes, slowest %.1f ms\n", i - 1, worst * 1000);
	close(fd);
	return 0;
}

static int
halfclose(const char *host, const char *port)
{
	int fd = dial(host, port, SOCK_STREAM);
	char back[16];

	send_all(fd, "half\n", 5);
	shutdown(fd, SHUT_WR);
	if (read_exact(fd, back, 5, 5) < 0 || memcmp(back, "half\n", 5) != 0)
		return 1;
	/* then the end */
	return read_exact(fd, back, 1, 5) == 0;
}

static int
udp(const char *host, const char *port, const char *text)
{
	int fd = dial(host, port, SOCK_DGRAM);
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char back[512];
	ssize_t n;

	send_all(fd, text, strlen(text));
	if (poll(&p, 1, 2000) <= 0)
		return 1;
	n = recv(fd, back, sizeof(back) - 1, 0);
	if (n < 0)
		return 1;
	back[n] = '\0';
	printf("%s\n", back);
	return strcmp(back, text) != 0;
}

/* UDP's header, written by hand on a raw socket. */
struct udp_head {
	uint16_t sport, dport, len, sum;
};

static int
forge(const char *host, const char *port, const char *text)
{
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
	struct sockaddr_in sin = {.sin_family = AF_INET};
	uint16_t p = (uint16_t)atoi(port);
	char pkt[512];
	struct udp_head h;
	size_t n = strlen(text) + sizeof(h);
	int v6 = strchr(host, ':') != NULL, off = 6, fd;
	ssize_t r;

	if (n > sizeof(pkt))
		return 1;
	h.sport = htons(p);
	h.dport = htons(p);
	h.len = htons((uint16_t)n);
	h.sum = 0; /* IPv4: no checksum; IPv6: the kernel fills it in */
	memcpy(pkt, &h, sizeof(h));
	memcpy(pkt + sizeof(h), text, n - sizeof(h));
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, IPPROTO_UDP);
	if (fd < 0) {
		fprintf(stderr, "helper: raw socket: %s\n", strerror(errno));
		return 1;
	}
	if (v6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof(off));
		inet_pton(AF_INET6, host, &sin6.sin6_addr);
		r = sendto(fd, pkt, n, 0, (struct sockaddr *)&sin6,
		    sizeof(sin6));
	} else {
		inet_pton(AF_INET, host, &sin.sin_addr);
		r = sendto(fd, pkt, n, 0, (struct sockaddr *)&sin, sizeof(sin));
	}
	close(fd);
	return r != (ssize_t)n;
}

static int
burst(const char *host, const char *port, int n)
{
	int fd = dial(host, port, SOCK_DGRAM), i, got = 0;
	double end;
	char back[64];

	for (i = 0; i < n; i++)
		send(fd, "burst\n", 6, 0);
	end = now() + 1;
	while (now() < end) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (poll(&p, 1, 100) > 0 && recv(fd, back, sizeof(back), 0) > 0)
			got++;
	}
	printf("%d\n", got);
	close(fd);
	return 0;
}

static int
stall(const char *port)
{
	int lfd = socket(AF_INET, SOCK_STREAM, 0), fd;
	struct addrinfo hints = {.ai_family = AF_INET,
			    .ai_socktype = SOCK_STREAM},
			*res;

	if (getaddrinfo("127.0.0.1", port, &hints, &res) != 0 ||
	    bind(lfd, res->ai_addr, res->ai_addrlen) < 0 || listen(lfd, 0) < 0)
		return 1;
	freeaddrinfo(res);
	/* one connection fills a queue of 0; later SYNs are dropped */
	fd = dial("127.0.0.1", port, SOCK_STREAM);
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	close(fd);
	close(lfd);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_term};

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	alarm(120); /* nothing here may outlive its test */
	if (argc >= 5 && strcmp(argv[1], "many") == 0)
		return many(argv[2], argv[3], atoi(argv[4]),
		    argc < 6 || strcmp(argv[5], "noecho") != 0);
	if (argc == 5 && strcmp(argv[1], "reset") == 0)
		return resets(argv[2], argv[3], atoi(argv[4]));
	if (argc == 7 && strcmp(argv[1], "flood") == 0)
		return flood(argv[2], argv[3], atol(argv[4]), atof(argv[5]),
		    strcmp(argv[6], "read") == 0);
	if (argc == 5 && strcmp(argv[1], "ping") == 0)
		return ping(argv[2], argv[3], atof(argv[4]));
	if (argc == 4 && strcmp(argv[1], "halfclose") == 0)
		return halfclose(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "udp") == 0)
		return udp(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "forge") == 0)
		return forge(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "burst") == 0)
		return burst(argv[2], argv[3], atoi(argv[4]));
	if (argc == 3 && strcmp(argv[1], "stall") == 0)
		return stall(argv[2]);
	fprintf(stderr, "usage: serve_helper MODE ARGS (see the source)\n");
	return 2;
}
