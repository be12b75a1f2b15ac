/* SPDX-License-Identifier: MIT */
/* The bounded line reader under the /proc and /etc/services loaders:
 * any bytes in a file, any buffer size. The first byte picks the
 * buffer size; the rest is the file. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "lineread.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lineread lr;
	char path[64], *line;
	size_t len, bufsize, total = 0, lines = 0;
	int fd, n;

	if (size < 1)
		return 0;
	bufsize = 1 + data[0] % 64;
	fd = memfd_create("fuzz", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (lineread_open(&lr, AT_FDCWD, path, bufsize) == 0) {
		while ((n = lineread_next(&lr, &line, &len)) > 0) {
			FUZZ_CHECK(len <= bufsize);
			FUZZ_CHECK(line[len] == '\0');
			FUZZ_CHECK(memchr(line, '\n', len) == NULL);
			total += len + 1;
			FUZZ_CHECK(++lines <= size);
		}
		FUZZ_CHECK(n == 0);
		FUZZ_CHECK(total <= size);
		lineread_close(&lr);
	}
	close(fd);
	return 0;
}
