#include "services.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lineread.h"
#include "xalloc.h"

/* A services line is short; longer ones are garbage and skipped. */
#define SERVICES_LINE_MAX 4096

struct svc_slot {
	uint32_t key;	  /* port | proto << 16; 0 means empty */
	uint32_t name;	  /* offsets into pool */
	uint32_t comment; /* 0: no comment (pool[0] is "") */
};

struct services {
	struct svc_slot *slots;
	size_t mask, count;
	char *pool;
	size_t pool_len, pool_cap;
};

static uint32_t
svc_key(uint16_t port, uint8_t proto)
{
	return (uint32_t)port | (uint32_t)proto << 16;
}

static size_t
svc_hash(uint32_t key, size_t mask)
{
	return (size_t)((key * 2654435761u) >> 7) & mask;
}

static uint32_t
svc_pool_add(struct services *svc, const char *s, size_t len)
{
	size_t off = svc->pool_len;

	while (svc->pool_len + len + 1 > svc->pool_cap) {
		svc->pool_cap = svc->pool_cap ? svc->pool_cap * 2 : 4096;
		svc->pool = xreallocarray(svc->pool, svc->pool_cap, 1);
	}
	memcpy(svc->pool + off, s, len);
	svc->pool[off + len] = '\0';
	svc->pool_len += len + 1;
	return (uint32_t)off;
}

static struct svc_slot *
svc_find(const struct services *svc, uint32_t key)
{
	size_t i = svc_hash(key, svc->mask);

	while (svc->slots[i].key != 0 && svc->slots[i].key != key)
		i = (i + 1) & svc->mask;
	return &svc->slots[i];
}

static void
svc_grow(struct services *svc)
{
	struct svc_slot *old = svc->slots;
	size_t old_size = svc->mask + 1, i;

	svc->mask = old_size * 2 - 1;
	svc->slots = xcalloc(svc->mask + 1, sizeof(*svc->slots));
	for (i = 0; i < old_size; i++)
		if (old[i].key != 0)
			*svc_find(svc, old[i].key) = old[i];
	free(old);
}

static struct services *
svc_new(void)
{
	struct services *svc = xcalloc(1, sizeof(*svc));

	svc->mask = 1023;
	svc->slots = xcalloc(svc->mask + 1, sizeof(*svc->slots));
	svc_pool_add(svc, "", 0);
	return svc;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Names are printed as they are: only printable ASCII words qualify. */
static bool
is_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f)
			return false;
	return true;
}

/* One line: "name port/proto aliases... # comment", or with protocols,
 * an /etc/protocols line "name number aliases... # comment", kept as
 * IPPROTO_RAW entries (netstat names a raw socket's protocol so). Bad
 * lines are skipped; they do not invalidate the file. */
static void
svc_parse_line(struct services *svc, const char *line, size_t len,
    bool protocols)
{
	const char *end = line + len, *p = line, *name, *hash;
	size_t name_len;
	unsigned long port = 0;
	uint8_t proto;
	struct svc_slot *slot;

	hash = memchr(line, '#', len);
	if (hash != NULL)
		end = hash;
	while (p < end && is_blank(*p))
		p++;
	name = p;
	while (p < end && !is_blank(*p))
		p++;
	name_len = (size_t)(p - name);
	if (!is_word(name, name_len))
		return;
	while (p < end && is_blank(*p))
		p++;
	if (name_len == 0 || p == end || *p < '0' || *p > '9')
		return;
	while (p < end && *p >= '0' && *p <= '9' && port <= 65535)
		port = port * 10 + (unsigned long)(*p++ - '0');
	if (protocols) {
		if (port > 255 || (p < end && !is_blank(*p)))
			return;
		proto = IPPROTO_RAW;
	} else {
		if (port > 65535 || p == end || *p++ != '/')
			return;
		if (end - p >= 3 && memcmp(p, "tcp", 3) == 0)
			proto = IPPROTO_TCP;
		else if (end - p >= 3 && memcmp(p, "udp", 3) == 0)
			proto = IPPROTO_UDP;
		else
			return;
		p += 3;
		if (p < end && !is_blank(*p))
			return;
	}

	slot = svc_find(svc, svc_key((uint16_t)port, proto));
	if (slot->key != 0)
		return; /* the first entry wins */
	slot->key = svc_key((uint16_t)port, proto);
	slot->name = svc_pool_add(svc, name, name_len);
	slot->comment = 0;
	if (hash != NULL) {
		const char *c = hash + 1, *cend = line + len;

		while (c < cend && is_blank(*c))
			c++;
		while (cend > c && is_blank(cend[-1]))
			cend--;
		if (cend > c)
			slot->comment =
			    svc_pool_add(svc, c, (size_t)(cend - c));
	}
	/* keep the table at most half full so probes stay short */
	if (++svc->count * 2 > svc->mask)
		svc_grow(svc);
}

struct services *
services_parse(const char *text, size_t len)
{
	struct services *svc = svc_new();
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n <= SERVICES_LINE_MAX)
			svc_parse_line(svc, p, n, false);
		p += n + 1;
	}
	return svc;
}

/* Add every line of path to svc; returns 0 or -errno. */
static int
svc_load_file(struct services *svc, const char *path, bool protocols)
{
	struct lineread lr;
	char *line;
	size_t len;
	int n;

	if ((n = lineread_open(&lr, AT_FDCWD, path, SERVICES_LINE_MAX)) < 0)
		return n;
	if ((n = lineread_limit(&lr, SERVICES_FILE_MAX)) == 0)
		while ((n = lineread_next(&lr, &line, &len)) > 0)
			svc_parse_line(svc, line, len, protocols);
	lineread_close(&lr);
	return n < 0 ? n : 0;
}

int
services_check(const char *path)
{
	struct lineread lr;
	int err;

	if ((err = lineread_open(&lr, AT_FDCWD, path, 1)) < 0)
		return err;
	err = lineread_limit(&lr, SERVICES_FILE_MAX);
	lineread_close(&lr);
	return err;
}

struct services *
services_load(const char *path, int *err)
{
	struct services *svc = svc_new();

	if ((*err = svc_load_file(svc, path, false)) < 0) {
		services_free(svc);
		return NULL;
	}
	return svc;
}

int
services_load_protocols(struct services *svc, const char *path)
{
	return svc_load_file(svc, path, true);
}

void
services_free(struct services *svc)
{
	if (svc == NULL)
		return;
	free(svc->slots);
	free(svc->pool);
	free(svc);
}

const char *
services_name(const struct services *svc, uint16_t port, uint8_t proto)
{
	const struct svc_slot *slot;

	if (svc == NULL)
		return NULL;
	slot = svc_find(svc, svc_key(port, proto));
	return slot->key != 0 ? svc->pool + slot->name : NULL;
}

const char *
services_comment(const struct services *svc, uint16_t port, uint8_t proto)
{
	const struct svc_slot *slot;

	if (svc == NULL)
		return NULL;
	slot = svc_find(svc, svc_key(port, proto));
	return slot->key != 0 && slot->comment != 0 ? svc->pool + slot->comment
						    : NULL;
}

size_t
services_count(const struct services *svc)
{
	return svc != NULL ? svc->count : 0;
}

bool
services_port(const struct services *svc, const char *name, uint8_t proto,
    uint16_t *port)
{
	size_t i;

	if (svc == NULL)
		return false;
	for (i = 0; i <= svc->mask; i++) {
		const struct svc_slot *slot = &svc->slots[i];

		if (slot->key != 0 && (slot->key >> 16) == proto &&
		    strcmp(svc->pool + slot->name, name) == 0) {
			*port = (uint16_t)(slot->key & 0xffff);
			return true;
		}
	}
	return false;
}
