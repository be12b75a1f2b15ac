/* SPDX-License-Identifier: MIT */
/* /proc/net/unix: one body line (procunix_parse_line), and the input as
 * a whole file (procunix_parse: names continued over lines, forged lines
 * dropped); and socket names as the kernel reports them. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "procunix.h"
#include "unixsock.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unixsock_list list;
	struct unix_rec rec;
	size_t bad = 0, i;
	char *line;

	line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	if (procunix_parse_line(line, &rec) == 0) {
		FUZZ_CHECK(rec.path_len <= UNIXSOCK_PATH_MAX);
		FUZZ_CHECK(unixsock_type_name(rec.type) != NULL);
		FUZZ_CHECK(unixsock_state_name(&rec) != NULL);
	}
	unixsock_list_init(&list);
	FUZZ_CHECK(procunix_parse((const char *)data, size, NULL,
		       unixsock_list_sink, &list, &bad) == 0);
	for (i = 0; i < list.len; i++)
		FUZZ_CHECK(list.v[i].path_len <= UNIXSOCK_PATH_MAX);
	unixsock_list_fini(&list);
	memset(&rec, 0, sizeof(rec));
	unixsock_set_name(&rec, (const char *)data, size);
	FUZZ_CHECK(rec.path_len <= UNIXSOCK_PATH_MAX);
	free(line);
	return 0;
}
