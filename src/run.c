/* SPDX-License-Identifier: MIT */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "cli.h"
#include "escape.h"
#include "fdscan.h"
#include "filter.h"
#include "msg.h"
#include "names.h"
#include "owners.h"
#include "pidsock.h"
#include "recfmt.h"
#include "record.h"
#include "replay.h"
#include "run_netns.h"
#include "services.h"
#include "sockdiag.h"
#include "sockext.h"
#include "sockstat.h"
#include "source.h"
#include "units.h"
#include "unixsock.h"
#include "xalloc.h"

/* --replay: say once what was asked for and is not in the recording. */
static void
note_unrecorded(const struct run *run, const struct source_result *res)
{
	char list[64] = "";
	size_t i, len = 0;

	for (i = 0; i < res->nunrecorded && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
		    i > 0 ? ", " : "", res->unrecorded[i]);
	if (res->nunrecorded == 0)
		return;
	fflush(stdout);
	msg_warn("%s holds no %s sockets%s", run->req->replay_path, list,
	    replay_is_ss(run->replay) ? " (ss -D records TCP only)" : "");
}

void
run_collect(const struct run *run, const struct filter *flt, sock_sink_fn sink,
    void *ctx)
{
	struct source_result res;
	int err;

	if (run->netns != NULL) {
		res.bad_lines =
		    run_netns_collect(run->netns, &run->source, flt, sink, ctx);
		if (res.bad_lines > 0)
			msg_warn("skipped %zu malformed line%s of /proc/net",
			    res.bad_lines, res.bad_lines == 1 ? "" : "s");
		return;
	}
	err = source_collect(&run->source, flt, sink, ctx, &res);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.bad_lines > 0)
		msg_warn("skipped %zu malformed line%s of /proc/net",
		    res.bad_lines, res.bad_lines == 1 ? "" : "s");
	note_unrecorded(run, &res);
	if (run->ext != NULL && res.tcp_from_proc && !*run->ext_noted) {
		msg_warn("-i/--info and -m/--memory: /proc/net has only the "
			 "queues, retransmits and timers (-o); the rest needs "
			 "netlink sock_diag");
		*run->ext_noted = true;
	}
}

/*
 * --pid looks its sockets up one by one where its processes hold at most
 * 1/PID_LOOKUP_SHARE of the table: one lookup (pidfd_getfd, getsockname,
 * getpeername, two getsockopt, close, and a sixteenth of a netlink round
 * trip, on two threads) costs about as much as six sockets of a dump
 * (7.3 us against 1.3 us of wall time, among 180,000 sockets on two
 * cores). The environment's SOCKVIEW_PID_LOOKUP=exact or =dump decides
 * instead.
 */
#define PID_LOOKUP_SHARE 6

static int
list_sink(const struct sock_rec *rec, void *list)
{
	sock_list_push(list, rec);
	return 0;
}

/* SOCKVIEW_PID_LOOKUP's word: "exact", "dump", or NULL (choose). */
static const char *
pid_lookup_way(void)
{
	const char *how = getenv("SOCKVIEW_PID_LOOKUP");

	if (how != NULL && strcmp(how, "exact") == 0)
		return "exact";
	if (how != NULL && strcmp(how, "dump") == 0)
		return "dump";
	return NULL;
}

/* Whether n sockets are few enough to ask for one by one. */
static bool
few_enough(const struct run *run, size_t n)
{
	struct sockstat table;

	sockstat_read(run->source.proc_root, &table);
	return n * PID_LOOKUP_SHARE <= sockstat_total(&table);
}

bool
run_pids_may_look_up(const struct run *run)
{
	const char *how = pid_lookup_way();
	const struct cli_opts *req = run->req;
	char path[64];
	struct stat sb;
	size_t fds = 0, i;

	/* a recording holds dumps; /proc cannot be asked for one socket */
	/* -N all: a socket is asked for in its own namespace's table */
	if (run->source.kind == SOURCE_PROC || run->record != NULL ||
	    run->replay != NULL || run->netns != NULL ||
	    (how != NULL && strcmp(how, "dump") == 0))
		return false;
	/* a socket's descriptor duplicated into this process takes its
	 * net_cls class id and net_prio index, which a v1 hierarchy of
	 * either gives meaning: the lookup must not change what it sees */
	if (cgroup_v1_has_any(run->source.proc_root,
		(const char *const[]){"net_cls", "net_prio", NULL}))
		return false;
	if (how != NULL)
		return true;
	/* procfs gives a process's fd count as the size of its fd
	 * directory (Linux 6.2 on): an upper bound of its sockets */
	for (i = 0; i < req->npids; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%d/fd",
			run->source.proc_root,
			(int)req->pids[i]) >= sizeof(path) ||
		    stat(path, &sb) < 0 || sb.st_size <= 0)
			return true; /* unknown until the fds are read */
		fds += (size_t)sb.st_size;
	}
	return few_enough(run, fds);
}

bool
run_collect_pids(const struct run *run, const struct owners *ow,
    sock_sink_fn sink, void *ctx)
{
	struct sockdiag *sd;
	struct sock_list got;
	size_t n, i;
	const struct owner *links = owners_links(ow, &n);
	int err;

	if (pid_lookup_way() == NULL && !few_enough(run, n))
		return false;
	if (sockdiag_open(&sd) < 0)
		return false;
	sockdiag_set_ext(sd, run->source.show, run->source.ext);
	sock_list_init(&got);
	err = pidsock_collect(sd, links, n, &run->flt, run->source.want_info,
	    list_sink, &got);
	sockdiag_close(sd);
	for (i = 0; err == 0 && i < got.len; i++)
		sink(&got.v[i], ctx);
	sock_list_fini(&got);
	return err == 0;
}

void
run_collect_unix(const struct run *run, struct unixsock_list *out)
{
	struct source_result res;
	int err;

	if (run->netns != NULL) {
		res.bad_lines =
		    run_netns_collect_unix(run->netns, &run->source, out);
		if (res.bad_lines > 0)
			msg_warn(
			    "skipped %zu malformed line%s of /proc/net/unix",
			    res.bad_lines, res.bad_lines == 1 ? "" : "s");
		return;
	}
	err = source_collect_unix(&run->source, out, &res);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.bad_lines > 0)
		msg_warn("skipped %zu malformed line%s of /proc/net/unix",
		    res.bad_lines, res.bad_lines == 1 ? "" : "s");
	note_unrecorded(run, &res);
}

void
run_collect_other(const struct run *run, const struct source_other *kind,
    void *ctx)
{
	struct source_result res;
	int err;

	err = source_collect_other(&run->source, kind, ctx, &res);
	/* the families only a diag module lists: say plainly why not */
	if (err == -EPROTONOSUPPORT && kind->proc == NULL)
		msg_die(SV_EXIT_FAIL,
		    "cannot list %s sockets: no /proc file lists them, only "
		    "netlink (%s)",
		    kind->name, kind->module);
	if (err == -ENOENT && kind->proc == NULL && run->source.replay != NULL)
		msg_die(SV_EXIT_FAIL, "the recording holds no %s sockets",
		    kind->name);
	if ((err == -ENOENT || err == -EOPNOTSUPP) && kind->proc == NULL &&
	    run->source.replay == NULL)
		msg_die(SV_EXIT_FAIL,
		    "cannot list %s sockets: the running kernel cannot report "
		    "them (no %s module)",
		    kind->name, kind->module);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.bad_lines > 0)
		msg_warn("skipped %zu malformed line%s of %s", res.bad_lines,
		    res.bad_lines == 1 ? "" : "s", kind->proc_path);
	note_unrecorded(run, &res);
}

_Noreturn static void
die_services(const struct cli_opts *o, int err)
{
	if (err == -EFBIG)
		msg_die(SV_EXIT_FAIL,
		    "cannot read services file '%s': larger than %u MiB",
		    o->services_path, SERVICES_FILE_MAX >> 20);
	msg_die(SV_EXIT_FAIL, "cannot read services file '%s': %s",
	    o->services_path,
	    err == -EINVAL ? "not a regular file" : strerror(-err));
}

void
run_check_services(const struct cli_opts *o)
{
	int err;

	if (o->services_given && (err = services_check(o->services_path)) < 0)
		die_services(o, err);
}

static struct services *
load_services(const struct cli_opts *o)
{
	struct services *svc;
	int err;

	svc = services_load(o->services_path, &err);
	if (svc == NULL && o->services_given)
		die_services(o, err);
	/* netstat names a raw socket's protocol from /etc/protocols; without
	 * either file, ports and protocols simply stay numeric */
	if (svc != NULL && (o->flt.protos & FILTER_RAW))
		services_load_protocols(svc, "/etc/protocols");
	return svc;
}

void
run_check_pid_scan(pid_t pid, int err)
{
	if (err == -ENOENT)
		msg_die(SV_EXIT_FAIL, "no such process: %d", (int)pid);
	/* the hint only where it helps: root can be refused too (a
	 * process in a sandbox's care, or EMFILE) */
	if ((err == -EACCES || err == -EPERM) && geteuid() != 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot read the sockets of process %d: %s "
		    "(root sees every process)",
		    (int)pid, strerror(-err));
	if (err < 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot read the sockets of process %d: %s", (int)pid,
		    strerror(-err));
}

static int
inode_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
run_scan_wanted(const struct run *run, struct owners *ow, uint64_t *inodes,
    size_t n)
{
	int err;

	qsort(inodes, n, sizeof(*inodes), inode_cmp);
	if (n > 0 && (err = owners_scan_all(ow, inodes, n)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    run->source.proc_root, strerror(-err));
}

void
run_scan_all(const struct run *run, struct owners *ow)
{
	int err;

	if ((err = owners_scan_all(ow, NULL, 0)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    run->source.proc_root, strerror(-err));
}

static bool
needs_names(const char *port_text)
{
	return port_text != NULL && (port_text[0] < '0' || port_text[0] > '9');
}

static bool
ports_need_names(const struct cli_opts *o)
{
	return needs_names(o->sport_text) || needs_names(o->dport_text) ||
	       needs_names(o->port_text);
}

/* The port filters, with names looked up in svc (which may be NULL). */
static void
resolve_ports(struct run *run)
{
	const struct cli_opts *o = run->req;
	const struct {
		const char *opt, *text;
		struct filter_ports *ports;
	} opts[] = {
	    {"--sport", o->sport_text, &run->flt.sport},
	    {"--dport", o->dport_text, &run->flt.dport},
	    {"--port", o->port_text, &run->flt.port},
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].text != NULL &&
		    filter_parse_ports(opts[i].text, run->svc, opts[i].ports,
			&why) < 0)
			msg_usage("bad %s '%.64s': %s", opts[i].opt,
			    opts[i].text, why);
}

/* --color: auto colours a terminal, unless NO_COLOR is set and not
 * empty (no-color.org); always and never overrule both. */
static bool
use_color(const struct cli_opts *o)
{
	const char *no_color = getenv("NO_COLOR");

	if (o->json != CLI_JSON_OFF || o->color == CLI_COLOR_NEVER)
		return false;
	if (o->color == CLI_COLOR_ALWAYS)
		return true;
	return isatty(STDOUT_FILENO) && (no_color == NULL || !no_color[0]);
}

/* --replay: read the recording first, for it may be no recording at
 * all; --record: start the file the listing is saved into. */
static void
open_recordings(struct run *run)
{
	const struct cli_opts *req = run->req;
	char why[256];
	int err;

	if (req->replay_path != NULL) {
		err = replay_open(req->replay_path, &run->replay, why,
		    sizeof(why));
		if (err == -EBADMSG)
			msg_die(SV_EXIT_FAIL, "%s: not a recording: %s",
			    req->replay_path, why);
		if (err == -EFBIG)
			msg_die(SV_EXIT_FAIL, "%s: larger than %u MiB",
			    req->replay_path, REPLAY_FILE_MAX >> 20);
		if (err < 0)
			msg_die(SV_EXIT_FAIL, "%s: %s", req->replay_path,
			    err == -EINVAL ? "not a regular file"
					   : strerror(-err));
		run->source.replay = run->replay;
	}
	if (req->record_path != NULL) {
		err = record_open(req->record_path, &run->record);
		if (err < 0)
			msg_die(SV_EXIT_FAIL, "cannot record to '%s': %s",
			    req->record_path, strerror(-err));
		run->source.record = run->record;
	}
}

/* --replay: the user names as the recording machine had them. */
static void
preset_users(struct run *run)
{
	const char *name;
	uint32_t uid;
	size_t i, len;

	names_set_offline(run->names);
	for (i = 0; (name = replay_user_at(run->replay, i, &uid, &len)) != NULL;
	     i++)
		names_preset_user(run->names, uid, name, len);
}

static void
record_user_name(void *rec, uint32_t uid, const char *name)
{
	record_user(rec, uid, name, strlen(name));
}

void
run_init(struct run *run, const struct cli_opts *req)
{
	/* JSON holds every field whatever -n -e -p -o say: numbers and
	 * names, every owner, the timer */
	bool json = req->json != CLI_JSON_OFF;
	/* what prints names: an Internet listing, not -s, not -x */
	bool rows = !req->unix_sockets && req->summary == CLI_SUMMARY_OFF;

	memset(run, 0, sizeof(*run));
	run->req = req;
	run->source = req->source;
	open_recordings(run);
	run->flt = req->flt;
	/* -K closes TCP sockets only, whatever else -u or -w would list */
	if (req->kill)
		run->flt.protos &= FILTER_TCP;
	run->fmt = req->fmt;
	if (req->source.show != 0) {
		run->ext = sockext_table_new();
		run->ext_noted = xcalloc(1, sizeof(*run->ext_noted));
		run->source.ext = run->ext;
		run->ti.show = req->source.show;
		run->ti.numeric = req->fmt.numeric_ports;
		run->ti.options = req->fmt.timer;
		run->jo.ext = run->ext;
		run->jo.show = req->source.show;
	}
	if (json && rows)
		run->source.want_info = true;
	if ((rows && (!req->fmt.numeric_ports || json || req->explain)) ||
	    ports_need_names(req))
		run->svc = load_services(req);
	resolve_ports(run);
	if (rows &&
	    (!req->fmt.numeric_hosts ||
		(req->fmt.user_inode && !req->fmt.numeric_users) || json))
		run->names = names_new();
	if (run->names != NULL && run->replay != NULL)
		preset_users(run);
	run->fmt.services = run->svc;
	run->fmt.names = run->names;
	run->fmt.color = use_color(req);
	run->fmt.marks = req->diff && !json;
	run->jo.lines = req->json == CLI_JSON_LINES;
	run->jo.hosts = !req->fmt.numeric_hosts;
	run->jo.services = run->svc;
	run->jo.names = run->names;
	/* a recording of -N all lists as it did, with its Netns column */
	if (run->replay != NULL && replay_netns_count(run->replay) > 0)
		run->netns = run_netns_replayed(run->replay);
	else if (req->netns_all && run->replay == NULL)
		run->netns = run_netns_new(req->source.proc_root, "/run");
	if (run->netns != NULL) {
		run->fmt.netns = run_netns_table(run->netns);
		run->jo.netns = run->fmt.netns;
	}
}

void
run_fini(struct run *run)
{
	record_abort(run->record);
	replay_free(run->replay);
	run_netns_free(run->netns);
	names_free(run->names);
	services_free(run->svc);
	sockext_table_free(run->ext);
	free(run->ext_noted);
}

static int
pid_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct pids of n links, sorted: *count of them. Caller frees. */
static int32_t *
link_pids(const struct owner *links, size_t n, size_t *count)
{
	int32_t *pids = xcalloc(n ? n : 1, sizeof(*pids));
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		pids[i] = links[i].pid;
	qsort(pids, n, sizeof(*pids), pid_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || pids[i] != pids[k - 1])
			pids[k++] = pids[i];
	*count = k;
	return pids;
}

/* Whether pid is one of --pid's (sorted). */
static bool
asked_pid(const struct cli_opts *req, int32_t pid)
{
	pid_t key = (pid_t)pid;

	return bsearch(&key, req->pids, req->npids, sizeof(*req->pids),
		   pid_cmp) != NULL;
}

void
run_load_owners(const struct run *run, struct owners *ow, bool pids_only)
{
	const struct recfmt_owner *rec;
	struct owners_stats stats = {0};
	struct recfmt_scan scan;
	struct owner *links;
	const char *name;
	int32_t *pids, pid;
	size_t i, k, n, len, npids;

	rec = replay_owners(run->replay, &n);
	links = xcalloc(n ? n : 1, sizeof(*links));
	for (i = 0, k = 0; i < n; i++) {
		if (pids_only && !asked_pid(run->req, rec[i].pid))
			continue;
		links[k].inode = rec[i].inode;
		links[k].pid = rec[i].pid;
		links[k++].fd = rec[i].fd;
		if ((name = replay_process(run->replay, rec[i].pid, &len)) !=
		    NULL)
			owners_preset_name(ow, rec[i].pid, name, len);
	}
	if (replay_scan(run->replay, &scan)) {
		stats.processes = (size_t)scan.processes;
		stats.hidden = (size_t)scan.hidden;
		stats.denied = (size_t)scan.denied;
		stats.error = scan.error;
	} else {
		fflush(stdout);
		msg_warn("%s holds no owners (it was recorded without -p, -j "
			 "or --pid): none shown",
		    run->req->replay_path);
	}
	owners_add_recorded(ow, links, k, &stats);
	pids = link_pids(links, k, &npids);
	for (i = 0; i < run->req->npids; i++) {
		pid = (int32_t)run->req->pids[i];
		if (bsearch(&pid, pids, npids, sizeof(*pids), pid_cmp) == NULL)
			msg_warn("%s holds no socket of process %d",
			    run->req->replay_path, (int)pid);
	}
	free(pids);
	free(links);
}

void
run_record_owners(struct run *run, const struct owners *ow)
{
	struct recfmt_scan scan = {0};
	struct owners_stats stats;
	const struct owner *links;
	const char *name;
	int32_t *pids;
	size_t i, n, npids;

	if (ow == NULL)
		return;
	links = owners_links(ow, &n);
	for (i = 0; i < n; i++)
		record_owner(run->record, links[i].inode, links[i].pid,
		    links[i].fd);
	/* the names of those resolved: the owners shown */
	pids = link_pids(links, n, &npids);
	for (i = 0; i < npids; i++)
		if ((name = owners_comm_raw(ow, pids[i])) != NULL)
			record_process(run->record, pids[i], name,
			    strlen(name));
	free(pids);
	stats = owners_stats(ow);
	scan.processes = stats.processes;
	scan.hidden = stats.hidden;
	scan.denied = stats.denied;
	scan.error = stats.error;
	record_scan(run->record, &scan);
}

void
run_finish_recording(struct run *run)
{
	int err;

	if (run->record == NULL)
		return;
	if (run->names != NULL)
		names_each_user(run->names, record_user_name, run->record);
	err = record_commit(run->record);
	run->record = NULL;
	run->source.record = NULL;
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot write the recording '%s': %s",
		    run->req->record_path, strerror(-err));
}

void
run_warn_hidden(const struct owners *ow)
{
	const char *hint = geteuid() != 0 ? "; root sees them all" : "";
	struct owners_stats st;

	if (ow == NULL || (st = owners_stats(ow)).hidden == 0)
		return;
	fflush(stdout);
	/* a right root has, or a failure root meets too (EMFILE): the note
	 * says which, so that nobody looks for the wrong cure */
	if (st.denied == st.hidden && hint[0] != '\0')
		msg_warn("not all processes could be identified: %zu could "
			 "not be read%s",
		    st.hidden, hint);
	else if (st.denied == st.hidden)
		msg_warn("not all processes could be identified: %zu could "
			 "not be read: %s",
		    st.hidden, strerror(EACCES));
	else if (st.denied == 0)
		msg_warn("not all processes could be identified: %zu could "
			 "not be read: %s",
		    st.hidden, strerror(st.error));
	else
		msg_warn("not all processes could be identified: %zu could "
			 "not be read: %s; %zu of them: %s%s",
		    st.hidden, strerror(st.error), st.denied, strerror(EACCES),
		    hint[0] != '\0' ? " (root sees those)" : "");
}

/* Whether the process runs: it has a /proc entry (or one we may not
 * read) and is no zombie, whose sockets are closed already. */
static bool
pid_runs(const char *proc_root, pid_t pid)
{
	char path[4096], stat[512];
	const char *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/stat", proc_root, (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno != ENOENT && errno != ESRCH;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 && errno != ESRCH;
	stat[n] = '\0';
	/* "pid (comm) S ...": the state follows the last parenthesis, as
	 * comm may hold one */
	paren = strrchr(stat, ')');
	return paren == NULL || paren[1] == '\0' || paren[2] != 'Z';
}

bool
run_pids_remain(const struct cli_opts *o)
{
	size_t i;

	for (i = 0; i < o->npids; i++)
		if (pid_runs(o->source.proc_root, o->pids[i]))
			return true;
	fflush(stdout);
	if (o->npids == 1)
		msg_warn("process %d ended: nothing left to watch",
		    (int)o->pids[0]);
	else
		msg_warn("the %zu processes of --pid ended: nothing left to "
			 "watch",
		    o->npids);
	return false;
}

int
run_watch(const struct run *run, watch_round_fn round, watch_ready_fn ready,
    void *ctx)
{
	const struct cli_opts *o = run->req;
	/* JSON is for programs: no escapes, no line that is not JSON */
	struct watch_opts wo = {.interval = o->interval,
	    .redraw = o->json == CLI_JSON_OFF && isatty(STDOUT_FILENO),
	    .stamp = o->json == CLI_JSON_OFF,
	    .ready = ready};
	int err = watch_run(&wo, stdout, round, ctx);

	if (err < 0)
		msg_die(SV_EXIT_FAIL, "write error: %s", strerror(-err));
	return SV_EXIT_OK;
}

void
run_warn_container_metadata(const struct units *u)
{
	const char *first;
	size_t n = units_malformed(u, &first);
	char esc[ESCAPE_TEXT_SIZE(256)];

	if (n == 0)
		return;
	/* a path under /var/lib: escaped, as any name from the machine */
	escape_path(first, strnlen(first, 256), esc, sizeof(esc));
	msg_warn("ignored %zu malformed container metadata file%s (%s%s)", n,
	    n == 1 ? "" : "s", esc, n == 1 ? "" : ", ...");
}
