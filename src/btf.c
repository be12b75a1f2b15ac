/* SPDX-License-Identifier: MIT */
#include "btf.h"

#include <errno.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* More types than any kernel has (6.18: 150,000): a blob claiming more
 * is not read. */
#define BTF_TYPES_MAX (1u << 22)
/* Nameless members inside nameless members, and modifiers (typedef,
 * const, ...) before a type with a size: deeper is a loop, or not a
 * kernel's. */
#define BTF_DEPTH_MAX 32
/* A kernel pointer, on the 64-bit kernels the BPF program runs on. */
#define BTF_PTR_SIZE 8

struct btf {
	const unsigned char *types; /* the type section */
	const char *strings;	    /* the string section, NUL-ended */
	uint32_t str_len;
	uint32_t *at; /* at[id]: the offset of type id in types; at[0] unused */
	uint32_t count;
};

/* The bytes that follow a type record of kind with vlen entries; -1 for
 * a kind this does not know. */
static long
extra_size(unsigned kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return (long)sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * (long)sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * (long)sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return (long)vlen * 12;
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * (long)sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * (long)sizeof(struct btf_var_secinfo);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

/* Whether every member of a struct or union record t (its members at
 * p) names a string within the str_len bytes of strings. */
static bool
member_names_ok(const unsigned char *p, const struct btf_type *t,
    uint32_t str_len)
{
	struct btf_member m;
	uint32_t i;

	if (BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT &&
	    BTF_INFO_KIND(t->info) != BTF_KIND_UNION)
		return true;
	for (i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		memcpy(&m, p + i * sizeof(m), sizeof(m));
		if (m.name_off >= str_len)
			return false;
	}
	return true;
}

/* Whether the section [off, off + len) lies within the blob's len_all
 * bytes after the header. */
static bool
section_ok(uint32_t hdr_len, uint32_t off, uint32_t len, size_t len_all)
{
	return (uint64_t)hdr_len + off + len <= len_all;
}

int
btf_parse(const void *data, size_t len, struct btf **out)
{
	const unsigned char *blob = data;
	struct btf_header h;
	struct btf *b;
	size_t cap = 0;
	uint32_t pos = 0;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, blob, sizeof(h));
	if (h.magic != BTF_MAGIC || h.version != BTF_VERSION ||
	    h.hdr_len < sizeof(h) || h.hdr_len > len ||
	    !section_ok(h.hdr_len, h.type_off, h.type_len, len) ||
	    !section_ok(h.hdr_len, h.str_off, h.str_len, len) ||
	    h.type_off % 4 != 0 || h.str_len == 0 ||
	    blob[h.hdr_len + h.str_off + h.str_len - 1] != '\0')
		return -EINVAL;
	b = xcalloc(1, sizeof(*b));
	b->types = blob + h.hdr_len + h.type_off;
	b->strings = (const char *)blob + h.hdr_len + h.str_off;
	b->str_len = h.str_len;
	b->at = NULL;
	while (pos < h.type_len) {
		struct btf_type t;
		long extra;

		if (h.type_len - pos < sizeof(t) ||
		    b->count + 1 >= BTF_TYPES_MAX)
			goto bad;
		memcpy(&t, b->types + pos, sizeof(t));
		extra =
		    extra_size(BTF_INFO_KIND(t.info), BTF_INFO_VLEN(t.info));
		if (extra < 0 || t.name_off >= h.str_len ||
		    (uint64_t)h.type_len - pos - sizeof(t) < (uint64_t)extra)
			goto bad;
		if (!member_names_ok(b->types + pos + sizeof(t), &t, h.str_len))
			goto bad;
		b->count++;
		if (b->count >= cap) {
			cap = cap ? cap * 2 : 4096;
			b->at = xreallocarray(b->at, cap, sizeof(*b->at));
		}
		b->at[b->count] = pos;
		pos += (uint32_t)sizeof(t) + (uint32_t)extra;
	}
	*out = b;
	return 0;
bad:
	btf_free(b);
	return -EINVAL;
}

void
btf_free(struct btf *b)
{
	if (b == NULL)
		return;
	free(b->at);
	free(b);
}

/* Type id's record, or false when there is no such id. */
static bool
type_at(const struct btf *b, uint32_t id, struct btf_type *t)
{
	if (id == 0 || id > b->count)
		return false;
	memcpy(t, b->types + b->at[id], sizeof(*t));
	return true;
}

static const char *
name_of(const struct btf *b, uint32_t name_off)
{
	/* checked when indexed: within the section, which ends in NUL */
	return b->strings + name_off;
}

uint32_t
btf_find(const struct btf *b, unsigned kind, const char *name)
{
	struct btf_type t;
	uint32_t id;

	for (id = 1; id <= b->count; id++)
		if (type_at(b, id, &t) && BTF_INFO_KIND(t.info) == kind &&
		    strcmp(name_of(b, t.name_off), name) == 0)
			return id;
	return 0;
}

/* The type id stands for once its modifiers (typedef, const, ...) are
 * taken off; 0 when it cannot be followed. */
static uint32_t
strip(const struct btf *b, uint32_t id)
{
	struct btf_type t;
	int depth;

	for (depth = 0; depth < BTF_DEPTH_MAX && type_at(b, id, &t); depth++) {
		switch (BTF_INFO_KIND(t.info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t.type;
			break;
		default:
			return id;
		}
	}
	return 0;
}

/* The size in bytes of type id; 0 when it has none this can tell. */
static uint64_t
size_of(const struct btf *b, uint32_t id, int depth)
{
	struct btf_type t;
	struct btf_array arr;

	if (depth > BTF_DEPTH_MAX || !type_at(b, (id = strip(b, id)), &t))
		return 0;
	switch (BTF_INFO_KIND(t.info)) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return t.size;
	case BTF_KIND_PTR:
		return BTF_PTR_SIZE;
	case BTF_KIND_ARRAY:
		memcpy(&arr, b->types + b->at[id] + sizeof(t), sizeof(arr));
		return (uint64_t)arr.nelems * size_of(b, arr.type, depth + 1);
	default:
		return 0;
	}
}

static bool
is_aggregate(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT ||
	       BTF_INFO_KIND(t->info) == BTF_KIND_UNION;
}

static int
find_member(const struct btf *b, uint32_t id, const char *name, uint64_t base,
    int depth, uint32_t *offset, uint32_t *size)
{
	struct btf_type t;
	uint32_t i;

	if (depth > BTF_DEPTH_MAX || !type_at(b, id, &t) || !is_aggregate(&t))
		return -EINVAL;
	for (i = 0; i < BTF_INFO_VLEN(t.info); i++) {
		struct btf_member m;
		struct btf_type mt;
		uint32_t bits, sub;
		uint64_t msize;
		int err;

		memcpy(&m, b->types + b->at[id] + sizeof(t) + i * sizeof(m),
		    sizeof(m));
		bits = BTF_INFO_KFLAG(t.info) ? BTF_MEMBER_BIT_OFFSET(m.offset)
					      : m.offset;
		if (m.name_off == 0) {
			/* a nameless struct or union: its members are ours */
			sub = strip(b, m.type);
			if (bits % 8 != 0 || !type_at(b, sub, &mt) ||
			    !is_aggregate(&mt))
				continue;
			err = find_member(b, sub, name, base + bits / 8,
			    depth + 1, offset, size);
			if (err != -ENOENT)
				return err;
			continue;
		}
		if (strcmp(name_of(b, m.name_off), name) != 0)
			continue;
		if (bits % 8 != 0 || (BTF_INFO_KFLAG(t.info) &&
					 BTF_MEMBER_BITFIELD_SIZE(m.offset)))
			return -ENOENT;
		if ((msize = size_of(b, m.type, 0)) == 0 ||
		    msize > UINT32_MAX || base + bits / 8 > UINT32_MAX)
			return -EINVAL;
		*offset = (uint32_t)(base + bits / 8);
		*size = (uint32_t)msize;
		return 0;
	}
	return -ENOENT;
}

int
btf_member(const struct btf *b, uint32_t id, const char *name, uint32_t *offset,
    uint32_t *size)
{
	return find_member(b, id, name, 0, 0, offset, size);
}
