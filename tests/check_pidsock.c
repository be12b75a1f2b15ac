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

static Suite *
pidsock_suite(void)
{
	Suite *s = suite_create("pidsock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, looks_up_own_socket);
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
