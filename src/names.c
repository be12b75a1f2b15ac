/* SPDX-License-Identifier: MIT */
#include "names.h"

#include <netdb.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hashtab.h"
#include "sock.h"
#include "strpool.h"
#include "vec.h"
#include "xalloc.h"

/* key: 16 address bytes, or the uid in the first 4; kind tells which */
enum { NAMES_USER = 1, NAMES_HOST = 2 };

struct name_entry {
	uint8_t kind;
	uint8_t key[16];
	const char *name; /* in pool */
};

struct names {
	bool offline; /* users only as preset, else by number */
	struct name_entry *ents;
	size_t len, cap;
	struct hashtab index; /* (kind, key) -> ents */
	struct strpool pool;
};

struct names *
names_new(void)
{
	struct names *nm = xcalloc(1, sizeof(*nm));

	hashtab_init(&nm->index);
	strpool_init(&nm->pool);
	return nm;
}

void
names_free(struct names *nm)
{
	if (nm == NULL)
		return;
	free(nm->ents);
	hashtab_fini(&nm->index);
	strpool_fini(&nm->pool);
	free(nm);
}

/* Find the cached name or insert the one make() writes into buf. */
static const char *
names_get(struct names *nm, uint8_t kind, const uint8_t *key,
    const char *(*make)(const uint8_t *key, const void *arg, char *buf),
    const void *arg)
{
	uint64_t h = hashtab_hash_bytes(key, 16, kind);
	struct hashtab_probe pr;
	struct name_entry *ent;
	char buf[NI_MAXHOST];
	const char *name;
	uint32_t i;

	for (i = hashtab_first(&nm->index, h, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&nm->index, &pr))
		if (nm->ents[i].kind == kind &&
		    memcmp(nm->ents[i].key, key, 16) == 0)
			return nm->ents[i].name;
	name = make(key, arg, buf);
	nm->ents =
	    vec_reserve(nm->ents, &nm->cap, nm->len + 1, sizeof(*nm->ents));
	ent = &nm->ents[nm->len];
	ent->kind = kind;
	memcpy(ent->key, key, 16);
	ent->name = strpool_add(&nm->pool, name, strlen(name));
	hashtab_add(&nm->index, h, (uint32_t)nm->len++);
	return ent->name;
}

/* The user's name: pw_name (borrowed from getpwuid), or its number in
 * buf. */
static const char *
make_user(const uint8_t *key, const void *arg, char *buf)
{
	struct passwd *pw;
	uint32_t uid;

	memcpy(&uid, key, sizeof(uid));
	pw = *(const bool *)arg ? NULL : getpwuid((uid_t)uid);
	if (pw != NULL)
		return pw->pw_name;
	sock_fmt_u64(buf, uid);
	return buf;
}

/* The host's name or numeric text in buf (NI_MAXHOST bytes), or a
 * constant. */
static const char *
make_host(const uint8_t *key, const void *arg, char *buf)
{
	const uint8_t *family = arg;
	struct in6_addr addr;
	struct sockaddr_storage ss;
	socklen_t len;

	memcpy(&addr, key, 16);
	memset(&ss, 0, sizeof(ss));
	if (IN6_IS_ADDR_V4MAPPED(&addr)) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, &addr.s6_addr[12], 4);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = addr;
		len = sizeof(*sin6);
	}
	/* netstat writes the unspecified addresses this way when naming */
	if (sock_addr_is_any(&addr))
		return *family == AF_INET6 ? "[::]" : "0.0.0.0";
	if (getnameinfo((struct sockaddr *)&ss, len, buf, NI_MAXHOST, NULL, 0,
		NI_NAMEREQD) != 0)
		sock_addr_format(&addr, buf);
	return buf;
}

const char *
names_user(struct names *nm, uint32_t uid)
{
	uint8_t key[16] = {0};

	memcpy(key, &uid, sizeof(uid));
	return names_get(nm, NAMES_USER, key, make_user, &nm->offline);
}

/* make() for a name given as it is: arg points to it, NUL-terminated. */
static const char *
given_name(const uint8_t *key, const void *arg, char *buf)
{
	(void)key;
	(void)buf;
	return arg;
}

void
names_preset_user(struct names *nm, uint32_t uid, const char *name, size_t len)
{
	uint8_t key[16] = {0};
	char *copy = xcalloc(len + 1, 1);

	memcpy(copy, name, len);
	memcpy(key, &uid, sizeof(uid));
	nm->offline = true;
	names_get(nm, NAMES_USER, key, given_name, copy);
	free(copy);
}

void
names_set_offline(struct names *nm)
{
	nm->offline = true;
}

void
names_each_user(const struct names *nm, names_user_fn fn, void *ctx)
{
	size_t i;
	uint32_t uid;

	for (i = 0; i < nm->len; i++)
		if (nm->ents[i].kind == NAMES_USER) {
			memcpy(&uid, nm->ents[i].key, sizeof(uid));
			fn(ctx, uid, nm->ents[i].name);
		}
}

const char *
names_host(struct names *nm, uint8_t family, const struct in6_addr *addr)
{
	/* "::" and "0.0.0.0" read differently, so the family is in the key */
	uint8_t kind = (uint8_t)(NAMES_HOST + (family == AF_INET6));

	return names_get(nm, kind, addr->s6_addr, make_host, &family);
}
