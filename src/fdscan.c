/* SPDX-License-Identifier: MIT */
#include "fdscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "taskfiles.h"
#include "vec.h"
#include "xalloc.h"

/* fd numbers per chunk: opening the fd directory once per chunk costs
 * nothing next to 1,024 readlinkat calls, and an 18,000-fd process still
 * splits evenly between threads */
#define FDSCAN_CHUNK 1024
/* Threads at most. Two give 1.8x on two cores; past a few, the readers
 * mostly wait for each other in the kernel. */
#define FDSCAN_MAX_THREADS 4
/* Below this many fds a second thread costs more than it saves. */
#define FDSCAN_THREADS_FROM 4096
/* Up to this many fds, a process's table is listed rather than read by
 * number. */
#define FDSCAN_LIST_MAX 64
/* Up to this many processes, their fds are counted first (procfs's
 * size of <pid>/fd) to cut large tables into chunks. */
#define FDSCAN_COUNT_UPTO 256
/* What a process whose fd count is unknown is taken to hold. */
#define FDSCAN_GUESS 64

static const struct fdscan_plan default_plan = {
    .threads_from = FDSCAN_THREADS_FROM,
    .max_threads = FDSCAN_MAX_THREADS,
};

struct scan_proc {
	int32_t pid;
	/* open fds as stat() gives them for <pid>/fd (Linux >= 6.2); 0 when
	 * unknown: older kernels, fixture trees, or no fds at all */
	uint32_t count;
	atomic_uint chunks_left;
	atomic_uint hits;  /* links read below count */
	atomic_bool named; /* its name is read (FDSCAN_NAMES) */
	/* the first errno met reading it, other than the process being
	 * gone (ENOENT, ESRCH): it was not read whole */
	atomic_int err;
};

/* fd numbers [lo, hi) of one process; lo == hi: its whole directory */
struct scan_chunk {
	uint32_t proc;
	uint32_t lo, hi;
};

struct scan_state {
	int procfd;
	bool procfs; /* procfd is procfs (not a saved tree) */
	struct scan_proc *procs;
	struct scan_chunk *chunks;
	size_t nchunks;
	atomic_size_t next; /* the next chunk to hand out */
	const uint64_t *wanted;
	size_t nwanted;
	atomic_bool *seen; /* which wanted inodes have an owner */
	atomic_size_t found;
	atomic_bool stop; /* every wanted inode has an owner */
	/* wanted, nwanted and seen are set: a scan run ahead starts before
	 * they are known, and keeps every link until they are */
	atomic_bool want_known;
	bool names; /* FDSCAN_NAMES */
	bool bpf;   /* FDSCAN_BPF */
};

/* A thread's own results, merged after the threads end. */
struct scan_worker {
	struct scan_state *st;
	struct owner *v;
	size_t len, cap;
	size_t unchecked; /* v's first links, kept before wanted was known */
	/* chunks whose directory could not be opened for want of an fd
	 * (EMFILE, ENFILE), held by another thread: read again at the end */
	size_t *retry;
	size_t nretry, retry_cap;
	struct fdscan_name *names;
	size_t nnames, names_cap;
	size_t processes, sockets;
	int32_t last_pid; /* the task_file iterator's: its records come
			   * grouped by process */
	bool bpf;	  /* its links are the task_file iterator's */
	bool saw_init;	  /* among them, pid 1's */
	pthread_t thread;
};

/* Note that reading p failed with errno err, unless that only says the
 * process is gone: then there is nothing to miss. */
static void
proc_failed(struct scan_proc *p, int err)
{
	int none = 0;

	if (err != ENOENT && err != ESRCH)
		atomic_compare_exchange_strong(&p->err, &none, err);
}

/* Whether a link that could not be read (errno err) is merely gone: a
 * hole in the table, or a process that exited. Anything else (EACCES
 * when the directory opens but the links are not ours, as with
 * CAP_DAC_READ_SEARCH without CAP_SYS_PTRACE) is noted for p, whose
 * other links will fail the same way: the caller stops reading them. */
static bool
link_gone(struct scan_proc *p, int err)
{
	if (err == ENOENT || err == ESRCH)
		return true;
	proc_failed(p, err);
	return false;
}

static bool
wanted_at(const struct scan_state *st, uint64_t inode, size_t *at)
{
	size_t lo = 0, hi = st->nwanted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->wanted[mid] < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < st->nwanted && st->wanted[lo] == inode;
}

/* The wanted inode at is found: stop once every one is. */
static void
mark_found(struct scan_state *st, size_t at)
{
	if (!atomic_exchange(&st->seen[at], true) &&
	    atomic_fetch_add(&st->found, 1) + 1 == st->nwanted)
		atomic_store(&st->stop, true);
}

/* Keep the socket behind link (n bytes), fd of pid, if it is wanted. */
static void
worker_add(struct scan_worker *w, const char *link, ssize_t n, int32_t pid,
    int32_t fd)
{
	struct scan_state *st = w->st;
	uint64_t inode;
	size_t at;

	if (fdscan_parse_link(link, (size_t)n, &inode) < 0)
		return;
	w->sockets++;
	if (!atomic_load(&st->want_known)) {
		w->unchecked = w->len + 1;
	} else if (st->wanted != NULL) {
		if (!wanted_at(st, inode, &at))
			return;
		mark_found(st, at);
	}
	w->v = vec_reserve(w->v, &w->cap, w->len + 1, sizeof(*w->v));
	w->v[w->len].inode = inode;
	w->v[w->len].pid = pid;
	w->v[w->len].fd = fd;
	w->len++;
}

/* Once wanted is known, count those of w's links kept before it was
 * that are wanted, so that the scan can stop; the others stay, as
 * harmless as a scan without wanted would find them. */
static void
check_unchecked(struct scan_worker *w)
{
	struct scan_state *st = w->st;
	size_t i, at;

	if (st->wanted != NULL)
		for (i = 0; i < w->unchecked; i++)
			if (wanted_at(st, w->v[i].inode, &at))
				mark_found(st, at);
	w->unchecked = 0;
}

static int32_t
parse_fd(const char *s)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > INT32_MAX / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int32_t)v;
}

/* Room for one getdents64 call: a small process's whole fd table (an
 * entry is 24 bytes and its name) in one call. */
#define FDSCAN_DENTS_SIZE 8192
/* Longest entry getdents64 gives (a 255-byte name, aligned). */
#define FDSCAN_DENT_MAX 280

/* Read the links named in the fd directory dirfd numbered from min_fd
 * on; returns false when a link failed for another reason than its
 * being gone (p notes it). */
static bool
read_names(struct scan_worker *w, int dirfd, struct scan_proc *p,
    const char *buf, size_t len, int32_t min_fd)
{
	const size_t name_at = offsetof(struct dirent64, d_name);
	char link[64];
	size_t off = 0;

	while (off + name_at < len) {
		const struct dirent64 *de = (const void *)(buf + off);
		size_t reclen = de->d_reclen;
		int32_t fd;
		ssize_t n;

		if (reclen <= name_at || reclen > len - off ||
		    memchr(de->d_name, '\0', reclen - name_at) == NULL)
			break; /* not an entry the kernel writes */
		off += reclen;
		if ((fd = parse_fd(de->d_name)) < min_fd)
			continue;
		/* a link that vanished is skipped: the process moves on */
		n = readlinkat(dirfd, de->d_name, link, sizeof(link));
		if (n > 0 && (size_t)n < sizeof(link))
			worker_add(w, link, n, p->pid, fd);
		else if (n < 0 && !link_gone(p, errno))
			return false;
	}
	return true;
}

/* Read the links named in the fd directory dirfd numbered from min_fd
 * on. Closes dirfd. */
static void
read_dir(struct scan_worker *w, int dirfd, struct scan_proc *p, int32_t min_fd)
{
	union {
		struct dirent64 align;
		char buf[FDSCAN_DENTS_SIZE];
	} d;

	for (;;) {
		ssize_t got = getdents64(dirfd, d.buf, sizeof(d.buf));

		if (got < 0)
			proc_failed(p, errno);
		if (got <= 0 ||
		    !read_names(w, dirfd, p, d.buf, (size_t)got, min_fd))
			break;
		/* procfs fills the buffer while entries remain, so one
		 * that left room for another entry was the last: this
		 * saves a call per process (other file systems, as in a
		 * saved tree, may stop short) */
		if (w->st->procfs &&
		    (size_t)got + FDSCAN_DENT_MAX <= sizeof(d.buf))
			break;
	}
	close(dirfd);
}

/* Read fds [lo, hi) by number, without listing the directory: listing
 * makes the kernel build an entry for every fd first, which costs about
 * a fifth of the whole. Returns how many exist. */
static unsigned
read_range(struct scan_worker *w, int dirfd, struct scan_proc *p, uint32_t lo,
    uint32_t hi)
{
	char name[16], link[64];
	unsigned hits = 0;
	uint32_t fd;

	for (fd = lo; fd < hi; fd++) {
		ssize_t n;

		snprintf(name, sizeof(name), "%u", fd);
		n = readlinkat(dirfd, name, link, sizeof(link));
		if (n < 0 && !link_gone(p, errno))
			break;
		if (n <= 0 || (size_t)n >= sizeof(link))
			continue;
		hits++;
		worker_add(w, link, n, p->pid, (int32_t)fd);
	}
	return hits;
}

/* Read p's name beside its fds: on the threads, and relative to the
 * open proc root, where owners_resolve would read it alone afterwards.
 * A name that cannot be read, or is longer than a fdscan_name holds, is
 * left to it, which reads and counts it as usual. */
static void
read_comm(struct scan_worker *w, const struct scan_proc *p)
{
	struct fdscan_name *nm;
	char path[32], buf[sizeof(nm->comm) + 2];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%d/comm", (int)p->pid);
	fd = openat(w->st->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	/* a read that filled the buffer may have cut the name */
	if (n <= 0 || (size_t)n == sizeof(buf))
		return;
	if (buf[n - 1] == '\n')
		n--;
	if (n == 0 || (size_t)n > sizeof(nm->comm))
		return;
	w->names = vec_reserve(w->names, &w->names_cap, w->nnames + 1,
	    sizeof(*w->names));
	nm = &w->names[w->nnames++];
	nm->pid = p->pid;
	nm->len = (uint8_t)n;
	memcpy(nm->comm, buf, (size_t)n);
}

/* Read chunk c's fds of p; returns false, having read nothing, when its
 * directory could not be opened for want of an fd and this is not the
 * last try. */
static bool
read_fds(struct scan_worker *w, const struct scan_chunk *c, struct scan_proc *p,
    bool last_try)
{
	char path[32];
	unsigned hits = 0;
	int dirfd;

	snprintf(path, sizeof(path), "%d/fd", (int)p->pid);
	dirfd = openat(w->st->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 && !last_try && (errno == EMFILE || errno == ENFILE))
		return false;
	/* each process is counted once, by its first chunk; one that is
	 * gone is skipped silently, any other failure (EACCES, EMFILE) is
	 * kept, to be counted */
	if (dirfd < 0)
		proc_failed(p, errno);
	else if (c->lo == 0)
		w->processes++;
	if (c->lo == c->hi) {
		if (dirfd >= 0)
			read_dir(w, dirfd, p, 0);
		return true;
	}
	if (dirfd >= 0)
		hits = read_range(w, dirfd, p, c->lo, c->hi);
	atomic_fetch_add(&p->hits, hits);
	if (atomic_fetch_sub(&p->chunks_left, 1) == 1 && dirfd >= 0 &&
	    atomic_load(&p->hits) < p->count) {
		/* The last chunk of the process: fewer links below count
		 * than count means the table has holes, and the rest lie
		 * above. List the directory for them. */
		read_dir(w, dirfd, p, (int32_t)p->count);
		return true;
	}
	if (dirfd >= 0)
		close(dirfd);
	return true;
}

/* Read chunk i; as read_fds. */
static bool
scan_chunk(struct scan_worker *w, size_t i, bool last_try)
{
	const struct scan_chunk *c = &w->st->chunks[i];
	struct scan_proc *p = &w->st->procs[c->proc];
	size_t kept = w->len;

	if (!read_fds(w, c, p, last_try))
		return false;
	/* a process with a link kept is named once, by whichever of its
	 * chunks found one first */
	if (w->st->names && w->len > kept && !atomic_exchange(&p->named, true))
		read_comm(w, p);
	return true;
}

/* One record of the task_file iterator: a socket fd of a process. */
static void
bpf_record(const struct taskfiles_rec *rec, void *data)
{
	struct scan_worker *w = data;
	struct fdscan_name *nm;
	size_t len = strnlen(rec->comm, sizeof(rec->comm));

	if (rec->pid == 0 || rec->pid > INT32_MAX || rec->fd > INT32_MAX ||
	    rec->inode == 0)
		return; /* not what the program writes */
	w->sockets++;
	w->v = vec_reserve(w->v, &w->cap, w->len + 1, sizeof(*w->v));
	w->v[w->len++] =
	    (struct owner){rec->inode, (int32_t)rec->pid, (int32_t)rec->fd};
	if ((int32_t)rec->pid == w->last_pid)
		return;
	w->last_pid = (int32_t)rec->pid;
	w->processes++;
	if (rec->pid == 1)
		w->saw_init = true;
	if (!w->st->names || len == 0)
		return;
	w->names = vec_reserve(w->names, &w->names_cap, w->nnames + 1,
	    sizeof(*w->names));
	nm = &w->names[w->nnames++];
	nm->pid = (int32_t)rec->pid;
	nm->len = (uint8_t)len;
	memcpy(nm->comm, rec->comm, len);
}

/* Read every process's socket fds into w through the task_file
 * iterator; returns false, w as it was, where it cannot be had. */
static bool
read_bpf(struct scan_worker *w)
{
	if (taskfiles_read(bpf_record, w) == 0) {
		w->bpf = true;
		return true;
	}
	/* a read that failed midway: what came is dropped */
	w->len = w->nnames = w->processes = w->sockets = 0;
	w->last_pid = 0;
	w->saw_init = false;
	return false;
}

/*
 * What the walk still reads after the task_file iterator: pid 1, which
 * the iterators of Linux 6.18 pass over (iter/task and iter/task_file
 * begin at pid 2 here), and which may hold many sockets (systemd's
 * socket units). Read through /proc, it is counted as any walked process
 * is, hidden where /proc refuses it. Returns how many of init_pid to
 * walk: 0 where the iterator did give pid 1.
 */
static const int32_t init_pid[] = {1};

static size_t
init_left_to_walk(const struct scan_worker *w)
{
	return w->saw_init ? 0 : 1;
}

static void *
worker_main(void *data)
{
	struct scan_worker *w = data;
	struct scan_state *st = w->st;

	/* Chunks go out in ascending pid order and every chunk handed out
	 * is read, so when the last wanted inode is found at pid P, every
	 * pid below P is read whole: the owners found are the lowest. (A
	 * chunk left for a retry is read whole too, before the scan ends:
	 * only the scan's stop comes earlier.) */
	while (!atomic_load(&st->stop)) {
		size_t i;

		if (w->unchecked > 0 && atomic_load(&st->want_known))
			check_unchecked(w);
		if ((i = atomic_fetch_add(&st->next, 1)) >= st->nchunks)
			break;
		if (!scan_chunk(w, i, false)) {
			w->retry = vec_reserve(w->retry, &w->retry_cap,
			    w->nretry + 1, sizeof(*w->retry));
			w->retry[w->nretry++] = i;
		}
	}
	return NULL;
}

static bool
is_procfs(int procfd)
{
	struct statfs sfs;

	return fstatfs(procfd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}

/* Whether stat() of <pid>/fd gives the fd count: procfs does since Linux
 * 6.2, and our own table is never empty. */
static bool
counts_fds(int procfd)
{
	struct stat sb;

	return fstatat(procfd, "self/fd", &sb, 0) == 0 && sb.st_size > 0;
}

/* The default fd-count source: procfs's size of <pid>/fd. */
static uint32_t
procfs_count(int procfd, int32_t pid, void *ctx)
{
	char path[32];
	struct stat sb;

	(void)ctx;
	snprintf(path, sizeof(path), "%d/fd", (int)pid);
	if (fstatat(procfd, path, &sb, 0) == 0 && sb.st_size > 0 &&
	    sb.st_size < INT32_MAX)
		return (uint32_t)sb.st_size;
	return 0;
}

/* Cut the processes into chunks; returns the estimated fds in all. */
static size_t
plan_chunks(struct scan_state *st, const int32_t *pids, size_t n,
    const struct fdscan_plan *plan)
{
	fdscan_count_fn count = plan->count;
	size_t i, cap = 0, work = 0;

	st->procfs = is_procfs(st->procfd);
	/* counting costs a call per process; among many processes, each
	 * thread has whole processes to read, and the count would only
	 * cut up the few large ones */
	if (count == NULL && n <= FDSCAN_COUNT_UPTO && st->procfs &&
	    counts_fds(st->procfd))
		count = procfs_count;
	st->procs = xcalloc(n ? n : 1, sizeof(*st->procs));
	st->chunks = vec_reserve(NULL, &cap, n + 16, sizeof(*st->chunks));
	for (i = 0; i < n; i++) {
		struct scan_proc *p = &st->procs[i];
		uint32_t lo = 0;

		p->pid = pids[i];
		if (count != NULL)
			p->count = count(st->procfd, p->pid, plan->count_ctx);
		work += p->count ? p->count : FDSCAN_GUESS;
		/* a small table is listed: one getdents64 call, where reading
		 * by number meets every hole in it, and then lists anyway */
		if (p->count <= FDSCAN_LIST_MAX)
			p->count = 0;
		do {
			st->chunks = vec_reserve(st->chunks, &cap,
			    st->nchunks + 1, sizeof(*st->chunks));
			st->chunks[st->nchunks].proc = (uint32_t)i;
			st->chunks[st->nchunks].lo = lo;
			lo = p->count - lo > FDSCAN_CHUNK ? lo + FDSCAN_CHUNK
							  : p->count;
			st->chunks[st->nchunks].hi = lo;
			st->nchunks++;
			atomic_fetch_add(&p->chunks_left, 1);
		} while (lo < p->count);
	}
	return work;
}

static size_t
thread_count(size_t work, const struct fdscan_plan *plan)
{
	size_t from = plan->threads_from ? plan->threads_from
					 : FDSCAN_THREADS_FROM,
	       most =
		   plan->max_threads ? plan->max_threads : FDSCAN_MAX_THREADS;
	cpu_set_t set;
	int cpus;

	if (most > FDSCAN_MAX_THREADS)
		most = FDSCAN_MAX_THREADS;
	if (work < from || sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	cpus = CPU_COUNT(&set);
	return cpus < 1 ? 1 : (size_t)cpus > most ? most : (size_t)cpus;
}

/* Append len links (v) to dst's, and add the counts that go with them. */
static void
result_add(struct fdscan_result *dst, struct owner *v, size_t len,
    size_t processes, size_t sockets)
{
	if (len > 0) {
		dst->ents = xreallocarray(dst->ents, dst->len + len,
		    sizeof(*dst->ents));
		memcpy(dst->ents + dst->len, v, len * sizeof(*v));
		dst->len += len;
	}
	dst->processes += processes;
	dst->sockets += sockets;
}

/* Count the processes not read whole. */
static void
count_failures(const struct scan_state *st, size_t n, struct fdscan_result *res)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int err = atomic_load(&st->procs[i].err);

		if (err == 0)
			continue;
		res->hidden++;
		if (err == EACCES || err == EPERM)
			res->denied++;
		else if (res->error == 0)
			res->error = err;
	}
}

/* Append a helper thread's names to res's. */
static void
names_add(struct fdscan_result *res, const struct scan_worker *w)
{
	if (w->nnames == 0)
		return;
	res->names = xreallocarray(res->names, res->nnames + w->nnames,
	    sizeof(*res->names));
	memcpy(res->names + res->nnames, w->names,
	    w->nnames * sizeof(*w->names));
	res->nnames += w->nnames;
}

/* Read again, on this thread alone, the chunks the workers could not
 * open for want of an fd: another worker's open directory took the last
 * one. Now none is open, and a failure is final. */
static void
retry_chunks(struct scan_worker *w, size_t started)
{
	size_t i, k;

	for (i = 0; i < started; i++)
		for (k = 0; k < w[i].nretry; k++)
			scan_chunk(&w[0], w[i].retry[k], true);
}

static void
worker_free(struct scan_worker *w)
{
	free(w->v);
	free(w->names);
	free(w->retry);
}

static void
scan_state_free(struct scan_state *st)
{
	free(st->seen);
	free(st->chunks);
	free(st->procs);
}

/* Wait for the helper threads w[1..started), take every worker's links,
 * names and counts into *res, and free the scan's state. */
static void
scan_finish(struct scan_state *st, struct scan_worker *w, size_t started,
    size_t n, struct fdscan_result *res)
{
	size_t i;

	for (i = 1; i < started; i++)
		pthread_join(w[i].thread, NULL);
	retry_chunks(w, started);
	/* worker 0's array is taken as it is: one thread is the usual */
	res->ents = w[0].v;
	res->len = w[0].len;
	res->processes = w[0].processes;
	res->sockets = w[0].sockets;
	res->names = w[0].names;
	res->nnames = w[0].nnames;
	res->threads = started;
	res->bpf = w[0].bpf || (started > 1 && w[1].bpf);
	free(w[0].retry);
	for (i = 1; i < started; i++) {
		result_add(res, w[i].v, w[i].len, w[i].processes, w[i].sockets);
		names_add(res, &w[i]);
		worker_free(&w[i]);
	}
	count_failures(st, n, res);
	scan_state_free(st);
}

/* Start helpers w[from..nthreads) on st; returns how many workers there
 * are then. A helper that cannot start is not needed: the others take
 * its share. */
static size_t
start_helpers(struct scan_worker *w, size_t from, size_t nthreads)
{
	size_t started;

	for (started = from; started < nthreads; started++)
		if (pthread_create(&w[started].thread, NULL, worker_main,
			&w[started]) != 0)
			break;
	return started;
}

/* Make wanted (nwanted inodes, sorted; NULL: all) what st keeps. */
static void
set_wanted(struct scan_state *st, const uint64_t *wanted, size_t nwanted)
{
	st->wanted = wanted;
	st->nwanted = nwanted;
	if (wanted != NULL)
		st->seen = xcalloc(nwanted ? nwanted : 1, sizeof(*st->seen));
	atomic_store(&st->want_known, true);
}

void
fdscan_run(int procfd, const int32_t *pids, size_t n, const uint64_t *wanted,
    size_t nwanted, const struct fdscan_plan *plan, unsigned flags,
    struct fdscan_result *res)
{
	struct scan_state st = {.procfd = procfd,
	    .names = (flags & FDSCAN_NAMES) != 0};
	struct scan_worker w[FDSCAN_MAX_THREADS];
	size_t nthreads, i;

	memset(res, 0, sizeof(*res));
	memset(w, 0, sizeof(w));
	set_wanted(&st, wanted, nwanted);
	w[0].st = &st;
	if ((flags & FDSCAN_BPF) && read_bpf(&w[0])) {
		pids = init_pid;
		n = init_left_to_walk(&w[0]);
	}
	if (plan == NULL)
		plan = &default_plan;
	nthreads = thread_count(plan_chunks(&st, pids, n, plan), plan);
	for (i = 0; i < nthreads; i++)
		w[i].st = &st;
	/* this thread is worker 0 */
	nthreads = start_helpers(w, 1, nthreads);
	worker_main(&w[0]);
	scan_finish(&st, w, nthreads, n, res);
}

/*
 * A scan run ahead: one helper lists the processes and reads their fds
 * while the caller dumps the socket table, which leaves the other core
 * mostly idle (3,000 processes: the dump takes a tenth of the run). What
 * the caller wants is known only after the dump: until then the helper
 * keeps every link, and the caller then joins in as worker 0.
 */
struct fdscan_ahead {
	struct scan_state st;
	struct scan_worker w[FDSCAN_MAX_THREADS]; /* w[1] is the helper */
	const struct fdscan_plan *plan;
	int32_t *pids;
	size_t n, work;
	int err; /* the listing's, or 0 */
	/* the helper has listed and planned (or failed to list) */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool planned;
};

static void *
ahead_main(void *data)
{
	struct fdscan_ahead *a = data;
	int err = 0;

	/* through the iterator, only what it passes over is walked */
	if (a->st.bpf && read_bpf(&a->w[1])) {
		a->n = init_left_to_walk(&a->w[1]);
		a->pids = xcalloc(1, sizeof(*a->pids));
		memcpy(a->pids, init_pid, a->n * sizeof(*a->pids));
	} else {
		err = fdscan_list_pids(a->st.procfd, &a->pids, &a->n);
	}
	if (err == 0)
		a->work = plan_chunks(&a->st, a->pids, a->n, a->plan);
	pthread_mutex_lock(&a->lock);
	a->err = err;
	a->planned = true;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	if (err == 0)
		worker_main(&a->w[1]);
	return NULL;
}

static void
ahead_free(struct fdscan_ahead *a)
{
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	free(a->pids);
	free(a);
}

struct fdscan_ahead *
fdscan_ahead_begin(int procfd, const struct fdscan_plan *plan, unsigned flags)
{
	struct fdscan_ahead *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->st.procfd = procfd;
	a->st.names = (flags & FDSCAN_NAMES) != 0;
	a->st.bpf = (flags & FDSCAN_BPF) != 0;
	a->plan = plan != NULL ? plan : &default_plan;
	for (i = 0; i < FDSCAN_MAX_THREADS; i++)
		a->w[i].st = &a->st;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	if (pthread_create(&a->w[1].thread, NULL, ahead_main, a) != 0) {
		ahead_free(a);
		return NULL;
	}
	return a;
}

/* Wait until the helper has listed and planned; returns the listing's
 * error or 0. */
static int
wait_planned(struct fdscan_ahead *a)
{
	pthread_mutex_lock(&a->lock);
	while (!a->planned)
		pthread_cond_wait(&a->cond, &a->lock);
	pthread_mutex_unlock(&a->lock);
	return a->err;
}

void
fdscan_ahead_cancel(struct fdscan_ahead *a)
{
	/* the helper stops after its chunk, or at once once planned */
	atomic_store(&a->st.stop, true);
	pthread_join(a->w[1].thread, NULL);
	worker_free(&a->w[1]);
	scan_state_free(&a->st);
	ahead_free(a);
}

int
fdscan_ahead_end(struct fdscan_ahead *a, const uint64_t *wanted, size_t nwanted,
    struct fdscan_result *res)
{
	size_t nthreads;
	int err;

	memset(res, 0, sizeof(*res));
	if ((err = wait_planned(a)) < 0) {
		pthread_join(a->w[1].thread, NULL);
	} else {
		set_wanted(&a->st, wanted, nwanted);
		/* this thread and the helper, and more where the plan and
		 * the CPUs allow */
		nthreads = thread_count(a->work, a->plan);
		nthreads = start_helpers(a->w, 2, nthreads < 2 ? 2 : nthreads);
		worker_main(&a->w[0]);
		scan_finish(&a->st, a->w, nthreads, a->n, res);
	}
	ahead_free(a);
	return err;
}

int
fdscan_parse_link(const char *text, size_t len, uint64_t *inode)
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

static int32_t
parse_pid(const char *s)
{
	int32_t pid = parse_fd(s);

	return pid > 0 && s[0] != '0' ? pid : 0;
}

static int
pid_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

int
fdscan_list_pids(int procfd, int32_t **out, size_t *n)
{
	struct dirent *de;
	size_t cap = 0;
	int32_t *pids = NULL;
	DIR *dir;
	int dupfd = dup(procfd);

	if (dupfd < 0 || (dir = fdopendir(dupfd)) == NULL) {
		int err = -errno;

		if (dupfd >= 0)
			close(dupfd);
		return err;
	}
	/* the copy shares procfd's offset, which a listing before left at
	 * the end */
	rewinddir(dir);
	*n = 0;
	while ((de = readdir(dir)) != NULL) {
		int32_t pid = parse_pid(de->d_name);

		if (pid == 0)
			continue;
		pids = vec_reserve(pids, &cap, *n + 1, sizeof(*pids));
		pids[(*n)++] = pid;
	}
	closedir(dir);
	/* /proc lists in ascending order already; a fixture tree may not */
	if (*n > 0)
		qsort(pids, *n, sizeof(*pids), pid_cmp);
	*out = pids != NULL ? pids : xcalloc(1, sizeof(*pids));
	return 0;
}

int
fdscan_pid(int procfd, pid_t pid, struct fdscan_result *acc)
{
	struct fdscan_result res;
	int32_t one = (int32_t)pid;
	int err = 0;

	fdscan_run(procfd, &one, 1, NULL, 0, NULL, 0, &res);
	/* not read whole: say why; neither read nor hidden: there is no
	 * such process (any more) */
	if (res.hidden > 0)
		err = res.error != 0 ? -res.error : -EACCES;
	else if (res.processes == 0)
		err = -ENOENT;
	result_add(acc, res.ents, res.len, res.processes, res.sockets);
	acc->hidden += res.hidden;
	acc->denied += res.denied;
	if (acc->error == 0)
		acc->error = res.error;
	if (acc->threads < res.threads)
		acc->threads = res.threads;
	free(res.ents);
	return err;
}

struct fdscan_job {
	char *proc_root;
	const pid_t *pids;
	size_t n;
	struct fdscan_result res;
	pid_t failed;
	int err;
	bool threaded;
	pthread_t thread;
};

static void *
job_main(void *data)
{
	struct fdscan_job *job = data;
	int procfd = open(job->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t i;

	if (procfd < 0) {
		job->err = -errno;
		job->failed = job->n > 0 ? job->pids[0] : 0;
		return NULL;
	}
	for (i = 0; i < job->n && job->err == 0; i++)
		if ((job->err = fdscan_pid(procfd, job->pids[i], &job->res)) <
		    0)
			job->failed = job->pids[i];
	close(procfd);
	return NULL;
}

struct fdscan_job *
fdscan_job_begin(const char *proc_root, const pid_t *pids, size_t n)
{
	struct fdscan_job *job = xcalloc(1, sizeof(*job));

	job->proc_root = xstrdup(proc_root);
	job->pids = pids;
	job->n = n;
	job->threaded = pthread_create(&job->thread, NULL, job_main, job) == 0;
	if (!job->threaded)
		job_main(job); /* no thread to be had: scan now */
	return job;
}

int
fdscan_job_end(struct fdscan_job *job, struct fdscan_result *res, pid_t *failed)
{
	int err;

	if (job->threaded)
		pthread_join(job->thread, NULL);
	err = job->err;
	*failed = job->failed;
	*res = job->res;
	free(job->proc_root);
	free(job);
	return err;
}
