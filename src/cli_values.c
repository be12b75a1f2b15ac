/* SPDX-License-Identifier: MIT */
#include "cli_words.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "textparse.h"
#include "vec.h"
#include "xalloc.h"

/* The values options take: counts, process ids, seconds, words. */

/* Largest --pid list: more processes than a kernel allows by default. */
#define CLI_MAX_PIDS 100000
#define CLI_MAX_PIDS_TEXT "100000"
/* Most --unit patterns: each is matched against every cgroup. */
#define CLI_UNIT_PATTERNS_MAX 1000

int
cli_parse_count(const char *text, unsigned max, unsigned *out)
{
	uint64_t v;

	if (!textparse_dec(&text, max, &v) || *text != '\0' || v == 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort the --pid list and drop repeats; returns how many are left. */
static size_t
compact_pids(struct cli_opts *o)
{
	size_t i, n = 1;

	if (o->npids == 0)
		return 0;
	qsort(o->pids, o->npids, sizeof(*o->pids), pid_cmp);
	for (i = 1; i < o->npids; i++)
		if (o->pids[i] != o->pids[n - 1])
			o->pids[n++] = o->pids[i];
	o->npids = n;
	return n;
}

static int
too_many_pids(const char **reason)
{
	*reason = "more than " CLI_MAX_PIDS_TEXT " distinct process ids";
	return -1;
}

/* "1234,5678" into a sorted list without repeats; -1 with a reason. */
int
cli_parse_pids(const char *text, struct cli_opts *o, const char **reason)
{
	const char *p = text;
	/* a second --pid appends: the array holds at least npids */
	size_t cap = o->npids;

	*reason = "expected process ids separated by commas";
	while (*p) {
		uint64_t v;

		if (!textparse_dec(&p, INT32_MAX, &v) || v == 0 ||
		    (*p && *p != ','))
			return -1;
		if (*p == ',' && *++p == '\0')
			return -1;
		/* repeats do not count against the limit: the list is
		 * compacted when it holds twice as many ids, so each
		 * compaction follows at least CLI_MAX_PIDS new ones */
		if (o->npids == 2 * CLI_MAX_PIDS &&
		    compact_pids(o) > CLI_MAX_PIDS)
			return too_many_pids(reason);
		o->pids =
		    vec_reserve(o->pids, &cap, o->npids + 1, sizeof(*o->pids));
		o->pids[o->npids++] = (pid_t)v;
	}
	if (o->npids == 0)
		return -1;
	if (compact_pids(o) > CLI_MAX_PIDS)
		return too_many_pids(reason);
	return 0;
}

/* -c takes an optional interval: "-c2", "--continuous=2", or "-c 2" when
 * the next word is a number (netstat's -c takes none). */
int
cli_parse_interval(const char *arg, int argc, char **argv, double *out,
    const char **text_out)
{
	const char *text = arg;
	char *end;
	double v;

	if (text == NULL && optind < argc && argv[optind][0] >= '0' &&
	    argv[optind][0] <= '9')
		text = argv[optind++];
	*text_out = text;
	if (text == NULL) {
		*out = 1.0;
		return 0;
	}
	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || *end != '\0' || end == text || !(v >= 0.1) ||
	    v > 86400)
		return -1;
	*out = v;
	return 0;
}

/* --color's word. */
int
cli_parse_color(const char *text)
{
	if (strcmp(text, "auto") == 0)
		return CLI_COLOR_AUTO;
	if (strcmp(text, "always") == 0)
		return CLI_COLOR_ALWAYS;
	if (strcmp(text, "never") == 0)
		return CLI_COLOR_NEVER;
	return -1;
}

int
cli_parse_units(const char *text, struct cli_opts *o)
{
	const char *p = text;
	size_t n;

	for (;; p += n + 1) {
		n = strcspn(p, ",");
		if (n == 0 || o->nunit_patterns >= CLI_UNIT_PATTERNS_MAX)
			return -1;
		o->unit_patterns = xreallocarray(o->unit_patterns,
		    o->nunit_patterns + 1, sizeof(*o->unit_patterns));
		o->unit_patterns[o->nunit_patterns] = xcalloc(n + 1, 1);
		memcpy(o->unit_patterns[o->nunit_patterns++], p, n);
		if (p[n] == '\0')
			return 0;
	}
}

/* One -A name: what it adds. */
struct query_name {
	const char *name;
	unsigned protos, kinds, unix_types;
};

int
cli_parse_query(const char *text, struct cli_words *w, unsigned *unix_types,
    const char **bad, size_t *bad_len)
{
	static const unsigned inet =
	    FILTER_TCP | FILTER_UDP | FILTER_UDPLITE | FILTER_RAW | FILTER_ICMP;
	static const struct query_name names[] = {
	    {"all", inet,
		CLI_KIND_INET | CLI_KIND_UNIX | CLI_KIND_PACKET |
		    CLI_KIND_NETLINK,
		0},
	    {"inet", inet, CLI_KIND_INET, 0},
	    {"tcp", FILTER_TCP, CLI_KIND_INET, 0},
	    {"udp", FILTER_UDP, CLI_KIND_INET, 0},
	    {"udplite", FILTER_UDPLITE, CLI_KIND_INET, 0},
	    {"raw", FILTER_RAW, CLI_KIND_INET, 0},
	    {"icmp", FILTER_ICMP, CLI_KIND_INET, 0},
	    /* not in all or inet: a kernel without mptcp_diag cannot
	     * list them, and all's note says so */
	    {"mptcp", FILTER_MPTCP, CLI_KIND_INET, 0},
	    {"unix", 0, CLI_KIND_UNIX, 0},
	    {"unix_stream", 0, CLI_KIND_UNIX, 1u << SOCK_STREAM},
	    {"unix_dgram", 0, CLI_KIND_UNIX, 1u << SOCK_DGRAM},
	    {"unix_seqpacket", 0, CLI_KIND_UNIX, 1u << SOCK_SEQPACKET},
	    {"packet", 0, CLI_KIND_PACKET, 0},
	    {"netlink", 0, CLI_KIND_NETLINK, 0},
	    /* not in all either: only their diag modules list them */
	    {"sctp", 0, CLI_KIND_SCTP, 0},
	    {"vsock", 0, CLI_KIND_VSOCK, 0},
	    {"xdp", 0, CLI_KIND_XDP, 0},
	};
	const char *p = text;
	bool all_unix = false;
	size_t i, n;

	for (;;) {
		n = strcspn(p, ",");
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n &&
			    memcmp(names[i].name, p, n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			*bad = p;
			*bad_len = n;
			return -1;
		}
		w->protos |= names[i].protos;
		w->kinds |= names[i].kinds;
		/* "unix" after "unix_stream" (or before) is every type
		 */
		if ((names[i].kinds & CLI_KIND_UNIX) &&
		    names[i].unix_types == 0)
			all_unix = true;
		*unix_types |= names[i].unix_types;
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	if (all_unix)
		*unix_types = 0;
	return 0;
}
