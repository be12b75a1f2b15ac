/* SPDX-License-Identifier: MIT */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fdscan.h"
#include "filter.h"
#include "msg.h"
#include "names.h"
#include "owners.h"
#include "recfmt.h"
#include "record.h"
#include "replay.h"
#include "services.h"
#include "source.h"
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

	err = source_collect(&run->source, flt, sink, ctx, &res);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.bad_lines > 0)
		msg_warn("skipped %zu malformed line%s of /proc/net",
		    res.bad_lines, res.bad_lines == 1 ? "" : "s");
	note_unrecorded(run, &res);
}

void
run_collect_unix(const struct run *run, struct unixsock_list *out)
{
	struct source_result res;
	int err;

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
}

void
run_fini(struct run *run)
{
	record_abort(run->record);
	replay_free(run->replay);
	names_free(run->names);
	services_free(run->svc);
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
