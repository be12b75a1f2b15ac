/* SPDX-License-Identifier: MIT */
/* The command line: cli_parse on arguments split at NUL bytes. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

#define FUZZ_MAX_ARGS 64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_MAX_ARGS + 2], *text, why[256];
	struct cli_opts o;
	size_t i, start = 0;
	int argc = 1;

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	argv[0] = "sockview";
	for (i = 0; i <= size && argc <= FUZZ_MAX_ARGS; i++)
		if (text[i] == '\0') {
			argv[argc++] = text + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	why[0] = '\0';
	if (cli_parse(argc, argv, &o, why, sizeof(why)) < 0)
		FUZZ_CHECK(
		    memchr(why, '\0', sizeof(why)) != NULL && why[0] != '\0');
	cli_opts_fini(&o);
	free(text);
	return 0;
}
