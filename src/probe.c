/* SPDX-License-Identifier: MIT */
#include "probe.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "sockdiag.h"
#include "unixdiag.h"

static const char *const diag_names[PROBE_DIAG_COUNT] = {
    [PROBE_TCP_DIAG] = "tcp_diag",
    [PROBE_UDP_DIAG] = "udp_diag",
    [PROBE_RAW_DIAG] = "raw_diag",
    [PROBE_UNIX_DIAG] = "unix_diag",
};

/* What sockview reads when the module is missing. */
static const char *const fallbacks[PROBE_DIAG_COUNT] = {
    [PROBE_TCP_DIAG] = "/proc/net/tcp and tcp6 are read instead",
    [PROBE_UDP_DIAG] = "/proc/net/udp and udp6 are read instead",
    [PROBE_RAW_DIAG] = "/proc/net/raw and raw6 are read instead",
    [PROBE_UNIX_DIAG] = "/proc/net/unix is read instead",
};

const char *
probe_diag_name(enum probe_diag d)
{
	return d < PROBE_DIAG_COUNT ? diag_names[d] : "?";
}

static int
drop_sock(const struct sock_rec *rec, void *data)
{
	(void)rec;
	(void)data;
	return 0;
}

int
probe_diag(struct sockdiag *sd, enum probe_diag d)
{
	static const uint8_t protos[] = {
	    [PROBE_TCP_DIAG] = IPPROTO_TCP,
	    [PROBE_UDP_DIAG] = IPPROTO_UDP,
	    [PROBE_RAW_DIAG] = IPPROTO_RAW,
	};
	size_t emitted;

	if (d == PROBE_UNIX_DIAG)
		return unixdiag_probe(sd);
	if (d >= PROBE_DIAG_COUNT)
		return -EINVAL;
	return sockdiag_dump(sd, AF_INET, protos[d], 0, false, NULL, 0,
	    drop_sock, NULL, &emitted);
}

void
probe_write_line(FILE *out, enum probe_diag d, int err)
{
	if (err == 0)
		fprintf(out, "netlink %s: yes\n", probe_diag_name(d));
	else if (err == -ENOENT)
		fprintf(out, "netlink %s: no (not in this kernel; %s)\n",
		    probe_diag_name(d), fallbacks[d]);
	else
		fprintf(out, "netlink %s: no (%s; %s)\n", probe_diag_name(d),
		    strerror(-err), fallbacks[d]);
}

void
probe_write(FILE *out)
{
	struct sockdiag *sd;
	int d, err;

	for (d = 0; d < PROBE_DIAG_COUNT; d++) {
		/* a socket each: a refused dump leaves nothing behind to
		 * confuse the next one */
		if ((err = sockdiag_open(&sd)) == 0) {
			err = probe_diag(sd, (enum probe_diag)d);
			sockdiag_close(sd);
		}
		probe_write_line(out, (enum probe_diag)d, err);
	}
	fputs("SOCK_DESTROY (-K): not probed (only closing a socket would "
	      "tell)\n",
	    out);
}
