/* SPDX-License-Identifier: MIT */
/* /proc/net/{tcp,udp,udplite,raw,icmp}{,6} body lines: procnet_parse_line.
 * The first byte picks the family and protocol; the rest is the line. The
 * whole input also goes to sockstat_parse as /proc/net/sockstat. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "procnet.h"
#include "sockstat.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the first three as before, so that the corpus keeps its meaning */
	static const uint8_t protos[] = {IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW,
	    IPPROTO_UDPLITE, IPPROTO_ICMP};
	struct sockstat counts = {0};
	struct sock_rec rec;
	uint8_t family, proto;
	char *line;

	/* the text is len bytes, not a string: no NUL is added */
	sockstat_parse((const char *)data, size, &counts);
	if (size < 1)
		return 0;
	family = (data[0] & 1) ? AF_INET6 : AF_INET;
	proto = protos[(data[0] >> 1) % 5];
	/* the reader hands the parser one NUL-terminated line */
	line = malloc(size);
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';
	if (procnet_parse_line(line, family, proto, &rec) == 0) {
		FUZZ_CHECK(rec.family == family && rec.proto == proto);
		FUZZ_CHECK(rec.state > 0 && rec.state < SOCK_ST_MAX);
	}
	free(line);
	return 0;
}
