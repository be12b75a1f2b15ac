/* SPDX-License-Identifier: MIT */
#include "owners.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "inodeidx.h"
#include "procname.h"
#include "sock.h"
#include "vec.h"
#include "xalloc.h"

/* A scan run ahead holds a descriptor or two (the proc root, a process's
 * fd directory or comm) while the dump opens its own (a netlink socket,
 * /proc/net files): where fewer than this many are left under the limit
 * (ulimit -n), the dump could be refused one, and the scan waits for it. */
#define OWNERS_AHEAD_SPARE_FDS 16
/* Capabilities newer than some C libraries' headers (Linux 5.8). */
#define OWNERS_CAP_PERFMON 38
#define OWNERS_CAP_BPF 39
/* The initial pid namespace's inode number (the kernel's
 * PROC_PID_INIT_INO), as /proc/self/ns/pid shows it. */
#define OWNERS_INIT_PID_NS_INO 0xEFFFFFFCu

struct owners {
	char *proc_root;
	const struct fdscan_plan *plan; /* NULL: fdscan's defaults */
	struct owner *ents;		/* every scan's links */
	size_t len, cap;
	struct inodeidx index; /* over ents, rebuilt after each scan */
	struct procname *names;
	struct owners_stats stats;
	/* owners_read_ahead's scan, and the proc root it holds open; NULL:
	 * none pending */
	struct fdscan_ahead *ahead;
	int ahead_procfd;
	bool taskfiles; /* the task_file iterator may stand for the walk */
};

/* End a scan run ahead that no owners_scan_all took, and drop it. */
static void
drop_read_ahead(struct owners *ow)
{
	if (ow->ahead == NULL)
		return;
	fdscan_ahead_cancel(ow->ahead);
	close(ow->ahead_procfd);
	ow->ahead = NULL;
}

/* Whether this process may load a tracing BPF program: CAP_BPF and
 * CAP_PERFMON, or CAP_SYS_ADMIN, in its effective set. */
static bool
may_trace(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct caps[2];
	uint64_t eff;

	if (syscall(SYS_capget, &hdr, caps) < 0)
		return false;
	eff = (uint64_t)caps[1].effective << 32 | caps[0].effective;
	return (eff >> CAP_SYS_ADMIN & 1) ||
	       ((eff >> OWNERS_CAP_BPF & 1) && (eff >> OWNERS_CAP_PERFMON & 1));
}

const char *
owners_taskfiles_refusal(const char *proc_root)
{
	const char *how = getenv("SOCKVIEW_OWNERS");
	char self[32], want[32];
	struct stat sb;
	ssize_t n;

	if (how != NULL && strcmp(how, "proc") == 0)
		return "SOCKVIEW_OWNERS=proc";
	if (strcmp(proc_root, "/proc") != 0)
		return "the proc root is not /proc";
	/* the kernel would refuse the program: its BTF (2 ms) is not read */
	if (!may_trace())
		return "no CAP_BPF and CAP_PERFMON";
	/* the iterator numbers processes as the initial pid namespace does,
	 * and /proc must number them the same */
	n = readlink("/proc/self", self, sizeof(self) - 1);
	if (stat("/proc/self/ns/pid", &sb) < 0 ||
	    sb.st_ino != OWNERS_INIT_PID_NS_INO || n <= 0)
		return "not the initial pid namespace";
	self[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	if (strcmp(self, want) != 0)
		return "/proc is another pid namespace's";
	return NULL;
}

struct owners *
owners_new(const char *proc_root)
{
	struct owners *ow = xcalloc(1, sizeof(*ow));

	ow->proc_root = xstrdup(proc_root);
	ow->taskfiles = owners_taskfiles_refusal(proc_root) == NULL;
	inodeidx_init(&ow->index);
	ow->names = procname_new(proc_root);
	return ow;
}

void
owners_free(struct owners *ow)
{
	if (ow == NULL)
		return;
	drop_read_ahead(ow);
	free(ow->proc_root);
	free(ow->ents);
	inodeidx_fini(&ow->index);
	procname_free(ow->names);
	free(ow);
}

void
owners_set_plan(struct owners *ow, const struct fdscan_plan *plan)
{
	ow->plan = plan;
}

/* Take the links, names and counts of a scan (its arrays are freed),
 * and index them: the scan is the only writer, so what follows only
 * reads. */
static void
owners_add_scan(struct owners *ow, struct fdscan_result *res)
{
	size_t i;

	if (ow->len == 0 && res->len > 0) {
		/* the usual case, one scan: take its array as it is */
		free(ow->ents);
		ow->ents = res->ents;
		ow->len = ow->cap = res->len;
		res->ents = NULL;
	} else if (res->len > 0) {
		ow->ents = vec_reserve(ow->ents, &ow->cap, ow->len + res->len,
		    sizeof(*ow->ents));
		memcpy(ow->ents + ow->len, res->ents,
		    res->len * sizeof(*res->ents));
		ow->len += res->len;
	}
	free(res->ents);
	for (i = 0; i < res->nnames; i++)
		procname_supply(ow->names, res->names[i].pid,
		    res->names[i].comm, res->names[i].len);
	free(res->names);
	ow->stats.processes += res->processes;
	ow->stats.hidden += res->hidden;
	ow->stats.denied += res->denied;
	if (ow->stats.error == 0)
		ow->stats.error = res->error;
	ow->stats.sockets += res->sockets;
	inodeidx_build(&ow->index, ow->ents, ow->len);
}

/* Read the owners' names on the scan's threads, where they are to be
 * read at all; through the task_file iterator where it may be. */
static unsigned
scan_flags(const struct owners *ow)
{
	return (procname_takes_names(ow->names) ? FDSCAN_NAMES : 0) |
	       (ow->taskfiles ? FDSCAN_BPF : 0);
}

int
owners_scan_all(struct owners *ow, const uint64_t *wanted, size_t n)
{
	struct fdscan_result res;
	int32_t *pids = NULL;
	size_t npids = 0;
	int procfd, err;

	if (ow->ahead != NULL) {
		err = fdscan_ahead_end(ow->ahead, wanted, n, &res);
		ow->ahead = NULL;
		close(ow->ahead_procfd);
		if (err == 0) {
			owners_add_scan(ow, &res);
			return 0;
		}
		/* it listed beside the dump, one socket short of the fds
		 * this one has now (ulimit -n): again, alone */
	}
	procfd = open(ow->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	if ((err = fdscan_list_pids(procfd, &pids, &npids)) < 0) {
		close(procfd);
		return err;
	}
	/* in ascending pid order, the first owner found for each wanted
	 * socket is its lowest pid: the walk stops once all have one, and
	 * keeps only theirs */
	fdscan_run(procfd, pids, npids, wanted, n, ow->plan, scan_flags(ow),
	    &res);
	owners_add_scan(ow, &res);
	free(pids);
	close(procfd);
	return 0;
}

/* Whether fd, the lowest free descriptor just taken, leaves enough of
 * them under the limit for the dump beside a scan run ahead. */
static bool
leaves_fds_to_spare(int fd)
{
	struct rlimit lim;

	return getrlimit(RLIMIT_NOFILE, &lim) == 0 &&
	       (lim.rlim_cur == RLIM_INFINITY ||
		   (rlim_t)fd + OWNERS_AHEAD_SPARE_FDS < lim.rlim_cur);
}

void
owners_read_ahead(struct owners *ow)
{
	if (ow->ahead != NULL)
		return;
	ow->ahead_procfd =
	    open(ow->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ow->ahead_procfd < 0)
		return; /* the scan will say why */
	if (leaves_fds_to_spare(ow->ahead_procfd))
		ow->ahead = fdscan_ahead_begin(ow->ahead_procfd, ow->plan,
		    scan_flags(ow));
	if (ow->ahead == NULL)
		close(ow->ahead_procfd);
}

int
owners_scan_pid(struct owners *ow, pid_t pid)
{
	struct fdscan_result res;
	int procfd, err;

	procfd = open(ow->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	memset(&res, 0, sizeof(res));
	err = fdscan_pid(procfd, pid, &res);
	owners_add_scan(ow, &res);
	close(procfd);
	return err;
}

struct owners_job {
	struct owners *ow;
	struct fdscan_job *job;
};

struct owners_job *
owners_scan_pids_begin(struct owners *ow, const pid_t *pids, size_t n)
{
	struct owners_job *oj = xcalloc(1, sizeof(*oj));

	oj->ow = ow;
	oj->job = fdscan_job_begin(ow->proc_root, pids, n);
	return oj;
}

int
owners_scan_pids_end(struct owners_job *oj, pid_t *failed)
{
	struct fdscan_result res;
	int err = fdscan_job_end(oj->job, &res, failed);

	owners_add_scan(oj->ow, &res);
	free(oj);
	return err;
}

/* Load pid's name; count it when it could not be read (once a round). */
static void
resolve_pid(struct owners *ow, int32_t pid)
{
	bool fresh;
	int err = procname_load(ow->names, pid, &fresh);

	if (!fresh || err == 0 || err == -ENOENT)
		return;
	/* like a process whose fds could not be read: its sockets
	 * cannot be told */
	ow->stats.hidden++;
	if (err == -EACCES || err == -EPERM)
		ow->stats.denied++;
	else if (ow->stats.error == 0)
		ow->stats.error = -err;
}

void
owners_resolve(struct owners *ow, uint64_t inode)
{
	const struct owner *o;
	size_t n = inodeidx_find(&ow->index, inode, &o), i;

	for (i = 0; i < n; i++)
		resolve_pid(ow, o[i].pid);
}

void
owners_resolve_all(struct owners *ow)
{
	size_t i;

	for (i = 0; i < ow->len; i++)
		resolve_pid(ow, ow->ents[i].pid);
}

size_t
owners_find(const struct owners *ow, uint64_t inode, const struct owner **out)
{
	return inodeidx_find(&ow->index, inode, out);
}

const char *
owners_comm(const struct owners *ow, int32_t pid)
{
	return procname_get(ow->names, pid, false);
}

const char *
owners_comm_raw(const struct owners *ow, int32_t pid)
{
	return procname_get(ow->names, pid, true);
}

enum owners_status
owners_status(const struct owners *ow, uint64_t inode)
{
	const struct owner *o;
	size_t n = owners_find(ow, inode, &o), i;
	bool unreadable = false;

	if (n > 0) {
		for (i = 0; i < n; i++) {
			if (owners_comm(ow, o[i].pid) != NULL)
				return OWNERS_FOUND;
			if (procname_unreadable(ow->names, o[i].pid))
				unreadable = true;
		}
		return unreadable ? OWNERS_HIDDEN : OWNERS_GONE;
	}
	if (inode != 0 && ow->stats.hidden > 0)
		return OWNERS_HIDDEN;
	return OWNERS_NONE;
}

/* "PID/comm" into buf (size bytes, NUL-terminated, cut short rather
 * than overflow); returns the length. By hand: it is written once for
 * every row of -p. */
static size_t
label(int32_t pid, const char *comm, char *buf, size_t size)
{
	char num[21];
	size_t k = sock_fmt_u64(num, (uint64_t)(uint32_t)pid);
	size_t c = strlen(comm), len = 0;

	if (size == 0)
		return 0;
	if (k > size - 1)
		k = size - 1;
	memcpy(buf, num, k);
	len = k;
	if (len < size - 1)
		buf[len++] = '/';
	if (c > size - 1 - len)
		c = size - 1 - len;
	memcpy(buf + len, comm, c);
	len += c;
	buf[len] = '\0';
	return len;
}

size_t
owners_label(const struct owners *ow, uint64_t inode, char *buf, size_t size)
{
	const struct owner *o;
	size_t n, i;

	if (ow != NULL) {
		n = owners_find(ow, inode, &o);
		/* the lowest pid that still exists, as netstat shows one */
		for (i = 0; i < n; i++) {
			const char *comm = owners_comm(ow, o[i].pid);

			if (comm != NULL)
				return label(o[i].pid, comm, buf, size);
		}
	}
	snprintf(buf, size, "-");
	return 1;
}

void
owners_begin_round(struct owners *ow)
{
	drop_read_ahead(ow); /* a round's processes are listed anew */
	procname_begin_round(ow->names);
	ow->len = 0; /* the fd scan is redone: keep its array */
	inodeidx_build(&ow->index, ow->ents, 0);
	memset(&ow->stats, 0, sizeof(ow->stats));
}

struct owners_stats
owners_stats(const struct owners *ow)
{
	return ow->stats;
}

void
owners_add_recorded(struct owners *ow, const struct owner *ents, size_t n,
    const struct owners_stats *stats)
{
	struct fdscan_result res;

	memset(&res, 0, sizeof(res));
	res.ents = xcalloc(n ? n : 1, sizeof(*res.ents));
	memcpy(res.ents, ents, n * sizeof(*ents));
	res.len = n;
	res.processes = stats->processes;
	res.hidden = stats->hidden;
	res.denied = stats->denied;
	res.error = stats->error;
	res.sockets = n;
	procname_set_offline(ow->names);
	owners_add_scan(ow, &res);
}

void
owners_preset_name(struct owners *ow, int32_t pid, const char *raw, size_t n)
{
	procname_preset(ow->names, pid, raw, n);
}

const struct owner *
owners_links(const struct owners *ow, size_t *n)
{
	*n = ow->len;
	return ow->ents;
}
