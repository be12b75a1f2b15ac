#include "owners.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "fdscan.h"
#include "sock.h"
#include "xalloc.h"

/* inode -> first of its entries, which are kept sorted by (inode, pid) */
struct inode_slot {
	uint64_t inode; /* 0: empty (inode 0 is never an owner key) */
	uint32_t start, count;
};

/* comm_slot.name when there is no name */
#define COMM_GONE (-1)	     /* the process exited */
#define COMM_UNREADABLE (-2) /* reading it failed (EMFILE, EACCES) */

struct comm_slot {
	int32_t pid;	/* 0: empty */
	int32_t name;	/* offset in pool, or COMM_GONE, COMM_UNREADABLE */
	int32_t raw;	/* offset in pool of the unescaped name */
	uint32_t round; /* the round it was read or checked in */
	uint64_t start; /* start time; 0: unknown, never matches */
};

struct owners {
	char *proc_root;
	struct owner *ents;
	size_t len, cap;
	struct inode_slot *index; /* built lazily after a scan */
	size_t index_mask;
	/* one bit per hash of the inodes in index: --pid looks up every
	 * socket and most are not there; this answers them from a few KiB
	 * instead of a cache miss in index */
	uint64_t *filter;
	size_t filter_mask;
	bool dirty;
	struct comm_slot *comms;
	size_t comm_mask, comm_count;
	char *pool;
	size_t pool_len, pool_cap;
	struct owners_stats stats;
	uint32_t round; /* owners_begin_round calls */
};

static size_t
hash64(uint64_t v)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdull;
	v ^= v >> 33;
	return (size_t)v;
}

struct owners *
owners_new(const char *proc_root)
{
	struct owners *ow = xcalloc(1, sizeof(*ow));

	ow->proc_root = xstrdup(proc_root);
	ow->comm_mask = 63;
	ow->comms = xcalloc(ow->comm_mask + 1, sizeof(*ow->comms));
	return ow;
}

void
owners_free(struct owners *ow)
{
	if (ow == NULL)
		return;
	free(ow->proc_root);
	free(ow->ents);
	free(ow->index);
	free(ow->filter);
	free(ow->comms);
	free(ow->pool);
	free(ow);
}

int
owners_parse_link(const char *text, size_t len, uint64_t *inode)
{
	static const char prefix[] = "socket:[";
	const size_t plen = sizeof(prefix) - 1;
	uint64_t v = 0;
	size_t i;

	if (len < plen + 2 || memcmp(text, prefix, plen) != 0 ||
	    text[len - 1] != ']')
		return -1;
	for (i = plen; i < len - 1; i++) {
		unsigned d = (unsigned)(text[i] - '0');

		if (text[i] < '0' || text[i] > '9' || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v == 0)
		return -1;
	*inode = v;
	return 0;
}

/* Take the links a scan kept. */
static void
owners_add_scan(struct owners *ow, struct fdscan_result *res)
{
	if (ow->len == 0) {
		/* the usual case, one scan: take its array as it is */
		free(ow->ents);
		ow->ents = res->ents;
		ow->len = ow->cap = res->len;
		res->ents = NULL;
	} else if (ow->len + res->len > ow->cap) {
		while (ow->len + res->len > ow->cap)
			ow->cap = ow->cap ? ow->cap * 2 : 1024;
		ow->ents = xreallocarray(ow->ents, ow->cap, sizeof(*ow->ents));
	}
	if (res->ents != NULL) {
		memcpy(ow->ents + ow->len, res->ents,
		    res->len * sizeof(*res->ents));
		ow->len += res->len;
	}
	ow->dirty = ow->dirty || res->len > 0;
	ow->stats.processes += res->processes;
	ow->stats.hidden += res->hidden;
	ow->stats.denied += res->denied;
	if (ow->stats.error == 0)
		ow->stats.error = res->error;
	ow->stats.sockets += res->sockets;
	free(res->ents);
}

static int32_t
parse_pid(const char *s)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > INT32_MAX / 10)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return (int32_t)v;
}

static int
pid_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

/* The pids under proc_root, ascending; caller frees *out. */
static int
list_pids(int procfd, int32_t **out, size_t *n)
{
	struct dirent *de;
	size_t cap = 512;
	int32_t *pids;
	DIR *dir;
	int dupfd = dup(procfd);

	if (dupfd < 0 || (dir = fdopendir(dupfd)) == NULL) {
		int err = -errno;

		if (dupfd >= 0)
			close(dupfd);
		return err;
	}
	pids = xcalloc(cap, sizeof(*pids));
	*n = 0;
	while ((de = readdir(dir)) != NULL) {
		int32_t pid = parse_pid(de->d_name);

		if (pid == 0)
			continue;
		if (*n == cap) {
			cap *= 2;
			pids = xreallocarray(pids, cap, sizeof(*pids));
		}
		pids[(*n)++] = pid;
	}
	closedir(dir);
	/* /proc lists in ascending order already; a fixture tree may not */
	qsort(pids, *n, sizeof(*pids), pid_cmp);
	*out = pids;
	return 0;
}

int
owners_scan_all(struct owners *ow, const uint64_t *wanted, size_t n)
{
	struct fdscan_result res;
	int32_t *pids = NULL;
	size_t npids = 0;
	int procfd, err;

	procfd = open(ow->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	if ((err = list_pids(procfd, &pids, &npids)) < 0) {
		close(procfd);
		return err;
	}
	/* in ascending pid order, the first owner found for each wanted
	 * socket is its lowest pid: the walk stops once all have one, and
	 * keeps only theirs */
	fdscan_run(procfd, pids, npids, wanted, n, &res);
	owners_add_scan(ow, &res);
	free(pids);
	close(procfd);
	return 0;
}

int
owners_scan_pid(struct owners *ow, pid_t pid)
{
	struct fdscan_result res;
	int32_t one = (int32_t)pid;
	int procfd, err = 0;

	procfd = open(ow->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	fdscan_run(procfd, &one, 1, NULL, 0, &res);
	/* not read whole: say why; neither read nor hidden: there is no
	 * such process (any more) */
	if (res.hidden > 0)
		err = res.error != 0 ? -res.error : -EACCES;
	else if (res.processes == 0)
		err = -ENOENT;
	owners_add_scan(ow, &res);
	close(procfd);
	return err;
}

struct owners_job {
	struct owners *ow;
	const pid_t *pids;
	size_t n;
	pid_t failed;
	int err;
	bool threaded;
	pthread_t thread;
};

static void *
scan_pids_main(void *data)
{
	struct owners_job *job = data;
	size_t i;

	for (i = 0; i < job->n && job->err == 0; i++)
		if ((job->err = owners_scan_pid(job->ow, job->pids[i])) < 0)
			job->failed = job->pids[i];
	return NULL;
}

struct owners_job *
owners_scan_pids_begin(struct owners *ow, const pid_t *pids, size_t n)
{
	struct owners_job *job = xcalloc(1, sizeof(*job));

	job->ow = ow;
	job->pids = pids;
	job->n = n;
	job->threaded =
	    pthread_create(&job->thread, NULL, scan_pids_main, job) == 0;
	if (!job->threaded)
		scan_pids_main(job); /* no thread to be had: scan now */
	return job;
}

int
owners_scan_pids_end(struct owners_job *job, pid_t *failed)
{
	int err;

	if (job->threaded)
		pthread_join(job->thread, NULL);
	err = job->err;
	*failed = job->failed;
	free(job);
	return err;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

/* Sort the entries and hash each inode to its run of owners. */
static void
owners_build_index(struct owners *ow)
{
	size_t i, size = 64, inodes = 0;

	qsort(ow->ents, ow->len, sizeof(*ow->ents), ent_cmp);
	for (i = 0; i < ow->len; i++)
		if (i == 0 || ow->ents[i].inode != ow->ents[i - 1].inode)
			inodes++;
	while (size < inodes * 2)
		size *= 2;
	free(ow->index);
	ow->index = xcalloc(size, sizeof(*ow->index));
	ow->index_mask = size - 1;
	/* 8 bits or more per inode: under 1 in 8 misses gets past it */
	for (size = 512; size < inodes * 8; size *= 2)
		;
	free(ow->filter);
	ow->filter = xcalloc(size / 64, sizeof(*ow->filter));
	ow->filter_mask = size - 1;
	for (i = 0; i < ow->len; i++) {
		struct inode_slot *slot;
		size_t h;

		if (i > 0 && ow->ents[i].inode == ow->ents[i - 1].inode)
			continue;
		h = hash64(ow->ents[i].inode);
		ow->filter[(h & ow->filter_mask) / 64] |= 1ull << (h % 64);
		h &= ow->index_mask;
		while (ow->index[h].inode != 0)
			h = (h + 1) & ow->index_mask;
		slot = &ow->index[h];
		slot->inode = ow->ents[i].inode;
		slot->start = (uint32_t)i;
		slot->count = 1;
		while (i + slot->count < ow->len &&
		       ow->ents[i + slot->count].inode == slot->inode)
			slot->count++;
	}
	ow->dirty = false;
}

size_t
owners_find(const struct owners *ow, uint64_t inode, const struct owner **out)
{
	struct owners *mut = (struct owners *)ow; /* the index is a cache */
	size_t h;

	if (inode == 0 || ow->len == 0)
		return 0;
	if (ow->dirty)
		owners_build_index(mut);
	h = hash64(inode);
	if (!(ow->filter[(h & ow->filter_mask) / 64] & 1ull << (h % 64)))
		return 0;
	h &= ow->index_mask;
	while (ow->index[h].inode != 0) {
		if (ow->index[h].inode == inode) {
			*out = &ow->ents[ow->index[h].start];
			return ow->index[h].count;
		}
		h = (h + 1) & ow->index_mask;
	}
	return 0;
}

static int32_t
owners_pool_add(struct owners *ow, const char *s, size_t len)
{
	size_t off = ow->pool_len;

	while (ow->pool_len + len + 1 > ow->pool_cap) {
		ow->pool_cap = ow->pool_cap ? ow->pool_cap * 2 : 4096;
		ow->pool = xreallocarray(ow->pool, ow->pool_cap, 1);
	}
	memcpy(ow->pool + off, s, len);
	ow->pool[off + len] = '\0';
	ow->pool_len += len + 1;
	return (int32_t)off;
}

static struct comm_slot *
comm_slot(struct owners *ow, int32_t pid)
{
	size_t h = hash64((uint64_t)pid) & ow->comm_mask;

	while (ow->comms[h].pid != 0 && ow->comms[h].pid != pid)
		h = (h + 1) & ow->comm_mask;
	return &ow->comms[h];
}

static void
comm_grow(struct owners *ow)
{
	struct comm_slot *old = ow->comms;
	size_t old_size = ow->comm_mask + 1, i;

	ow->comm_mask = old_size * 2 - 1;
	ow->comms = xcalloc(ow->comm_mask + 1, sizeof(*ow->comms));
	for (i = 0; i < old_size; i++)
		if (old[i].pid != 0)
			*comm_slot(ow, old[i].pid) = old[i];
	free(old);
}

/* Read proc_root/pid/name, a small file, into buf; returns its length,
 * -ENOENT when the process is gone or the file is empty, or -errno. */
static ssize_t
read_proc_file(const char *proc_root, int32_t pid, const char *name, char *buf,
    size_t size)
{
	char path[4096];
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%d/%s", proc_root, (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	return n > 0 ? n : -ENOENT;
}

/* The raw comm of pid (at most 64 bytes); returns its length or -errno. */
static ssize_t
read_comm(const char *proc_root, int32_t pid, char *buf, size_t size)
{
	ssize_t n = read_proc_file(proc_root, pid, "comm", buf, size);

	/* the kernel ends comm with a newline; a name may hold one too */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	return n;
}

/* Read pid's stat into buf (size bytes); returns 0 with its name and
 * start time, or a negative number. */
static int
read_stat(const char *proc_root, int32_t pid, char *buf, size_t size,
    const char **comm, size_t *len, uint64_t *start)
{
	ssize_t n = read_proc_file(proc_root, pid, "stat", buf, size);

	if (n < 0)
		return -1;
	return owners_parse_stat(buf, (size_t)n, comm, len, start);
}

int
owners_parse_stat(const char *text, size_t n, const char **comm, size_t *len,
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

/* Count a process whose name could not be read for errno err: like one
 * whose fds could not be, its sockets cannot be told. */
static void
count_unreadable(struct owners *ow, int err)
{
	ow->stats.hidden++;
	if (err == EACCES || err == EPERM)
		ow->stats.denied++;
	else if (ow->stats.error == 0)
		ow->stats.error = err;
}

/* Store the names of slot's process: raw (n bytes, or -errno when it
 * could not be read) and its escaped form. */
static void
comm_store(struct owners *ow, struct comm_slot *slot, const char *raw,
    ssize_t n)
{
	char esc[ESCAPE_TEXT_SIZE(64)];

	slot->round = ow->round;
	if (n < 0) {
		slot->name = slot->raw = COMM_GONE;
		if (n != -ENOENT && n != -ESRCH) {
			slot->name = slot->raw = COMM_UNREADABLE;
			count_unreadable(ow, (int)-n);
		}
		return;
	}
	if (n > 64)
		n = 64;
	slot->name = owners_pool_add(ow, esc,
	    escape_text(raw, (size_t)n, esc, sizeof(esc)));
	slot->raw = owners_pool_add(ow, raw, (size_t)n);
}

/* In rounds: check a name cached in an earlier round against the
 * process's stat, or read it anew. */
static void
comm_refresh(struct owners *ow, struct comm_slot *slot, bool cached)
{
	char stat[1024], raw[64];
	const char *comm;
	size_t len;
	uint64_t start;
	ssize_t n;

	if (read_stat(ow->proc_root, slot->pid, stat, sizeof(stat), &comm, &len,
		&start) == 0) {
		if (cached && start != 0 && start == slot->start &&
		    slot->raw >= 0 && strlen(ow->pool + slot->raw) == len &&
		    memcmp(ow->pool + slot->raw, comm, len) == 0) {
			slot->round = ow->round; /* the same process */
			return;
		}
		slot->start = start;
		comm_store(ow, slot, comm, (ssize_t)len);
		return;
	}
	/* no stat (a fixture tree): the comm file, unchecked */
	slot->start = 0;
	n = read_comm(ow->proc_root, slot->pid, raw, sizeof(raw));
	comm_store(ow, slot, raw, n);
}

const char *
owners_comm(struct owners *ow, int32_t pid)
{
	struct comm_slot *slot = comm_slot(ow, pid);
	char raw[64];
	ssize_t n;

	if (slot->pid == 0) {
		slot->pid = pid;
		if (ow->round > 0) {
			comm_refresh(ow, slot, false);
		} else {
			n = read_comm(ow->proc_root, pid, raw, sizeof(raw));
			comm_store(ow, slot, raw, n);
		}
		if (++ow->comm_count * 2 > ow->comm_mask) {
			int32_t name = slot->name;

			comm_grow(ow);
			return name < 0 ? NULL : ow->pool + name;
		}
	} else if (slot->round != ow->round) {
		comm_refresh(ow, slot, true);
	}
	return slot->name < 0 ? NULL : ow->pool + slot->name;
}

void
owners_begin_round(struct owners *ow)
{
	struct comm_slot *old = ow->comms;
	size_t old_size = ow->comm_mask + 1, keep = 0, size = 64, i;
	char *old_pool = ow->pool;

	/* keep the names looked up in the round that ended, in a new table
	 * and pool: what earlier rounds read is dropped */
	for (i = 0; i < old_size; i++)
		if (old[i].pid != 0 && old[i].round == ow->round)
			keep++;
	while (size < keep * 4)
		size *= 2;
	ow->comm_mask = size - 1;
	ow->comms = xcalloc(size, sizeof(*ow->comms));
	ow->comm_count = 0;
	ow->pool = NULL;
	ow->pool_len = ow->pool_cap = 0;
	for (i = 0; i < old_size; i++) {
		struct comm_slot *slot;

		if (old[i].pid == 0 || old[i].round != ow->round)
			continue;
		slot = comm_slot(ow, old[i].pid);
		*slot = old[i];
		if (old[i].name >= 0) {
			slot->name = owners_pool_add(ow, old_pool + old[i].name,
			    strlen(old_pool + old[i].name));
			slot->raw = owners_pool_add(ow, old_pool + old[i].raw,
			    strlen(old_pool + old[i].raw));
		}
		ow->comm_count++;
	}
	free(old);
	free(old_pool);

	ow->round++;
	ow->len = 0; /* the fd scan is redone: keep its array */
	ow->dirty = false;
	memset(&ow->stats, 0, sizeof(ow->stats));
}

const char *
owners_comm_raw(struct owners *ow, int32_t pid)
{
	struct comm_slot *slot;

	if (owners_comm(ow, pid) == NULL)
		return NULL;
	slot = comm_slot(ow, pid); /* again: reading may grow the table */
	return ow->pool + slot->raw;
}

enum owners_status
owners_status(struct owners *ow, uint64_t inode)
{
	const struct owner *o;
	size_t n = owners_find(ow, inode, &o), i;

	if (n > 0) {
		bool unreadable = false;

		for (i = 0; i < n; i++) {
			if (owners_comm(ow, o[i].pid) != NULL)
				return OWNERS_FOUND;
			/* again: reading may grow the table */
			if (comm_slot(ow, o[i].pid)->name == COMM_UNREADABLE)
				unreadable = true;
		}
		return unreadable ? OWNERS_HIDDEN : OWNERS_GONE;
	}
	if (inode != 0 && ow->stats.hidden > 0)
		return OWNERS_HIDDEN;
	return OWNERS_NONE;
}

size_t
owners_label(struct owners *ow, uint64_t inode, char *buf, size_t size)
{
	const struct owner *o;
	size_t n, i;

	if (ow != NULL) {
		n = owners_find(ow, inode, &o);
		/* the lowest pid that still exists, as netstat shows one */
		for (i = 0; i < n; i++) {
			const char *comm = owners_comm(ow, o[i].pid);
			int len;

			if (comm == NULL)
				continue;
			len = snprintf(buf, size, "%d/%s", (int)o[i].pid, comm);
			if (len > 0)
				return (size_t)len < size ? (size_t)len
							  : size - 1;
		}
	}
	snprintf(buf, size, "-");
	return 1;
}

struct owners_stats
owners_stats(const struct owners *ow)
{
	return ow->stats;
}
