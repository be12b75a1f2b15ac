/* /proc/net/unix body lines: procunix_parse_line; and socket names as
 * the kernel reports them: unixsock_set_name. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "procunix.h"
#include "unixsock.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unix_rec rec;
	char *line;

	line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	if (procunix_parse_line(line, &rec) == 0) {
		FUZZ_CHECK(rec.path_len <= UNIXSOCK_PATH_MAX);
		FUZZ_CHECK(unixsock_type_name(rec.type) != NULL);
		FUZZ_CHECK(unixsock_state_name(&rec) != NULL);
	}
	memset(&rec, 0, sizeof(rec));
	unixsock_set_name(&rec, (const char *)data, size);
	FUZZ_CHECK(rec.path_len <= UNIXSOCK_PATH_MAX);
	free(line);
	return 0;
}
