/* SPDX-License-Identifier: MIT */
/* The filter options: --state lists, port ranges or service names, and
 * address prefixes. The first byte picks the parser. */
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "fuzz.h"
#include "services.h"

static const char services_text[] = "ssh 22/tcp\nhttp 80/tcp www\n"
				    "domain 53/udp\nntp 123/udp\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct services *svc;
	struct filter_ports ports = {0};
	struct filter_prefix prefix;
	const char *why = NULL;
	uint32_t mask = 0;
	char *text;

	if (size < 1)
		return 0;
	if (svc == NULL)
		svc = services_parse(services_text, sizeof(services_text) - 1);
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0:
		if (filter_parse_states(text, &mask, &why) == 0)
			FUZZ_CHECK(mask != 0 && (mask & 1) == 0);
		else
			FUZZ_CHECK(why != NULL);
		break;
	case 1:
		if (filter_parse_ports(text, svc, &ports, &why) == 0)
			FUZZ_CHECK(ports.set && ports.lo <= ports.hi);
		else
			FUZZ_CHECK(why != NULL);
		break;
	default:
		if (filter_parse_prefix(text, &prefix, &why) == 0)
			FUZZ_CHECK(prefix.set && prefix.bits <= 128);
		else
			FUZZ_CHECK(why != NULL);
		break;
	}
	free(text);
	return 0;
}
