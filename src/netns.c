/* SPDX-License-Identifier: MIT */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NETNS_RUN_DIR "/run/netns"

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int
netns_path(const char *spec, char *buf, unsigned size)
{
	int n;

	/* "", ".", ".." and names starting with '.' would point elsewhere
	 * under /run */
	if (*spec == '\0' || (strchr(spec, '/') == NULL && spec[0] == '.'))
		return -EINVAL;
	if (strchr(spec, '/') != NULL)
		n = snprintf(buf, size, "%s", spec);
	else if (all_digits(spec))
		n = snprintf(buf, size, "/proc/%s/ns/net", spec);
	else
		n = snprintf(buf, size, NETNS_RUN_DIR "/%s", spec);
	if (n < 0 || (unsigned)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

int
netns_enter(const char *spec, bool *opened)
{
	char path[4096];
	struct stat st;
	int fd, err;

	*opened = false;
	if ((err = netns_path(spec, path, sizeof(path))) < 0)
		return err;
	/* O_NONBLOCK: a FIFO opens at once, to be refused, instead of
	 * waiting for a writer; a namespace file is a regular file */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	*opened = true;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	else
		err = setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
	close(fd);
	return err;
}

/* What a thread inside another namespace gets and gives back. */
struct netns_job {
	int nsfd;
	netns_fn fn;
	void *ctx;
	int entered; /* 0, or -errno of setns */
	int result;
};

static void *
netns_thread(void *data)
{
	struct netns_job *job = data;

	if (setns(job->nsfd, CLONE_NEWNET) < 0) {
		job->entered = -errno;
		return NULL;
	}
	job->result = job->fn(job->ctx);
	return NULL;
}

int
netns_run_in(int nsfd, netns_fn fn, void *ctx, int *result)
{
	struct netns_job job = {.nsfd = nsfd, .fn = fn, .ctx = ctx};
	pthread_t tid;
	int err;

	/* a thread per namespace costs tens of microseconds, less than a
	 * fork, and needs no copy of the rows back: the caller waits */
	if ((err = pthread_create(&tid, NULL, netns_thread, &job)) != 0)
		return -err;
	pthread_join(tid, NULL);
	*result = job.result;
	return job.entered;
}

uint64_t
netns_self_inode(void)
{
	struct stat st;

	/* /proc/thread-self: the calling thread's, which may have entered
	 * one */
	if (stat("/proc/thread-self/ns/net", &st) < 0 &&
	    stat("/proc/self/ns/net", &st) < 0)
		return 0;
	return (uint64_t)st.st_ino;
}
