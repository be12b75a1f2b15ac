/* SPDX-License-Identifier: MIT */
/* Unit tests for sock.c: address text, state and protocol names. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "sock.h"

static const char *
fmt6(const char *text)
{
	static char buf[SOCK_ADDR_MAX];
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, text, &a), 1);
	sock_addr_format(&a, buf);
	return buf;
}

START_TEST(formats_ipv4_as_dotted_quad)
{
	struct in6_addr a;
	char buf[SOCK_ADDR_MAX];

	sock_addr_set_v4(&a, htonl(0x7f000001));
	ck_assert_uint_eq(sock_addr_format(&a, buf), 9);
	ck_assert_str_eq(buf, "127.0.0.1");
	sock_addr_set_v4(&a, 0);
	sock_addr_format(&a, buf);
	ck_assert_str_eq(buf, "0.0.0.0");
	sock_addr_set_v4(&a, htonl(0xffffffff));
	sock_addr_format(&a, buf);
	ck_assert_str_eq(buf, "255.255.255.255");
}
END_TEST

START_TEST(formats_ipv6_like_inet_ntop)
{
	static const char *const cases[] = {
	    "::",
	    "::1",
	    "fe80::1",
	    "2001:db8::8:800:200c:417a",
	    "2001:db8:0:0:1:0:0:1",
	    "1:0:0:2:0:0:0:3",
	    "1:2:3:4:5:6:7:8",
	    "1::",
	    "0:1:2:3:4:5:6:0",
	    "ff02::1:ff00:1",
	    "::2:3:4:5:6:7:8",
	    "1:2:3:4:5:6:7::",
	    "::102:304",
	    "::fffe:0:1",
	    "::1:0:0:0",
	};
	size_t i;

	/* whatever glibc writes for each, we write the same */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct in6_addr a;
		char want[INET6_ADDRSTRLEN];

		ck_assert_int_eq(inet_pton(AF_INET6, cases[i], &a), 1);
		inet_ntop(AF_INET6, &a, want, sizeof(want));
		ck_assert_str_eq(fmt6(cases[i]), want);
	}
}
END_TEST

START_TEST(formats_ipv4_mapped_as_netstat)
{
	/* netstat prints a tcp6 socket's IPv4-mapped address as IPv4 */
	ck_assert_str_eq(fmt6("::ffff:127.0.0.1"), "127.0.0.1");
	ck_assert_str_eq(fmt6("::ffff:0.0.0.0"), "0.0.0.0");
}
END_TEST

START_TEST(formats_numbers)
{
	char buf[24];

	ck_assert_uint_eq(sock_fmt_u64(buf, 0), 1);
	ck_assert_str_eq(buf, "0");
	sock_fmt_u64(buf, 65535);
	ck_assert_str_eq(buf, "65535");
	sock_fmt_u64(buf, UINT64_MAX);
	ck_assert_str_eq(buf, "18446744073709551615");
}
END_TEST

START_TEST(names_states_as_netstat)
{
	ck_assert_str_eq(sock_tcp_state_name(1), "ESTABLISHED");
	ck_assert_str_eq(sock_tcp_state_name(2), "SYN_SENT");
	ck_assert_str_eq(sock_tcp_state_name(3), "SYN_RECV");
	ck_assert_str_eq(sock_tcp_state_name(4), "FIN_WAIT1");
	ck_assert_str_eq(sock_tcp_state_name(5), "FIN_WAIT2");
	ck_assert_str_eq(sock_tcp_state_name(6), "TIME_WAIT");
	ck_assert_str_eq(sock_tcp_state_name(7), "CLOSE");
	ck_assert_str_eq(sock_tcp_state_name(8), "CLOSE_WAIT");
	ck_assert_str_eq(sock_tcp_state_name(9), "LAST_ACK");
	ck_assert_str_eq(sock_tcp_state_name(10), "LISTEN");
	ck_assert_str_eq(sock_tcp_state_name(11), "CLOSING");
	ck_assert_str_eq(sock_tcp_state_name(12), "SYN_RECV");
	ck_assert_str_eq(sock_tcp_state_name(0), "UNKNOWN");
	ck_assert_str_eq(sock_tcp_state_name(200), "UNKNOWN");
}
END_TEST

START_TEST(names_protocols_and_listeners)
{
	struct sock_rec r;

	memset(&r, 0, sizeof(r));
	r.family = AF_INET6;
	r.proto = IPPROTO_UDP;
	ck_assert_str_eq(proto_column(r.proto, r.family), "udp6");
	sock_addr_set_v4(&r.remote.addr, 0);
	ck_assert(sock_is_listening(&r));
	sock_addr_set_v4(&r.remote.addr, htonl(0x7f000001));
	ck_assert(!sock_is_listening(&r));
	r.proto = IPPROTO_TCP;
	r.family = AF_INET;
	r.state = SOCK_ST_LISTEN;
	ck_assert_str_eq(proto_column(r.proto, r.family), "tcp");
	ck_assert(sock_is_listening(&r));
	r.state = SOCK_ST_ESTABLISHED;
	ck_assert(!sock_is_listening(&r));
	r.proto = IPPROTO_RAW;
	ck_assert_str_eq(proto_column(r.proto, r.family), "raw");
}
END_TEST

START_TEST(list_grows)
{
	struct sock_list l;
	struct sock_rec r;
	size_t i;

	memset(&r, 0, sizeof(r));
	sock_list_init(&l);
	for (i = 0; i < 10000; i++) {
		r.inode = i;
		ck_assert_int_eq(sock_list_sink(&r, &l), 0);
	}
	ck_assert_uint_eq(l.len, 10000);
	ck_assert_uint_eq(l.v[9999].inode, 9999);
	sock_list_fini(&l);
	ck_assert_uint_eq(l.len, 0);
	sock_list_fini(NULL);
}
END_TEST

static Suite *
sock_suite(void)
{
	Suite *s = suite_create("sock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, formats_ipv4_as_dotted_quad);
	tcase_add_test(tc, formats_ipv6_like_inet_ntop);
	tcase_add_test(tc, formats_ipv4_mapped_as_netstat);
	tcase_add_test(tc, formats_numbers);
	tcase_add_test(tc, names_states_as_netstat);
	tcase_add_test(tc, names_protocols_and_listeners);
	tcase_add_test(tc, list_grows);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sock_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
