/* SPDX-License-Identifier: MIT */
/* Unit tests for filter.c: the --state, port and prefix parsers, the
 * match, and the bytecode the kernel runs for port filters. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>

#include "filter.h"
#include "services.h"
#include "sock.h"

#define ST(x) (1u << SOCK_ST_##x)

START_TEST(parses_state_lists)
{
	uint32_t mask;
	const char *why;

	ck_assert_int_eq(filter_parse_states("established", &mask, &why), 0);
	ck_assert_uint_eq(mask, ST(ESTABLISHED));
	ck_assert_int_eq(
	    filter_parse_states("FIN_WAIT1,fin-wait-2,Time-Wait", &mask, &why),
	    0);
	ck_assert_uint_eq(mask, ST(FIN_WAIT1) | ST(FIN_WAIT2) | ST(TIME_WAIT));
	ck_assert_int_eq(filter_parse_states("connected", &mask, &why), 0);
	ck_assert(!(mask & (ST(LISTEN) | ST(CLOSE))) && (mask & ST(SYN_SENT)));
	ck_assert_int_eq(filter_parse_states("synchronized", &mask, &why), 0);
	ck_assert(!(mask & ST(SYN_SENT)) && (mask & ST(ESTABLISHED)));
	ck_assert_int_eq(filter_parse_states("all", &mask, &why), 0);
	ck_assert(mask & ST(LISTEN) && mask & ST(CLOSING));
	ck_assert_int_eq(filter_parse_states("bogus", &mask, &why), -1);
	ck_assert_int_eq(filter_parse_states("listen,", &mask, &why), -1);
	ck_assert_int_eq(filter_parse_states(",listen", &mask, &why), -1);
	ck_assert_int_eq(filter_parse_states("", &mask, &why), -1);
}
END_TEST

START_TEST(parses_ports_ranges_and_names)
{
	struct services *svc =
	    services_parse("ssh 22/tcp\nmdns 5353/udp\n", 26);
	struct filter_ports p;
	const char *why;

	ck_assert_int_eq(filter_parse_ports("9999", NULL, &p, &why), 0);
	ck_assert(p.set && p.lo == 9999 && p.hi == 9999);
	ck_assert_int_eq(filter_parse_ports("1-1024", NULL, &p, &why), 0);
	ck_assert(p.lo == 1 && p.hi == 1024);
	ck_assert_int_eq(filter_parse_ports("ssh", svc, &p, &why), 0);
	ck_assert_uint_eq(p.lo, 22);
	ck_assert_int_eq(filter_parse_ports("mdns", svc, &p, &why), 0);
	ck_assert_uint_eq(p.lo, 5353);
	ck_assert_int_eq(filter_parse_ports("70000", NULL, &p, &why), -1);
	ck_assert_int_eq(filter_parse_ports("5-3", NULL, &p, &why), -1);
	ck_assert_int_eq(filter_parse_ports("1-", NULL, &p, &why), -1);
	ck_assert_int_eq(filter_parse_ports("http", NULL, &p, &why), -1);
	ck_assert_int_eq(filter_parse_ports("", svc, &p, &why), -1);
	services_free(svc);
}
END_TEST

START_TEST(parses_prefixes)
{
	struct filter_prefix p;
	const char *why;

	ck_assert_int_eq(filter_parse_prefix("127.0.0.0/8", &p, &why), 0);
	ck_assert_uint_eq(p.bits, 96 + 8);
	ck_assert_int_eq(filter_parse_prefix("::1", &p, &why), 0);
	ck_assert_uint_eq(p.bits, 128);
	ck_assert_int_eq(filter_parse_prefix("10.0.0.0/33", &p, &why), -1);
	ck_assert_int_eq(filter_parse_prefix("::/129", &p, &why), -1);
	ck_assert_int_eq(filter_parse_prefix("nope", &p, &why), -1);
	ck_assert_int_eq(filter_parse_prefix("1.2.3.4/", &p, &why), -1);
}
END_TEST

static struct sock_rec
tcp(const char *local, uint16_t lport, const char *remote, uint16_t rport)
{
	struct sock_rec r;
	struct in_addr a;

	memset(&r, 0, sizeof(r));
	r.family = AF_INET;
	r.proto = IPPROTO_TCP;
	r.state = SOCK_ST_ESTABLISHED;
	inet_pton(AF_INET, local, &a);
	sock_addr_set_v4(&r.local.addr, a.s_addr);
	inet_pton(AF_INET, remote, &a);
	sock_addr_set_v4(&r.remote.addr, a.s_addr);
	r.local.port = lport;
	r.remote.port = rport;
	return r;
}

START_TEST(matches_ports_prefixes_and_states)
{
	struct filter f;
	struct sock_rec r = tcp("10.1.2.3", 443, "192.0.2.9", 50000);
	const char *why;

	filter_init(&f);
	ck_assert(filter_match(&f, &r));
	filter_parse_ports("400-500", NULL, &f.sport, &why);
	ck_assert(filter_match(&f, &r));
	filter_parse_prefix("10.0.0.0/8", &f.src, &why);
	ck_assert(filter_match(&f, &r));
	filter_parse_prefix("192.0.2.0/25", &f.dst, &why);
	ck_assert(filter_match(&f, &r));
	filter_parse_prefix("192.0.2.128/25", &f.dst, &why);
	ck_assert(!filter_match(&f, &r));
	filter_init(&f);
	filter_parse_ports("50000", NULL, &f.port, &why);
	ck_assert(filter_match(&f, &r));
	f.states = ST(LISTEN);
	ck_assert(!filter_match(&f, &r));
	r.state = SOCK_ST_LISTEN;
	ck_assert(filter_match(&f, &r));
}
END_TEST

/* The kernel's check of a program (inet_diag_bc_audit), for the ops
 * filter_bytecode writes: every op on the yes chain, jumps to ops on it
 * or past the end. */
static int
on_yes_chain(const uint8_t *bc, int len, int cc)
{
	while (len >= 0) {
		const struct inet_diag_bc_op *op = (const void *)bc;

		if (cc > len)
			return 0;
		if (cc == len)
			return 1;
		if (op->yes < 4 || op->yes & 3)
			return 0;
		len -= op->yes;
		bc += op->yes;
	}
	return 0;
}

static int
audit(const uint8_t *start, int len0)
{
	const uint8_t *bc = start;
	int len = len0;

	while (len > 0) {
		const struct inet_diag_bc_op *op = (const void *)bc;
		int min_len = 4;

		if (op->code == INET_DIAG_BC_CGROUP_COND) {
			/* the op and the u64 id */
			if (len < 12)
				return 0;
			min_len = 12;
		} else if (op->code != INET_DIAG_BC_JMP) {
			if (len < 8)
				return 0;
			min_len = 8;
		}
		if (op->no < min_len || op->no > len + 4 || op->no & 3)
			return 0;
		if (op->no < len && !on_yes_chain(start, len0, len - op->no))
			return 0;
		if (op->yes < min_len || op->yes > len + 4 || op->yes & 3)
			return 0;
		bc += op->yes;
		len -= op->yes;
	}
	return len == 0;
}

/* The kernel's run of it (inet_diag_bc_run) on one socket's ports and
 * cgroup id. */
static int
run_cgroup(const uint8_t *bc, int len, uint16_t sport, uint16_t dport,
    uint64_t cgroup)
{
	while (len > 0) {
		const struct inet_diag_bc_op *op = (const void *)bc;
		uint64_t id;
		int yes = 1;

		switch (op->code) {
		case INET_DIAG_BC_CGROUP_COND:
			memcpy(&id, op + 1, sizeof(id));
			yes = cgroup == id;
			break;
		case INET_DIAG_BC_JMP:
			yes = 0;
			break;
		case INET_DIAG_BC_S_GE:
			yes = sport >= op[1].no;
			break;
		case INET_DIAG_BC_S_LE:
			yes = sport <= op[1].no;
			break;
		case INET_DIAG_BC_D_GE:
			yes = dport >= op[1].no;
			break;
		case INET_DIAG_BC_D_LE:
			yes = dport <= op[1].no;
			break;
		default:
			ck_abort_msg("unexpected op %u", op->code);
		}
		if (yes) {
			len -= op->yes;
			bc += op->yes;
		} else {
			len -= op->no;
			bc += op->no;
		}
	}
	return len == 0;
}

static int
run(const uint8_t *bc, int len, uint16_t sport, uint16_t dport)
{
	return run_cgroup(bc, len, sport, dport, 0);
}

START_TEST(bytecode_runs_as_the_match)
{
	static const char *const ranges[] = {NULL, "22", "20-25", "0-0",
	    "65535"};
	uint8_t bc[FILTER_BYTECODE_MAX];
	const char *why;
	size_t s, d, p;
	uint16_t sp, dp;

	/* every combination of --sport, --dport and --port: the kernel
	 * accepts the program, and it selects what filter_match selects */
	for (s = 0; s < 5; s++)
		for (d = 0; d < 5; d++)
			for (p = 0; p < 5; p++) {
				struct filter f;
				size_t len;

				filter_init(&f);
				f.listen = FILTER_ALL;
				if (ranges[s])
					filter_parse_ports(ranges[s], NULL,
					    &f.sport, &why);
				if (ranges[d])
					filter_parse_ports(ranges[d], NULL,
					    &f.dport, &why);
				if (ranges[p])
					filter_parse_ports(ranges[p], NULL,
					    &f.port, &why);
				len = filter_bytecode(&f, IPPROTO_TCP, bc,
				    sizeof(bc));
				if (!ranges[s] && !ranges[d] && !ranges[p]) {
					ck_assert_uint_eq(len, 0);
					continue;
				}
				ck_assert(len > 0 && len <= sizeof(bc));
				ck_assert_msg(audit(bc, (int)len),
				    "rejected: %zu %zu %zu", s, d, p);
				for (sp = 0; sp < 30; sp++)
					for (dp = 0; dp < 30; dp++) {
						struct sock_rec r =
						    tcp("127.0.0.1", sp,
							"127.0.0.1", dp);

						ck_assert_int_eq(
						    run(bc, (int)len, sp, dp),
						    filter_match(&f, &r));
					}
				ck_assert_int_eq(
				    run(bc, (int)len, 65535, 65535),
				    filter_match(&f,
					&(struct sock_rec){.family = AF_INET,
					    .proto = IPPROTO_TCP,
					    .state = 1,
					    .local.port = 65535,
					    .remote.port = 65535,
					    .remote.addr.s6_addr[15] = 1}));
			}
	/* nothing to push down for raw sockets */
	{
		struct filter f;

		filter_init(&f);
		filter_parse_ports("22", NULL, &f.sport, &why);
		ck_assert_uint_eq(
		    filter_bytecode(&f, IPPROTO_RAW, bc, sizeof(bc)), 0);
	}
}
END_TEST

START_TEST(cgroup_bytecode_selects_the_cgroups)
{
	static const uint64_t ids[] = {5, 9, 1ull << 40};
	static const uint64_t probes[] = {0, 5, 9, 1ull << 40, 6};
	static const char *const ranges[] = {NULL, "20-25"};
	static uint8_t bc[FILTER_BYTECODE_MAX];
	uint64_t many[FILTER_CGROUPS_MAX + 1];
	const char *why;
	size_t n, k, c, i;
	uint16_t sp;

	/* one to three cgroups, with and without the port ops after them:
	 * the kernel accepts it, and it selects the sockets of those
	 * cgroups that the port filter selects */
	for (n = 1; n <= 3; n++)
		for (k = 0; k < 2; k++) {
			struct filter f;
			size_t len;

			filter_init(&f);
			f.listen = FILTER_ALL;
			f.cgroup_ids = ids;
			f.ncgroup_ids = n;
			if (ranges[k])
				filter_parse_ports(ranges[k], NULL, &f.port,
				    &why);
			len = filter_bytecode(&f, IPPROTO_TCP, bc, sizeof(bc));
			ck_assert_uint_eq(len, (16 * n - 4) + (k ? 36 : 0));
			ck_assert_msg(audit(bc, (int)len), "rejected: %zu %zu",
			    n, k);
			for (c = 0; c < 5; c++)
				for (sp = 18; sp < 28; sp++) {
					struct sock_rec r = tcp("127.0.0.1", sp,
					    "127.0.0.1", 40000);
					bool in = false;

					for (i = 0; i < n; i++)
						in = in || probes[c] == ids[i];
					ck_assert_int_eq(run_cgroup(bc,
							     (int)len, sp,
							     40000, probes[c]),
					    in && filter_match(&f, &r));
				}
		}
	/* as many as the limit fit, and are accepted; one more is not
	 * pushed */
	for (i = 0; i <= FILTER_CGROUPS_MAX; i++)
		many[i] = i + 100;
	{
		struct filter f;
		size_t len;

		filter_init(&f);
		f.cgroup_ids = many;
		f.ncgroup_ids = FILTER_CGROUPS_MAX;
		filter_parse_ports("1-65535", NULL, &f.sport, &why);
		len = filter_bytecode(&f, IPPROTO_TCP, bc, sizeof(bc));
		ck_assert(len > 0 && len <= sizeof(bc));
		ck_assert(audit(bc, (int)len));
		ck_assert(run_cgroup(bc, (int)len, 80, 1,
		    100 + FILTER_CGROUPS_MAX - 1));
		ck_assert(!run_cgroup(bc, (int)len, 80, 1, 99));
		f.ncgroup_ids = FILTER_CGROUPS_MAX + 1;
		ck_assert_uint_eq(
		    filter_bytecode(&f, IPPROTO_TCP, bc, sizeof(bc)), 0);
	}
}
END_TEST

static Suite *
filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_state_lists);
	tcase_add_test(tc, parses_ports_ranges_and_names);
	tcase_add_test(tc, parses_prefixes);
	tcase_add_test(tc, matches_ports_prefixes_and_states);
	tcase_add_test(tc, bytecode_runs_as_the_match);
	tcase_add_test(tc, cgroup_bytecode_selects_the_cgroups);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(filter_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
