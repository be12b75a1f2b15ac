/* SPDX-License-Identifier: MIT */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "cli_words.h"
#include "sockext.h"

/* Long options without a short form. */
enum {
	OPT_BIND = 256,
	OPT_COLOR,
	OPT_CONNECT,
	OPT_COUNT,
	OPT_DIFF,
	OPT_DPORT,
	OPT_DST,
	OPT_ECHO,
	OPT_EXPLAIN,
	OPT_HOLD,
	OPT_ICMP,
	OPT_IDLE_TIMEOUT,
	OPT_MAX_CLIENTS,
	OPT_NETLINK,
	OPT_VSOCK,
	OPT_XDP,
	OPT_NUMERIC_HOSTS,
	OPT_NUMERIC_PORTS,
	OPT_NUMERIC_USERS,
	OPT_PID,
	OPT_PORT,
	OPT_PROC_ROOT,
	OPT_PROMETHEUS,
	OPT_RECORD,
	OPT_REPLAY,
	OPT_SERVE,
	OPT_SERVICES,
	OPT_SOURCE,
	OPT_SPORT,
	OPT_SRC,
	OPT_STATE,
	OPT_UNIT,
	OPT_UNITS,
};

/* --idle-timeout: the default and the largest, in seconds. */
#define CLI_IDLE_TIMEOUT 300
#define CLI_IDLE_TIMEOUT_MAX 86400

static const char short_opts[] = ":046A:ac::eHhijKlMmN:noprSstUuVWwx";

/* Sorted by name. */
static const struct option long_opts[] = {
    {"all", no_argument, NULL, 'a'},
    {"bind", required_argument, NULL, OPT_BIND},
    {"color", required_argument, NULL, OPT_COLOR},
    {"connect", required_argument, NULL, OPT_CONNECT},
    {"continuous", optional_argument, NULL, 'c'},
    {"count", required_argument, NULL, OPT_COUNT},
    {"diff", no_argument, NULL, OPT_DIFF},
    {"dport", required_argument, NULL, OPT_DPORT},
    {"dst", required_argument, NULL, OPT_DST},
    {"echo", no_argument, NULL, OPT_ECHO},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"extend", no_argument, NULL, 'e'},
    {"help", no_argument, NULL, 'h'},
    {"hold", no_argument, NULL, OPT_HOLD},
    {"icmp", no_argument, NULL, OPT_ICMP},
    {"info", no_argument, NULL, 'i'},
    {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
    {"ipv4", no_argument, NULL, '4'},
    {"ipv6", no_argument, NULL, '6'},
    {"json", optional_argument, NULL, 'j'},
    {"kill", no_argument, NULL, 'K'},
    {"listening", no_argument, NULL, 'l'},
    {"memory", no_argument, NULL, 'm'},
    {"mptcp", no_argument, NULL, 'M'},
    {"max-clients", required_argument, NULL, OPT_MAX_CLIENTS},
    {"netlink", no_argument, NULL, OPT_NETLINK},
    {"netns", required_argument, NULL, 'N'},
    {"no-header", no_argument, NULL, 'H'},
    {"numeric", no_argument, NULL, 'n'},
    {"numeric-hosts", no_argument, NULL, OPT_NUMERIC_HOSTS},
    {"numeric-ports", no_argument, NULL, OPT_NUMERIC_PORTS},
    {"numeric-users", no_argument, NULL, OPT_NUMERIC_USERS},
    {"packet", no_argument, NULL, '0'},
    {"pid", required_argument, NULL, OPT_PID},
    {"port", required_argument, NULL, OPT_PORT},
    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
    {"program", no_argument, NULL, 'p'},
    {"prometheus", no_argument, NULL, OPT_PROMETHEUS},
    {"query", required_argument, NULL, 'A'},
    {"raw", no_argument, NULL, 'w'},
    {"record", required_argument, NULL, OPT_RECORD},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"resolve", no_argument, NULL, 'r'},
    {"sctp", no_argument, NULL, 'S'},
    {"serve", required_argument, NULL, OPT_SERVE},
    {"services", required_argument, NULL, OPT_SERVICES},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"sport", required_argument, NULL, OPT_SPORT},
    {"src", required_argument, NULL, OPT_SRC},
    {"state", required_argument, NULL, OPT_STATE},
    {"summary", no_argument, NULL, 's'},
    {"tcp", no_argument, NULL, 't'},
    {"timers", no_argument, NULL, 'o'},
    {"udp", no_argument, NULL, 'u'},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"units", no_argument, NULL, OPT_UNITS},
    {"udplite", no_argument, NULL, 'U'},
    {"unix", no_argument, NULL, 'x'},
    {"version", no_argument, NULL, 'V'},
    {"vsock", no_argument, NULL, OPT_VSOCK},
    {"wide", no_argument, NULL, 'W'},
    {"xdp", no_argument, NULL, OPT_XDP},
    {NULL, 0, NULL, 0},
};

static void
cli_defaults(struct cli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = CLI_LIST;
	filter_init(&o->flt);
	o->fmt.header = true;
	o->fmt.numeric_hosts = true;
	o->source.kind = SOURCE_AUTO;
	o->source.proc_root = "/proc";
	o->services_path = "/etc/services";
	o->max_clients = 1024;
	o->idle_timeout = CLI_IDLE_TIMEOUT;
	o->count = 1;
}

/* Name the option that getopt rejected, as the user typed it: a short
 * one (any byte; msg escapes what is not printable) or the long word. */
static const char *
bad_option(char **argv, char *buf, size_t size)
{
	const char *word = argv[optind - 1];
	const struct option *opt;

	/* getopt sets optopt to 0 for an unknown long option and to its
	 * value for a known one: the value of a long option may be a
	 * letter too, so look at what was typed */
	if (optopt == 0 || optopt > 0xff)
		return word;
	if (strncmp(word, "--", 2) == 0)
		for (opt = long_opts; opt->name != NULL; opt++)
			if (opt->val == optopt &&
			    strncmp(opt->name, word + 2,
				strcspn(word + 2, "=")) == 0)
				return word;
	snprintf(buf, size, "-%c", (char)optopt);
	return buf;
}

/* The long options that "--word" or "--word=value" abbreviates, written
 * as "--a, --b" into buf; returns how many there are. */
static size_t
abbreviated_options(const char *arg, char *buf, size_t size)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	size_t count = 0, used = 0;
	const struct option *opt;

	buf[0] = '\0';
	if (strncmp(arg, "--", 2) != 0 || len == 0)
		return 0;
	for (opt = long_opts; opt->name != NULL; opt++) {
		int n;

		if (strncmp(opt->name, name, len) != 0)
			continue;
		n = snprintf(buf + used, size - used, "%s--%s",
		    count > 0 ? ", " : "", opt->name);
		if (n > 0 && (size_t)n < size - used)
			used += (size_t)n;
		count++;
	}
	return count;
}

/* Why getopt rejected the word at optind - 1. */
static int
reject_option(int c, char **argv, char *why, size_t why_size)
{
	char optbuf[8], candidates[256];
	const char *word;

	if (c == ':')
		return cli_fail(why, why_size, "option '%s' needs an argument",
		    bad_option(argv, optbuf, sizeof(optbuf)));
	if (optopt == 0 && abbreviated_options(argv[optind - 1], candidates,
			       sizeof(candidates)) > 1)
		return cli_fail(why, why_size,
		    "option '%.*s' is ambiguous: it may be %s",
		    (int)strcspn(argv[optind - 1], "="), argv[optind - 1],
		    candidates);
	word = bad_option(argv, optbuf, sizeof(optbuf));
	if (optopt != 0 && strncmp(word, "--", 2) == 0)
		return cli_fail(why, why_size,
		    "option '%.*s' takes no argument", (int)strcspn(word, "="),
		    word);
	return cli_fail(why, why_size, "unknown option '%.64s'", word);
}

/* One of the options that choose sockets: 1 when c was one, 0 when it
 * was not, -1 with a reason. */
static int
parse_selection(int c, struct cli_words *w, struct cli_opts *o, char *why,
    size_t why_size)
{
	const char *reason;
	size_t len;

	switch (c) {
	case 't':
		w->protos |= FILTER_TCP;
		w->inet_given = true;
		break;
	case 'u':
		w->protos |= FILTER_UDP;
		w->inet_given = true;
		break;
	case 'w':
		w->protos |= FILTER_RAW;
		w->inet_given = true;
		break;
	case 'U':
		w->protos |= FILTER_UDPLITE;
		w->inet_given = true;
		break;
	case OPT_ICMP:
		w->protos |= FILTER_ICMP;
		w->inet_given = true;
		break;
	case 'M':
		w->protos |= FILTER_MPTCP;
		w->inet_given = true;
		break;
	case '4':
		w->families |= FILTER_INET;
		break;
	case '6':
		w->families |= FILTER_INET6;
		break;
	case 'l':
		w->listening = true;
		break;
	case 'a':
		w->all = true;
		break;
	case 'x':
		o->unix_sockets = true;
		break;
	case '0':
		w->kinds |= CLI_KIND_PACKET;
		break;
	case OPT_NETLINK:
		w->kinds |= CLI_KIND_NETLINK;
		break;
	case 'S':
		w->kinds |= CLI_KIND_SCTP;
		break;
	case OPT_VSOCK:
		w->kinds |= CLI_KIND_VSOCK;
		break;
	case OPT_XDP:
		w->kinds |= CLI_KIND_XDP;
		break;
	case 'A':
		if (cli_parse_query(optarg, w, &o->unix_types, &reason, &len) <
		    0)
			return cli_fail(why, why_size,
			    "bad --query '%.64s': unknown name '%.*s' "
			    "(expected all, inet, tcp, udp, udplite, raw, "
			    "icmp, mptcp, "
			    "unix, unix_stream, unix_dgram, unix_seqpacket, "
			    "packet, netlink, sctp, vsock or xdp)",
			    optarg, (int)(len > 64 ? 64 : len), reason);
		break;
	case OPT_PID:
		if (cli_parse_pids(optarg, o, &reason) < 0)
			return cli_fail(why, why_size, "bad --pid '%.64s': %s",
			    optarg, reason);
		break;
	case OPT_STATE:
		if (filter_parse_states(optarg, &o->flt.states, &reason) < 0)
			return cli_fail(why, why_size,
			    "bad --state '%.64s': %s", optarg, reason);
		break;
	case OPT_SPORT:
		o->sport_text = optarg;
		break;
	case OPT_DPORT:
		o->dport_text = optarg;
		break;
	case OPT_PORT:
		o->port_text = optarg;
		break;
	case OPT_SRC:
	case OPT_DST:
		if (filter_parse_prefix(optarg,
			c == OPT_SRC ? &o->flt.src : &o->flt.dst, &reason) < 0)
			return cli_fail(why, why_size, "bad %s '%.64s': %s",
			    c == OPT_SRC ? "--src" : "--dst", optarg, reason);
		break;
	case OPT_UNIT:
		if (cli_parse_units(optarg, o) < 0)
			return cli_fail(why, why_size,
			    "bad --unit '%.64s': expected unit names or "
			    "patterns, separated by commas",
			    optarg);
		break;
	case OPT_UNITS:
		o->units = true;
		o->fmt.units = true;
		break;
	case 'N':
		if (*optarg == '\0')
			return cli_fail(why, why_size,
			    "--netns needs a name, a path or a pid");
		o->netns = optarg;
		/* a namespace named "all" is still -N /run/netns/all */
		o->netns_all = strcmp(optarg, "all") == 0;
		break;
	default:
		return 0;
	}
	return 1;
}

/* --services, --record, --replay, --proc-root: a name, never empty. */
static int
parse_path(int c, struct cli_opts *o, char *why, size_t why_size)
{
	if (*optarg == '\0')
		return cli_fail(why, why_size, "%s needs a %s name",
		    c == OPT_SERVICES ? "--services"
		    : c == OPT_RECORD ? "--record"
		    : c == OPT_REPLAY ? "--replay"
				      : "--proc-root",
		    c == OPT_PROC_ROOT ? "directory" : "file");
	if (c == OPT_SERVICES) {
		o->services_path = optarg;
		o->services_given = true;
	} else if (c == OPT_RECORD) {
		o->record_path = optarg;
	} else if (c == OPT_REPLAY) {
		o->replay_path = optarg;
	} else {
		o->source.proc_root = optarg;
	}
	return 1;
}

/* One of the options that shape the output and where it comes from: as
 * parse_selection. */
static int
parse_output(int c, int argc, char **argv, struct cli_words *w,
    struct cli_opts *o, char *why, size_t why_size)
{
	const char *text;
	int color;

	switch (c) {
	case 'n':
		w->numeric = true;
		break;
	case OPT_NUMERIC_HOSTS:
		o->fmt.numeric_hosts = true;
		break;
	case OPT_NUMERIC_PORTS:
		o->fmt.numeric_ports = true;
		break;
	case OPT_NUMERIC_USERS:
		o->fmt.numeric_users = true;
		break;
	case 'r':
		o->fmt.numeric_hosts = false;
		break;
	case 'p':
		o->fmt.owner = true;
		break;
	case 'e':
		o->fmt.user_inode = true;
		break;
	case 'o':
		o->fmt.timer = true;
		o->source.want_info = true;
		break;
	case 'i':
		o->source.show |= SOCKEXT_SHOW_INFO;
		break;
	case 'm':
		o->source.show |= SOCKEXT_SHOW_MEM;
		break;
	case 'W':
		break; /* sockview never truncates */
	case 'H':
		o->fmt.header = false;
		break;
	case 'j':
		if (optarg == NULL)
			o->json = CLI_JSON_ARRAY;
		else if (strcmp(optarg, "lines") == 0)
			o->json = CLI_JSON_LINES;
		else
			return cli_fail(why, why_size,
			    "bad --json '%s': expected --json or "
			    "--json=lines",
			    optarg);
		break;
	case OPT_SERVICES:
	case OPT_RECORD:
	case OPT_REPLAY:
	case OPT_PROC_ROOT:
		return parse_path(c, o, why, why_size);
	case OPT_SOURCE:
		if (source_parse_kind(optarg, &o->source.kind) < 0)
			return cli_fail(why, why_size,
			    "bad --source '%s': expected auto, netlink or proc",
			    optarg);
		break;
	case 's':
		if (o->summary == CLI_SUMMARY_OFF)
			o->summary = CLI_SUMMARY_TEXT;
		break;
	case OPT_PROMETHEUS:
		o->summary = CLI_SUMMARY_PROMETHEUS;
		w->prometheus = true;
		break;
	case 'c':
		if (cli_parse_interval(optarg, argc, argv, &o->interval,
			&text) < 0)
			return cli_fail(why, why_size,
			    "bad --continuous '%.64s': expected seconds from "
			    "0.1 to 86400",
			    text);
		break;
	case OPT_DIFF:
		o->diff = true;
		break;
	case OPT_EXPLAIN:
		o->explain = true;
		break;
	case 'K':
		o->kill = true;
		break;
	case OPT_COLOR:
		if ((color = cli_parse_color(optarg)) < 0)
			return cli_fail(why, why_size,
			    "bad --color '%.64s': expected auto, always or "
			    "never",
			    optarg);
		o->color = (enum cli_color)color;
		break;
	default:
		return 0;
	}
	return 1;
}

/* --serve, --connect and their options: as parse_selection. */
static int
parse_demo(int c, struct cli_words *w, struct cli_opts *o, char *why,
    size_t why_size)
{
	struct sockaddr_storage ss;
	const char *reason;
	socklen_t len;

	switch (c) {
	case OPT_SERVE:
		if (addr_parse_port(optarg, &o->port) < 0)
			return cli_fail(why, why_size,
			    "bad port '%.64s': expected a number from 0 to "
			    "65535",
			    optarg);
		w->serve = true;
		break;
	case OPT_BIND:
		if (addr_parse(optarg, 0, &ss, &len) < 0)
			return cli_fail(why, why_size,
			    "bad --bind '%.64s': expected a numeric IPv4 or "
			    "IPv6 address",
			    optarg);
		o->bind_addr = optarg;
		w->serve_only = "--bind";
		break;
	case OPT_ECHO:
		o->echo = true;
		w->serve_only = "--echo";
		break;
	case OPT_MAX_CLIENTS:
		w->serve_only = "--max-clients";
		if (cli_parse_count(optarg, 1000000, &o->max_clients) < 0)
			return cli_fail(why, why_size,
			    "bad --max-clients '%.64s': expected a number "
			    "from 1 to 1000000",
			    optarg);
		break;
	case OPT_IDLE_TIMEOUT:
		w->serve_only = "--idle-timeout";
		w->idle_given = true;
		if (optarg[0] == '0' && optarg[1] == '\0')
			o->idle_timeout = 0;
		else if (cli_parse_count(optarg, CLI_IDLE_TIMEOUT_MAX,
			     &o->idle_timeout) < 0)
			return cli_fail(why, why_size,
			    "bad --idle-timeout '%.64s': expected seconds "
			    "from 0 (never) to %u",
			    optarg, CLI_IDLE_TIMEOUT_MAX);
		break;
	case OPT_CONNECT:
		if (addr_parse_target(optarg, o->target_host,
			sizeof(o->target_host), &o->target_port, &reason) < 0)
			return cli_fail(why, why_size,
			    "bad --connect '%.64s': %s", optarg, reason);
		o->target = optarg;
		w->connect = true;
		break;
	case OPT_COUNT:
		w->connect_only = "--count";
		if (cli_parse_count(optarg, 100000, &o->count) < 0)
			return cli_fail(why, why_size,
			    "bad --count '%.64s': expected a number from 1 to "
			    "100000",
			    optarg);
		break;
	case OPT_HOLD:
		w->connect_only = "--hold";
		o->hold = true;
		break;
	default:
		return 0;
	}
	return 1;
}

/* The first step: argv into o and w; returns 0, or -1 with a reason. */
static int
parse_words(int argc, char **argv, struct cli_words *w, struct cli_opts *o,
    char *why, size_t why_size)
{
	int c, r;

	opterr = 0;
	optind = 0; /* glibc: start afresh, so tests may parse again */
	while (
	    (c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		if (c == 'h' || c == 'V') {
			w->help |= c == 'h';
			w->version |= c == 'V';
			continue;
		}
		if ((r = parse_selection(c, w, o, why, why_size)) == 0 &&
		    (r = parse_output(c, argc, argv, w, o, why, why_size)) ==
			0 &&
		    (r = parse_demo(c, w, o, why, why_size)) == 0)
			return reject_option(c, argv, why, why_size);
		if (r < 0)
			return -1;
	}
	if (optind < argc)
		return cli_fail(why, why_size, "unexpected argument '%.64s'",
		    argv[optind]);
	return 0;
}

int
cli_parse(int argc, char **argv, struct cli_opts *o, char *why, size_t why_size)
{
	struct cli_words w;

	memset(&w, 0, sizeof(w));
	cli_defaults(o);
	if (parse_words(argc, argv, &w, o, why, why_size) < 0)
		return -1;
	/* --help and --version win over any other option, but not over a
	 * word that is no option at all */
	if (w.help || w.version) {
		o->mode = w.help ? CLI_HELP : CLI_VERSION;
		return 0;
	}
	if (cli_check(&w, o, why, why_size) < 0)
		return -1;
	cli_derive(&w, o);
	return 0;
}

void
cli_opts_fini(struct cli_opts *o)
{
	size_t i;

	free(o->pids);
	o->pids = NULL;
	o->npids = 0;
	for (i = 0; i < o->nunit_patterns; i++)
		free(o->unit_patterns[i]);
	free(o->unit_patterns);
	o->unit_patterns = NULL;
	o->nunit_patterns = 0;
}
