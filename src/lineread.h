/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_LINEREAD_H
#define SOCKVIEW_LINEREAD_H

#include <stddef.h>

/*
 * Bounded line reading for files we do not control (/proc/net files,
 * /etc/services): memory stays at one fixed buffer whatever the file
 * holds, and a line longer than the buffer is skipped, not split. Only
 * regular files are read, and opening one never waits.
 */
/* Told of a file's bytes as they are read (a recording keeps them):
 * name is the name the reader was given, buf the n bytes just read. */
struct lineread_tap {
	void (*read)(void *ctx, const char *name, const void *buf, size_t n);
	void *ctx;
};

struct lineread {
	int fd;
	const struct lineread_tap *tap; /* NULL: none */
	const char *tap_name;
	char *buf;
	size_t size, start, end;
	size_t overlong; /* lines skipped for being longer than buf */
	size_t total;	 /* bytes read so far */
	size_t limit;	 /* most bytes the file may hold; 0: no limit */
	int eof;
};

/* Open path (relative to dirfd, or absolute) with a buffer of size bytes;
 * only a regular file is opened, and open never waits (O_NONBLOCK: a
 * FIFO does not block). Returns 0, -EISDIR for a directory, -EINVAL for
 * anything else that is not a regular file, or -errno. */
int lineread_open(struct lineread *lr, int dirfd, const char *path,
    size_t size);
/* Tell tap (borrowed; NULL for none) of every byte read from now on,
 * under name (borrowed). */
void lineread_tap(struct lineread *lr, const struct lineread_tap *tap,
    const char *name);
/* The same for a file open as fd, which the reader now owns (closed here
 * on failure). */
int lineread_open_fd(struct lineread *lr, int fd, size_t size);
/* Refuse a file of more than limit bytes: -EFBIG now if its size says
 * so, or from lineread_next once that many bytes have been read (a
 * file that grows, or one whose size is not known, as in /proc). */
int lineread_limit(struct lineread *lr, size_t limit);
/* Next line, NUL-terminated, without its newline, in *line (valid until
 * the next call); returns 1, 0 at the end, or -errno. */
int lineread_next(struct lineread *lr, char **line, size_t *len);
/* Close the file and free the buffer; accepts a closed reader. */
void lineread_close(struct lineread *lr);
/* The whole of the regular file path (relative to dirfd, or absolute),
 * for text that is not lines (JSON): at most limit bytes, else -EFBIG.
 * Returns 0 with *buf (NUL-terminated, caller frees) and *len, or -errno
 * as lineread_open. */
int lineread_whole(int dirfd, const char *path, size_t limit, char **buf,
    size_t *len);

#endif
