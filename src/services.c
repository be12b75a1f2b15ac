/* SPDX-License-Identifier: MIT */
#include "services.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hashtab.h"
#include "lineread.h"
#include "proto.h"
#include "strpool.h"
#include "textparse.h"
#include "vec.h"
#include "xalloc.h"

/* A services line is short; longer ones are garbage and skipped. */
#define SERVICES_LINE_MAX 4096

struct svc_entry {
	uint32_t key;	     /* port | proto << 16 */
	const char *name;    /* in pool */
	const char *comment; /* in pool, or NULL */
};

struct services {
	struct svc_entry *ents; /* in file order */
	size_t len, cap;
	struct hashtab index; /* key -> ents */
	struct strpool pool;
};

static uint32_t
svc_key(uint16_t port, uint8_t proto)
{
	return (uint32_t)port | (uint32_t)proto << 16;
}

static const struct svc_entry *
svc_find(const struct services *svc, uint32_t key)
{
	struct hashtab_probe pr;
	uint32_t i;

	for (i = hashtab_first(&svc->index, hashtab_hash_u64(key), &pr);
	     i != HASHTAB_NONE; i = hashtab_next(&svc->index, &pr))
		if (svc->ents[i].key == key)
			return &svc->ents[i];
	return NULL;
}

static struct services *
svc_new(void)
{
	struct services *svc = xcalloc(1, sizeof(*svc));

	hashtab_init(&svc->index);
	strpool_init(&svc->pool);
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
	const char *end = line + len, *p = line, *name, *hash, *word;
	size_t name_len;
	uint64_t port;
	uint8_t proto;
	uint32_t key;
	struct svc_entry *ent;

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
	if (name_len == 0 || !textparse_dec_n(&p, (size_t)(end - p),
				 protocols ? 255 : 65535, &port))
		return;
	if (protocols) {
		if (p < end && !is_blank(*p))
			return;
		proto = IPPROTO_RAW;
	} else {
		if (p == end || *p++ != '/')
			return;
		word = p;
		while (p < end && !is_blank(*p))
			p++;
		/* a service is a TCP or UDP port */
		if (!proto_parse(word, (size_t)(p - word), &proto) ||
		    proto == IPPROTO_RAW)
			return;
	}

	key = svc_key((uint16_t)port, proto);
	if (svc_find(svc, key) != NULL)
		return; /* the first entry wins */
	svc->ents =
	    vec_reserve(svc->ents, &svc->cap, svc->len + 1, sizeof(*svc->ents));
	ent = &svc->ents[svc->len];
	ent->key = key;
	ent->name = strpool_add(&svc->pool, name, name_len);
	ent->comment = NULL;
	if (hash != NULL) {
		const char *c = hash + 1, *cend = line + len;

		while (c < cend && is_blank(*c))
			c++;
		while (cend > c && is_blank(cend[-1]))
			cend--;
		if (cend > c)
			ent->comment =
			    strpool_add(&svc->pool, c, (size_t)(cend - c));
	}
	hashtab_add(&svc->index, hashtab_hash_u64(key), (uint32_t)svc->len++);
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
	free(svc->ents);
	hashtab_fini(&svc->index);
	strpool_fini(&svc->pool);
	free(svc);
}

/* The entry for (port, proto), or NULL; accepts a NULL table. */
static const struct svc_entry *
svc_lookup(const struct services *svc, uint16_t port, uint8_t proto)
{
	/* UDP-Lite's ports are UDP's; an ICMP ident has no name */
	proto = proto_services(proto);
	if (svc == NULL || proto == 0)
		return NULL;
	return svc_find(svc, svc_key(port, proto));
}

const char *
services_name(const struct services *svc, uint16_t port, uint8_t proto)
{
	const struct svc_entry *ent = svc_lookup(svc, port, proto);

	return ent != NULL ? ent->name : NULL;
}

const char *
services_comment(const struct services *svc, uint16_t port, uint8_t proto)
{
	const struct svc_entry *ent = svc_lookup(svc, port, proto);

	return ent != NULL ? ent->comment : NULL;
}

size_t
services_count(const struct services *svc)
{
	return svc != NULL ? svc->len : 0;
}

bool
services_port(const struct services *svc, const char *name, uint8_t proto,
    uint16_t *port)
{
	size_t i;

	if (svc == NULL)
		return false;
	for (i = 0; i < svc->len; i++) {
		const struct svc_entry *ent = &svc->ents[i];

		if ((ent->key >> 16) == proto && strcmp(ent->name, name) == 0) {
			*port = (uint16_t)(ent->key & 0xffff);
			return true;
		}
	}
	return false;
}
