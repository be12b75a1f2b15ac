/* SPDX-License-Identifier: MIT */
/* Unit tests for services.c: the /etc/services parser and lookups. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services.h"

static struct services *
parse(const char *text)
{
	return services_parse(text, strlen(text));
}

START_TEST(parses_names_aliases_and_comments)
{
	struct services *svc =
	    parse("# Network services, Internet style\n"
		  "\n"
		  "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n"
		  "ipp 631/tcp   # Internet Printing Protocol\n"
		  "http  80/tcp  www www-http # WorldWideWeb HTTP\n"
		  "   \t  \n"
		  "domain 53/udp\n"
		  "domain 53/tcp\n");

	ck_assert_str_eq(services_name(svc, 22, IPPROTO_TCP), "ssh");
	ck_assert_str_eq(services_name(svc, 80, IPPROTO_TCP), "http");
	ck_assert_str_eq(services_name(svc, 53, IPPROTO_UDP), "domain");
	ck_assert_str_eq(services_comment(svc, 631, IPPROTO_TCP),
	    "Internet Printing Protocol");
	ck_assert_ptr_null(services_comment(svc, 53, IPPROTO_UDP));
	ck_assert_uint_eq(services_count(svc), 5);
	services_free(svc);
}
END_TEST

START_TEST(tcp_and_udp_differ)
{
	struct services *svc =
	    parse("bootps 67/udp\nfoo 67/tcp\nbar 68/sctp\n");

	ck_assert_str_eq(services_name(svc, 67, IPPROTO_UDP), "bootps");
	ck_assert_str_eq(services_name(svc, 67, IPPROTO_TCP), "foo");
	ck_assert_ptr_null(services_name(svc, 68, IPPROTO_TCP));
	ck_assert_ptr_null(services_name(svc, 68, IPPROTO_UDP));
	services_free(svc);
}
END_TEST

START_TEST(first_entry_wins)
{
	struct services *svc = parse("first 1000/tcp\nsecond 1000/tcp\n");

	ck_assert_str_eq(services_name(svc, 1000, IPPROTO_TCP), "first");
	services_free(svc);
}
END_TEST

START_TEST(skips_garbage)
{
	struct services *svc = parse("noport\n"
				     "bad 70000/tcp\n"
				     "bad2 12x/tcp\n"
				     "bad3 12/tcpx\n"
				     "bad4 /tcp\n"
				     "bad5 12\n"
				     "\x01\x02\xff 9/tcp\n"
				     "#comment 10/tcp\n"
				     "ok 11/udp");

	ck_assert_ptr_null(services_name(svc, 12, IPPROTO_TCP));
	ck_assert_ptr_null(services_name(svc, 10, IPPROTO_TCP));
	ck_assert_str_eq(services_name(svc, 11, IPPROTO_UDP), "ok");
	/* names are printed unescaped, so control bytes disqualify one */
	ck_assert_ptr_null(services_name(svc, 9, IPPROTO_TCP));
	ck_assert_uint_eq(services_count(svc), 1);
	services_free(svc);
}
END_TEST

START_TEST(grows_to_many_entries)
{
	size_t cap = 2 * 65536 * 24, len = 0;
	char *text = malloc(cap);
	struct services *svc;
	unsigned p;

	for (p = 1; p <= 65535; p++) {
		len += (size_t)sprintf(text + len, "t%u %u/tcp\n", p, p);
		len += (size_t)sprintf(text + len, "u%u %u/udp\n", p, p);
	}
	svc = services_parse(text, len);
	ck_assert_uint_eq(services_count(svc), 2 * 65535);
	ck_assert_str_eq(services_name(svc, 65535, IPPROTO_TCP), "t65535");
	ck_assert_str_eq(services_name(svc, 1, IPPROTO_UDP), "u1");
	ck_assert_ptr_null(services_name(svc, 0, IPPROTO_UDP));
	services_free(svc);
	free(text);
}
END_TEST

START_TEST(loads_files_and_skips_long_lines)
{
	char path[] = "/tmp/sockview-services-XXXXXX";
	int fd = mkstemp(path), err = 1;
	struct services *svc;
	char *big = malloc(1 << 20);
	FILE *f = fdopen(fd, "w");

	memset(big, 'a', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	fprintf(f, "before 1/tcp\n%s 2/tcp\nafter 3/tcp\n", big);
	fclose(f);
	svc = services_load(path, &err);
	ck_assert_ptr_nonnull(svc);
	ck_assert_int_eq(err, 0);
	ck_assert_str_eq(services_name(svc, 1, IPPROTO_TCP), "before");
	ck_assert_ptr_null(services_name(svc, 2, IPPROTO_TCP));
	ck_assert_str_eq(services_name(svc, 3, IPPROTO_TCP), "after");
	services_free(svc);
	unlink(path);
	free(big);

	ck_assert_ptr_null(services_load("/nonexistent/services", &err));
	ck_assert_int_eq(err, -ENOENT);
	ck_assert_ptr_null(services_load("/", &err));
	ck_assert_int_eq(err, -EISDIR);
	ck_assert_ptr_null(services_name(NULL, 22, IPPROTO_TCP));
	services_free(NULL);
}
END_TEST

START_TEST(loads_protocol_names_for_raw_sockets)
{
	char path[] = "/tmp/sockview-protocols-XXXXXX";
	int fd = mkstemp(path);
	struct services *svc = parse("ssh 22/tcp\n");
	FILE *f = fdopen(fd, "w");

	fputs("# Internet (IP) protocols\n"
	      "ip\t0\tIP\t\t# internet protocol\n"
	      "icmp\t1\tICMP\t\t# internet control message protocol\n"
	      "bogus\t300\n"
	      "ipv6-icmp 58 IPv6-ICMP\n",
	    f);
	fclose(f);
	ck_assert_int_eq(services_load_protocols(svc, path), 0);
	ck_assert_str_eq(services_name(svc, 1, IPPROTO_RAW), "icmp");
	ck_assert_str_eq(services_name(svc, 58, IPPROTO_RAW), "ipv6-icmp");
	ck_assert_ptr_null(services_name(svc, 1, IPPROTO_TCP));
	ck_assert_str_eq(services_name(svc, 22, IPPROTO_TCP), "ssh");
	ck_assert_uint_eq(services_count(svc), 4);
	unlink(path);
	ck_assert_int_lt(services_load_protocols(svc, path), 0);
	services_free(svc);
}
END_TEST

/* A FIFO, a device or a directory is refused without a read (a FIFO
 * without a writer would block open, /dev/zero would never end), and so
 * is a file past SERVICES_FILE_MAX: at open when its size says so. */
START_TEST(refuses_what_is_not_a_small_regular_file)
{
	char dir[] = "/tmp/sockview-services-XXXXXX", path[64];
	struct services *svc;
	int err = 0, fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_ptr_null(services_load(path, &err));
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_int_eq(services_check(path), -EINVAL);
	unlink(path);
	ck_assert_ptr_null(services_load("/dev/zero", &err));
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_ptr_null(services_load(dir, &err));
	ck_assert_int_eq(err, -EISDIR);
	ck_assert_int_eq(services_check("/nonexistent/services"), -ENOENT);

	snprintf(path, sizeof(path), "%s/sparse", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "ssh 22/tcp\n", 11), 11);
	ck_assert_int_eq(services_check(path), 0);
	ck_assert_int_eq(ftruncate(fd, SERVICES_FILE_MAX), 0);
	ck_assert_int_eq(services_check(path), 0);
	svc = services_load(path, &err);
	ck_assert_ptr_nonnull(svc);
	ck_assert_str_eq(services_name(svc, 22, IPPROTO_TCP), "ssh");
	services_free(svc);
	ck_assert_int_eq(ftruncate(fd, SERVICES_FILE_MAX + 1), 0);
	ck_assert_int_eq(services_check(path), -EFBIG);
	ck_assert_ptr_null(services_load(path, &err));
	ck_assert_int_eq(err, -EFBIG);
	close(fd);
	unlink(path);
	rmdir(dir);
}
END_TEST

static Suite *
services_suite(void)
{
	Suite *s = suite_create("services");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_names_aliases_and_comments);
	tcase_add_test(tc, tcp_and_udp_differ);
	tcase_add_test(tc, first_entry_wins);
	tcase_add_test(tc, skips_garbage);
	tcase_add_test(tc, grows_to_many_entries);
	tcase_add_test(tc, loads_files_and_skips_long_lines);
	tcase_add_test(tc, loads_protocol_names_for_raw_sockets);
	tcase_add_test(tc, refuses_what_is_not_a_small_regular_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(services_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
