/* SPDX-License-Identifier: MIT */
#include "nstable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "vec.h"
#include "xalloc.h"

/* Longest name kept: an ip netns name (NAME_MAX bytes) fits, and a
 * container's. */
#define NSTABLE_LABEL_MAX 512

void
nstable_init(struct nstable *t)
{
	memset(t, 0, sizeof(*t));
}

void
nstable_fini(struct nstable *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		free(t->v[i].path);
		free(t->v[i].ipnetns);
		free(t->v[i].sandbox);
		free(t->v[i].container);
		free(t->v[i].recorded);
		free(t->v[i].label);
		free(t->v[i].name);
	}
	free(t->v);
	free(t->by_inode);
	nstable_init(t);
}

struct nstable_entry *
nstable_add(struct nstable *t, uint64_t inode)
{
	size_t i;

	/* processes come in pid order, and neighbours mostly share one
	 * namespace: the last one found first, then a walk (a machine has
	 * tens or hundreds) */
	if (t->hint < t->len && t->v[t->hint].inode == inode)
		return &t->v[t->hint];
	for (i = t->len; i-- > 0;)
		if (t->v[i].inode == inode) {
			t->hint = i;
			return &t->v[i];
		}
	t->v = vec_reserve(t->v, &t->cap, t->len + 1, sizeof(*t->v));
	memset(&t->v[t->len], 0, sizeof(t->v[0]));
	t->v[t->len].inode = inode;
	t->hint = t->len;
	return &t->v[t->len++];
}

void
nstable_add_pid(struct nstable *t, uint64_t inode, int32_t pid,
    const char *path)
{
	struct nstable_entry *e = nstable_add(t, inode);

	if (pid == 1)
		e->host = true;
	if (e->pid != 0 && e->pid <= pid)
		return;
	e->pid = pid;
	free(e->path);
	e->path = xstrdup(path);
}

size_t
nstable_label(const struct nstable_entry *e, char *buf, size_t size)
{
	const char *text = NULL;
	int n;

	if (e->recorded != NULL)
		text = e->recorded;
	else if (e->host)
		text = "host";
	else if (e->ipnetns != NULL)
		text = e->ipnetns;
	else if (e->container != NULL)
		text = e->container;
	if (text != NULL)
		n = snprintf(buf, size, "%s", text);
	else if (e->pid > 0)
		n = snprintf(buf, size, "pid:%d", (int)e->pid);
	else
		n = snprintf(buf, size, "ns:%llu",
		    (unsigned long long)e->inode);
	if (n < 0 || size == 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

/* Where a name's kind sorts: the host, the names, pids, inodes. */
static int
rank(const struct nstable_entry *e)
{
	if (e->recorded != NULL)
		return -1;
	if (e->host)
		return 0;
	if (e->ipnetns != NULL || e->container != NULL)
		return 1;
	return e->pid > 0 ? 2 : 3;
}

static int
listing_cmp(const void *x, const void *y)
{
	const struct nstable_entry *a = x, *b = y;
	int ra = rank(a), rb = rank(b), c;

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == -1 && a->recorded_at != b->recorded_at)
		return a->recorded_at < b->recorded_at ? -1 : 1;
	if (ra == 1 && (c = strcmp(a->name, b->name)) != 0)
		return c;
	if (ra == 2 && a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return a->inode < b->inode ? -1 : a->inode > b->inode;
}

/* qsort has no context: the by-inode index sorts through this copy. */
struct inode_item {
	uint64_t inode;
	size_t index;
};

static int
inode_item_cmp(const void *x, const void *y)
{
	const struct inode_item *a = x, *b = y;

	return a->inode < b->inode ? -1 : a->inode > b->inode;
}

void
nstable_finish(struct nstable *t)
{
	char raw[NSTABLE_LABEL_MAX], buf[ESCAPE_TEXT_SIZE(NSTABLE_LABEL_MAX)];
	struct inode_item *items;
	size_t i, n;

	for (i = 0; i < t->len; i++) {
		n = nstable_label(&t->v[i], raw, sizeof(raw));
		escape_text(raw, n, buf, sizeof(buf));
		free(t->v[i].label);
		free(t->v[i].name);
		t->v[i].label = xstrdup(raw);
		t->v[i].name = xstrdup(buf);
	}
	if (t->len > 1)
		qsort(t->v, t->len, sizeof(*t->v), listing_cmp);
	items = xcalloc(t->len ? t->len : 1, sizeof(*items));
	for (i = 0; i < t->len; i++) {
		items[i].inode = t->v[i].inode;
		items[i].index = i;
	}
	qsort(items, t->len, sizeof(*items), inode_item_cmp);
	free(t->by_inode);
	t->by_inode = xcalloc(t->len ? t->len : 1, sizeof(*t->by_inode));
	for (i = 0; i < t->len; i++)
		t->by_inode[i] = items[i].index;
	free(items);
}

size_t
nstable_index(const struct nstable *t, uint64_t inode)
{
	size_t lo = 0, hi = t->len;

	if (t->by_inode == NULL)
		return t->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t v = t->v[t->by_inode[mid]].inode;

		if (v == inode)
			return t->by_inode[mid];
		if (v < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return t->len;
}

const struct nstable_entry *
nstable_find(const struct nstable *t, uint64_t inode)
{
	size_t i = nstable_index(t, inode);

	return i < t->len ? &t->v[i] : NULL;
}
