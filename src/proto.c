/* SPDX-License-Identifier: MIT */
#include "proto.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* The kernel has no diag module for ping sockets: their diag is NULL,
 * and only /proc/net/icmp and icmp6 list them. MPTCP is the other way
 * round: no /proc file (proc_file NULL), only mptcp_diag. */
static const struct proto_info proto_table[PROTO_COUNT] = {
    [PROTO_TCP] = {IPPROTO_TCP, "tcp", NULL, IPPROTO_TCP, {"tcp", "tcp6"},
	{"net/tcp", "net/tcp6"}, {"/proc/net/tcp", "/proc/net/tcp6"},
	"netlink sock_diag (tcp_diag)"},
    [PROTO_UDP] = {IPPROTO_UDP, "udp", NULL, IPPROTO_UDP, {"udp", "udp6"},
	{"net/udp", "net/udp6"}, {"/proc/net/udp", "/proc/net/udp6"},
	"netlink sock_diag (udp_diag)"},
    /* netstat -U's Proto column; udp_diag answers for UDP-Lite too */
    [PROTO_UDPLITE] = {IPPROTO_UDPLITE, "udplite", NULL, IPPROTO_UDP,
	{"udpl", "udpl6"}, {"net/udplite", "net/udplite6"},
	{"/proc/net/udplite", "/proc/net/udplite6"},
	"netlink sock_diag (udp_diag)"},
    [PROTO_RAW] = {IPPROTO_RAW, "raw", NULL, IPPROTO_RAW, {"raw", "raw6"},
	{"net/raw", "net/raw6"}, {"/proc/net/raw", "/proc/net/raw6"},
	"netlink sock_diag (raw_diag)"},
    [PROTO_ICMP] = {IPPROTO_ICMP, "icmp", "icmp6", 0, {"icmp", "icmp6"},
	{"net/icmp", "net/icmp6"}, {"/proc/net/icmp", "/proc/net/icmp6"}, NULL},
    /* no /proc file lists MPTCP sockets: only mptcp_diag; their ports
     * are TCP's */
    [PROTO_MPTCP] = {PROTO_NUMBER_MPTCP, "mptcp", NULL, IPPROTO_TCP,
	{"mptcp", "mptcp6"}, {NULL, NULL}, {NULL, NULL},
	"netlink sock_diag (mptcp_diag)"},
};

const struct proto_info *
proto_get(enum proto_kind kind)
{
	return &proto_table[kind];
}

const struct proto_info *
proto_of(uint8_t number)
{
	return &proto_table[proto_kind(number)];
}

const char *
proto_column(uint8_t number, uint8_t family)
{
	return proto_table[proto_kind(number)].column[family == AF_INET6];
}

const char *
proto_json_name(uint8_t number, uint8_t family)
{
	const struct proto_info *pi = proto_of(number);

	return family == AF_INET6 && pi->json6 != NULL ? pi->json6 : pi->name;
}

uint8_t
proto_services(uint8_t number)
{
	return proto_of(number)->services;
}

const char *
proto_family_name(uint8_t family)
{
	return family == AF_INET6 ? "inet6" : "inet";
}

bool
proto_parse(const char *s, size_t n, uint8_t *number)
{
	size_t k;

	for (k = 0; k < PROTO_COUNT; k++) {
		const char *name = proto_table[k].name;

		if (strlen(name) == n && memcmp(s, name, n) == 0) {
			*number = proto_table[k].number;
			return true;
		}
	}
	return false;
}
