/* SPDX-License-Identifier: MIT */
#include "units.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "cgroupids.h"
#include "hashtab.h"
#include "owners.h"
#include "strpool.h"
#include "unitname.h"
#include "vec.h"
#include "xalloc.h"

/* A cgroup id or a pid, and the cgroup it leads to (NOT_KNOWN: none). */
struct units_key {
	uint64_t key;
	uint32_t ent;
	uint32_t round; /* by inode: the round that placed the socket */
};

#define NOT_KNOWN UINT32_MAX

struct units {
	const char *proc_root;
	bool socket_ids; /* the records' cgroup ids are this machine's */
	bool may_reload; /* an id not found walks the hierarchy again */
	uint32_t round;
	uint64_t last_id; /* the id placed last: the next row's, often */
	struct containers *ct;
	bool own_ct;
	struct cgroupids *ids;
	struct units_info *ents; /* one per cgroup path */
	size_t len, cap;
	struct hashtab by_path;
	struct {
		struct units_key *v;
		size_t len, cap;
		struct hashtab ht;
	} by_id, by_pid, by_inode;
	struct strpool pool;
};

static const struct units_info nothing;

struct units *
units_new(const char *proc_root, struct containers *ct, bool socket_ids)
{
	struct units *u = xcalloc(1, sizeof(*u));

	u->proc_root = proc_root;
	u->socket_ids = socket_ids;
	u->ct = ct;
	hashtab_init(&u->by_path);
	hashtab_init(&u->by_id.ht);
	hashtab_init(&u->by_pid.ht);
	hashtab_init(&u->by_inode.ht);
	strpool_init(&u->pool);
	return u;
}

void
units_free(struct units *u)
{
	if (u == NULL)
		return;
	if (u->own_ct)
		containers_free(u->ct);
	cgroupids_free(u->ids);
	hashtab_fini(&u->by_path);
	hashtab_fini(&u->by_id.ht);
	hashtab_fini(&u->by_pid.ht);
	hashtab_fini(&u->by_inode.ht);
	free(u->by_id.v);
	free(u->by_pid.v);
	free(u->by_inode.v);
	free(u->ents);
	strpool_fini(&u->pool);
	free(u);
}

void
units_begin_round(struct units *u, bool keep_sockets)
{
	/* processes move between cgroups, and an inode may be reused: each
	 * process's cgroup is read again, each socket placed again (a kept
	 * socket's entry is replaced when it is) */
	u->by_pid.len = 0;
	hashtab_clear(&u->by_pid.ht);
	if (!keep_sockets) {
		u->by_inode.len = 0;
		hashtab_clear(&u->by_inode.ht);
	}
	u->may_reload = u->ids != NULL;
	u->round++;
	u->last_id = 0;
}

size_t
units_malformed(const struct units *u, const char **first)
{
	if (u->ct == NULL) {
		if (first != NULL)
			*first = NULL;
		return 0;
	}
	return containers_malformed(u->ct, first);
}

/* The entry of the cgroup path, made on first sight. */
static uint32_t
ent_of_path(struct units *u, const char *path)
{
	uint64_t h = hashtab_hash_bytes(path, strlen(path), 0);
	struct hashtab_probe pr;
	struct units_info *e;
	char label[3 * CTRMETA_NAME_MAX + 16], sd[CTRMETA_NAME_MAX];
	uint32_t i;

	for (i = hashtab_first(&u->by_path, h, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&u->by_path, &pr))
		if (strcmp(u->ents[i].cgroup, path) == 0)
			return i;
	if (u->ct == NULL) {
		u->ct = containers_new();
		u->own_ct = true;
	}
	u->ents = vec_reserve(u->ents, &u->cap, u->len + 1, sizeof(*u->ents));
	e = &u->ents[u->len];
	memset(e, 0, sizeof(*e));
	e->cgroup = strpool_add(&u->pool, path, strlen(path));
	if (unitname_of_cgroup(path, sd, sizeof(sd)))
		e->systemd_unit = strpool_add(&u->pool, sd, strlen(sd));
	e->unit = e->systemd_unit;
	if ((e->in_container = containers_of_cgroup(u->ct, path, &e->ct))) {
		container_unit_label(&e->ct, label, sizeof(label));
		e->unit = strpool_add(&u->pool, label, strlen(label));
	}
	hashtab_add(&u->by_path, h, (uint32_t)u->len);
	return (uint32_t)u->len++;
}

static struct units_key *
key_find(const struct hashtab *ht, struct units_key *v, uint64_t key)
{
	struct hashtab_probe pr;
	uint32_t i;

	for (i = hashtab_first(ht, hashtab_hash_u64(key), &pr);
	     i != HASHTAB_NONE; i = hashtab_next(ht, &pr))
		if (v[i].key == key)
			return &v[i];
	return NULL;
}

static void
key_add(struct hashtab *ht, struct units_key **v, size_t *len, size_t *cap,
    uint64_t key, uint32_t ent)
{
	*v = vec_reserve(*v, cap, *len + 1, sizeof(**v));
	(*v)[*len].key = key;
	(*v)[*len].ent = ent;
	(*v)[*len].round = 0;
	hashtab_add(ht, hashtab_hash_u64(key), (uint32_t)*len);
	(*len)++;
}

/* The entry of the cgroup whose id is id, from the hierarchy. */
static uint32_t
ent_of_id(struct units *u, uint64_t id)
{
	const char *path;

	if (u->ids == NULL) {
		u->ids = cgroupids_new(NULL);
		cgroupids_load(u->ids);
	}
	path = cgroupids_path(u->ids, id);
	if (path == NULL && u->may_reload) {
		/* a cgroup made since the walk (a container started during
		 * -c): walk again, at most once a round */
		u->may_reload = false;
		cgroupids_free(u->ids);
		u->ids = cgroupids_new(NULL);
		cgroupids_load(u->ids);
		path = cgroupids_path(u->ids, id);
	}
	return path != NULL ? ent_of_path(u, path) : NOT_KNOWN;
}

/* The entry of pid's cgroup, its /proc/PID/cgroup read once. */
static uint32_t
ent_of_pid(struct units *u, int32_t pid)
{
	const struct units_key *k =
	    key_find(&u->by_pid.ht, u->by_pid.v, (uint64_t)pid);
	uint32_t e = NOT_KNOWN;
	char *path;

	if (k != NULL)
		return k->ent;
	path = xcalloc(CGROUP_PATH_MAX, 1);
	if (cgroup_of_pid_at(u->proc_root, pid, path, CGROUP_PATH_MAX) == 0)
		e = ent_of_path(u, path);
	free(path);
	key_add(&u->by_pid.ht, &u->by_pid.v, &u->by_pid.len, &u->by_pid.cap,
	    (uint64_t)pid, e);
	return e;
}

void
units_resolve(struct units *u, uint64_t cgroup_id, uint64_t inode,
    const struct owners *ow)
{
	const struct owner *o;
	struct units_key *k;
	uint32_t e = NOT_KNOWN;

	if (!u->socket_ids)
		cgroup_id = 0;
	/* placed already this round: nothing more can be learnt of it */
	if (cgroup_id != 0 && cgroup_id == u->last_id)
		return;
	if (cgroup_id != 0) {
		u->last_id = cgroup_id;
		/* an id is a cgroup's for its whole life */
		k = key_find(&u->by_id.ht, u->by_id.v, cgroup_id);
		if (k == NULL)
			key_add(&u->by_id.ht, &u->by_id.v, &u->by_id.len,
			    &u->by_id.cap, cgroup_id, ent_of_id(u, cgroup_id));
		else if (k->ent == NOT_KNOWN && u->may_reload)
			k->ent = ent_of_id(u, cgroup_id);
		return;
	}
	if (inode == 0)
		return;
	k = key_find(&u->by_inode.ht, u->by_inode.v, inode);
	if (k != NULL && k->round == u->round)
		return;
	/* the lowest pid that holds it: the one -p shows */
	if (ow != NULL && owners_find(ow, inode, &o) > 0)
		e = ent_of_pid(u, o[0].pid);
	if (k != NULL) {
		k->ent = e;
		k->round = u->round;
	} else {
		key_add(&u->by_inode.ht, &u->by_inode.v, &u->by_inode.len,
		    &u->by_inode.cap, inode, e);
		u->by_inode.v[u->by_inode.len - 1].round = u->round;
	}
}

const struct units_info *
units_find(const struct units *u, uint64_t cgroup_id, uint64_t inode)
{
	const struct units_key *k = NULL;

	if (!u->socket_ids)
		cgroup_id = 0;
	if (cgroup_id != 0)
		k = key_find(&u->by_id.ht, u->by_id.v, cgroup_id);
	else if (inode != 0)
		k = key_find(&u->by_inode.ht, u->by_inode.v, inode);
	return k != NULL && k->ent != NOT_KNOWN ? &u->ents[k->ent] : &nothing;
}

bool
units_match(const struct units_info *info, const char *const *patterns,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((info->unit != NULL &&
			fnmatch(patterns[i], info->unit, 0) == 0) ||
		    (info->systemd_unit != NULL &&
			fnmatch(patterns[i], info->systemd_unit, 0) == 0))
			return true;
	return false;
}

long
units_matching_ids(struct units *u, const char *const *patterns, size_t n,
    uint64_t *ids, size_t max)
{
	size_t i, count, found = 0;
	uint64_t id;
	int err;

	if (u->ids == NULL)
		u->ids = cgroupids_new(NULL);
	if ((err = cgroupids_load(u->ids)) < 0)
		return err;
	count = cgroupids_count(u->ids);
	for (i = 0; i < count; i++) {
		const char *path = cgroupids_at(u->ids, i, &id);
		/* apart: making the entry may move u->ents */
		uint32_t e = ent_of_path(u, path);

		if (!units_match(&u->ents[e], patterns, n))
			continue;
		if (found < max)
			ids[found] = id;
		found++;
	}
	return (long)found;
}
