/* sockview: show the sockets of this machine, as netstat does. */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo/connect.h"
#include "demo/serve.h"
#include "listing.h"
#include "msg.h"
#include "netns.h"
#include "stages.h"
#include "unixlist.h"

#ifndef SOCKVIEW_VERSION
#define SOCKVIEW_VERSION "unknown"
#endif

/* One large buffer for stdout: a listing is written in few syscalls. */
#define STDOUT_BUF_SIZE (256 * 1024)

/* -N: enter the namespace before any socket or /proc/net is opened. */
static void
enter_netns(const char *spec)
{
	int err = netns_enter(spec);

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
	if (err < 0)
		msg_die(SV_EXIT_FAIL, "cannot enter network namespace '%s': %s",
		    spec, strerror(-err));
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
	if (o.netns != NULL && (o.mode == CLI_LIST || o.mode == CLI_SERVE ||
				   o.mode == CLI_CONNECT))
		enter_netns(o.netns);
	if (o.mode == CLI_LIST)
		stages_check_services(&o);
	switch (o.mode) {
	case CLI_HELP:
		cli_usage(stdout);
		status = SV_EXIT_OK;
		break;
	case CLI_VERSION:
		printf("sockview %s\n", SOCKVIEW_VERSION);
		status = SV_EXIT_OK;
		break;
	case CLI_SERVE:
		cli_serve_opts(&o, &so);
		status = serve_run(&so);
		break;
	case CLI_CONNECT:
		cli_connect_opts(&o, &co);
		status = connect_run(&co);
		break;
	default:
		if (o.unix_sockets) {
			status = unixlist_run(&o);
			break;
		}
		if (o.kill) {
			status = listing_kill_run(&o);
			break;
		}
		status = o.summary != CLI_SUMMARY_OFF ? listing_summary_run(&o)
						      : listing_run(&o);
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
