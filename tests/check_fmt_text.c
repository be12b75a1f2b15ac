/* SPDX-License-Identifier: MIT */
/* fmt_text: netstat's rows, compared with what netstat -W (net-tools
 * 2.10) printed for the same sockets. The TCP states and timers were
 * read by netstat from a hand-made /proc/net/tcp bind-mounted in a
 * private mount namespace; the IPv6, mapped, UDP and RAW rows are those
 * of real sockets in a private network namespace. */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt_text.h"
#include "names.h"
#include "owners.h"
#include "sock.h"

/* A record from netstat's columns: addresses as text, the rest as
 * /proc/net/tcp gives them. */
static struct sock_rec
rec_make(uint8_t proto, uint8_t state, const char *local, uint16_t lport,
    const char *remote, uint16_t rport)
{
	struct sock_rec r;
	int family = strchr(local, ':') != NULL ? AF_INET6 : AF_INET;
	struct in_addr v4;

	memset(&r, 0, sizeof(r));
	r.family = (uint8_t)family;
	r.proto = proto;
	r.state = state;
	if (family == AF_INET) {
		ck_assert_int_eq(inet_pton(AF_INET, local, &v4), 1);
		sock_addr_set_v4(&r.local.addr, v4.s_addr);
		ck_assert_int_eq(inet_pton(AF_INET, remote, &v4), 1);
		sock_addr_set_v4(&r.remote.addr, v4.s_addr);
	} else {
		ck_assert_int_eq(inet_pton(AF_INET6, local, &r.local.addr), 1);
		ck_assert_int_eq(inet_pton(AF_INET6, remote, &r.remote.addr),
		    1);
	}
	r.local.port = lport;
	r.remote.port = rport;
	return r;
}

static struct sock_rec
rec_tcp(uint8_t state, uint16_t lport, uint16_t rport)
{
	return rec_make(IPPROTO_TCP, state, "127.0.0.1", lport,
	    rport ? "127.0.0.2" : "0.0.0.0", rport);
}

static void
rec_timer(struct sock_rec *r, uint8_t timer, uint32_t cs, uint8_t retrans,
    uint8_t probes)
{
	r->timer = timer;
	r->timer_cs = cs;
	r->retrans = retrans;
	r->probes = probes;
}

/* The row fmt_text_row writes, as a string; caller frees. */
static char *
row(const struct fmt_opts *fo, const struct sock_rec *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(fp);
	fmt_text_row(fp, fo, r);
	ck_assert_int_eq(fclose(fp), 0);
	return text;
}

static void
assert_row(const struct fmt_opts *fo, const struct sock_rec *r,
    const char *want)
{
	char *got = row(fo, r);

	ck_assert_str_eq(got, want);
	free(got);
}

/* netstat -tunaeopW: numeric, User and Inode, PID/Program name, Timer */
static const struct fmt_opts eop = {.header = true,
    .numeric_hosts = true,
    .numeric_ports = true,
    .numeric_users = true,
    .user_inode = true,
    .owner = true,
    .timer = true};

START_TEST(tcp_every_state_and_timer)
{
	struct sock_rec r;

	r = rec_tcp(SOCK_ST_ESTABLISHED, 8080, 50000);
	r.inode = 5001;
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8080          127.0.0.2:50000    "
	    "     ESTABLISHED 0          5001       -                    off "
	    "(0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_SYN_SENT, 8081, 50001);
	r.rxq = 1;
	r.inode = 5002;
	rec_timer(&r, SOCK_TIMER_ON, 300, 2, 0);
	assert_row(&eop, &r,
	    "tcp        1      0 127.0.0.1:8081          127.0.0.2:50001    "
	    "     SYN_SENT    0          5002       -                    on "
	    "(3.00/2/0)\n");
	r = rec_tcp(SOCK_ST_SYN_RECV, 8082, 50002);
	rec_timer(&r, SOCK_TIMER_ON, 100, 1, 0);
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8082          127.0.0.2:50002    "
	    "     SYN_RECV    0          0          -                    on "
	    "(1.00/1/0)\n");
	r = rec_tcp(SOCK_ST_FIN_WAIT1, 8083, 50003);
	r.txq = 5;
	r.uid = 1000;
	r.inode = 5004;
	rec_timer(&r, SOCK_TIMER_ON, 200, 0, 0);
	assert_row(&eop, &r,
	    "tcp        0      5 127.0.0.1:8083          127.0.0.2:50003    "
	    "     FIN_WAIT1   1000       5004       -                    on "
	    "(2.00/0/0)\n");
	r = rec_tcp(SOCK_ST_FIN_WAIT2, 8084, 50004);
	r.inode = 5005;
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8084          127.0.0.2:50004    "
	    "     FIN_WAIT2   0          5005       -                    off "
	    "(0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_TIME_WAIT, 8085, 50005);
	rec_timer(&r, SOCK_TIMER_TIMEWAIT, 6000, 0, 0);
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8085          127.0.0.2:50005    "
	    "     TIME_WAIT   0          0          -                    "
	    "timewait (60.00/0/0)\n");
	r = rec_tcp(SOCK_ST_CLOSE, 8086, 50006);
	r.inode = 5007;
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8086          127.0.0.2:50006    "
	    "     CLOSE       0          5007       -                    off "
	    "(0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_CLOSE_WAIT, 8087, 50007);
	r.rxq = 7;
	r.inode = 5008;
	assert_row(&eop, &r,
	    "tcp        7      0 127.0.0.1:8087          127.0.0.2:50007    "
	    "     CLOSE_WAIT  0          5008       -                    off "
	    "(0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_LAST_ACK, 8088, 50008);
	r.txq = 1;
	r.inode = 5009;
	rec_timer(&r, SOCK_TIMER_ON, 50, 3, 0);
	assert_row(&eop, &r,
	    "tcp        0      1 127.0.0.1:8088          127.0.0.2:50008    "
	    "     LAST_ACK    0          5009       -                    on "
	    "(0.50/3/0)\n");
	r = rec_tcp(SOCK_ST_LISTEN, 8089, 0);
	r.rxq = 2;
	r.inode = 5010;
	assert_row(&eop, &r,
	    "tcp        2      0 127.0.0.1:8089          0.0.0.0:*          "
	    "     LISTEN      0          5010       -                    off "
	    "(0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_CLOSING, 8090, 50010);
	r.inode = 5011;
	rec_timer(&r, SOCK_TIMER_ON, 16, 0, 0);
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8090          127.0.0.2:50010    "
	    "     CLOSING     0          5011       -                    on "
	    "(0.16/0/0)\n");
	r = rec_tcp(SOCK_ST_ESTABLISHED, 8091, 50011);
	r.inode = 5012;
	rec_timer(&r, SOCK_TIMER_KEEPALIVE, 180000, 0, 3);
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8091          127.0.0.2:50011    "
	    "     ESTABLISHED 0          5012       -                    "
	    "keepalive (1800.00/0/3)\n");
	r = rec_tcp(SOCK_ST_ESTABLISHED, 8092, 50012);
	r.inode = 5013;
	rec_timer(&r, SOCK_TIMER_PROBE, 500, 0, 2);
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8092          127.0.0.2:50012    "
	    "     ESTABLISHED 0          5013       -                    "
	    "probe (5.00/0/2)\n");
	/* a timer the kernel does not have (yet) */
	r = rec_tcp(SOCK_ST_ESTABLISHED, 8093, 50013);
	r.inode = 5014;
	rec_timer(&r, 7, 5, 0, 0);
	assert_row(&eop, &r,
	    "tcp        0      0 127.0.0.1:8093          127.0.0.2:50013    "
	    "     ESTABLISHED 0          5014       -                    "
	    "unkn-7 (0.05/0/0)\n");
}
END_TEST

START_TEST(udp_connected_and_not)
{
	struct sock_rec r;

	r = rec_make(IPPROTO_UDP, SOCK_ST_CLOSE, "0.0.0.0", 5353, "0.0.0.0", 0);
	r.inode = 6001;
	assert_row(&eop, &r,
	    "udp        0      0 0.0.0.0:5353            0.0.0.0:*          "
	    "                 0          6001       -                    off "
	    "(0.00/0/0)\n");
	r = rec_make(IPPROTO_UDP, SOCK_ST_ESTABLISHED, "127.0.0.1", 5354,
	    "127.0.0.1", 5353);
	r.inode = 6002;
	rec_timer(&r, 1, 100, 0, 0);
	assert_row(&eop, &r,
	    "udp        0      0 127.0.0.1:5354          127.0.0.1:5353     "
	    "     ESTABLISHED 0          6002       -                    on1 "
	    "(1.00/0/0)\n");
	r.local.port = 5355;
	r.inode = 6003;
	rec_timer(&r, 2, 100, 0, 0);
	assert_row(&eop, &r,
	    "udp        0      0 127.0.0.1:5355          127.0.0.1:5353     "
	    "     ESTABLISHED 0          6003       -                    on2 "
	    "(1.00/0/0)\n");
}
END_TEST

/* A fake proc root where pid 25598, "python3", holds the inodes. */
static struct owners *
fake_owners(char *root, const uint64_t *inodes, size_t n)
{
	char path[256];
	struct owners *ow;
	FILE *f;
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/25598", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/25598/fd", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/25598/comm", root);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("python3\n", f);
	ck_assert_int_eq(fclose(f), 0);
	for (i = 0; i < n; i++) {
		char target[64];

		snprintf(path, sizeof(path), "%s/25598/fd/%zu", root, i + 3);
		snprintf(target, sizeof(target), "socket:[%llu]",
		    (unsigned long long)inodes[i]);
		ck_assert_int_eq(symlink(target, path), 0);
	}
	ow = owners_new(root);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	owners_resolve_all(ow); /* the formatter only looks names up */
	return ow;
}

static void
fake_owners_free(struct owners *ow, const char *root, size_t n)
{
	char path[256];
	size_t i;

	owners_free(ow);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/25598/fd/%zu", root, i + 3);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/25598/fd", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/25598/comm", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/25598", root);
	rmdir(path);
	rmdir(root);
}

START_TEST(ipv6_mapped_raw_with_owners)
{
	static const uint64_t inodes[] = {201713, 201715, 201717, 201718,
	    201720, 201721, 201722};
	char root[] = "/tmp/sockview-fmt-text-XXXXXX";
	struct fmt_opts fo = eop;
	struct sock_rec r;
	struct owners *ow = fake_owners(root, inodes, 7);

	fo.owners = ow;
	r = rec_make(IPPROTO_TCP, SOCK_ST_LISTEN, "::", 9998, "::", 0);
	r.inode = 201713;
	assert_row(&fo, &r,
	    "tcp6       0      0 :::9998                 :::*               "
	    "     LISTEN      0          201713     25598/python3        off "
	    "(0.00/0/0)\n");
	r = rec_make(IPPROTO_TCP, SOCK_ST_ESTABLISHED, "::1", 9998, "::1",
	    54650);
	r.inode = 201717;
	assert_row(&fo, &r,
	    "tcp6       0      0 ::1:9998                ::1:54650          "
	    "     ESTABLISHED 0          201717     25598/python3        off "
	    "(0.00/0/0)\n");
	/* an IPv4 client of a dual-stack listener */
	r = rec_make(IPPROTO_TCP, SOCK_ST_ESTABLISHED, "::ffff:127.0.0.1", 9998,
	    "::ffff:127.0.0.1", 58556);
	r.inode = 201715;
	assert_row(&fo, &r,
	    "tcp6       0      0 127.0.0.1:9998          127.0.0.1:58556    "
	    "     ESTABLISHED 0          201715     25598/python3        off "
	    "(0.00/0/0)\n");
	r = rec_make(IPPROTO_UDP, SOCK_ST_CLOSE, "0.0.0.0", 5353, "0.0.0.0", 0);
	r.rxq = 832;
	r.inode = 201718;
	assert_row(&fo, &r,
	    "udp      832      0 0.0.0.0:5353            0.0.0.0:*          "
	    "                 0          201718     25598/python3        off "
	    "(0.00/0/0)\n");
	r = rec_make(IPPROTO_UDP, SOCK_ST_ESTABLISHED, "::1", 51914, "::1",
	    5353);
	r.inode = 201720;
	assert_row(&fo, &r,
	    "udp6       0      0 ::1:51914               ::1:5353           "
	    "     ESTABLISHED 0          201720     25598/python3        off "
	    "(0.00/0/0)\n");
	/* raw: the port is the IP protocol, the state a number */
	r = rec_make(IPPROTO_RAW, SOCK_ST_CLOSE, "0.0.0.0", 1, "0.0.0.0", 0);
	r.inode = 201721;
	assert_row(&fo, &r,
	    "raw        0      0 0.0.0.0:1               0.0.0.0:*          "
	    "     7           0          201721     25598/python3        off "
	    "(0.00/0/0)\n");
	r = rec_make(IPPROTO_RAW, SOCK_ST_CLOSE, "::", 58, "::", 0);
	r.inode = 201722;
	assert_row(&fo, &r,
	    "raw6       0      0 :::58                   :::*               "
	    "     7           0          201722     25598/python3        off "
	    "(0.00/0/0)\n");
	fake_owners_free(ow, root, 7);
}
END_TEST

START_TEST(user_names)
{
	/* netstat -tuaeopW --numeric-hosts --numeric-ports */
	struct fmt_opts fo = eop;
	struct sock_rec r;

	fo.numeric_users = false;
	fo.names = names_new();
	r = rec_tcp(SOCK_ST_ESTABLISHED, 8080, 50000);
	r.inode = 5001;
	assert_row(&fo, &r,
	    "tcp        0      0 127.0.0.1:8080          127.0.0.2:50000    "
	    "     ESTABLISHED root       5001       -                    off "
	    "(0.00/0/0)\n");
	names_free(fo.names);
}
END_TEST

START_TEST(wide_without_columns)
{
	/* netstat -tunaW and -tunaWo: no columns past State (padded to
	 * 11), and an address longer than 23 widens its column */
	struct fmt_opts fo = {.numeric_hosts = true, .numeric_ports = true};
	struct sock_rec r;

	r = rec_tcp(SOCK_ST_ESTABLISHED, 8080, 50000);
	assert_row(&fo, &r,
	    "tcp        0      0 127.0.0.1:8080          127.0.0.2:50000    "
	    "     ESTABLISHED\n");
	r = rec_tcp(SOCK_ST_SYN_SENT, 8081, 50001);
	r.rxq = 1;
	assert_row(&fo, &r,
	    "tcp        1      0 127.0.0.1:8081          127.0.0.2:50001    "
	    "     SYN_SENT   \n");
	r = rec_make(IPPROTO_TCP, SOCK_ST_ESTABLISHED,
	    "2001:db8:1234:5678:f0de:bc9a:1234:5678", 65535, "::ffff:127.0.0.1",
	    22);
	assert_row(&fo, &r,
	    "tcp6       0      0 2001:db8:1234:5678:f0de:bc9a:1234:5678:65535 "
	    "127.0.0.1:22            ESTABLISHED\n");
	fo.timer = true;
	assert_row(&fo, &r,
	    "tcp6       0      0 2001:db8:1234:5678:f0de:bc9a:1234:5678:65535 "
	    "127.0.0.1:22            ESTABLISHED off (0.00/0/0)\n");
}
END_TEST

START_TEST(header_lines)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct fmt_opts fo = {.header = true, .listen = FILTER_ALL};

	ck_assert_ptr_nonnull(fp);
	fmt_text_header(fp, &fo);
	fo = eop;
	fo.listen = FILTER_ALL;
	fmt_text_header(fp, &fo);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(text,
	    "Active Internet connections (servers and established)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address    "
	    "     State      \n"
	    "Active Internet connections (servers and established)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address    "
	    "     State       User       Inode      PID/Program name     "
	    "Timer\n");
	free(text);
}
END_TEST

START_TEST(color_states)
{
	/* --color: the escapes take no column, the padding stays */
	struct fmt_opts fo = {.numeric_hosts = true,
	    .numeric_ports = true,
	    .color = true};
	struct sock_rec r;

	r = rec_tcp(SOCK_ST_LISTEN, 8089, 0);
	fo.timer = true;
	assert_row(&fo, &r,
	    "tcp        0      0 127.0.0.1:8089          0.0.0.0:*          "
	    "     \033[32mLISTEN\033[0m      off (0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_CLOSE_WAIT, 8087, 50007);
	assert_row(&fo, &r,
	    "tcp        0      0 127.0.0.1:8087          127.0.0.2:50007    "
	    "     \033[31mCLOSE_WAIT\033[0m  off (0.00/0/0)\n");
	r = rec_tcp(SOCK_ST_ESTABLISHED, 8080, 50000);
	fo.timer = false;
	assert_row(&fo, &r,
	    "tcp        0      0 127.0.0.1:8080          127.0.0.2:50000    "
	    "     \033[36mESTABLISHED\033[0m\n");
	r = rec_tcp(SOCK_ST_TIME_WAIT, 8085, 50005);
	assert_row(&fo, &r,
	    "tcp        0      0 127.0.0.1:8085          127.0.0.2:50005    "
	    "     \033[33mTIME_WAIT\033[0m  \n");
	/* no colour for a state without one */
	r = rec_make(IPPROTO_UDP, SOCK_ST_CLOSE, "0.0.0.0", 5353, "0.0.0.0", 0);
	assert_row(&fo, &r,
	    "udp        0      0 0.0.0.0:5353            0.0.0.0:*          "
	    "                \n");
}
END_TEST

static Suite *
fmt_text_suite(void)
{
	Suite *s = suite_create("fmt_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, tcp_every_state_and_timer);
	tcase_add_test(tc, udp_connected_and_not);
	tcase_add_test(tc, ipv6_mapped_raw_with_owners);
	tcase_add_test(tc, user_names);
	tcase_add_test(tc, wide_without_columns);
	tcase_add_test(tc, header_lines);
	tcase_add_test(tc, color_states);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmt_text_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
