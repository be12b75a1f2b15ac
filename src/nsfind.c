/* SPDX-License-Identifier: MIT */
#include "nsfind.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "fdscan.h"
#include "nstable.h"
#include "xalloc.h"

/* The initial network namespace's inode, fixed by the kernel since
 * Linux 3.8 (PROC_NET_INIT_INO): the host's when pid 1's link cannot be
 * read (a sandbox's init hides it, even from root). */
#define NSFIND_INIT_NET_INODE 0xEFFFFFF9u

/* The nsfs device: every namespace file has it, and nothing else. */
static int
nsfs_device(const char *proc_root, dev_t *dev)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/self/ns/net", proc_root);
	if (stat(path, &st) < 0)
		return -errno;
	*dev = st.st_dev;
	return 0;
}

static void
find_processes(struct nstable *t, const char *proc_root, dev_t nsfs,
    struct nsfind_result *res, const int32_t *pids, size_t n)
{
	char path[4096];
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%d/ns/net", proc_root,
		    (int)pids[i]);
		if (stat(path, &st) < 0) {
			/* gone since the listing: it held nothing */
			if (errno != ENOENT && errno != ESRCH)
				res->unreadable++;
			if (pids[i] == 1)
				res->pid1_unreadable = true;
			continue;
		}
		if (st.st_dev != nsfs)
			continue;
		res->processes++;
		nstable_add_pid(t, (uint64_t)st.st_ino, pids[i], path);
	}
}

/* A bound namespace file's name: what it says, bounded. */
static bool
name_fits(const char *name)
{
	return name[0] != '.' && strlen(name) < 256;
}

/* The nsfs files of dir (run_root/netns, run_root/docker/netns): each
 * entry's name as ip netns gives it (ipnetns) or its path as Docker's
 * SandboxKey (sandbox). */
static void
find_bound(struct nstable *t, const char *dir_path, dev_t nsfs, bool ipnetns)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	DIR *dir = opendir(dir_path);

	if (dir == NULL)
		return; /* none made here: not an error */
	while ((de = readdir(dir)) != NULL) {
		struct nstable_entry *e;

		if (!name_fits(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir_path, de->d_name);
		if (stat(path, &st) < 0 || st.st_dev != nsfs)
			continue;
		e = nstable_add(t, (uint64_t)st.st_ino);
		if (ipnetns) {
			/* two names for one namespace: the first in order,
			 * whatever order the directory lists them in */
			if (e->ipnetns != NULL &&
			    strcmp(e->ipnetns, de->d_name) <= 0)
				continue;
			free(e->ipnetns);
			e->ipnetns = xstrdup(de->d_name);
		} else {
			if (e->sandbox != NULL && strcmp(e->sandbox, path) <= 0)
				continue;
			free(e->sandbox);
			e->sandbox = xstrdup(path);
		}
		/* a bound file outlives the processes inside: open it */
		free(e->path);
		e->path = xstrdup(path);
	}
	closedir(dir);
}

int
nsfind_all(struct nstable *t, const char *proc_root, const char *run_root,
    struct nsfind_result *res)
{
	char path[4096];
	int32_t *pids = NULL;
	size_t n = 0;
	dev_t nsfs = 0;
	int procfd, err;

	memset(res, 0, sizeof(*res));
	if ((err = nsfs_device(proc_root, &nsfs)) < 0)
		return err;
	procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	err = fdscan_list_pids(procfd, &pids, &n);
	close(procfd);
	if (err < 0)
		return err;
	find_processes(t, proc_root, nsfs, res, pids, n);
	free(pids);
	if (res->pid1_unreadable)
		for (size_t i = 0; i < t->len; i++)
			if (t->v[i].inode == NSFIND_INIT_NET_INODE)
				t->v[i].host = true;
	snprintf(path, sizeof(path), "%s/netns", run_root);
	find_bound(t, path, nsfs, true);
	snprintf(path, sizeof(path), "%s/docker/netns", run_root);
	find_bound(t, path, nsfs, false);
	return 0;
}

void
nsfind_containers(struct nstable *t, struct containers *c,
    const char *proc_root)
{
	char cgroup[CGROUP_PATH_MAX], label[512];
	struct container ct;
	size_t i;

	for (i = 0; i < t->len; i++) {
		struct nstable_entry *e = &t->v[i];
		bool found = false;

		/* a name that comes first needs no container */
		if (e->host || e->ipnetns != NULL || e->container != NULL)
			continue;
		if (e->sandbox != NULL)
			found = containers_of_sandbox(c, e->sandbox, &ct);
		if (!found && e->pid > 0 &&
		    cgroup_of_pid_at(proc_root, e->pid, cgroup,
			sizeof(cgroup)) == 0)
			found = containers_of_cgroup(c, cgroup, &ct);
		if (!found)
			continue;
		container_netns_label(&ct, label, sizeof(label));
		e->container = xstrdup(label);
	}
}
