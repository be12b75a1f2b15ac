/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_ESCAPE_H
#define SOCKVIEW_ESCAPE_H

#include <stddef.h>

/*
 * Untrusted bytes (process names, client data) made safe for one column
 * of a terminal line: printable ASCII other than the space and the
 * backslash is kept; \n, \t, \r and \\ are written as such; every other
 * byte as \xHH. So a name can forge neither a line nor a column, and
 * sends no terminal escape.
 */

/* Escape n bytes of in into out (size bytes, NUL-terminated, cut short
 * rather than overflow, never in the middle of an escape); returns the
 * length written. */
size_t escape_text(const char *in, size_t n, char *out, size_t size);

/* The same, but spaces are kept: for a file name that ends its line. */
size_t escape_path(const char *in, size_t n, char *out, size_t size);

/* A string made a Prometheus label value (the text between its quotes):
 * printable ASCII kept, '\\' and '"' escaped with a backslash as the
 * exposition format wants, any other byte as the four characters \xHH
 * (the backslash escaped), so every value is valid UTF-8. Into out as
 * escape_text writes; returns the length written. */
size_t escape_label(const char *in, char *out, size_t size);

/* Room that escaping n bytes may need, with the NUL. */
#define ESCAPE_TEXT_SIZE(n) ((n)*4 + 1)
/* The same for escape_label. */
#define ESCAPE_LABEL_SIZE(n) ((n)*5 + 1)

#endif
