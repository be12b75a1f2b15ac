/* SPDX-License-Identifier: MIT */
#include "sockstat.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The number after word in the n bytes at s ("inuse 5"), or 0. */
static size_t
count_after(const char *s, size_t n, const char *word)
{
	size_t wlen = strlen(word), i, v = 0;

	for (i = 0; i + wlen + 1 < n; i++) {
		if (memcmp(s + i, word, wlen) != 0 || s[i + wlen] != ' ' ||
		    (i > 0 && s[i - 1] != ' '))
			continue;
		for (i += wlen + 1; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (v < SIZE_MAX / 20)
				v = v * 10 + (size_t)(s[i] - '0');
		return v;
	}
	return 0;
}

void
sockstat_parse(const char *text, size_t len, struct sockstat *st)
{
	const struct {
		const char *label;
		size_t *inuse, *tw;
	} lines[] = {
	    {"TCP: ", &st->tcp, &st->tcp_tw},
	    {"UDP: ", &st->udp, NULL},
	    {"RAW: ", &st->raw, NULL},
	    {"TCP6: ", &st->tcp6, NULL},
	    {"UDP6: ", &st->udp6, NULL},
	    {"RAW6: ", &st->raw6, NULL},
	};
	size_t k;

	while (len > 0) {
		const char *nl = memchr(text, '\n', len);
		size_t n = nl != NULL ? (size_t)(nl - text) : len;

		for (k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
			size_t llen = strlen(lines[k].label);

			if (n <= llen ||
			    memcmp(text, lines[k].label, llen) != 0)
				continue;
			*lines[k].inuse += count_after(text, n, "inuse");
			if (lines[k].tw != NULL)
				*lines[k].tw += count_after(text, n, "tw");
		}
		text += n + (nl != NULL);
		len -= n + (nl != NULL);
	}
}

/* Add PROC_ROOT/net/NAME's counts (it is a few lines) to st. */
static void
read_one(const char *proc_root, const char *name, struct sockstat *st)
{
	char path[PATH_MAX], buf[2048];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/net/%s", proc_root,
		name) >= sizeof(path) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n > 0)
		sockstat_parse(buf, (size_t)n, st);
}

void
sockstat_read(const char *proc_root, struct sockstat *st)
{
	memset(st, 0, sizeof(*st));
	read_one(proc_root, "sockstat", st);
	read_one(proc_root, "sockstat6", st);
}

size_t
sockstat_total(const struct sockstat *st)
{
	return st->tcp + st->tcp_tw + st->udp + st->raw + st->tcp6 + st->udp6 +
	       st->raw6;
}
