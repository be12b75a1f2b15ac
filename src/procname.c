/* SPDX-License-Identifier: MIT */
#include "procname.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "hashtab.h"
#include "strpool.h"
#include "vec.h"
#include "xalloc.h"

/* The kernel's comm holds 15 bytes; a longer one is cut here. */
#define PROCNAME_MAX 64

struct procname_ent {
	int32_t pid;
	int err;	  /* 0: named; -ENOENT: gone; else why not read */
	const char *name; /* escaped, in the pool; NULL unless err is 0 */
	const char *raw;
	uint32_t round; /* the round it was read or checked in */
	uint64_t start; /* start time; 0: unknown, never matches */
};

struct procname {
	char *proc_root;
	struct procname_ent *v;
	size_t len, cap;
	struct hashtab by_pid; /* pid -> index in v */
	/* this round's names, and the spare that begin_round copies the
	 * kept ones into, so that the rest can go */
	struct strpool pools[2];
	int cur;
	uint32_t round; /* procname_begin_round calls */
	bool offline;	/* names only as preset: no file is read */
};

struct procname *
procname_new(const char *proc_root)
{
	struct procname *pn = xcalloc(1, sizeof(*pn));

	pn->proc_root = xstrdup(proc_root);
	hashtab_init(&pn->by_pid);
	strpool_init(&pn->pools[0]);
	strpool_init(&pn->pools[1]);
	return pn;
}

void
procname_free(struct procname *pn)
{
	if (pn == NULL)
		return;
	free(pn->proc_root);
	free(pn->v);
	hashtab_fini(&pn->by_pid);
	strpool_fini(&pn->pools[0]);
	strpool_fini(&pn->pools[1]);
	free(pn);
}

static struct procname_ent *
find(const struct procname *pn, int32_t pid)
{
	struct hashtab_probe pr;
	uint32_t i;

	for (i = hashtab_first(&pn->by_pid, hashtab_hash_u64((uint64_t)pid),
		 &pr);
	     i != HASHTAB_NONE; i = hashtab_next(&pn->by_pid, &pr))
		if (pn->v[i].pid == pid)
			return &pn->v[i];
	return NULL;
}

/* Read proc_root/pid/name, a small file, into buf; returns its length,
 * or -1 with *err set: ENOENT when the process is gone or the file is
 * empty, else errno. */
static ssize_t
read_proc_file(const char *proc_root, int32_t pid, const char *name, char *buf,
    size_t size, int *err)
{
	char path[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/%s", proc_root, (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno == ESRCH ? ENOENT : errno;
		return -1;
	}
	n = read(fd, buf, size);
	*err = n < 0 ? (errno == ESRCH ? ENOENT : errno) : ENOENT;
	close(fd);
	return n > 0 ? n : -1;
}

/* The raw comm of pid; returns its length, or -1 with *err set. */
static ssize_t
read_comm(const char *proc_root, int32_t pid, char *buf, size_t size, int *err)
{
	ssize_t n = read_proc_file(proc_root, pid, "comm", buf, size, err);

	/* the kernel ends comm with a newline; a name may hold one too */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	return n;
}

int
procname_parse_stat(const char *text, size_t n, const char **comm, size_t *len,
    uint64_t *start)
{
	const char *open_paren = memchr(text, '(', n), *close_paren = NULL, *p,
		   *end = text + n;
	uint64_t v = 0;
	int field;

	/* the name may hold any byte but NUL, ')' too: it ends at the
	 * last ')' */
	for (p = text; p < end; p++)
		if (*p == ')')
			close_paren = p;
	if (open_paren == NULL || close_paren == NULL ||
	    close_paren < open_paren)
		return -1;
	/* ") S ppid ...": the state is field 3, the start time field 22 */
	p = close_paren + 1;
	for (field = 3; field < 22; field++) {
		if (p >= end || *p != ' ')
			return -1;
		p++;
		while (p < end && *p != ' ')
			p++;
	}
	if (p >= end || *p != ' ')
		return -1;
	for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == end || (*p != ' ' && *p != '\n') || p[-1] == ' ')
		return -1;
	*comm = open_paren + 1;
	*len = (size_t)(close_paren - open_paren - 1);
	*start = v;
	return 0;
}

/* Store e's name: raw (n bytes, or n < 0 when it could not be read, for
 * errno err) and its escaped form. */
static void
store(struct procname *pn, struct procname_ent *e, const char *raw, ssize_t n,
    int err)
{
	char esc[ESCAPE_TEXT_SIZE(PROCNAME_MAX)];
	struct strpool *pool = &pn->pools[pn->cur];

	e->round = pn->round;
	e->err = n >= 0 ? 0 : err > 0 ? -err : -EIO;
	e->name = e->raw = NULL;
	if (n < 0)
		return;
	if (n > PROCNAME_MAX)
		n = PROCNAME_MAX;
	e->name = strpool_add(pool, esc,
	    escape_text(raw, (size_t)n, esc, sizeof(esc)));
	e->raw = strpool_add(pool, raw, (size_t)n);
}

/* In rounds: check a name kept from an earlier round against the
 * process's stat, or read it anew. */
static void
refresh(struct procname *pn, struct procname_ent *e, bool kept)
{
	char stat[1024], raw[PROCNAME_MAX];
	const char *comm;
	size_t len;
	uint64_t start;
	int err;
	ssize_t n = read_proc_file(pn->proc_root, e->pid, "stat", stat,
	    sizeof(stat), &err);

	if (n > 0 &&
	    procname_parse_stat(stat, (size_t)n, &comm, &len, &start) == 0) {
		if (kept && start != 0 && start == e->start && e->raw != NULL &&
		    strlen(e->raw) == len && memcmp(e->raw, comm, len) == 0) {
			e->round = pn->round; /* the same process */
			return;
		}
		e->start = start;
		store(pn, e, comm, (ssize_t)len, 0);
		return;
	}
	/* no stat (a fixture tree): the comm file, unchecked */
	e->start = 0;
	n = read_comm(pn->proc_root, e->pid, raw, sizeof(raw), &err);
	store(pn, e, raw, n, err);
}

/* A new entry for pid, not loaded yet. */
static struct procname_ent *
add(struct procname *pn, int32_t pid)
{
	struct procname_ent *e;

	pn->v = vec_reserve(pn->v, &pn->cap, pn->len + 1, sizeof(*pn->v));
	hashtab_add(&pn->by_pid, hashtab_hash_u64((uint64_t)pid),
	    (uint32_t)pn->len);
	e = &pn->v[pn->len++];
	memset(e, 0, sizeof(*e));
	e->pid = pid;
	return e;
}

int
procname_load(struct procname *pn, int32_t pid, bool *fresh)
{
	struct procname_ent *e = find(pn, pid);
	char raw[PROCNAME_MAX];
	bool kept = e != NULL;
	ssize_t n;
	int err;

	*fresh = false;
	if (e != NULL && e->round == pn->round)
		return e->err;
	if (e == NULL)
		e = add(pn, pid);
	*fresh = true;
	if (pn->offline) {
		store(pn, e, NULL, -1, ENOENT);
		return e->err;
	}
	if (pn->round > 0) {
		refresh(pn, e, kept);
	} else {
		n = read_comm(pn->proc_root, pid, raw, sizeof(raw), &err);
		store(pn, e, raw, n, err);
	}
	return e->err;
}

bool
procname_takes_names(const struct procname *pn)
{
	return !pn->offline && pn->round == 0;
}

void
procname_supply(struct procname *pn, int32_t pid, const char *raw, size_t n)
{
	struct procname_ent *e = find(pn, pid);

	if (!procname_takes_names(pn) || (e != NULL && e->round == pn->round))
		return;
	if (e == NULL)
		e = add(pn, pid);
	store(pn, e, raw, (ssize_t)n, 0);
}

const char *
procname_get(const struct procname *pn, int32_t pid, bool raw)
{
	const struct procname_ent *e = find(pn, pid);

	if (e == NULL || e->round != pn->round)
		return NULL;
	return raw ? e->raw : e->name;
}

bool
procname_unreadable(const struct procname *pn, int32_t pid)
{
	const struct procname_ent *e = find(pn, pid);

	return e != NULL && e->round == pn->round && e->err != 0 &&
	       e->err != -ENOENT;
}

void
procname_begin_round(struct procname *pn)
{
	struct strpool *spare = &pn->pools[pn->cur ^ 1];
	size_t i, kept = 0;

	/* keep the names loaded in the round that ended, copied into the
	 * spare pool: what earlier rounds read is dropped */
	strpool_clear(spare);
	hashtab_clear(&pn->by_pid);
	for (i = 0; i < pn->len; i++) {
		struct procname_ent e = pn->v[i];

		if (e.round != pn->round)
			continue;
		if (e.err == 0) {
			e.name = strpool_add(spare, e.name, strlen(e.name));
			e.raw = strpool_add(spare, e.raw, strlen(e.raw));
		}
		hashtab_add(&pn->by_pid, hashtab_hash_u64((uint64_t)e.pid),
		    (uint32_t)kept);
		pn->v[kept++] = e;
	}
	pn->len = kept;
	strpool_clear(&pn->pools[pn->cur]);
	pn->cur ^= 1;
	pn->round++;
}

void
procname_preset(struct procname *pn, int32_t pid, const char *raw, size_t n)
{
	struct procname_ent *e = find(pn, pid);

	if (e == NULL)
		e = add(pn, pid);
	pn->offline = true;
	store(pn, e, raw, (ssize_t)n, 0);
}

void
procname_set_offline(struct procname *pn)
{
	pn->offline = true;
}
