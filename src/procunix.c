#include "procunix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "lineread.h"

/* Lines are under 200 bytes (a 108-byte name at most). */
#define PROCUNIX_READ_SIZE (64 * 1024)

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 to maxdigits hex digits, not followed by another one. */
static bool
parse_hex(const char **pp, unsigned maxdigits, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;
	unsigned n = 0;
	int d;

	while ((d = hex_digit(*p)) >= 0) {
		if (++n > maxdigits)
			return false;
		v = v << 4 | (unsigned)d;
		p++;
	}
	if (n == 0)
		return false;
	*pp = p;
	*out = v;
	return true;
}

static bool
parse_dec(const char **pp, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
		p++;
	}
	*pp = p;
	*out = v;
	return true;
}

static bool
skip_spaces(const char **pp)
{
	const char *p = *pp;

	while (*p == ' ')
		p++;
	if (p == *pp)
		return false;
	*pp = p;
	return true;
}

int
procunix_parse_line(const char *line, struct unix_rec *rec)
{
	const char *p = line;
	uint64_t v, refcnt, flags, type, state, inode;
	size_t n;

	memset(rec, 0, sizeof(*rec));
	/* the kernel address (%pK, zeros when hidden) and a colon */
	if (!parse_hex(&p, 16, &v) || *p++ != ':' || !skip_spaces(&p))
		return -1;
	if (!parse_hex(&p, 8, &refcnt) || !skip_spaces(&p) ||
	    !parse_hex(&p, 8, &v) || !skip_spaces(&p) ||
	    !parse_hex(&p, 8, &flags) || !skip_spaces(&p) ||
	    !parse_hex(&p, 4, &type) || !skip_spaces(&p) ||
	    !parse_hex(&p, 2, &state) || !skip_spaces(&p) ||
	    !parse_dec(&p, &inode))
		return -1;
	if (state > UNIXSOCK_SS_DISCONNECTING || type > UINT8_MAX)
		return -1;
	rec->refcnt = (uint32_t)refcnt;
	rec->has_refcnt = true;
	rec->flags = (uint32_t)flags;
	rec->type = (uint8_t)type;
	rec->state = (uint8_t)state;
	rec->inode = inode;
	if (*p == '\0')
		return 0;
	/* one space, then the name to the end of the line: it may hold
	 * spaces, and even start with one */
	if (*p++ != ' ')
		return -1;
	n = strlen(p);
	if (n == 0 || n > UNIXSOCK_PATH_MAX)
		return -1;
	memcpy(rec->path, p, n);
	rec->path_len = (uint8_t)n;
	return 0;
}

int
procunix_collect(const char *proc_root, unixsock_sink_fn sink, void *ctx,
    size_t *bad)
{
	struct lineread lr;
	struct unix_rec rec;
	char *line;
	size_t len;
	int dirfd, err, n;
	bool header = true;

	dirfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	err = lineread_open(&lr, dirfd, "net/unix", PROCUNIX_READ_SIZE);
	close(dirfd);
	if (err < 0)
		return err;
	while ((n = lineread_next(&lr, &line, &len)) > 0) {
		if (header) {
			header = false;
			continue;
		}
		/* a name holding a newline splits its line: the rest
		 * does not parse and is counted */
		if (procunix_parse_line(line, &rec) < 0) {
			(*bad)++;
			continue;
		}
		if ((err = sink(&rec, ctx)) < 0)
			break;
	}
	if (n < 0)
		err = n;
	*bad += lr.overlong;
	lineread_close(&lr);
	return err < 0 ? err : 0;
}
