/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_TEXTPARSE_H
#define SOCKVIEW_TEXTPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Field readers for the kernel's text tables (/proc/net/tcp, unix, ...)
 * and every other number sockview reads (options, /etc/services). Each
 * takes a cursor *pp, advances it past what it read and returns true, or
 * leaves it and returns false.
 */

/* The value of a hex digit, or -1. */
int textparse_hex_digit(char c);
/* Hex digits: exactly ndigits with exact (a fixed-width field that may
 * run into the next one), else 1 to ndigits not followed by another. */
bool textparse_hex(const char **pp, unsigned ndigits, bool exact,
    uint64_t *out);
/* A decimal number no larger than max. */
bool textparse_dec(const char **pp, uint64_t max, uint64_t *out);
/* The same within the next n bytes, for text that is not NUL-terminated:
 * the digits stop at the n-th byte. */
bool textparse_dec_n(const char **pp, size_t n, uint64_t max, uint64_t *out);
/* The character c. */
bool textparse_char(const char **pp, char c);
/* One or more spaces or tabs. */
bool textparse_spaces(const char **pp);

#endif
