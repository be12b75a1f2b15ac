/* SPDX-License-Identifier: MIT */
/* /proc/net/packet and /proc/net/netlink body lines: the first byte's
 * low bit picks the table; the rest is the line. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "procfam.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct packet_rec p;
	struct netlink_rec n;
	char *line;

	if (size < 1)
		return 0;
	/* the reader hands the parser one NUL-terminated line */
	line = malloc(size);
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';
	if (data[0] & 1) {
		if (procfam_parse_netlink(line, &n) == 0)
			FUZZ_CHECK(n.has_drops && n.groups <= UINT32_MAX);
	} else if (procfam_parse_packet(line, &p) == 0) {
		FUZZ_CHECK(!p.has_netlink && p.ifname[0] == '\0');
		FUZZ_CHECK(p.ifindex <= INT32_MAX);
	}
	free(line);
	return 0;
}
