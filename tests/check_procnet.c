/* SPDX-License-Identifier: MIT */
/* Unit tests for procnet.c: the /proc/net line parser. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procnet.h"

/* The kernel prints each 32-bit address word as the host holds it in
 * memory; build lines the same way so the tests hold on any byte order. */
static void
hex_word(char *out, const uint8_t *bytes)
{
	uint32_t w;

	memcpy(&w, bytes, 4);
	sprintf(out, "%08X", w);
}

static void
hex_addr6(char *out, const char *text)
{
	struct in6_addr a;
	int i;

	ck_assert_int_eq(inet_pton(AF_INET6, text, &a), 1);
	for (i = 0; i < 4; i++)
		hex_word(out + 8 * i, &a.s6_addr[4 * i]);
}

START_TEST(parses_ipv4_listener)
{
	char line[256], local[9];
	uint8_t lo[4] = {127, 0, 0, 1};
	struct sock_rec r;
	char buf[SOCK_ADDR_MAX];

	hex_word(local, lo);
	snprintf(line, sizeof(line),
	    "   0: %s:270F 00000000:0000 0A 00000000:00000003 00:00000000 "
	    "00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0",
	    local);
	ck_assert_int_eq(procnet_parse_line(line, AF_INET, IPPROTO_TCP, &r), 0);
	ck_assert_uint_eq(r.local.port, 9999);
	ck_assert_uint_eq(r.remote.port, 0);
	ck_assert_uint_eq(r.state, SOCK_ST_LISTEN);
	ck_assert_uint_eq(r.rxq, 3);
	ck_assert_uint_eq(r.txq, 0);
	ck_assert_uint_eq(r.uid, 1000);
	ck_assert_uint_eq(r.inode, 4242);
	sock_addr_format(&r.local.addr, buf);
	ck_assert_str_eq(buf, "127.0.0.1");
	sock_addr_format(&r.remote.addr, buf);
	ck_assert_str_eq(buf, "0.0.0.0");
}
END_TEST

/* /proc/net/icmp and udplite print their lines as /proc/net/udp does:
 * a ping socket's port is its ident, a connected one's peer port 0. */
START_TEST(parses_ping_and_udplite_lines)
{
	char line[256], local[9];
	uint8_t lo[4] = {127, 0, 0, 1};
	struct sock_rec r;

	hex_word(local, lo);
	snprintf(line, sizeof(line),
	    "   59: %s:D9CC %s:0000 01 00000000:00000340 00:00000000 "
	    "00000000  1000        0 1106223 2 00000000d8b5ecfc 0",
	    local, local);
	ck_assert_int_eq(procnet_parse_line(line, AF_INET, IPPROTO_ICMP, &r),
	    0);
	ck_assert_uint_eq(r.proto, IPPROTO_ICMP);
	ck_assert_uint_eq(r.local.port, 0xD9CC);
	ck_assert_uint_eq(r.remote.port, 0);
	ck_assert_uint_eq(r.state, SOCK_ST_ESTABLISHED);
	ck_assert_uint_eq(r.rxq, 0x340);
	ck_assert_uint_eq(r.uid, 1000);
	ck_assert_uint_eq(r.inode, 1106223);
	ck_assert(!sock_is_listening(&r));
	ck_assert_str_eq(procnet_file(AF_INET6, IPPROTO_ICMP), "net/icmp6");
	ck_assert_str_eq(procnet_file(AF_INET, IPPROTO_UDPLITE), "net/udplite");
	/* an ident wider than 16 bits is no ident */
	snprintf(line, sizeof(line),
	    "   59: %s:1D9CC %s:0000 01 00000000:00000340 00:00000000 "
	    "00000000  1000        0 1106223 2 00000000d8b5ecfc 0",
	    local, local);
	ck_assert_int_eq(procnet_parse_line(line, AF_INET, IPPROTO_ICMP, &r),
	    -1);
}
END_TEST

START_TEST(parses_little_endian_capture)
{
	const char *line =
	    "  1: 0100007F:1F90 0100007F:D2A4 01 0000000A:00000005 "
	    "02:000003E8 00000002     0        0 77 2 "
	    "0000000000000000 20 4 30 10 -1";
	uint16_t probe = 1;
	struct sock_rec r;
	char buf[SOCK_ADDR_MAX];

	if (*(uint8_t *)&probe != 1)
		return; /* captured on a little-endian host */
	ck_assert_int_eq(procnet_parse_line(line, AF_INET, IPPROTO_TCP, &r), 0);
	sock_addr_format(&r.local.addr, buf);
	ck_assert_str_eq(buf, "127.0.0.1");
	ck_assert_uint_eq(r.local.port, 8080);
	ck_assert_uint_eq(r.remote.port, 53924);
	ck_assert_uint_eq(r.state, SOCK_ST_ESTABLISHED);
	ck_assert_uint_eq(r.txq, 10);
	ck_assert_uint_eq(r.rxq, 5);
	ck_assert_uint_eq(r.timer, 2);
	ck_assert_uint_eq(r.timer_cs, 1000);
	ck_assert_uint_eq(r.retrans, 2);
	ck_assert_uint_eq(r.probes, 0);
}
END_TEST

START_TEST(parses_ipv6_and_mapped)
{
	char line[256], local[33], remote[33];
	struct sock_rec r;
	char buf[SOCK_ADDR_MAX];

	hex_addr6(local, "2001:db8::1");
	hex_addr6(remote, "::ffff:127.0.0.1");
	snprintf(line, sizeof(line),
	    "   3: %s:0016 %s:C350 01 00000000:00000000 00:00000000 "
	    "00000000     0        0 99 1 0000000000000000 20 4 1 10 -1",
	    local, remote);
	ck_assert_int_eq(procnet_parse_line(line, AF_INET6, IPPROTO_TCP, &r),
	    0);
	sock_addr_format(&r.local.addr, buf);
	ck_assert_str_eq(buf, "2001:db8::1");
	sock_addr_format(&r.remote.addr, buf);
	ck_assert_str_eq(buf, "127.0.0.1");
	ck_assert_uint_eq(r.local.port, 22);
	ck_assert_uint_eq(r.remote.port, 50000);
	ck_assert_uint_eq(r.family, AF_INET6);
}
END_TEST

START_TEST(parses_every_state)
{
	char line[256];
	struct sock_rec r;
	unsigned st;

	for (st = 1; st <= 12; st++) {
		snprintf(line, sizeof(line),
		    "0: 00000000:0001 00000000:0000 %02X 00000000:00000000 "
		    "00:00000000 00000000 0 0 1",
		    st);
		ck_assert_int_eq(
		    procnet_parse_line(line, AF_INET, IPPROTO_TCP, &r), 0);
		ck_assert_uint_eq(r.state, st);
	}
	/* 0 and states past the kernel's are not sockets we can show */
	ck_assert_int_eq(procnet_parse_line("0: 00000000:0001 00000000:0000 00 "
					    "00000000:00000000 00:00000000 "
					    "00000000 0 0 1",
			     AF_INET, IPPROTO_TCP, &r),
	    -1);
	ck_assert_int_eq(procnet_parse_line("0: 00000000:0001 00000000:0000 FF "
					    "00000000:00000000 00:00000000 "
					    "00000000 0 0 1",
			     AF_INET, IPPROTO_TCP, &r),
	    -1);
}
END_TEST

START_TEST(rejects_short_and_garbled_lines)
{
	static const char *const bad[] = {
	    "",
	    "   ",
	    "  sl  local_address rem_address   st tx_queue",
	    "0: 0100007F:270F",
	    "0: 0100007F:270F 00000000:0000 0A",
	    "0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0",
	    "0: 0100007G:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    "0: 0100007F1:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    "0: 0100007F:12345 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    "0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 x 0 1",
	    "0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 99999999999999999999999",
	    "x: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	};
	struct sock_rec r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(
		    procnet_parse_line(bad[i], AF_INET, IPPROTO_TCP, &r) < 0,
		    "accepted: %s", bad[i]);
	/* an IPv4 line is not an IPv6 one */
	ck_assert_int_lt(procnet_parse_line("0: 0100007F:270F 00000000:0000 0A "
					    "00000000:00000000 00:00000000 "
					    "00000000 0 0 1",
			     AF_INET6, IPPROTO_TCP, &r),
	    0);
}
END_TEST

static int
count_sink(const struct sock_rec *rec, void *ctx)
{
	(void)rec;
	(*(size_t *)ctx)++;
	return 0;
}

START_TEST(collects_from_a_fixture_tree)
{
	char root[] = "/tmp/sockview-procnet-XXXXXX", path[256];
	size_t n = 0, bad = 0;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/net", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/net/udp", root);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(
	    "   sl  local_address rem_address   st tx_queue rx_queue tr "
	    "tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
	    "  1: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 "
	    "00000000     0        0 11 2 0000000000000000 0\n"
	    "garbage line\n"
	    "  2: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 "
	    "00000000     0        0 12 2 0000000000000000 0",
	    f);
	fclose(f);
	ck_assert_int_eq(procnet_collect(root, AF_INET, IPPROTO_UDP, NULL,
			     count_sink, &n, &bad),
	    0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(procnet_collect(root, AF_INET6, IPPROTO_UDP, NULL,
			     count_sink, &n, &bad),
	    -ENOENT);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", root);
	rmdir(path);
	rmdir(root);
}
END_TEST

static Suite *
procnet_suite(void)
{
	Suite *s = suite_create("procnet");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_ipv4_listener);
	tcase_add_test(tc, parses_ping_and_udplite_lines);
	tcase_add_test(tc, parses_little_endian_capture);
	tcase_add_test(tc, parses_ipv6_and_mapped);
	tcase_add_test(tc, parses_every_state);
	tcase_add_test(tc, rejects_short_and_garbled_lines);
	tcase_add_test(tc, collects_from_a_fixture_tree);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(procnet_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
