#include "stages.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "filter.h"
#include "msg.h"
#include "owners.h"
#include "services.h"
#include "source.h"

/*
 * The steps the listings share, with their diagnostics: like main.c,
 * this is the top layer, which prints through msg.h and exits on a
 * failure, so the modules below stay quiet.
 */

void
stages_collect(const struct cli_opts *o, sock_sink_fn sink, void *ctx)
{
	struct source_result res;
	int err;

	err = source_collect(&o->source, &o->flt, sink, ctx, &res);
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot list sockets: %s: %s", res.failed,
		    strerror(-err));
	if (res.bad_lines > 0)
		msg_warn("skipped %zu malformed line%s of /proc/net",
		    res.bad_lines, res.bad_lines == 1 ? "" : "s");
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
stages_check_services(const struct cli_opts *o)
{
	int err;

	if (o->services_given && (err = services_check(o->services_path)) < 0)
		die_services(o, err);
}

struct services *
stages_load_services(const struct cli_opts *o)
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
stages_check_pid_scan(pid_t pid, int err)
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

struct owners *
stages_scan_pids(const struct cli_opts *o, struct owners *ow)
{
	size_t i;

	for (i = 0; i < o->npids; i++)
		stages_check_pid_scan(o->pids[i],
		    owners_scan_pid(ow, o->pids[i]));
	return ow;
}

static int
inode_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct owners *
stages_scan_wanted(const struct cli_opts *o, struct owners *ow,
    uint64_t *inodes, size_t n)
{
	int err;

	qsort(inodes, n, sizeof(*inodes), inode_cmp);
	if (n > 0 && (err = owners_scan_all(ow, inodes, n)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    o->source.proc_root, strerror(-err));
	return ow;
}

struct owners *
stages_scan_all(const struct cli_opts *o, struct owners *ow)
{
	int err;

	if ((err = owners_scan_all(ow, NULL, 0)) < 0)
		msg_die(SV_EXIT_FAIL, "cannot read processes in %s: %s",
		    o->source.proc_root, strerror(-err));
	return ow;
}

static bool
needs_names(const char *port_text)
{
	return port_text != NULL && (port_text[0] < '0' || port_text[0] > '9');
}

bool
stages_ports_need_names(const struct cli_opts *o)
{
	return needs_names(o->sport_text) || needs_names(o->dport_text) ||
	       needs_names(o->port_text);
}

void
stages_resolve_ports(struct cli_opts *o, const struct services *svc)
{
	const struct {
		const char *opt, *text;
		struct filter_ports *ports;
	} opts[] = {
	    {"--sport", o->sport_text, &o->flt.sport},
	    {"--dport", o->dport_text, &o->flt.dport},
	    {"--port", o->port_text, &o->flt.port},
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].text != NULL && filter_parse_ports(opts[i].text,
						svc, opts[i].ports, &why) < 0)
			msg_usage("bad %s '%.64s': %s", opts[i].opt,
			    opts[i].text, why);
}

void
stages_warn_hidden(const struct owners *ow)
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

int
stages_watch(const struct cli_opts *o, watch_round_fn round, void *ctx)
{
	/* JSON is for programs: no escapes, no line that is not JSON */
	struct watch_opts wo = {.interval = o->interval,
	    .redraw = o->json == CLI_JSON_OFF && isatty(STDOUT_FILENO),
	    .stamp = o->json == CLI_JSON_OFF};
	int err = watch_run(&wo, stdout, round, ctx);

	if (err < 0)
		msg_die(SV_EXIT_FAIL, "write error: %s", strerror(-err));
	return SV_EXIT_OK;
}
