/* SPDX-License-Identifier: MIT */
#include "jsonread.h"

#include <stdint.h>
#include <string.h>

#include "textparse.h"

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Four hex digits at p (within end) as a number, or -1. */
static long
hex4(const char *p, const char *end)
{
	long v = 0;
	int i, d;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = textparse_hex_digit(p[i])) < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* p at a '"': past the closing quote, or NULL when malformed. */
static const char *
skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c != '\\')
			continue;
		if (++p == end)
			return NULL;
		if (*p == 'u') {
			if (hex4(p + 1, end) < 0)
				return NULL;
			p += 4;
		} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') {
			return NULL;
		}
	}
	return NULL;
}

static const char *
skip_digits(const char *p, const char *end)
{
	const char *start = p;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

/* A number by RFC 8259's grammar: past it, or NULL. */
static const char *
skip_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if ((p = skip_digits(p, end)) == NULL)
		return NULL;
	if (p < end && *p == '.' && (p = skip_digits(p + 1, end)) == NULL)
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		p = skip_digits(p, end);
	}
	return p;
}

static const char *
skip_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

static const char *skip_value(const char *p, const char *end, int depth);

/* p at '[' or '{': past the closing bracket, or NULL. */
static const char *
skip_container(const char *p, const char *end, int depth)
{
	char close = *p == '[' ? ']' : '}';
	bool object = *p == '{';

	if (depth >= JSONREAD_MAX_DEPTH)
		return NULL;
	p = skip_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if (p == end || *p != '"' ||
			    (p = skip_string(p, end)) == NULL)
				return NULL;
			p = skip_ws(p, end);
			if (p == end || *p != ':')
				return NULL;
			p = skip_ws(p + 1, end);
		}
		if ((p = skip_value(p, end, depth + 1)) == NULL)
			return NULL;
		p = skip_ws(p, end);
		if (p == end)
			return NULL;
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = skip_ws(p + 1, end);
	}
}

/* p at a value (no white space before it): past it, or NULL. */
static const char *
skip_value(const char *p, const char *end, int depth)
{
	if (p == end)
		return NULL;
	switch (*p) {
	case '"':
		return skip_string(p, end);
	case '[':
	case '{':
		return skip_container(p, end, depth);
	case 't':
		return skip_word(p, end, "true");
	case 'f':
		return skip_word(p, end, "false");
	case 'n':
		return skip_word(p, end, "null");
	default:
		return skip_number(p, end);
	}
}

bool
jsonread_valid(struct jsonread_span doc)
{
	const char *end = doc.p + doc.n;
	const char *p = skip_value(skip_ws(doc.p, end), end, 0);

	return p != NULL && skip_ws(p, end) == end;
}

/* The value at the start of v (white space skipped) as its own span. */
static bool
span_value(struct jsonread_span v, struct jsonread_span *out)
{
	const char *end = v.p + v.n;
	const char *p = skip_ws(v.p, end), *q = skip_value(p, end, 0);

	if (q == NULL)
		return false;
	out->p = p;
	out->n = (size_t)(q - p);
	return true;
}

/* The member named by the n bytes at name in object obj. */
static bool
find_member(struct jsonread_span obj, const char *name, size_t n,
    struct jsonread_span *out)
{
	const char *end = obj.p + obj.n, *p = obj.p, *key, *q;
	char buf[256];
	long len;

	if (obj.n == 0 || *p != '{')
		return false;
	p = skip_ws(p + 1, end);
	while (p < end && *p == '"') {
		key = p;
		if ((p = skip_string(p, end)) == NULL)
			return false;
		len = jsonread_string(
		    (struct jsonread_span){key, (size_t)(p - key)}, buf,
		    sizeof(buf));
		p = skip_ws(p, end);
		if (p == end || *p != ':')
			return false;
		p = skip_ws(p + 1, end);
		if ((q = skip_value(p, end, 1)) == NULL)
			return false;
		if (len >= 0 && (size_t)len == n && memcmp(buf, name, n) == 0) {
			out->p = p;
			out->n = (size_t)(q - p);
			return true;
		}
		p = skip_ws(q, end);
		if (p == end || *p != ',')
			return false;
		p = skip_ws(p + 1, end);
	}
	return false;
}

bool
jsonread_find(struct jsonread_span doc, const char *path,
    struct jsonread_span *out)
{
	struct jsonread_span v;
	const char *dot;
	size_t n;

	if (!span_value(doc, &v))
		return false;
	while (*path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (!find_member(v, path, n, &v))
			return false;
		path += n;
		if (*path == '.')
			path++;
	}
	*out = v;
	return true;
}

bool
jsonread_array(struct jsonread_span v, struct jsonread_iter *it)
{
	const char *end = v.p + v.n, *p = skip_ws(v.p, end);

	if (p == end || *p != '[')
		return false;
	it->p = p + 1;
	it->end = end;
	it->started = false;
	return true;
}

bool
jsonread_next(struct jsonread_iter *it, struct jsonread_span *out)
{
	const char *p = skip_ws(it->p, it->end), *q;

	if (p == it->end || *p == ']')
		return false;
	if (it->started) {
		if (*p != ',')
			return false;
		p = skip_ws(p + 1, it->end);
	}
	if ((q = skip_value(p, it->end, 1)) == NULL)
		return false;
	it->started = true;
	it->p = q;
	out->p = p;
	out->n = (size_t)(q - p);
	return true;
}

/* Append code point cp as UTF-8 to buf at *len (size bytes with room for
 * the NUL); false when it does not fit. */
static bool
put_utf8(char *buf, size_t size, size_t *len, uint32_t cp)
{
	unsigned char u[4];
	size_t n, i;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (*len + n >= size)
		return false;
	for (i = 0; i < n; i++)
		buf[(*len)++] = (char)u[i];
	return true;
}

/* The code point of the \u escape at *p (its 'u'), a
 * surrogate pair taken whole; *p moved past it. -1 when malformed. */
static long
unicode_escape(const char **p, const char *end)
{
	long hi = hex4(*p + 1, end), lo;

	if (hi < 0)
		return -1;
	*p += 5;
	if (hi < 0xd800 || hi > 0xdfff)
		return hi;
	if (hi > 0xdbff || end - *p < 6 || (*p)[0] != '\\' || (*p)[1] != 'u')
		return -1;
	lo = hex4(*p + 2, end);
	if (lo < 0xdc00 || lo > 0xdfff)
		return -1;
	*p += 6;
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

static char
simple_escape(char c)
{
	switch (c) {
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return c; /* '"', '\\', '/' */
	}
}

long
jsonread_string(struct jsonread_span v, char *buf, size_t size)
{
	const char *p = v.p, *end = v.p + v.n;
	size_t len = 0;
	long cp;

	if (size == 0 || v.n < 2 || *p != '"' || skip_string(p, end) != end)
		return -1;
	for (p++, end--; p < end;) {
		if (*p != '\\') {
			if (len + 1 >= size)
				return -1;
			buf[len++] = *p++;
			continue;
		}
		p++;
		if (*p != 'u') {
			if (len + 1 >= size)
				return -1;
			buf[len++] = simple_escape(*p++);
			continue;
		}
		if ((cp = unicode_escape(&p, end)) <= 0 ||
		    !put_utf8(buf, size, &len, (uint32_t)cp))
			return -1;
	}
	buf[len] = '\0';
	return (long)len;
}
