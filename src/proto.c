/* SPDX-License-Identifier: MIT */
#include "proto.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static const struct proto_info proto_table[PROTO_COUNT] = {
    [PROTO_TCP] = {IPPROTO_TCP, "tcp", {"tcp", "tcp6"}, {"net/tcp", "net/tcp6"},
	{"/proc/net/tcp", "/proc/net/tcp6"}, "netlink sock_diag (tcp_diag)"},
    [PROTO_UDP] = {IPPROTO_UDP, "udp", {"udp", "udp6"}, {"net/udp", "net/udp6"},
	{"/proc/net/udp", "/proc/net/udp6"}, "netlink sock_diag (udp_diag)"},
    [PROTO_RAW] = {IPPROTO_RAW, "raw", {"raw", "raw6"}, {"net/raw", "net/raw6"},
	{"/proc/net/raw", "/proc/net/raw6"}, "netlink sock_diag (raw_diag)"},
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
