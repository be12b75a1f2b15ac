/* SPDX-License-Identifier: MIT */
/* The text of a /proc/PID/fd/N link: fdscan_parse_link. */
#include <string.h>

#include "fdscan.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t inode = 0;

	if (fdscan_parse_link((const char *)data, size, &inode) == 0) {
		FUZZ_CHECK(inode != 0);
		FUZZ_CHECK(size > 9 && memcmp(data, "socket:[", 8) == 0);
	}
	return 0;
}
