/* SPDX-License-Identifier: MIT */
#include "probe.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "netlinkdiag.h"
#include "owners.h"
#include "packetdiag.h"
#include "sockdiag.h"
#include "taskfiles.h"
#include "unixdiag.h"

static const char *const diag_names[PROBE_DIAG_COUNT] = {
    [PROBE_TCP_DIAG] = "tcp_diag",
    [PROBE_UDP_DIAG] = "udp_diag",
    [PROBE_RAW_DIAG] = "raw_diag",
    [PROBE_UNIX_DIAG] = "unix_diag",
    [PROBE_PACKET_DIAG] = "packet_diag",
    [PROBE_NETLINK_DIAG] = "netlink_diag",
    [PROBE_SCTP_DIAG] = "sctp_diag",
    [PROBE_MPTCP_DIAG] = "mptcp_diag",
    [PROBE_VSOCK_DIAG] = "vsock_diag",
    [PROBE_XDP_DIAG] = "xdp_diag",
};

/* The families that -A all leaves out (only their modules list them),
 * by module: their names, the option and the -A name that list them. */
static const char *const unlisted_names[PROBE_DIAG_COUNT] = {
    [PROBE_SCTP_DIAG] = "SCTP",
    [PROBE_MPTCP_DIAG] = "MPTCP",
    [PROBE_VSOCK_DIAG] = "vsock",
    [PROBE_XDP_DIAG] = "XDP",
};
static const char *const listers[PROBE_DIAG_COUNT] = {
    [PROBE_SCTP_DIAG] = "-S",
    [PROBE_MPTCP_DIAG] = "-M",
    [PROBE_VSOCK_DIAG] = "--vsock",
    [PROBE_XDP_DIAG] = "--xdp",
};
static const char *const query_names[PROBE_DIAG_COUNT] = {
    [PROBE_SCTP_DIAG] = "sctp",
    [PROBE_MPTCP_DIAG] = "mptcp",
    [PROBE_VSOCK_DIAG] = "vsock",
    [PROBE_XDP_DIAG] = "xdp",
};

/* What sockview reads when the module is missing. */
static const char *const fallbacks[PROBE_DIAG_COUNT] = {
    [PROBE_TCP_DIAG] = "/proc/net/tcp and tcp6 are read instead",
    [PROBE_UDP_DIAG] = "/proc/net/udp and udp6 are read instead",
    [PROBE_RAW_DIAG] = "/proc/net/raw and raw6 are read instead",
    [PROBE_UNIX_DIAG] = "/proc/net/unix is read instead",
    [PROBE_PACKET_DIAG] = "/proc/net/packet is read instead",
    [PROBE_NETLINK_DIAG] = "/proc/net/netlink is read instead",
    [PROBE_SCTP_DIAG] = "SCTP sockets cannot be listed",
    [PROBE_MPTCP_DIAG] = "-M cannot list MPTCP sockets",
    [PROBE_VSOCK_DIAG] = "vsock sockets cannot be listed",
    [PROBE_XDP_DIAG] = "XDP sockets cannot be listed",
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

/* A dump request of family and protocol for no socket (states 0 where
 * the request has states), with the protocol as an attribute too where
 * it does not fit the request's byte (MPTCP): the module answers it at
 * once, or the kernel refuses. */
static int
probe_request(struct sockdiag *sd, uint8_t family, uint32_t proto)
{
	char buf[NLMSG_LENGTH(sizeof(struct inet_diag_req_v2)) + 16];
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	/* every family's request begins as this one, and is no longer */
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = family;
	req->sdiag_protocol = (uint8_t)proto;
	if (proto > UINT8_MAX)
		mnl_attr_put_u32(nlh, INET_DIAG_REQ_PROTOCOL, proto);
	return sockdiag_talk(sd, nlh, NULL, NULL);
}

int
probe_diag(struct sockdiag *sd, enum probe_diag d)
{
	size_t n;

	static const uint8_t protos[] = {
	    [PROBE_TCP_DIAG] = IPPROTO_TCP,
	    [PROBE_UDP_DIAG] = IPPROTO_UDP,
	    [PROBE_RAW_DIAG] = IPPROTO_RAW,
	};
	size_t emitted;

	switch (d) {
	case PROBE_UNIX_DIAG:
		return unixdiag_probe(sd);
	case PROBE_PACKET_DIAG:
		return packetdiag_dump(sd, NULL, NULL, &n);
	case PROBE_NETLINK_DIAG:
		return netlinkdiag_dump(sd, NULL, NULL, &n);
	case PROBE_SCTP_DIAG:
		return probe_request(sd, AF_INET, IPPROTO_SCTP);
	case PROBE_MPTCP_DIAG:
		return probe_request(sd, AF_INET, IPPROTO_MPTCP);
	case PROBE_VSOCK_DIAG:
		return probe_request(sd, AF_VSOCK, 0);
	case PROBE_XDP_DIAG:
		return probe_request(sd, AF_XDP, 0);
	default:
		break;
	}
	if (d >= PROBE_DIAG_COUNT)
		return -EINVAL;
	return sockdiag_dump(sd, AF_INET, protos[d], 0, false, NULL, 0,
	    drop_sock, NULL, &emitted);
}

void
probe_write_line(FILE *out, enum probe_diag d, int err)
{
	if (err == 0 && unlisted_names[d] != NULL)
		fprintf(out, "netlink %s: yes (%s lists %s sockets)\n",
		    probe_diag_name(d), listers[d], unlisted_names[d]);
	else if (err == 0)
		fprintf(out, "netlink %s: yes\n", probe_diag_name(d));
	else if (err == -ENOENT)
		fprintf(out, "netlink %s: no (not in this kernel; %s)\n",
		    probe_diag_name(d), fallbacks[d]);
	else
		fprintf(out, "netlink %s: no (%s; %s)\n", probe_diag_name(d),
		    strerror(-err), fallbacks[d]);
}

/* Probe module d on a socket of its own: a refused dump leaves nothing
 * behind to confuse the next one. */
int
probe_alone(enum probe_diag d)
{
	struct sockdiag *sd;
	int err;

	if ((err = sockdiag_open(&sd)) == 0) {
		err = probe_diag(sd, d);
		sockdiag_close(sd);
	}
	return err;
}

static void
ignore_rec(const struct taskfiles_rec *rec, void *ctx)
{
	(void)rec;
	(void)ctx;
}

/* Where -p finds owners: the task_file iterator, read once to know. */
static void
probe_write_owners(FILE *out)
{
	const char *why = owners_taskfiles_refusal("/proc");
	int err = why == NULL ? taskfiles_read(ignore_rec, NULL) : 0;

	if (why == NULL && err == 0)
		fputs(
		    "task_file iterator: yes (-p reads every process's fds in "
		    "one pass)\n",
		    out);
	else
		fprintf(out,
		    "task_file iterator: no (%s; -p walks /proc/*/fd)\n",
		    why != NULL ? why : strerror(-err));
}

void
probe_write(FILE *out)
{
	int d, err;

	for (d = 0; d < PROBE_DIAG_COUNT; d++) {
		err = probe_alone((enum probe_diag)d);
		probe_write_line(out, (enum probe_diag)d, err);
	}
	fputs("SOCK_DESTROY (-K): not probed (only closing a socket would "
	      "tell)\n",
	    out);
	probe_write_owners(out);
}

size_t
probe_unlisted(char *buf, size_t size)
{
	size_t len = 0;
	int d, n;

	buf[0] = '\0';
	for (d = PROBE_SCTP_DIAG; d <= PROBE_XDP_DIAG; d++) {
		int err = probe_alone((enum probe_diag)d);

		if (err == 0)
			n = snprintf(buf + len, size - len,
			    "%s%s (%s is there; %s or -A %s lists them)",
			    len ? ", " : "", unlisted_names[d],
			    probe_diag_name((enum probe_diag)d), listers[d],
			    query_names[d]);
		else
			n = snprintf(buf + len, size - len,
			    err == -ENOENT ? "%s%s (no %s in this kernel)"
					   : "%s%s (%s cannot be asked)",
			    len ? ", " : "", unlisted_names[d],
			    probe_diag_name((enum probe_diag)d));
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
	return len;
}
