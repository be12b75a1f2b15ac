#include "procunix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "lineread.h"
#include "textparse.h"

/* Lines are under 200 bytes (a 108-byte name at most). */
#define PROCUNIX_READ_SIZE (64 * 1024)

int
procunix_parse_line(const char *line, struct unix_rec *rec)
{
	const char *p = line;
	uint64_t v, refcnt, flags, type, state, inode;
	size_t n;

	memset(rec, 0, sizeof(*rec));
	/* the kernel address (%pK, zeros when hidden) and a colon */
	if (!textparse_hex(&p, 16, false, &v) || *p++ != ':' ||
	    !textparse_spaces(&p))
		return -1;
	if (!textparse_hex(&p, 8, false, &refcnt) || !textparse_spaces(&p) ||
	    !textparse_hex(&p, 8, false, &v) || !textparse_spaces(&p) ||
	    !textparse_hex(&p, 8, false, &flags) || !textparse_spaces(&p) ||
	    !textparse_hex(&p, 4, false, &type) || !textparse_spaces(&p) ||
	    !textparse_hex(&p, 2, false, &state) || !textparse_spaces(&p) ||
	    !textparse_dec(&p, UINT64_MAX, &inode))
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
