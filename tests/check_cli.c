/* SPDX-License-Identifier: MIT */
/* Unit tests for cli.c: options into settings, and usage errors. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

static int
parse(struct cli_opts *o, char *why, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	argv[argc++] = (char *)"sockview";
	va_start(ap, why);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return cli_parse(argc, argv, o, why, 256);
}

START_TEST(defaults_are_netstats)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, NULL), 0);
	ck_assert_int_eq(o.mode, CLI_LIST);
	ck_assert_uint_eq(o.flt.protos, FILTER_TCP | FILTER_UDP);
	ck_assert_uint_eq(o.flt.families, FILTER_INET | FILTER_INET6);
	ck_assert_int_eq(o.flt.listen, FILTER_CONNECTED);
	ck_assert(o.fmt.header);
	ck_assert(o.fmt.numeric_hosts);
	ck_assert(!o.fmt.numeric_ports);
	ck_assert_int_eq(o.source.kind, SOURCE_AUTO);
	cli_opts_fini(&o);
}
END_TEST

START_TEST(short_options_combine)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "-tuna", NULL), 0);
	ck_assert_uint_eq(o.flt.protos, FILTER_TCP | FILTER_UDP);
	ck_assert_int_eq(o.flt.listen, FILTER_ALL);
	ck_assert(o.fmt.numeric_ports && o.fmt.numeric_hosts);
	ck_assert_int_eq(o.fmt.listen, FILTER_ALL);
	cli_opts_fini(&o);

	ck_assert_int_eq(parse(&o, why, "-wl6", "-H", "-W", NULL), 0);
	ck_assert_uint_eq(o.flt.protos, FILTER_RAW);
	ck_assert_uint_eq(o.flt.families, FILTER_INET6);
	ck_assert_int_eq(o.flt.listen, FILTER_LISTENING);
	ck_assert(!o.fmt.header);
	cli_opts_fini(&o);

	ck_assert_int_eq(parse(&o, why, "-tlepo", "-r", NULL), 0);
	ck_assert(o.fmt.user_inode && o.fmt.owner && o.fmt.timer);
	ck_assert(o.source.want_info);
	ck_assert(!o.fmt.numeric_hosts);
	cli_opts_fini(&o);
}
END_TEST

START_TEST(long_options)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "--tcp", "--ipv4", "--listening",
			     "--numeric-ports", "--source=proc", "--services",
			     "/tmp/x", "--json=lines", NULL),
	    0);
	ck_assert_uint_eq(o.flt.protos, FILTER_TCP);
	ck_assert_uint_eq(o.flt.families, FILTER_INET);
	ck_assert(o.fmt.numeric_ports);
	ck_assert_int_eq(o.source.kind, SOURCE_PROC);
	ck_assert_str_eq(o.services_path, "/tmp/x");
	ck_assert(o.services_given);
	ck_assert_int_eq(o.json, CLI_JSON_LINES);
	cli_opts_fini(&o);
}
END_TEST

/* -A as ss reads it: the names add up, with -t -x and the others */
START_TEST(query_names_kinds)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "-A", "tcp,udplite", NULL), 0);
	ck_assert_uint_eq(o.kinds, CLI_KIND_INET);
	ck_assert_uint_eq(o.flt.protos, FILTER_TCP | FILTER_UDPLITE);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "--query=unix", NULL), 0);
	ck_assert_uint_eq(o.kinds, CLI_KIND_UNIX);
	ck_assert(o.unix_sockets);
	ck_assert_uint_eq(o.unix_types, 0);
	cli_opts_fini(&o);
	ck_assert_int_eq(
	    parse(&o, why, "-A", "unix_dgram,unix_seqpacket", "-u", NULL), 0);
	ck_assert_uint_eq(o.kinds, CLI_KIND_INET | CLI_KIND_UNIX);
	ck_assert(!o.unix_sockets);
	ck_assert_uint_eq(o.unix_types,
	    1u << SOCK_DGRAM | 1u << SOCK_SEQPACKET);
	ck_assert_uint_eq(o.flt.protos, FILTER_UDP);
	cli_opts_fini(&o);
	/* unix after unix_stream: every type again */
	ck_assert_int_eq(parse(&o, why, "-A", "unix_stream,unix", NULL), 0);
	ck_assert_uint_eq(o.unix_types, 0);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "-A", "all", NULL), 0);
	ck_assert_uint_eq(o.kinds,
	    CLI_KIND_INET | CLI_KIND_UNIX | CLI_KIND_PACKET | CLI_KIND_NETLINK);
	ck_assert_uint_eq(o.flt.protos, FILTER_TCP | FILTER_UDP |
					    FILTER_UDPLITE | FILTER_RAW |
					    FILTER_ICMP);
	cli_opts_fini(&o);
	/* MPTCP is an Internet protocol; SCTP, vsock and XDP kinds of
	 * their own, by option and by name alike */
	ck_assert_int_eq(parse(&o, why, "-M", "-A", "sctp,vsock", NULL), 0);
	ck_assert_uint_eq(o.kinds,
	    CLI_KIND_INET | CLI_KIND_SCTP | CLI_KIND_VSOCK);
	ck_assert_uint_eq(o.flt.protos, FILTER_MPTCP);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "-S", "--vsock", "--xdp", NULL), 0);
	ck_assert_uint_eq(o.kinds,
	    CLI_KIND_SCTP | CLI_KIND_VSOCK | CLI_KIND_XDP);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "-A", "mptcp,xdp", NULL), 0);
	ck_assert_uint_eq(o.kinds, CLI_KIND_INET | CLI_KIND_XDP);
	ck_assert_uint_eq(o.flt.protos, FILTER_MPTCP);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "--sctp", "-s", NULL), -1);
	ck_assert_ptr_nonnull(strstr(why, "does not count SCTP"));
	/* nothing named: Internet sockets, as before */
	ck_assert_int_eq(parse(&o, why, "-a", NULL), 0);
	ck_assert_uint_eq(o.kinds, CLI_KIND_INET);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "-A", "tcp,,udp", NULL), -1);
	ck_assert_ptr_nonnull(strstr(why, "unknown name ''"));
	ck_assert_int_eq(parse(&o, why, "-A", "inet6", NULL), -1);
	ck_assert_ptr_nonnull(strstr(why, "unknown name 'inet6'"));
	ck_assert_int_eq(parse(&o, why, "-A", "tcp,", NULL), -1);
}
END_TEST

START_TEST(pid_lists)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "--pid", "5678,1234,5678", "-t", NULL),
	    0);
	ck_assert_uint_eq(o.npids, 2);
	ck_assert_int_eq(o.pids[0], 1234);
	ck_assert_int_eq(o.pids[1], 5678);
	/* a process's sockets: every state, with owners */
	ck_assert_int_eq(o.flt.listen, FILTER_ALL);
	ck_assert(o.fmt.owner);
	ck_assert_uint_eq(o.flt.protos, FILTER_TCP);
	cli_opts_fini(&o);
}
END_TEST

START_TEST(serve_and_connect)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "--serve", "9999", "--echo", NULL), 0);
	ck_assert_int_eq(o.mode, CLI_SERVE);
	ck_assert_uint_eq(o.port, 9999);
	ck_assert(o.echo);
	cli_opts_fini(&o);
	ck_assert_int_eq(parse(&o, why, "--serve", "0", "--udp", NULL), 0);
	ck_assert(o.udp);
	ck_assert_uint_eq(o.port, 0);
	cli_opts_fini(&o);
	ck_assert_int_eq(
	    parse(&o, why, "--connect", "[::1]:80", "--count", "5", NULL), 0);
	ck_assert_int_eq(o.mode, CLI_CONNECT);
	ck_assert_uint_eq(o.count, 5);
	cli_opts_fini(&o);
}
END_TEST

static void
expect_error(const char *want, ...)
{
	struct cli_opts o;
	char *argv[16], why[256] = "";
	int argc = 0;
	va_list ap;

	argv[argc++] = (char *)"sockview";
	va_start(ap, want);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	ck_assert_int_eq(cli_parse(argc, argv, &o, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, want) != NULL, "'%s' lacks '%s'", why, want);
	cli_opts_fini(&o);
}

START_TEST(usage_errors_say_what_is_wrong)
{
	expect_error("unknown option '--frobnicate'", "--frobnicate", NULL);
	expect_error("unknown option '-z'", "-tz", NULL);
	expect_error("unexpected argument 'extra'", "-t", "extra", NULL);
	expect_error("bad --source 'kernel'", "--source=kernel", NULL);
	expect_error("option '--source' needs an argument", "--source", NULL);
	expect_error("--services needs a file name", "--services", "", NULL);
	expect_error("bad --pid 'abc'", "--pid", "abc", NULL);
	expect_error("bad --pid '1,,2'", "--pid", "1,,2", NULL);
	expect_error("bad --pid '1,'", "--pid", "1,", NULL);
	expect_error("bad --pid '0'", "--pid", "0", NULL);
	expect_error("bad --pid '99999999999'", "--pid", "99999999999", NULL);
	expect_error("bad port '99999'", "--serve", "99999", NULL);
	expect_error("bad port 'http'", "--serve", "http", NULL);
	expect_error("bad port ''", "--serve", "", NULL);
	expect_error("bad --json 'yaml'", "--json=yaml", NULL);
	expect_error("bad --count '0'", "--connect", "h:1", "--count", "0",
	    NULL);
	expect_error("cannot be used together", "--serve", "1", "--connect",
	    "h:1", NULL);
	/* the demo's addresses are checked before anything is opened */
	expect_error("bad --bind 'foo': expected a numeric IPv4 or IPv6",
	    "--serve", "0", "--bind", "foo", NULL);
	expect_error("bad --connect '[::1:80'", "--connect", "[::1:80", NULL);
	/* what does not go together is said before anything is read */
	expect_error("-s/--summary does not work with -x", "-x", "-s", NULL);
	expect_error("--dst does not work with -x", "-xa", "--dst", "::1",
	    NULL);
	expect_error("--kill prints text rows", "-K", "--sport", "1", "-j",
	    NULL);
	expect_error("--kill closes TCP sockets only", "-K", "-u", "--sport",
	    "1", NULL);
	expect_error("--kill works alone", "-K", "--sport", "1", "-c", NULL);
	expect_error("--diff and --explain do not work with it", "-s", "-c",
	    "--diff", NULL);
}
END_TEST

/* --connect's target is split once, here. */
START_TEST(connect_target_is_split)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "--connect", "[::1]:8080", NULL), 0);
	ck_assert_str_eq(o.target_host, "::1");
	ck_assert_uint_eq(o.target_port, 8080);
	cli_opts_fini(&o);
}
END_TEST

START_TEST(rejected_options_are_named)
{
	/* a short option outside ASCII is named, not argv[0] */
	expect_error("unknown option '-\xff'", "-\xfft", NULL);
	expect_error("unknown option '-\x9b'", "-t\x9b", NULL);
	/* an abbreviation of several long options lists them */
	expect_error(
	    "option '--p' is ambiguous: it may be --packet, --pid, --port, "
	    "--proc-root, --program, --prometheus",
	    "--p=1", NULL);
	expect_error("option '--s' is ambiguous", "--s", NULL);
	expect_error("option '--tcp' takes no argument", "--tcp=1", NULL);
	expect_error("option '--netns' needs an argument", "--netns", NULL);
	expect_error("option '-N' needs an argument", "-N", NULL);
	/* --help takes no argument */
	expect_error("unexpected argument 'extra'", "-h", "extra", NULL);
	expect_error("unexpected argument 'extra'", "--version", "extra", NULL);
}
END_TEST

START_TEST(help_wins_over_other_options)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "-t", "-h", "-u", NULL), 0);
	ck_assert_int_eq(o.mode, CLI_HELP);
	cli_opts_fini(&o);
	/* an unambiguous abbreviation still works */
	ck_assert_int_eq(parse(&o, why, "--prom", "-s", NULL), 0);
	ck_assert_int_eq(o.summary, CLI_SUMMARY_PROMETHEUS);
	cli_opts_fini(&o);
}
END_TEST

/* --pid takes at most 100,000 distinct ids; repeats do not count. */
START_TEST(pid_limit_counts_distinct_ids)
{
	enum { ARGS = 5, PER = 25000 };
	static char lists[ARGS][PER * 7];
	char *argv[1 + 2 * ARGS + 1], why[256];
	struct cli_opts o;
	int a, i, argc = 0;

	argv[argc++] = (char *)"sockview";
	/* 125,000 ids, of which 100,000 distinct: accepted */
	for (a = 0; a < ARGS; a++) {
		char *p = lists[a];

		for (i = 0; i < PER; i++)
			p += sprintf(p, "%s%d", i ? "," : "",
			    a < 4 ? a * PER + i + 1 : i + 1);
		argv[argc++] = (char *)"--pid";
		argv[argc++] = lists[a];
	}
	argv[argc] = NULL;
	ck_assert_int_eq(cli_parse(argc, argv, &o, why, sizeof(why)), 0);
	ck_assert_uint_eq(o.npids, 100000);
	cli_opts_fini(&o);

	/* one more distinct id is too many, and the message says so */
	sprintf(lists[ARGS - 1], "%d", 100001);
	for (a = 0; a < ARGS - 1; a++)
		argv[1 + 2 * a + 1] = lists[a];
	ck_assert_int_eq(cli_parse(argc, argv, &o, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "more than 100000 distinct process ids") !=
			  NULL,
	    "%s", why);
	cli_opts_fini(&o);
}
END_TEST

START_TEST(idle_timeout)
{
	struct cli_opts o;
	char why[256];

	ck_assert_int_eq(parse(&o, why, "--serve", "0", NULL), 0);
	ck_assert_uint_eq(o.idle_timeout, 300);
	cli_opts_fini(&o);
	ck_assert_int_eq(
	    parse(&o, why, "--serve", "0", "--idle-timeout", "0", NULL), 0);
	ck_assert_uint_eq(o.idle_timeout, 0);
	cli_opts_fini(&o);
	ck_assert_int_eq(
	    parse(&o, why, "--serve", "0", "--idle-timeout=86400", NULL), 0);
	ck_assert_uint_eq(o.idle_timeout, 86400);
	cli_opts_fini(&o);
	expect_error("bad --idle-timeout '86401'", "--serve", "0",
	    "--idle-timeout", "86401", NULL);
	expect_error("bad --idle-timeout '-1'", "--serve", "0",
	    "--idle-timeout", "-1", NULL);
	expect_error("bad --idle-timeout '00'", "--serve", "0",
	    "--idle-timeout", "00", NULL);
	expect_error("bad --idle-timeout ''", "--serve", "0", "--idle-timeout",
	    "", NULL);
	expect_error("--idle-timeout works with --serve only", "--idle-timeout",
	    "5", NULL);
	expect_error("--udp has none", "--serve", "0", "-u", "--idle-timeout",
	    "5", NULL);
}
END_TEST

/* What --serve and --connect would ignore is refused; -N is theirs too. */
START_TEST(listing_options_refused_by_demo)
{
	static const char *const given[][3] = {
	    {"-K", NULL, "-K/--kill"},
	    {"-x", NULL, "-x/--unix"},
	    {"--pid", "1", "--pid"},
	    {"--state", "listen", "--state"},
	    {"-c", NULL, "-c/--continuous"},
	    {"-s", NULL, "-s/--summary"},
	    {"--prometheus", NULL, "--prometheus"},
	    {"-j", NULL, "-j/--json"},
	    {"--sport", "80", "--sport"},
	    {"--dport", "80", "--dport"},
	    {"--port", "80", "--port"},
	    {"--src", "127.0.0.1", "--src"},
	    {"--dst", "::1", "--dst"},
	    {"--explain", NULL, "--explain"},
	    {"-l", NULL, "-l/--listening"},
	    {"-a", NULL, "-a/--all"},
	    {"-p", NULL, "-p/--program"},
	    {"-e", NULL, "-e/--extend"},
	    {"-o", NULL, "-o/--timers"},
	    {"-H", NULL, "-H/--no-header"},
	    {"-n", NULL, "-n/--numeric"},
	    {"-r", NULL, "-r/--resolve"},
	    {"--numeric-ports", NULL, "--numeric-ports"},
	    {"--services", "/etc/services", "--services"},
	    {"--source", "proc", "--source"},
	    {"--color", "never", "--color"},
	    {"-6", NULL, "-4/-6"},
	    {"-w", NULL, "-w/--raw"},
	};
	struct cli_opts o;
	char want[128], why[256];
	size_t i;

	for (i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
		snprintf(want, sizeof(want),
		    "%s works with the socket listing, not with --serve",
		    given[i][2]);
		expect_error(want, "--serve", "0", given[i][0], given[i][1],
		    NULL);
		snprintf(want, sizeof(want),
		    "%s works with the socket listing, not with --connect",
		    given[i][2]);
		expect_error(want, given[i][0],
		    given[i][1] ? given[i][1] : "-t", "--connect", "h:1", NULL);
	}
	ck_assert_int_eq(parse(&o, why, "-N", "ns1", "--serve", "0", "-t", "-W",
			     "--echo", NULL),
	    0);
	ck_assert_str_eq(o.netns, "ns1");
	ck_assert_int_eq(o.mode, CLI_SERVE);
	cli_opts_fini(&o);
	ck_assert_int_eq(
	    parse(&o, why, "--connect", "h:1", "--netns", "/x", NULL), 0);
	ck_assert_str_eq(o.netns, "/x");
	cli_opts_fini(&o);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, defaults_are_netstats);
	tcase_add_test(tc, short_options_combine);
	tcase_add_test(tc, long_options);
	tcase_add_test(tc, query_names_kinds);
	tcase_add_test(tc, pid_lists);
	tcase_add_test(tc, serve_and_connect);
	tcase_add_test(tc, usage_errors_say_what_is_wrong);
	tcase_add_test(tc, rejected_options_are_named);
	tcase_add_test(tc, connect_target_is_split);
	tcase_add_test(tc, help_wins_over_other_options);
	tcase_add_test(tc, pid_limit_counts_distinct_ids);
	tcase_add_test(tc, idle_timeout);
	tcase_add_test(tc, listing_options_refused_by_demo);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
