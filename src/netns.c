/* SPDX-License-Identifier: MIT */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
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
