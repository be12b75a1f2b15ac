/* SPDX-License-Identifier: MIT */
#include "procunix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineread.h"
#include "textparse.h"
#include "vec.h"
#include "xalloc.h"

/* Lines are under 200 bytes (a 108-byte name at most). */
#define PROCUNIX_READ_SIZE (64 * 1024)

#define NO_OWNER SIZE_MAX

/* A socket line, and what decides whether it is one. */
struct pu_line {
	struct unix_rec rec;
	size_t owner;	   /* the socket whose name it could continue */
	uint8_t first_len; /* rec.path_len before its own continuations */
	uint8_t raw_len;   /* with an owner: the line's text */
	bool zero_ptr;	   /* its kernel address reads all zeros */
	bool dropped;
	char raw[UNIXSOCK_PATH_MAX];
};

/* An inode and where it is: of known names with newlines, or of lines. */
struct pu_key {
	uint64_t inode;
	size_t idx;
};

struct pu_reader {
	const struct unixsock_list *known;
	struct pu_key *nl_names; /* known names holding a newline, sorted */
	size_t n_nl_names, nl_names_cap;
	struct pu_line *v;
	size_t len, cap;
	unsigned ptr_width; /* the file's, from its first socket line */
	bool some_ptr;	    /* a line shows a kernel address (root reads) */
	bool header_done;
	size_t forced; /* lines still inside the last socket's known name */
	size_t *bad;
};

/* The fields of a socket line, the pointer's width in *width. */
static int
parse_fields(const char *line, struct unix_rec *rec, unsigned *width,
    uint64_t *ptr)
{
	const char *p = line;
	uint64_t v, refcnt, proto, flags, type, state, inode;
	size_t n;

	memset(rec, 0, sizeof(*rec));
	/* the kernel address (%pK: all its digits, zeros when hidden) */
	if (!textparse_hex(&p, 16, false, &v) ||
	    ((*width = (unsigned)(p - line)) != 8 && *width != 16) ||
	    !textparse_char(&p, ':') || !textparse_char(&p, ' '))
		return -1;
	*ptr = v;
	/* "%08X %08X %08X %04X %02X %5lu": one space between fields */
	if (!textparse_hex(&p, 8, true, &refcnt) || !textparse_char(&p, ' ') ||
	    !textparse_hex(&p, 8, true, &proto) || !textparse_char(&p, ' ') ||
	    !textparse_hex(&p, 8, true, &flags) || !textparse_char(&p, ' ') ||
	    !textparse_hex(&p, 4, true, &type) || !textparse_char(&p, ' ') ||
	    !textparse_hex(&p, 2, true, &state) || !textparse_spaces(&p) ||
	    !textparse_dec(&p, UINT64_MAX, &inode))
		return -1;
	if (proto != 0 || state > UNIXSOCK_SS_DISCONNECTING)
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
procunix_parse_line(const char *line, struct unix_rec *rec)
{
	unsigned width;
	uint64_t ptr;

	return parse_fields(line, rec, &width, &ptr);
}

static int
key_cmp(const void *a, const void *b)
{
	const struct pu_key *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
reader_init(struct pu_reader *r, const struct unixsock_list *known, size_t *bad)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->known = known;
	r->bad = bad;
	for (i = 0; known != NULL && i < known->len; i++) {
		const struct unix_rec *k = &known->v[i];

		if (k->inode == 0 || memchr(k->path, '\n', k->path_len) == NULL)
			continue;
		r->nl_names = vec_reserve(r->nl_names, &r->nl_names_cap,
		    r->n_nl_names + 1, sizeof(*r->nl_names));
		r->nl_names[r->n_nl_names].inode = k->inode;
		r->nl_names[r->n_nl_names++].idx = i;
	}
	if (r->n_nl_names > 0)
		qsort(r->nl_names, r->n_nl_names, sizeof(*r->nl_names),
		    key_cmp);
}

/* How many lines follow rec's inside its name, when netlink knows the
 * name and its first line is rec's. */
static size_t
known_newlines(const struct pu_reader *r, const struct unix_rec *rec)
{
	const struct unix_rec *k;
	size_t lo = 0, hi = r->n_nl_names, n = 0, i, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->nl_names[mid].inode < rec->inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == r->n_nl_names || r->nl_names[lo].inode != rec->inode)
		return 0;
	k = &r->known->v[r->nl_names[lo].idx];
	first = (size_t)((const char *)memchr(k->path, '\n', k->path_len) -
			 k->path);
	if (first != rec->path_len || memcmp(k->path, rec->path, first) != 0)
		return 0;
	for (i = 0; i < k->path_len; i++)
		n += k->path[i] == '\n';
	return n;
}

/* Add "\n" and n bytes to rec's name, if they fit. */
static bool
name_append(struct unix_rec *rec, const char *s, size_t n)
{
	if (rec->path_len == 0 || rec->path_len + 1 + n > UNIXSOCK_PATH_MAX)
		return false;
	rec->path[rec->path_len] = '\n';
	memcpy(rec->path + rec->path_len + 1, s, n);
	rec->path_len = (uint8_t)(rec->path_len + 1 + n);
	return true;
}

/* One line (NUL-terminated, n bytes) of the file. */
static void
reader_feed(struct pu_reader *r, const char *line, size_t n)
{
	struct unix_rec *last = r->len > 0 ? &r->v[r->len - 1].rec : NULL;
	struct pu_line *pl;
	struct unix_rec rec;
	unsigned width;
	uint64_t ptr;
	bool in_name;

	if (!r->header_done) {
		r->header_done = true;
		return;
	}
	if (strlen(line) != n) {
		/* no kernel line holds a NUL: '@' stands for it */
		(*r->bad)++;
		return;
	}
	in_name = last != NULL && last->path_len > 0 &&
		  last->path_len + 1 + n <= UNIXSOCK_PATH_MAX;
	if (r->forced > 0) {
		r->forced--;
		if (!in_name || !name_append(last, line, n))
			(*r->bad)++;
		return;
	}
	if (parse_fields(line, &rec, &width, &ptr) < 0 ||
	    (r->ptr_width != 0 && width != r->ptr_width)) {
		if (!in_name || !name_append(last, line, n))
			(*r->bad)++;
		return;
	}
	r->ptr_width = width;
	r->some_ptr |= ptr != 0;
	r->v = vec_reserve(r->v, &r->cap, r->len + 1, sizeof(*r->v));
	pl = &r->v[r->len];
	*pl = (struct pu_line){.rec = rec,
	    .first_len = rec.path_len,
	    .zero_ptr = ptr == 0,
	    .owner = in_name ? r->len - 1 : NO_OWNER};
	if (in_name) {
		memcpy(pl->raw, line, n);
		pl->raw_len = (uint8_t)n;
	}
	r->len++;
	r->forced = known_newlines(r, &rec);
}

/* The kernel lists an inode once: of lines claiming the same one, drop
 * those that could be inside a name, and give their text back to the
 * name; when every one could, keep the first without its RefCnt. */
static void
reader_dedupe(struct pu_reader *r)
{
	struct pu_key *keys = xcalloc(r->len ? r->len : 1, sizeof(*keys));
	size_t i, j, k, n = 0;

	/* where the kernel shows its addresses (to root), each of its lines
	 * has one: a line of zeros that could be inside a name is */
	for (i = 0; r->some_ptr && i < r->len; i++)
		if (r->v[i].zero_ptr && r->v[i].owner != NO_OWNER)
			r->v[i].dropped = true;
	for (i = 0; i < r->len; i++)
		if (r->v[i].rec.inode != 0 && !r->v[i].dropped) {
			keys[n].inode = r->v[i].rec.inode;
			keys[n++].idx = i;
		}
	if (n > 0)
		qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && keys[j].inode == keys[i].inode; j++)
			;
		for (k = i; j - i > 1 && k < j; k++)
			if (r->v[keys[k].idx].owner != NO_OWNER)
				r->v[keys[k].idx].dropped = true;
		if (j - i > 1 && r->v[keys[i].idx].dropped) {
			/* none is sure: list the inode once, its RefCnt and
			 * what else the lines say unknown */
			r->v[keys[i].idx].dropped = false;
			r->v[keys[i].idx].rec.has_refcnt = false;
		}
	}
	for (i = 0; i < r->len; i++) {
		struct pu_line *pl = &r->v[i];
		char text[2 * UNIXSOCK_PATH_MAX];
		size_t tail;

		if (!pl->dropped || r->v[pl->owner].dropped)
			continue;
		/* its line, then the lines that continued its own name */
		tail = (size_t)(pl->rec.path_len - pl->first_len);
		memcpy(text, pl->raw, pl->raw_len);
		memcpy(text + pl->raw_len, pl->rec.path + pl->first_len, tail);
		if (!name_append(&r->v[pl->owner].rec, text,
			pl->raw_len + tail))
			(*r->bad)++;
	}
	free(keys);
}

/* Feed the sockets to sink and free the reader; returns 0 or -errno. */
static int
reader_finish(struct pu_reader *r, unixsock_sink_fn sink, void *ctx)
{
	size_t i;
	int err = 0;

	reader_dedupe(r);
	for (i = 0; i < r->len && err == 0; i++)
		if (!r->v[i].dropped)
			err = sink(&r->v[i].rec, ctx);
	free(r->v);
	free(r->nl_names);
	return err < 0 ? err : 0;
}

int
procunix_parse(const char *text, size_t len, const struct unixsock_list *known,
    unixsock_sink_fn sink, void *ctx, size_t *bad)
{
	struct pu_reader r;
	char *copy = xcalloc(len + 1, 1), *p = copy, *end = copy + len;
	int err;

	memcpy(copy, text, len);
	reader_init(&r, known, bad);
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		p[n] = '\0';
		reader_feed(&r, p, n);
		p += n + 1;
	}
	err = reader_finish(&r, sink, ctx);
	free(copy);
	return err;
}

int
procunix_collect(const char *proc_root, const struct unixsock_list *known,
    const struct lineread_tap *tap, unixsock_sink_fn sink, void *ctx,
    size_t *bad)
{
	int dirfd, fd;

	dirfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	fd = openat(dirfd, "net/unix",
	    O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	close(dirfd);
	if (fd < 0)
		return -errno;
	return procunix_collect_fd(fd, known, tap, sink, ctx, bad);
}

int
procunix_collect_fd(int fd, const struct unixsock_list *known,
    const struct lineread_tap *tap, unixsock_sink_fn sink, void *ctx,
    size_t *bad)
{
	struct pu_reader r;
	struct lineread lr;
	char *line;
	size_t len;
	int err, n;

	if ((err = lineread_open_fd(&lr, fd, PROCUNIX_READ_SIZE)) < 0)
		return err;
	lineread_tap(&lr, tap, "net/unix");
	reader_init(&r, known, bad);
	while ((n = lineread_next(&lr, &line, &len)) > 0)
		reader_feed(&r, line, len);
	*bad += lr.overlong;
	lineread_close(&lr);
	err = reader_finish(&r, sink, ctx);
	return n < 0 ? n : err;
}
