#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "textparse.h"
#include "vec.h"
#include "xalloc.h"

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
	OPT_IDLE_TIMEOUT,
	OPT_MAX_CLIENTS,
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
};

/* --idle-timeout: the default and the largest, in seconds. */
#define CLI_IDLE_TIMEOUT 300
#define CLI_IDLE_TIMEOUT_MAX 86400

/* Largest --pid list: more processes than a kernel allows by default. */
#define CLI_MAX_PIDS 100000
#define CLI_MAX_PIDS_TEXT "100000"

static const char short_opts[] = ":46ac::eHhjKlN:noprstuVWwx";

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
    {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
    {"ipv4", no_argument, NULL, '4'},
    {"ipv6", no_argument, NULL, '6'},
    {"json", optional_argument, NULL, 'j'},
    {"kill", no_argument, NULL, 'K'},
    {"listening", no_argument, NULL, 'l'},
    {"max-clients", required_argument, NULL, OPT_MAX_CLIENTS},
    {"netns", required_argument, NULL, 'N'},
    {"no-header", no_argument, NULL, 'H'},
    {"numeric", no_argument, NULL, 'n'},
    {"numeric-hosts", no_argument, NULL, OPT_NUMERIC_HOSTS},
    {"numeric-ports", no_argument, NULL, OPT_NUMERIC_PORTS},
    {"numeric-users", no_argument, NULL, OPT_NUMERIC_USERS},
    {"pid", required_argument, NULL, OPT_PID},
    {"port", required_argument, NULL, OPT_PORT},
    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
    {"program", no_argument, NULL, 'p'},
    {"prometheus", no_argument, NULL, OPT_PROMETHEUS},
    {"raw", no_argument, NULL, 'w'},
    {"record", required_argument, NULL, OPT_RECORD},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"resolve", no_argument, NULL, 'r'},
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
    {"unix", no_argument, NULL, 'x'},
    {"version", no_argument, NULL, 'V'},
    {"wide", no_argument, NULL, 'W'},
    {NULL, 0, NULL, 0},
};

void
cli_usage(FILE *fp)
{
	fputs(
	    "Usage: sockview [OPTION]...\n"
	    "Show the TCP, UDP and RAW sockets of this machine, as netstat "
	    "does.\n"
	    "\n"
	    "Selection:\n"
	    "  -t, --tcp             TCP sockets\n"
	    "  -u, --udp             UDP sockets\n"
	    "  -w, --raw             RAW sockets\n"
	    "                        (none of -t -u -w: TCP and UDP)\n"
	    "  -4, --ipv4            IPv4 only\n"
	    "  -6, --ipv6            IPv6 only\n"
	    "  -l, --listening       only listening sockets\n"
	    "  -a, --all             listening and non-listening sockets\n"
	    "  -x, --unix            UNIX domain sockets instead\n"
	    "      --pid PID[,PID]   only the sockets these processes hold\n"
	    "                        (TCP and UDP, every state; implies -p)\n"
	    "      --state LIST      only these states (established,listen,\n"
	    "                        ...; groups: connected, synchronized, "
	    "all)\n"
	    "      --sport PORTS     local port: a number, a range a-b, a "
	    "name\n"
	    "      --dport PORTS     peer port, likewise\n"
	    "      --port PORTS      either end's port, likewise\n"
	    "      --src ADDR[/LEN]  local address or prefix\n"
	    "      --dst ADDR[/LEN]  peer address or prefix\n"
	    "  -N, --netns NS        inspect network namespace NS (a name "
	    "from\n"
	    "                        ip netns, a path, or a pid)\n"
	    "\n"
	    "Output:\n"
	    "  -n, --numeric         no names for hosts, ports or users\n"
	    "      --numeric-hosts   numeric host addresses (the default)\n"
	    "      --numeric-ports   numeric ports\n"
	    "      --numeric-users   numeric user ids\n"
	    "  -r, --resolve         name host addresses too\n"
	    "  -p, --program         add the PID/Program name column\n"
	    "  -e, --extend          add the User and Inode columns\n"
	    "  -o, --timers          add the Timer column\n"
	    "  -W, --wide            accepted for netstat; never truncated\n"
	    "  -H, --no-header       no title and column header lines\n"
	    "  -j, --json[=lines]    JSON: one array, or one object per line\n"
	    "      --services FILE   port names from FILE (/etc/services)\n"
	    "      --source SOURCE   auto (default), netlink or proc\n"
	    "      --record FILE     also save what was read, for --replay\n"
	    "      --replay FILE     list from a recording (--record, ss -D)\n"
	    "      --proc-root DIR   read /proc files from DIR\n"
	    "      --explain         say in words what each socket is\n"
	    "      --color WHEN      colour states: auto (default), always, "
	    "never\n"
	    "  -s, --summary         counts per protocol, family and state\n"
	    "      --prometheus      with -s: Prometheus text format\n"
	    "  -c, --continuous[=SECONDS]  list again every SECONDS (1)\n"
	    "      --diff            with -c: mark new (+) and closed (-) "
	    "sockets\n"
	    "  -K, --kill            close the selected TCP sockets (needs a\n"
	    "                        --pid, --port, --state or address "
	    "filter)\n"
	    "\n"
	    "Demo server and client:\n"
	    "      --serve PORT      serve TCP on PORT (0: any free port)\n"
	    "      --bind ADDR       with --serve: listen on ADDR only\n"
	    "      --echo            with --serve: send back what arrives\n"
	    "      --udp             with --serve: serve UDP instead of TCP\n"
	    "      --max-clients N   with --serve: at most N clients\n"
	    "      --idle-timeout SECONDS  with --serve: close a client idle\n"
	    "                        that long (300; 0: never)\n"
	    "      --connect HOST:PORT  open TCP connections to HOST:PORT\n"
	    "      --count N         with --connect: N connections\n"
	    "      --hold            with --connect: hold them until Ctrl-C\n"
	    "\n"
	    "  -h, --help            show this help\n"
	    "  -V, --version         show the version\n"
	    "\n"
	    "Exit status: 0 success, 1 run-time failure, 2 usage error.\n",
	    fp);
}

static int fail(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -1;
}

static int
parse_count(const char *text, unsigned max, unsigned *out)
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
static int
parse_pids(const char *text, struct cli_opts *o, const char **reason)
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
static int
parse_interval(const char *arg, int argc, char **argv, double *out,
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

/* The first option that does not go with the others of a listing, said
 * as a usage error; NULL when they all fit. */
static const char *
listing_conflict(const struct cli_opts *o, unsigned protos)
{
	/* what -x does not do, by the option that asks for it */
	const struct {
		bool given;
		const char *text;
	} not_unix[] = {
	    {o->summary != CLI_SUMMARY_OFF,
		"-s/--summary does not work with -x (UNIX sockets)"},
	    {o->interval > 0,
		"-c/--continuous does not work with -x (UNIX sockets)"},
	    {o->explain, "--explain does not work with -x (UNIX sockets)"},
	    {o->kill, "-K/--kill does not work with -x (UNIX sockets)"},
	    {o->flt.states != 0,
		"--state does not work with -x (UNIX sockets)"},
	    {o->sport_text != NULL,
		"--sport does not work with -x (UNIX sockets)"},
	    {o->dport_text != NULL,
		"--dport does not work with -x (UNIX sockets)"},
	    {o->port_text != NULL,
		"--port does not work with -x (UNIX sockets)"},
	    {o->flt.src.set, "--src does not work with -x (UNIX sockets)"},
	    {o->flt.dst.set, "--dst does not work with -x (UNIX sockets)"},
	};
	size_t i;

	for (i = 0; o->unix_sockets && i < sizeof(not_unix) / sizeof(*not_unix);
	     i++)
		if (not_unix[i].given)
			return not_unix[i].text;
	if (o->kill) {
		if (o->json != CLI_JSON_OFF)
			return "--kill prints text rows: it does not work "
			       "with --json";
		if (protos != 0 && !(protos & FILTER_TCP))
			return "--kill closes TCP sockets only: use -t or no "
			       "protocol";
		if (o->summary != CLI_SUMMARY_OFF || o->interval > 0 ||
		    o->explain)
			return "--kill works alone: not with -s, -c or "
			       "--explain";
	}
	if (o->record_path != NULL && o->replay_path != NULL)
		return "--record and --replay cannot be used together";
	if (o->replay_path != NULL && (o->interval > 0 || o->kill))
		return "--replay lists what was recorded once: -c and -K do "
		       "not work with it";
	if (o->record_path != NULL && (o->interval > 0 || o->kill))
		return "--record saves one listing: -c and -K do not work "
		       "with it";
	if (o->replay_path != NULL && o->netns != NULL)
		return "--replay reads a recording, not a namespace: -N does "
		       "not work with it";
	if (o->summary != CLI_SUMMARY_OFF && (o->diff || o->explain))
		return "-s/--summary counts: --diff and --explain do not "
		       "work with it";
	return NULL;
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
		return fail(why, why_size, "option '%s' needs an argument",
		    bad_option(argv, optbuf, sizeof(optbuf)));
	if (optopt == 0 && abbreviated_options(argv[optind - 1], candidates,
			       sizeof(candidates)) > 1)
		return fail(why, why_size,
		    "option '%.*s' is ambiguous: it may be %s",
		    (int)strcspn(argv[optind - 1], "="), argv[optind - 1],
		    candidates);
	word = bad_option(argv, optbuf, sizeof(optbuf));
	if (optopt != 0 && strncmp(word, "--", 2) == 0)
		return fail(why, why_size, "option '%.*s' takes no argument",
		    (int)strcspn(word, "="), word);
	return fail(why, why_size, "unknown option '%.64s'", word);
}

/* The first listing option in o, which --serve and --connect would
 * ignore, as the user may have typed it; NULL when there is none. */
static const char *
listing_option(const struct cli_opts *o, unsigned protos, unsigned families,
    bool listening, bool all, bool numeric)
{
	const struct {
		bool given;
		const char *name;
	} opts[] = {
	    {o->kill, "-K/--kill"},
	    {o->unix_sockets, "-x/--unix"},
	    {o->npids > 0, "--pid"},
	    {o->flt.states != 0, "--state"},
	    {o->interval != 0, "-c/--continuous"},
	    {o->diff, "--diff"},
	    {o->summary == CLI_SUMMARY_PROMETHEUS, "--prometheus"},
	    {o->summary != CLI_SUMMARY_OFF, "-s/--summary"},
	    {o->json != CLI_JSON_OFF, "-j/--json"},
	    {o->sport_text != NULL, "--sport"},
	    {o->dport_text != NULL, "--dport"},
	    {o->port_text != NULL, "--port"},
	    {o->flt.src.set, "--src"},
	    {o->flt.dst.set, "--dst"},
	    {o->explain, "--explain"},
	    {listening, "-l/--listening"},
	    {all, "-a/--all"},
	    {o->fmt.owner, "-p/--program"},
	    {o->fmt.user_inode, "-e/--extend"},
	    {o->fmt.timer, "-o/--timers"},
	    {!o->fmt.header, "-H/--no-header"},
	    {numeric, "-n/--numeric"},
	    {!o->fmt.numeric_hosts, "-r/--resolve"},
	    {o->fmt.numeric_ports, "--numeric-ports"},
	    {o->fmt.numeric_users, "--numeric-users"},
	    {o->services_given, "--services"},
	    {o->source.kind != SOURCE_AUTO, "--source"},
	    {o->record_path != NULL, "--record"},
	    {o->replay_path != NULL, "--replay"},
	    {strcmp(o->source.proc_root, "/proc") != 0, "--proc-root"},
	    {o->color != CLI_COLOR_AUTO, "--color"},
	    {families != 0, "-4/-6"},
	    {(protos & FILTER_RAW) != 0, "-w/--raw"},
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].given)
			return opts[i].name;
	return NULL;
}

int
cli_parse(int argc, char **argv, struct cli_opts *o, char *why, size_t why_size)
{
	unsigned protos = 0, families = 0;
	bool listening = false, all = false, numeric = false;
	bool serve = false, connect = false, idle_given = false;
	const char *serve_only = NULL, *connect_only = NULL, *reason;
	bool prometheus = false, help = false, version = false;
	char host[ADDR_HOST_SIZE];
	uint16_t port;
	int c;

	cli_defaults(o);
	opterr = 0;
	optind = 0; /* glibc: start afresh, so tests may parse again */
	while (
	    (c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 't':
			protos |= FILTER_TCP;
			break;
		case 'u':
			protos |= FILTER_UDP;
			break;
		case 'w':
			protos |= FILTER_RAW;
			break;
		case '4':
			families |= FILTER_INET;
			break;
		case '6':
			families |= FILTER_INET6;
			break;
		case 'l':
			listening = true;
			break;
		case 'a':
			all = true;
			break;
		case 'n':
			numeric = true;
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
				return fail(why, why_size,
				    "bad --json '%s': expected --json or "
				    "--json=lines",
				    optarg);
			break;
		case OPT_SERVICES:
			if (*optarg == '\0')
				return fail(why, why_size,
				    "--services needs a file name");
			o->services_path = optarg;
			o->services_given = true;
			break;
		case OPT_RECORD:
		case OPT_REPLAY:
		case OPT_PROC_ROOT:
			if (*optarg == '\0')
				return fail(why, why_size, "%s needs a %s name",
				    c == OPT_RECORD   ? "--record"
				    : c == OPT_REPLAY ? "--replay"
						      : "--proc-root",
				    c == OPT_PROC_ROOT ? "directory" : "file");
			if (c == OPT_RECORD)
				o->record_path = optarg;
			else if (c == OPT_REPLAY)
				o->replay_path = optarg;
			else
				o->source.proc_root = optarg;
			break;
		case OPT_SOURCE:
			if (source_parse_kind(optarg, &o->source.kind) < 0)
				return fail(why, why_size,
				    "bad --source '%s': expected auto, "
				    "netlink or proc",
				    optarg);
			break;
		case OPT_PID:
			if (parse_pids(optarg, o, &reason) < 0)
				return fail(why, why_size,
				    "bad --pid '%.64s': %s", optarg, reason);
			break;
		case OPT_SERVE:
			if (addr_parse_port(optarg, &o->port) < 0)
				return fail(why, why_size,
				    "bad port '%.64s': expected a number from "
				    "0 to 65535",
				    optarg);
			serve = true;
			break;
		case OPT_BIND:
			o->bind_addr = optarg;
			serve_only = "--bind";
			break;
		case OPT_ECHO:
			o->echo = true;
			serve_only = "--echo";
			break;
		case OPT_MAX_CLIENTS:
			serve_only = "--max-clients";
			if (parse_count(optarg, 1000000, &o->max_clients) < 0)
				return fail(why, why_size,
				    "bad --max-clients '%.64s': expected a "
				    "number from 1 to 1000000",
				    optarg);
			break;
		case OPT_IDLE_TIMEOUT:
			serve_only = "--idle-timeout";
			idle_given = true;
			if (optarg[0] == '0' && optarg[1] == '\0')
				o->idle_timeout = 0;
			else if (parse_count(optarg, CLI_IDLE_TIMEOUT_MAX,
				     &o->idle_timeout) < 0)
				return fail(why, why_size,
				    "bad --idle-timeout '%.64s': expected "
				    "seconds from 0 (never) to %u",
				    optarg, CLI_IDLE_TIMEOUT_MAX);
			break;
		case OPT_CONNECT:
			if (addr_parse_target(optarg, host, sizeof(host), &port,
				&reason) < 0)
				return fail(why, why_size,
				    "bad --connect '%.64s': %s", optarg,
				    reason);
			o->target = optarg;
			connect = true;
			break;
		case OPT_COUNT:
			connect_only = "--count";
			if (parse_count(optarg, 100000, &o->count) < 0)
				return fail(why, why_size,
				    "bad --count '%.64s': expected a number "
				    "from 1 to 100000",
				    optarg);
			break;
		case OPT_HOLD:
			connect_only = "--hold";
			o->hold = true;
			break;
		case OPT_STATE:
			if (filter_parse_states(optarg, &o->flt.states,
				&reason) < 0)
				return fail(why, why_size,
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
				c == OPT_SRC ? &o->flt.src : &o->flt.dst,
				&reason) < 0)
				return fail(why, why_size, "bad %s '%.64s': %s",
				    c == OPT_SRC ? "--src" : "--dst", optarg,
				    reason);
			break;
		case 's':
			if (o->summary == CLI_SUMMARY_OFF)
				o->summary = CLI_SUMMARY_TEXT;
			break;
		case OPT_PROMETHEUS:
			o->summary = CLI_SUMMARY_PROMETHEUS;
			prometheus = true;
			break;
		case 'c':
			if (parse_interval(optarg, argc, argv, &o->interval,
				&reason) < 0)
				return fail(why, why_size,
				    "bad --continuous '%.64s': expected "
				    "seconds "
				    "from 0.1 to 86400",
				    reason);
			break;
		case OPT_DIFF:
			o->diff = true;
			break;
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		case 'x':
			o->unix_sockets = true;
			break;
		case 'N':
			if (*optarg == '\0')
				return fail(why, why_size,
				    "--netns needs a name, a path or a pid");
			o->netns = optarg;
			break;
		case 'K':
			o->kill = true;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = CLI_COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->color = CLI_COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->color = CLI_COLOR_NEVER;
			else
				return fail(why, why_size,
				    "bad --color '%.64s': expected auto, "
				    "always "
				    "or never",
				    optarg);
			break;
		case 'h':
			help = true;
			break;
		case 'V':
			version = true;
			break;
		default:
			return reject_option(c, argv, why, why_size);
		}
	}
	if (optind < argc)
		return fail(why, why_size, "unexpected argument '%.64s'",
		    argv[optind]);
	/* --help and --version win over any other option, but not over a
	 * word that is no option at all */
	if (help || version) {
		o->mode = help ? CLI_HELP : CLI_VERSION;
		return 0;
	}
	if (serve && connect)
		return fail(why, why_size,
		    "--serve and --connect cannot be used together");
	if ((serve || connect) && (reason = listing_option(o, protos, families,
				       listening, all, numeric)) != NULL)
		return fail(why, why_size,
		    "%s works with the socket listing, not with %s", reason,
		    serve ? "--serve" : "--connect");
	if (serve_only != NULL && !serve)
		return fail(why, why_size, "%s works with --serve only",
		    serve_only);
	if (connect_only != NULL && !connect)
		return fail(why, why_size, "%s works with --connect only",
		    connect_only);
	if (prometheus && o->json != CLI_JSON_OFF)
		return fail(why, why_size,
		    "--prometheus and --json cannot be used together");
	if (o->diff && o->interval == 0)
		return fail(why, why_size,
		    "--diff works with -c/--continuous only");
	if (o->kill && o->npids == 0 && o->flt.states == 0 &&
	    o->sport_text == NULL && o->dport_text == NULL &&
	    o->port_text == NULL && !o->flt.src.set && !o->flt.dst.set)
		return fail(why, why_size,
		    "--kill needs a filter (--pid, --port, --sport, --dport, "
		    "--state, --src or --dst): it never closes every socket");
	if ((reason = listing_conflict(o, protos)) != NULL)
		return fail(why, why_size, "%s", reason);
	if (idle_given && (protos & FILTER_UDP))
		return fail(why, why_size,
		    "--idle-timeout closes TCP clients; --udp has none");
	if (connect && (protos & FILTER_UDP))
		return fail(why, why_size,
		    "--connect opens TCP connections; --udp works with "
		    "--serve");

	if (protos != 0)
		o->flt.protos = protos;
	if (families != 0)
		o->flt.families = families;
	if (o->summary != CLI_SUMMARY_OFF && protos == 0)
		o->flt.protos = FILTER_TCP | FILTER_UDP | FILTER_RAW;
	/* a state list and a summary look at every state */
	if (all || o->flt.states != 0 || o->summary != CLI_SUMMARY_OFF)
		o->flt.listen = FILTER_ALL;
	else if (listening)
		o->flt.listen = FILTER_LISTENING;
	if (o->npids > 0) {
		/* a process's sockets: every state, with its owner */
		o->flt.listen = FILTER_ALL;
		o->fmt.owner = true;
	}
	if (numeric) {
		o->fmt.numeric_hosts = true;
		o->fmt.numeric_ports = true;
		o->fmt.numeric_users = true;
	}
	o->fmt.listen = o->flt.listen;
	/* --udp is -u: in the demo server it means serving UDP */
	o->udp = (protos & FILTER_UDP) != 0;
	if (serve)
		o->mode = CLI_SERVE;
	else if (connect)
		o->mode = CLI_CONNECT;
	return 0;
}

void
cli_opts_fini(struct cli_opts *o)
{
	free(o->pids);
	o->pids = NULL;
	o->npids = 0;
}
