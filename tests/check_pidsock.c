/* SPDX-License-Identifier: MIT */
/* Unit tests for pidsock.c: pidsock_collect on sockets of this process. */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter.h"
#include "pidsock.h"
#include "sockdiag.h"

static int
count_sink(const struct sock_rec *rec, void *data)
{
	struct sock_rec *last = data;

	*last = *rec;
	last->timer++; /* a count of calls, in a field the test sets to 0 */
	return 0;
}

/* A UDP socket of this process, bound to loopback, found through its own
 * fd exactly as a dump would list it; an unbound one is not asked for. */
START_TEST(looks_up_own_socket)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	struct sockdiag *sd;
	struct filter flt;
	struct sock_rec got;
	struct stat st;
	struct owner link;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), unbound;
	int err;

	ck_assert_int_ge(fd, 0);
	if (sockdiag_open(&sd) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd); /* no netlink or no loopback here: nothing to ask */
		return;
	}
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	filter_init(&flt);
	flt.listen = FILTER_ALL;
	link = (struct owner){(uint64_t)st.st_ino, (int32_t)getpid(), fd};
	memset(&got, 0, sizeof(got));
	err = pidsock_collect(sd, &link, 1, &flt, false, count_sink, &got);
	if (err == -EPERM || err == -ENOSYS) {
		/* pidfd_getfd is not allowed here */
		sockdiag_close(sd);
		close(fd);
		return;
	}
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(got.timer, 1);
	ck_assert_uint_eq(got.inode, (uint64_t)st.st_ino);
	ck_assert_uint_eq(got.proto, IPPROTO_UDP);
	ck_assert_uint_eq(got.local.port, ntohs(sa.sin_port));

	unbound = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_eq(fstat(unbound, &st), 0);
	link = (struct owner){(uint64_t)st.st_ino, (int32_t)getpid(), unbound};
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(
	    pidsock_collect(sd, &link, 1, &flt, false, count_sink, &got), 0);
	ck_assert_uint_eq(got.timer, 0);
	close(unbound);
	sockdiag_close(sd);
	close(fd);
}
END_TEST

/* The link of this process's fd, as the fd scan gives it. */
static struct owner
own_link(int fd)
{
	struct stat st;

	ck_assert_int_eq(fstat(fd, &st), 0);
	return (struct owner){(uint64_t)st.st_ino, (int32_t)getpid(), fd};
}

/* Bind fd (of type SOCK_STREAM or SOCK_DGRAM, AF_INET) to 127.0.0.1:port
 * (0: any); returns the port, or 0 when that cannot be done here. */
static uint16_t
bind_loopback(int fd, uint16_t port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
	    .sin_port = htons(port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);

	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	return ntohs(sa.sin_port);
}

/* pidsock_collect over links; *sd is opened first. Returns its result,
 * or 1 where netlink or pidfd_getfd is not to be had here. */
static int
collect(struct owner *links, size_t n, struct sock_list *out)
{
	struct sockdiag *sd;
	struct filter flt;
	int err;

	if (sockdiag_open(&sd) < 0)
		return 1;
	filter_init(&flt);
	flt.listen = FILTER_ALL;
	sock_list_init(out);
	err = pidsock_collect(sd, links, n, &flt, false, sock_list_sink, out);
	sockdiag_close(sd);
	if (err == -EPERM || err == -ENOSYS) {
		sock_list_fini(out);
		return 1;
	}
	return err;
}

/* More sockets than one batch asks for: every one comes back once, a
 * TCP listener, a socket bound but not listening (in no table: none),
 * and the two ends of a connection. */
START_TEST(looks_up_batches)
{
	enum { NUDP = SOCKDIAG_BATCH * 2 + 3 };
	struct owner links[NUDP + 4];
	struct sock_list out;
	int fds[NUDP + 4], i, n = 0, err;
	uint16_t port;

	for (i = 0; i < NUDP; i++) {
		fds[n] = socket(AF_INET, SOCK_DGRAM, 0);
		ck_assert_int_ge(fds[n], 0);
		if (bind_loopback(fds[n], 0) == 0)
			return; /* no loopback here */
		links[n] = own_link(fds[n]);
		n++;
	}
	fds[n] = socket(AF_INET, SOCK_STREAM, 0);
	port = bind_loopback(fds[n], 0);
	ck_assert_int_eq(listen(fds[n], 4), 0);
	links[n] = own_link(fds[n]);
	n++;
	fds[n] = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_uint_ne(bind_loopback(fds[n], 0), 0);
	links[n] = own_link(fds[n]);
	n++;
	fds[n] = socket(AF_INET, SOCK_STREAM, 0);
	{
		struct sockaddr_in to = {.sin_family = AF_INET,
		    .sin_port = htons(port),
		    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};

		ck_assert_int_eq(
		    connect(fds[n], (struct sockaddr *)&to, sizeof(to)), 0);
	}
	links[n] = own_link(fds[n]);
	n++;
	fds[n] = accept(fds[n - 3], NULL, NULL);
	ck_assert_int_ge(fds[n], 0);
	links[n] = own_link(fds[n]);
	n++;

	err = collect(links, (size_t)n, &out);
	if (err != 1) {
		ck_assert_int_eq(err, 0);
		/* all but the one bound only, in fd order */
		ck_assert_uint_eq(out.len, (size_t)n - 1);
		for (i = 0; i < NUDP; i++)
			ck_assert_uint_eq(out.v[i].inode, links[i].inode);
		ck_assert_uint_eq(out.v[NUDP].state, SOCK_ST_LISTEN);
		ck_assert_uint_eq(out.v[NUDP + 1].inode, links[NUDP + 2].inode);
		ck_assert_uint_eq(out.v[NUDP + 2].inode, links[NUDP + 3].inode);
		sock_list_fini(&out);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
}
END_TEST

/* A fd that holds another socket than the scan saw: the dump has to say
 * what became of the one seen. */
START_TEST(another_socket_is_stale)
{
	struct sock_list out;
	struct owner link;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err;

	ck_assert_int_ge(fd, 0);
	if (bind_loopback(fd, 0) == 0) {
		close(fd);
		return;
	}
	link = own_link(fd);
	link.inode++; /* what was there before */
	err = collect(&link, 1, &out);
	if (err != 1)
		ck_assert_int_eq(err, -ESTALE);
	close(fd);
}
END_TEST

/* A RAW socket of protocol 17 names its protocol as its port: told from
 * a UDP socket by its type, it is left to the dump; a UDP socket on port
 * 17 (qotd) is not. Both need root. */
START_TEST(raw_is_not_udp)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sock_list out;
	struct owner link;
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_UDP), udp, err;

	if (raw < 0)
		return; /* no CAP_NET_RAW */
	ck_assert_int_eq(bind(raw, (struct sockaddr *)&sa, sizeof(sa)), 0);
	link = own_link(raw);
	err = collect(&link, 1, &out);
	if (err != 1)
		ck_assert_int_eq(err, -EPROTONOSUPPORT);
	close(raw);

	udp = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(udp, 0);
	if (bind_loopback(udp, IPPROTO_UDP) == IPPROTO_UDP) {
		link = own_link(udp);
		err = collect(&link, 1, &out);
		if (err != 1) {
			ck_assert_int_eq(err, 0);
			ck_assert_uint_eq(out.len, 1);
			ck_assert_uint_eq(out.v[0].local.port, IPPROTO_UDP);
			sock_list_fini(&out);
		}
	}
	close(udp);
}
END_TEST

static Suite *
pidsock_suite(void)
{
	Suite *s = suite_create("pidsock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, looks_up_own_socket);
	tcase_add_test(tc, looks_up_batches);
	tcase_add_test(tc, another_socket_is_stale);
	tcase_add_test(tc, raw_is_not_udp);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pidsock_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
