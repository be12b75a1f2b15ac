/* SPDX-License-Identifier: MIT */
/* /etc/services text: services_parse, then every lookup on the table. */
#include <netinet/in.h>
#include <string.h>

#include "fuzz.h"
#include "services.h"

/* What fmt_text prints a name through: printable words only. */
static void
check_word(const char *s)
{
	FUZZ_CHECK(*s != '\0');
	for (; *s != '\0'; s++)
		FUZZ_CHECK(*s > ' ' && *s < 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct services *svc = services_parse((const char *)data, size);
	const uint8_t protos[] = {IPPROTO_TCP, IPPROTO_UDP};
	size_t i, p;
	uint16_t port;

	FUZZ_CHECK(services_count(svc) <= size / 6 + 1);
	/* every port a short input could have named, and a few more */
	for (p = 0; p < 2; p++)
		for (i = 0; i < 1100; i++) {
			const char *name =
			    services_name(svc, (uint16_t)i, protos[p]);

			if (name != NULL) {
				check_word(name);
				FUZZ_CHECK(
				    services_port(svc, name, protos[p], &port));
			}
			services_comment(svc, (uint16_t)i, protos[p]);
		}
	services_port(svc, "http", IPPROTO_TCP, &port);
	services_free(svc);
	return 0;
}
