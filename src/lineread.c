/* SPDX-License-Identifier: MIT */
#include "lineread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

int
lineread_open(struct lineread *lr, int dirfd, const char *path, size_t size)
{
	/* O_NONBLOCK: a FIFO opens at once (to be refused below) instead of
	 * waiting for a writer; it changes nothing for a regular file */
	int fd =
	    openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0) {
		memset(lr, 0, sizeof(*lr));
		lr->fd = -1;
		return -errno;
	}
	return lineread_open_fd(lr, fd, size);
}

int
lineread_open_fd(struct lineread *lr, int fd, size_t size)
{
	struct stat st;
	int err;

	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	err = fstat(lr->fd, &st) < 0 ? -errno : 0;
	if (err == 0 && !S_ISREG(st.st_mode))
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	if (err < 0) {
		close(lr->fd);
		lr->fd = -1;
		return err;
	}
	lr->size = size;
	lr->buf = xcalloc(size + 1, 1);
	return 0;
}

void
lineread_tap(struct lineread *lr, const struct lineread_tap *tap,
    const char *name)
{
	lr->tap = tap;
	lr->tap_name = name;
}

int
lineread_limit(struct lineread *lr, size_t limit)
{
	struct stat st;

	lr->limit = limit;
	if (fstat(lr->fd, &st) < 0)
		return -errno;
	return (uintmax_t)st.st_size > limit ? -EFBIG : 0;
}

/* Move what is left to the front and read more; returns bytes read. */
static int
lineread_fill(struct lineread *lr)
{
	ssize_t n;

	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	do
		n = read(lr->fd, lr->buf + lr->end, lr->size - lr->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		lr->eof = 1;
	else if (lr->tap != NULL)
		lr->tap->read(lr->tap->ctx, lr->tap_name, lr->buf + lr->end,
		    (size_t)n);
	lr->end += (size_t)n;
	lr->total += (size_t)n;
	if (lr->limit > 0 && lr->total > lr->limit)
		return -EFBIG;
	return (int)n;
}

int
lineread_next(struct lineread *lr, char **line, size_t *len)
{
	int skipping = 0;

	for (;;) {
		char *nl =
		    memchr(lr->buf + lr->start, '\n', lr->end - lr->start);
		int err;

		if (nl != NULL) {
			char *s = lr->buf + lr->start;

			lr->start = (size_t)(nl - lr->buf) + 1;
			if (skipping) {
				skipping = 0;
				continue;
			}
			*nl = '\0';
			*line = s;
			*len = (size_t)(nl - s);
			return 1;
		}
		if (lr->eof) {
			if (lr->start == lr->end || skipping)
				return 0;
			/* a last line without its newline */
			*line = lr->buf + lr->start;
			*len = lr->end - lr->start;
			lr->buf[lr->end] = '\0';
			lr->start = lr->end;
			return 1;
		}
		if (lr->start == 0 && lr->end == lr->size) {
			/* no newline in a full buffer: drop the line's bytes */
			if (!skipping)
				lr->overlong++;
			skipping = 1;
			lr->start = lr->end = 0;
		}
		if ((err = lineread_fill(lr)) < 0)
			return err;
	}
}

void
lineread_close(struct lineread *lr)
{
	if (lr->buf == NULL)
		return;
	close(lr->fd);
	free(lr->buf);
	lr->buf = NULL;
	lr->fd = -1;
}

int
lineread_whole(int dirfd, const char *path, size_t limit, char **buf,
    size_t *len)
{
	struct lineread lr;
	int err, n = 0;

	*buf = NULL;
	*len = 0;
	/* one buffer of limit + 1 bytes: a file of more fills it */
	if ((err = lineread_open(&lr, dirfd, path, limit + 1)) < 0)
		return err;
	if ((err = lineread_limit(&lr, limit)) == 0)
		while ((n = lineread_fill(&lr)) > 0 && lr.end < lr.size)
			;
	if (err == 0 && (err = n < 0 ? n : 0) == 0 && lr.end > limit)
		err = -EFBIG;
	if (err < 0 || lr.buf == NULL) {
		lineread_close(&lr);
		return err < 0 ? err : -EIO;
	}
	lr.buf[lr.end] = '\0';
	*buf = lr.buf;
	*len = lr.end;
	close(lr.fd);
	return 0;
}
