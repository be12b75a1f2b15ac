/* SPDX-License-Identifier: MIT */
/* sockview: show the sockets of this machine, as netstat does. */

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo/connect.h"
#include "demo/serve.h"
#include "msg.h"
#include "netns.h"
#include "pipeline.h"
#include "probe.h"
#include "run.h"

#ifndef SOCKVIEW_VERSION
#define SOCKVIEW_VERSION "unknown"
#endif

/* One large buffer for stdout: a listing is written in few syscalls. */
#define STDOUT_BUF_SIZE (256 * 1024)

/* -N: enter the namespace before any socket or /proc/net is opened. */
static void
enter_netns(const char *spec)
{
	char path[4096] = "";
	bool opened;
	int err = netns_enter(spec, &opened);

	if (err == 0)
		return;
	netns_path(spec, path, sizeof(path));
	if (!opened && err == -EACCES && path[0] == '/' &&
	    strncmp(path, "/proc/", 6) == 0)
		msg_die(SV_EXIT_FAIL,
		    "cannot enter network namespace '%s': cannot read %s: %s "
		    "(another user's process needs root or CAP_SYS_PTRACE)",
		    spec, path, strerror(-err));
	if (!opened)
		msg_die(SV_EXIT_FAIL,
		    "cannot enter network namespace '%s': cannot open %s: %s",
		    spec, path[0] != '\0' ? path : spec, strerror(-err));
	if (err == -EPERM || err == -EACCES)
		msg_die(SV_EXIT_FAIL,
		    "cannot enter network namespace '%s': %s (needs "
		    "CAP_SYS_ADMIN)",
		    spec, strerror(-err));
	if (err == -EINVAL)
		msg_die(SV_EXIT_FAIL,
		    "cannot enter network namespace '%s': not a network "
		    "namespace",
		    spec);
	msg_die(SV_EXIT_FAIL, "cannot enter network namespace '%s': %s", spec,
	    strerror(-err));
}

/* What --serve and --connect need of the command line, in their own
 * options: the demo never sees struct cli_opts. */
static void
serve_opts_fill(const struct cli_opts *o, struct serve_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->port = o->port;
	so->bind_addr = o->bind_addr;
	so->echo = o->echo;
	so->udp = o->udp;
	so->max_clients = o->max_clients;
	so->idle_timeout = o->idle_timeout;
	so->netns = o->netns;
}

static void
connect_opts_fill(const struct cli_opts *o, struct connect_opts *co)
{
	memset(co, 0, sizeof(*co));
	co->target = o->target;
	co->host = o->target_host;
	co->port = o->target_port;
	co->count = o->count;
	co->hold = o->hold;
	co->netns = o->netns;
}

int
main(int argc, char **argv)
{
	static char outbuf[STDOUT_BUF_SIZE];
	struct cli_opts o;
	struct serve_opts so;
	struct connect_opts co;
	char why[256];
	int status;

	if (cli_parse(argc, argv, &o, why, sizeof(why)) < 0)
		msg_usage("%s", why);
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	/* the demo server and client too: serving inside a namespace is
	 * part of the lesson */
	if (o.netns != NULL && !o.netns_all &&
	    (o.mode == CLI_LIST || o.mode == CLI_SERVE ||
		o.mode == CLI_CONNECT))
		enter_netns(o.netns);
	if (o.mode == CLI_LIST)
		run_check_services(&o);
	switch (o.mode) {
	case CLI_HELP:
		cli_usage(stdout);
		status = SV_EXIT_OK;
		break;
	case CLI_VERSION:
		printf("sockview %s\n", SOCKVIEW_VERSION);
		probe_write(stdout); /* the kernel features found */
		status = SV_EXIT_OK;
		break;
	case CLI_SERVE:
		serve_opts_fill(&o, &so);
		status = serve_run(&so);
		break;
	case CLI_CONNECT:
		connect_opts_fill(&o, &co);
		status = connect_run(&co);
		break;
	default:
		status = pipeline_run(&o);
		break;
	}
	cli_opts_fini(&o);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* a closed pipe ends us by SIGPIPE before this; other write
		 * errors (a full disk) are reported */
		msg_die(SV_EXIT_FAIL, "write error: %s", strerror(errno));
	}
	return status;
}
