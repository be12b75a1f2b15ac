#ifndef SOCKVIEW_LINEREAD_H
#define SOCKVIEW_LINEREAD_H

#include <stddef.h>

/*
 * Bounded line reading for files we do not control (/proc/net files,
 * /etc/services): memory stays at one fixed buffer whatever the file
 * holds, and a line longer than the buffer is skipped, not split.
 */
struct lineread {
	int fd;
	char *buf;
	size_t size, start, end;
	size_t overlong; /* lines skipped for being longer than buf */
	int eof;
};

/* Open path (relative to dirfd, or absolute) with a buffer of size bytes;
 * returns 0 or -errno. */
int lineread_open(struct lineread *lr, int dirfd, const char *path,
    size_t size);
/* Next line, NUL-terminated, without its newline, in *line (valid until
 * the next call); returns 1, 0 at the end, or -errno. */
int lineread_next(struct lineread *lr, char **line, size_t *len);
/* Close the file and free the buffer; accepts a closed reader. */
void lineread_close(struct lineread *lr);

#endif
