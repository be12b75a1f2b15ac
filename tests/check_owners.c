/* SPDX-License-Identifier: MIT */
/* Unit tests for the owners step and the modules under it: fd link
 * parsing and the fd scan (fdscan.c, driven through its plan), the inode
 * index, the program-name cache (procname.c), over fake /proc trees. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdscan.h"
#include "owners.h"
#include "procname.h"

START_TEST(parses_socket_links)
{
	uint64_t inode = 0;

	ck_assert_int_eq(fdscan_parse_link("socket:[123]", 12, &inode), 0);
	ck_assert_uint_eq(inode, 123);
	ck_assert_int_eq(
	    fdscan_parse_link("socket:[18446744073709551615]", 29, &inode), 0);
	ck_assert_uint_eq(inode, UINT64_MAX);
}
END_TEST

START_TEST(rejects_other_links)
{
	static const char *const bad[] = {
	    "pipe:[123]",
	    "anon_inode:[eventfd]",
	    "/dev/null",
	    "socket:[]",
	    "socket:[12",
	    "socket:[1a]",
	    "socket:123]",
	    "socket:[0]",
	    "socket:[99999999999999999999]",
	    "",
	    "socket:[-1]",
	};
	uint64_t inode;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(
		    fdscan_parse_link(bad[i], strlen(bad[i]), &inode) < 0,
		    "accepted %s", bad[i]);
	/* truncated: the length is what readlink returned */
	ck_assert_int_lt(fdscan_parse_link("socket:[123]", 11, &inode), 0);
}
END_TEST

/* A fake proc root: <root>/<pid>/comm and <root>/<pid>/fd/<n> links. */
struct fake_proc {
	char root[64];
};

static void
fake_init(struct fake_proc *fp)
{
	strcpy(fp->root, "/tmp/sockview-owners-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fp->root));
}

static void
fake_process(struct fake_proc *fp, int pid, const char *comm, size_t comm_len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", fp->root, pid);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%d/fd", fp->root, pid);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%d/comm", fp->root, pid);
	f = fopen(path, "w");
	fwrite(comm, 1, comm_len, f);
	fputc('\n', f);
	fclose(f);
}

static void
fake_fd(struct fake_proc *fp, int pid, int fd, const char *target)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%d/fd/%d", fp->root, pid, fd);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void
fake_fini(struct fake_proc *fp)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fp->root);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(maps_inodes_to_every_owner)
{
	struct fake_proc fp;
	struct owners *ow;
	const struct owner *o;
	char label[64];

	fake_init(&fp);
	fake_process(&fp, 300, "worker", 6);
	fake_process(&fp, 20, "master", 6);
	fake_process(&fp, 4000, "other", 5);
	fake_fd(&fp, 20, 3, "socket:[4242]");
	fake_fd(&fp, 20, 4, "pipe:[99]");
	fake_fd(&fp, 300, 3, "socket:[4242]");
	fake_fd(&fp, 300, 7, "socket:[5000]");
	fake_fd(&fp, 4000, 1, "/dev/null");
	mkdir(strcat(strcpy(label, fp.root), "/self"), 0700);

	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	/* the scan reads the names of the processes holding a socket, and
	 * only theirs, beside their fds */
	ck_assert_str_eq(owners_comm(ow, 20), "master");
	ck_assert_str_eq(owners_comm(ow, 300), "worker");
	ck_assert_ptr_null(owners_comm(ow, 4000));
	owners_resolve(ow, 4242);
	ck_assert_uint_eq(owners_find(ow, 4242, &o), 2);
	ck_assert_int_eq(o[0].pid, 20);
	ck_assert_int_eq(o[0].fd, 3);
	ck_assert_int_eq(o[1].pid, 300);
	ck_assert_uint_eq(owners_find(ow, 5000, &o), 1);
	ck_assert_int_eq(o[0].fd, 7);
	ck_assert_uint_eq(owners_find(ow, 99, &o), 0);
	ck_assert_uint_eq(owners_find(ow, 0, &o), 0);
	ck_assert_uint_eq(owners_stats(ow).processes, 3);
	ck_assert_uint_eq(owners_stats(ow).sockets, 3);

	owners_label(ow, 4242, label, sizeof(label));
	ck_assert_str_eq(label, "20/master");
	owners_label(ow, 1, label, sizeof(label));
	ck_assert_str_eq(label, "-");
	ck_assert_int_eq(owners_status(ow, 4242), OWNERS_FOUND);
	ck_assert_int_eq(owners_status(ow, 0), OWNERS_NONE);
	ck_assert_int_eq(owners_status(ow, 777), OWNERS_NONE);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

START_TEST(escapes_program_names)
{
	struct fake_proc fp;
	struct owners *ow;
	char label[128];

	fake_init(&fp);
	fake_process(&fp, 42, "evil\nname\t\x1b[31m", 15);
	fake_fd(&fp, 42, 5, "socket:[77]");
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_pid(ow, 42), 0);
	owners_resolve_all(ow);
	owners_label(ow, 77, label, sizeof(label));
	ck_assert_str_eq(label, "42/evil\\nname\\t\\x1b[31m");
	ck_assert_int_eq(owners_scan_pid(ow, 43), -ENOENT);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

START_TEST(stops_once_wanted_sockets_are_found)
{
	struct fake_proc fp;
	struct owners *ow;
	const struct owner *o;
	uint64_t wanted[] = {10, 11};

	fake_init(&fp);
	fake_process(&fp, 1, "a", 1);
	fake_process(&fp, 2, "b", 1);
	fake_process(&fp, 3, "c", 1);
	fake_fd(&fp, 1, 3, "socket:[10]");
	fake_fd(&fp, 2, 3, "socket:[11]");
	fake_fd(&fp, 3, 3, "socket:[12]");
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_all(ow, wanted, 2), 0);
	ck_assert_uint_eq(owners_find(ow, 11, &o), 1);
	/* process 3 was never read: every wanted socket had an owner */
	ck_assert_uint_eq(owners_find(ow, 12, &o), 0);
	ck_assert_uint_eq(owners_stats(ow).processes, 2);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

START_TEST(grows_to_many_entries)
{
	struct fake_proc fp;
	struct owners *ow;
	const struct owner *o;
	char target[32];
	int i;

	/* 100,000 sockets over two processes, every inode held by both,
	 * with inodes that collide in a small table */
	fake_init(&fp);
	fake_process(&fp, 7, "p7", 2);
	fake_process(&fp, 8, "p8", 2);
	for (i = 0; i < 50000; i++) {
		snprintf(target, sizeof(target), "socket:[%d]", (i + 1) * 1024);
		fake_fd(&fp, 7, i, target);
		fake_fd(&fp, 8, i, target);
	}
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	ck_assert_uint_eq(owners_stats(ow).sockets, 100000);
	for (i = 0; i < 50000; i += 997) {
		ck_assert_uint_eq(owners_find(ow, (uint64_t)(i + 1) * 1024, &o),
		    2);
		ck_assert_int_eq(o[0].pid, 7);
		ck_assert_int_eq(o[0].fd, i);
		ck_assert_int_eq(o[1].pid, 8);
	}
	ck_assert_uint_eq(owners_find(ow, 1023, &o), 0);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

/* Write <root>/<pid>/stat with comm and start time (field 22). */
static void
fake_stat(struct fake_proc *fp, int pid, const char *comm,
    unsigned long long start)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d/stat", fp->root, pid);
	f = fopen(path, "w");
	fprintf(f,
	    "%d (%s) S 1 %d %d 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 %llu "
	    "1000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n",
	    pid, comm, pid, pid, start);
	fclose(f);
}

START_TEST(parses_stat_lines)
{
	/* fields 4 to 21 are 4 to 21 here, the start time is field 22 */
	static const char line[] = "42 (a) b) c) R 4 5 6 7 8 9 10 11 12 13 14 "
				   "15 16 17 18 19 20 21 123456 99 100\n";
	static const char *const bad[] = {
	    "42 (x R 4 5",
	    "42 x) R",
	    "42 (x) R 4 5 6",
	    "42 (x) R 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21",
	    "42 (x) R 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 12a 9",
	    "42 (x) R 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21  9",
	};
	const char *comm;
	size_t len, i;
	uint64_t start;

	ck_assert_int_eq(
	    procname_parse_stat(line, strlen(line), &comm, &len, &start), 0);
	/* the name ends at the last ')' */
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(memcmp(comm, "a) b) c", 7), 0);
	ck_assert_uint_eq(start, 123456);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(procname_parse_stat(bad[i], strlen(bad[i]), &comm,
				  &len, &start) < 0,
		    "accepted %s", bad[i]);
}
END_TEST

/* Load pid's name into pn and look it up, as the owners step and then a
 * formatter do. */
static const char *
name_of(struct procname *pn, int32_t pid, bool raw)
{
	bool fresh;

	(void)procname_load(pn, pid, &fresh);
	return procname_get(pn, pid, raw);
}

/* -c: names carry over while (pid, start time) match; a reused pid, a
 * renamed process and an exited one are seen; old names are dropped. */
START_TEST(caches_names_by_pid_and_start_time)
{
	struct fake_proc fp;
	struct procname *pn;
	struct owners *ow;
	char path[256];
	size_t round;
	bool fresh;

	fake_init(&fp);
	fake_process(&fp, 10, "comm-file", 9);
	fake_stat(&fp, 10, "old", 5000);
	fake_fd(&fp, 10, 3, "socket:[100]");

	/* through the owners step */
	ow = owners_new(fp.root);
	owners_begin_round(ow);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	owners_resolve(ow, 100);
	/* in rounds the name comes from stat, with the start time */
	ck_assert_str_eq(owners_comm(ow, 10), "old");
	owners_begin_round(ow);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	ck_assert_uint_eq(owners_stats(ow).sockets, 1);
	/* a name from the round before is not shown until resolved */
	ck_assert_ptr_null(owners_comm(ow, 10));
	owners_resolve_all(ow);
	ck_assert_str_eq(owners_comm(ow, 10), "old");
	owners_free(ow);

	pn = procname_new(fp.root);
	procname_begin_round(pn);
	ck_assert_str_eq(name_of(pn, 10, false), "old");
	/* the same process in the next round: its cached name, not read
	 * again (the load tells it was checked against stat) */
	procname_begin_round(pn);
	ck_assert_int_eq(procname_load(pn, 10, &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(procname_load(pn, 10, &fresh), 0);
	ck_assert(!fresh);
	ck_assert_str_eq(procname_get(pn, 10, false), "old");

	/* the pid reused by another process: another start time */
	fake_stat(&fp, 10, "new", 7000);
	procname_begin_round(pn);
	ck_assert_str_eq(name_of(pn, 10, false), "new");
	ck_assert_str_eq(procname_get(pn, 10, true), "new");

	/* renamed (prctl) without a new start time */
	fake_stat(&fp, 10, "re\nnamed", 7000);
	procname_begin_round(pn);
	ck_assert_str_eq(name_of(pn, 10, false), "re\\nnamed");
	ck_assert_str_eq(procname_get(pn, 10, true), "re\nnamed");

	/* gone */
	snprintf(path, sizeof(path), "%s/10/stat", fp.root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/10/comm", fp.root);
	unlink(path);
	procname_begin_round(pn);
	ck_assert_int_eq(procname_load(pn, 10, &fresh), -ENOENT);
	ck_assert_ptr_null(procname_get(pn, 10, false));
	ck_assert(!procname_unreadable(pn, 10));

	/* many rounds over many pids: only the last round's are kept */
	for (round = 0; round < 50; round++) {
		int pid;

		procname_begin_round(pn);
		for (pid = 1000; pid < 1100; pid++)
			(void)name_of(pn, pid + (int)round * 100, false);
	}
	procname_begin_round(pn);
	ck_assert_ptr_null(procname_get(pn, 10, false));
	procname_free(pn);
	fake_fini(&fp);
}
END_TEST

/* Allow this process extra open files beyond those it has now. */
static void
limit_files(int extra, struct rlimit *old)
{
	struct rlimit rl;
	int lowest = dup(0);

	ck_assert_int_ge(lowest, 0);
	close(lowest);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, old), 0);
	rl = *old;
	rl.rlim_cur = (rlim_t)(lowest + extra);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
}

/* EMFILE is not "no such process": --pid says why, a scan counts it,
 * and a name that cannot be read is not taken for an exit. */
START_TEST(counts_failures_besides_exits)
{
	struct fake_proc fp;
	struct owners *ow;
	struct rlimit old;
	const struct owner *o;
	char label[64];

	fake_init(&fp);
	fake_process(&fp, 42, "held", 4);
	fake_fd(&fp, 42, 5, "socket:[77]");
	ow = owners_new(fp.root);
	/* room for the proc root, none for the fd directory */
	limit_files(1, &old);
	ck_assert_int_eq(owners_scan_pid(ow, 42), -EMFILE);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_uint_eq(owners_stats(ow).hidden, 1);
	ck_assert_uint_eq(owners_stats(ow).denied, 0);
	ck_assert_int_eq(owners_stats(ow).error, EMFILE);
	ck_assert_int_eq(owners_status(ow, 77), OWNERS_HIDDEN);
	owners_free(ow);

	/* the fds read, the name not */
	ow = owners_new(fp.root);
	ck_assert_int_eq(owners_scan_pid(ow, 42), 0);
	ck_assert_uint_eq(owners_find(ow, 77, &o), 1);
	limit_files(0, &old);
	owners_resolve(ow, 77);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	owners_label(ow, 77, label, sizeof(label));
	ck_assert_str_eq(label, "-");
	ck_assert_uint_eq(owners_stats(ow).hidden, 1);
	ck_assert_int_eq(owners_stats(ow).error, EMFILE);
	ck_assert_int_eq(owners_status(ow, 77), OWNERS_HIDDEN);
	/* counted once, however often it is resolved */
	owners_resolve_all(ow);
	ck_assert_uint_eq(owners_stats(ow).hidden, 1);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

/* A plan's fd counts: one number for every process. */
static uint32_t
fixed_count(int procfd, int32_t pid, void *ctx)
{
	(void)procfd;
	(void)pid;
	return *(const uint32_t *)ctx;
}

static int
owner_cmp(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

/* Scan pid 7 of fp with plan; its links sorted by fd into res. */
static void
scan_with(struct fake_proc *fp, const struct fdscan_plan *plan,
    struct fdscan_result *res)
{
	int32_t pid = 7;
	int procfd = open(fp->root, O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(procfd, 0);
	fdscan_run(procfd, &pid, 1, NULL, 0, plan, 0, res);
	close(procfd);
	qsort(res->ents, res->len, sizeof(*res->ents), owner_cmp);
}

/* Links at fds 0..n-1 but for holes at every 100th, and one far above:
 * the by-number reads (read_range) in 1,024-fd chunks, the listing of
 * the rest above the count (the hole fallback), and two threads, each
 * give the links a listing of the whole directory gives. */
START_TEST(fdscan_plans_give_the_same_links)
{
	enum { N = 3000, FAR = 60000 };
	struct fake_proc fp;
	struct fdscan_result whole, res;
	char target[32];
	uint32_t count;
	struct fdscan_plan plan = {.count = fixed_count, .count_ctx = &count};
	size_t expect = 0;
	int fd;

	fake_init(&fp);
	fake_process(&fp, 7, "p7", 2);
	for (fd = 0; fd < N; fd++) {
		if (fd % 100 == 99)
			continue;
		snprintf(target, sizeof(target), "socket:[%d]", 1000 + fd);
		fake_fd(&fp, 7, fd, fd % 7 == 3 ? "pipe:[5]" : target);
		expect += fd % 7 != 3;
	}
	fake_fd(&fp, 7, FAR, "socket:[999999]");
	expect++;

	/* no count: the whole directory listed, on one thread */
	scan_with(&fp, NULL, &whole);
	ck_assert_uint_eq(whole.len, expect);
	ck_assert_uint_eq(whole.threads, 1);
	ck_assert_int_eq(whole.ents[whole.len - 1].fd, FAR);

	/* the true count: 3 chunks by number (30 holes below it), then
	 * the fallback lists the directory for the fds above */
	count = N - N / 100 + 1;
	scan_with(&fp, &plan, &res);
	ck_assert_uint_eq(res.len, whole.len);
	ck_assert_int_eq(
	    memcmp(res.ents, whole.ents, whole.len * sizeof(*whole.ents)), 0);
	ck_assert_uint_eq(res.processes, 1);
	ck_assert_uint_eq(res.hidden, 0);
	free(res.ents);

	/* a count that is too high (the table shrank meanwhile): every
	 * number read, nothing twice */
	count = FAR + 10;
	scan_with(&fp, &plan, &res);
	ck_assert_uint_eq(res.len, whole.len);
	ck_assert_int_eq(
	    memcmp(res.ents, whole.ents, whole.len * sizeof(*whole.ents)), 0);
	free(res.ents);

	/* threads from the first fd on: the chunks shared out */
	count = N - N / 100 + 1;
	plan.threads_from = 1;
	plan.max_threads = 2;
	scan_with(&fp, &plan, &res);
	ck_assert_uint_ge(res.threads, 1);
	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2)
		ck_assert_uint_eq(res.threads, 2);
	ck_assert_uint_eq(res.len, whole.len);
	ck_assert_int_eq(
	    memcmp(res.ents, whole.ents, whole.len * sizeof(*whole.ents)), 0);
	ck_assert_uint_eq(res.processes, 1);
	ck_assert_uint_eq(res.sockets, expect);
	free(res.ents);

	/* the same through the owners step, with the plan */
	{
		struct owners *ow = owners_new(fp.root);
		const struct owner *o;

		owners_set_plan(ow, &plan);
		ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
		ck_assert_uint_eq(owners_find(ow, 999999, &o), 1);
		ck_assert_int_eq(o[0].fd, FAR);
		ck_assert_uint_eq(owners_find(ow, 1000 + 1024, &o), 1);
		ck_assert_uint_eq(owners_find(ow, 1000 + 99, &o), 0);
		owners_free(ow);
	}
	free(whole.ents);
	fake_fini(&fp);
}
END_TEST

/* Many processes on two threads, with wanted inodes: the lowest pid of
 * each, and the same links as on one thread. */
START_TEST(fdscan_threads_keep_the_lowest_pid)
{
	struct fake_proc fp;
	struct fdscan_plan plan = {.threads_from = 1, .max_threads = 2};
	uint64_t wanted[] = {500, 620};
	struct owners *ow;
	const struct owner *o;
	char target[32];
	int pid, fd;

	fake_init(&fp);
	for (pid = 100; pid < 140; pid++) {
		fake_process(&fp, pid, "w", 1);
		for (fd = 0; fd < 30; fd++) {
			/* every process holds 500; 620 from pid 120 on */
			snprintf(target, sizeof(target), "socket:[%d]",
			    fd == 0		    ? 500
			    : fd == 1 && pid >= 120 ? 620
						    : pid * 1000 + fd);
			fake_fd(&fp, pid, fd, target);
		}
	}
	ow = owners_new(fp.root);
	owners_set_plan(ow, &plan);
	ck_assert_int_eq(owners_scan_all(ow, wanted, 2), 0);
	ck_assert_uint_ge(owners_find(ow, 500, &o), 1);
	ck_assert_int_eq(o[0].pid, 100);
	ck_assert_uint_ge(owners_find(ow, 620, &o), 1);
	ck_assert_int_eq(o[0].pid, 120);
	owners_free(ow);

	ow = owners_new(fp.root);
	owners_set_plan(ow, &plan);
	ck_assert_int_eq(owners_scan_all(ow, NULL, 0), 0);
	ck_assert_uint_eq(owners_stats(ow).sockets, 40 * 30);
	ck_assert_uint_eq(owners_find(ow, 500, &o), 40);
	for (pid = 0; pid < 40; pid++)
		ck_assert_int_eq(o[pid].pid, 100 + pid);
	owners_free(ow);
	fake_fini(&fp);
}
END_TEST

/* A world of 40 processes of 30 fds: every one holds 500, and 620 from
 * pid 120 on (the pids 100..139). */
static void
fake_world(struct fake_proc *fp)
{
	char target[32];
	int pid, fd;

	fake_init(fp);
	for (pid = 100; pid < 140; pid++) {
		fake_process(fp, pid, "w", 1);
		for (fd = 0; fd < 30; fd++) {
			snprintf(target, sizeof(target), "socket:[%d]",
			    fd == 0		    ? 500
			    : fd == 1 && pid >= 120 ? 620
						    : pid * 1000 + fd);
			fake_fd(fp, pid, fd, target);
		}
	}
}

/* The threads of this process, as /proc/self/status (open at status_fd,
 * read again from the start each time) counts them. */
static int
own_threads(int status_fd)
{
	char text[4096];
	const char *at;
	ssize_t n = pread(status_fd, text, sizeof(text) - 1, 0);

	ck_assert_int_gt(n, 0);
	text[n] = '\0';
	at = strstr(text, "\nThreads:");
	ck_assert_ptr_nonnull(at);
	return atoi(at + strlen("\nThreads:"));
}

/* Wait (10 s at most) for the scan's helper to end its part, leaving
 * the threads there were before (a sanitizer has one of its own): without
 * opening a file, which the fd limit may not allow. */
static void
wait_helper_done(int status_fd, int before)
{
	int i;

	for (i = 0; i < 1000 && own_threads(status_fd) > before; i++)
		usleep(10000);
	ck_assert_int_eq(own_threads(status_fd), before);
}

static int
open_status(void)
{
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return fd;
}

/* A scan run ahead keeps every link until it is told what is wanted,
 * then gives the lowest owner of each wanted inode, as fdscan_run does;
 * one that is cancelled just ends. */
START_TEST(fdscan_ahead_is_told_what_is_wanted_late)
{
	struct fake_proc fp;
	uint64_t wanted[] = {500, 620};
	struct fdscan_result res;
	struct fdscan_ahead *a;
	struct owners *ow;
	const struct owner *o;
	int procfd, threads, status_fd = open_status();
	size_t i, n500 = 0;

	fake_world(&fp);
	procfd = open(fp.root, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(procfd, 0);

	/* told at once: the helper may not have listed yet */
	a = fdscan_ahead_begin(procfd, NULL, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(fdscan_ahead_end(a, NULL, 0, &res), 0);
	ck_assert_uint_eq(res.len, 40 * 30);
	ck_assert_uint_eq(res.processes, 40);
	free(res.ents);

	/* told once the helper has read everything, keeping every link */
	threads = own_threads(status_fd);
	a = fdscan_ahead_begin(procfd, NULL, 0);
	ck_assert_ptr_nonnull(a);
	wait_helper_done(status_fd, threads);
	ck_assert_int_eq(fdscan_ahead_end(a, wanted, 2, &res), 0);
	ck_assert_uint_eq(res.hidden, 0);
	for (i = 0; i < res.len; i++)
		if (res.ents[i].inode == 500) {
			n500++;
			ck_assert_int_ge(res.ents[i].pid, 100);
		}
	ck_assert_uint_eq(n500, 40);
	free(res.ents);

	a = fdscan_ahead_begin(procfd, NULL, 0);
	ck_assert_ptr_nonnull(a);
	fdscan_ahead_cancel(a);
	close(procfd);

	/* through the owners step: the scan read ahead is the one taken */
	ow = owners_new(fp.root);
	owners_read_ahead(ow);
	wait_helper_done(status_fd, threads);
	ck_assert_int_eq(owners_scan_all(ow, wanted, 2), 0);
	ck_assert_uint_ge(owners_find(ow, 500, &o), 1);
	ck_assert_int_eq(o[0].pid, 100);
	ck_assert_uint_ge(owners_find(ow, 620, &o), 1);
	ck_assert_int_eq(o[0].pid, 120);
	ck_assert_uint_eq(owners_stats(ow).processes, 40);
	/* a round drops a scan read ahead that none took */
	owners_read_ahead(ow);
	owners_begin_round(ow);
	owners_free(ow);
	close(status_fd);
	fake_fini(&fp);
}
END_TEST

/* the fd that leaves the scan none to open; atomic, as the helper opens
 * it and the test closes it */
static atomic_int busy_fd = -1;

/* A count that, once the helper has listed the processes, takes the
 * last fd the limit allows, as the dump's socket does beside it. */
static uint32_t
count_taking_last_fd(int procfd, int32_t pid, void *ctx)
{
	(void)procfd;
	(void)pid;
	(void)ctx;
	if (atomic_load(&busy_fd) < 0)
		atomic_store(&busy_fd, open("/dev/null", O_RDONLY));
	return 0;
}

/* A process whose fd directory could not be opened for want of an fd
 * (another thread, or the dump, held the last one) is read again once
 * the threads are done, not counted as hidden. */
START_TEST(fdscan_reads_again_what_ran_out_of_fds)
{
	struct fake_proc fp;
	struct fdscan_plan plan = {.count = count_taking_last_fd};
	struct fdscan_result res;
	struct fdscan_ahead *a;
	struct rlimit old, low;
	int procfd, lowest, threads, status_fd = open_status();

	fake_world(&fp);
	procfd = open(fp.root, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(procfd, 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	lowest = dup(0);
	ck_assert_int_ge(lowest, 0);
	close(lowest);
	/* one fd free: the helper's listing, then busy_fd */
	low = old;
	low.rlim_cur = (rlim_t)lowest + 1;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);

	threads = own_threads(status_fd);
	a = fdscan_ahead_begin(procfd, &plan, 0);
	ck_assert_ptr_nonnull(a);
	wait_helper_done(status_fd, threads);
	ck_assert_int_eq(atomic_load(&busy_fd), lowest);
	close(atomic_load(&busy_fd));
	ck_assert_int_eq(fdscan_ahead_end(a, NULL, 0, &res), 0);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_uint_eq(res.hidden, 0);
	ck_assert_uint_eq(res.processes, 40);
	ck_assert_uint_eq(res.len, 40 * 30);
	free(res.ents);
	close(procfd);
	close(status_fd);
	fake_fini(&fp);
}
END_TEST

static Suite *
owners_suite(void)
{
	Suite *s = suite_create("owners");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parses_socket_links);
	tcase_add_test(tc, rejects_other_links);
	tcase_add_test(tc, maps_inodes_to_every_owner);
	tcase_add_test(tc, escapes_program_names);
	tcase_add_test(tc, stops_once_wanted_sockets_are_found);
	tcase_add_test(tc, grows_to_many_entries);
	tcase_add_test(tc, parses_stat_lines);
	tcase_add_test(tc, caches_names_by_pid_and_start_time);
	tcase_add_test(tc, counts_failures_besides_exits);
	tcase_add_test(tc, fdscan_plans_give_the_same_links);
	tcase_add_test(tc, fdscan_threads_keep_the_lowest_pid);
	tcase_add_test(tc, fdscan_ahead_is_told_what_is_wanted_late);
	tcase_add_test(tc, fdscan_reads_again_what_ran_out_of_fds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(owners_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
