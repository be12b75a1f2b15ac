/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_JSONREAD_H
#define SOCKVIEW_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A bounded reader of JSON text we do not control (container metadata):
 * no tree is built, values are found in the text itself. A value is a
 * span of the caller's bytes; finding one walks past the values before
 * it, checking their syntax, with nesting bounded (JSONREAD_MAX_DEPTH),
 * so no input costs more than a pass over it and a small stack.
 *
 *	struct jsonread_span doc = {text, len}, v;
 *	if (jsonread_valid(doc) && jsonread_find(doc,
 *"NetworkSettings.SandboxKey", &v)) jsonread_string(v, buf, sizeof(buf));
 */

/* Nesting deeper than this is malformed (config.v2.json nests 6). */
#define JSONREAD_MAX_DEPTH 64

/* n bytes at p: a document, or one value inside it. */
struct jsonread_span {
	const char *p;
	size_t n;
};

/* Where an iteration over an array's elements is. */
struct jsonread_iter {
	const char *p, *end;
	bool started;
};

/* Whether doc is one well-formed JSON value (RFC 8259, nesting within
 * JSONREAD_MAX_DEPTH), with only white space around it. */
bool jsonread_valid(struct jsonread_span doc);
/* The value at path in doc: member names separated by dots ("Name",
 * "NetworkSettings.SandboxKey"; "" is doc itself). The first member of
 * that name counts. False when a step is missing or not an object, or
 * the text on the way is malformed. *out points into doc. */
bool jsonread_find(struct jsonread_span doc, const char *path,
    struct jsonread_span *out);
/* Start iterating the array v; false when v is not an array. */
bool jsonread_array(struct jsonread_span v, struct jsonread_iter *it);
/* The next element in *out; false at the end or on malformed text. */
bool jsonread_next(struct jsonread_iter *it, struct jsonread_span *out);
/* The string v decoded (escapes, \uXXXX and surrogate pairs as UTF-8)
 * into buf (size bytes, NUL-terminated). Returns its length, or -1 when
 * v is not a string, holds \u0000, or does not fit. */
long jsonread_string(struct jsonread_span v, char *buf, size_t size);

#endif
