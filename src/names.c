#include "names.h"

#include <netdb.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sock.h"
#include "xalloc.h"

/* key: 16 address bytes, or the uid in the first 4; kind tells which */
enum { NAMES_USER = 1, NAMES_HOST = 2 };

struct name_slot {
	uint8_t kind;
	uint8_t key[16];
	char *name;
};

struct names {
	struct name_slot *slots;
	size_t mask, count;
};

struct names *
names_new(void)
{
	struct names *nm = xcalloc(1, sizeof(*nm));

	nm->mask = 63;
	nm->slots = xcalloc(nm->mask + 1, sizeof(*nm->slots));
	return nm;
}

void
names_free(struct names *nm)
{
	size_t i;

	if (nm == NULL)
		return;
	for (i = 0; i <= nm->mask; i++)
		free(nm->slots[i].name);
	free(nm->slots);
	free(nm);
}

static size_t
names_hash(uint8_t kind, const uint8_t *key)
{
	uint64_t h = 1469598103934665603ull ^ kind;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ key[i]) * 1099511628211ull;
	return (size_t)h;
}

static struct name_slot *
names_slot(const struct names *nm, uint8_t kind, const uint8_t *key)
{
	size_t i = names_hash(kind, key) & nm->mask;

	while (nm->slots[i].kind != 0 &&
	       (nm->slots[i].kind != kind || memcmp(nm->slots[i].key, key, 16)))
		i = (i + 1) & nm->mask;
	return &nm->slots[i];
}

static void
names_grow(struct names *nm)
{
	struct name_slot *old = nm->slots;
	size_t old_size = nm->mask + 1, i;

	nm->mask = old_size * 2 - 1;
	nm->slots = xcalloc(nm->mask + 1, sizeof(*nm->slots));
	for (i = 0; i < old_size; i++)
		if (old[i].kind != 0)
			*names_slot(nm, old[i].kind, old[i].key) = old[i];
	free(old);
}

/* Find the cached name or insert the one made by make(). */
static const char *
names_get(struct names *nm, uint8_t kind, const uint8_t *key,
    char *(*make)(const uint8_t *key, const void *arg), const void *arg)
{
	struct name_slot *slot = names_slot(nm, kind, key);

	if (slot->kind != 0)
		return slot->name;
	slot->kind = kind;
	memcpy(slot->key, key, 16);
	slot->name = make(key, arg);
	if (++nm->count * 2 > nm->mask) {
		const char *name = slot->name;

		names_grow(nm);
		return name;
	}
	return slot->name;
}

static char *
make_user(const uint8_t *key, const void *arg)
{
	struct passwd *pw;
	uint32_t uid;
	char num[24];

	(void)arg;
	memcpy(&uid, key, sizeof(uid));
	pw = getpwuid((uid_t)uid);
	if (pw != NULL)
		return xstrdup(pw->pw_name);
	sock_fmt_u64(num, uid);
	return xstrdup(num);
}

static char *
make_host(const uint8_t *key, const void *arg)
{
	const uint8_t *family = arg;
	struct in6_addr addr;
	struct sockaddr_storage ss;
	socklen_t len;
	char host[NI_MAXHOST];

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
		return xstrdup(*family == AF_INET6 ? "[::]" : "0.0.0.0");
	if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), NULL,
		0, NI_NAMEREQD) != 0)
		sock_addr_format(&addr, host);
	return xstrdup(host);
}

const char *
names_user(struct names *nm, uint32_t uid)
{
	uint8_t key[16] = {0};

	memcpy(key, &uid, sizeof(uid));
	return names_get(nm, NAMES_USER, key, make_user, NULL);
}

const char *
names_host(struct names *nm, uint8_t family, const struct in6_addr *addr)
{
	/* "::" and "0.0.0.0" read differently, so the family is in the key */
	uint8_t kind = (uint8_t)(NAMES_HOST + (family == AF_INET6));

	return names_get(nm, kind, addr->s6_addr, make_host, &family);
}
