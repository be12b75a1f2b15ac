/* SPDX-License-Identifier: MIT */
#include "textparse.h"

int
textparse_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
textparse_hex(const char **pp, unsigned ndigits, bool exact, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;
	unsigned n = 0;
	int d;

	while (n < ndigits && (d = textparse_hex_digit(*p)) >= 0) {
		v = v << 4 | (unsigned)d;
		p++, n++;
	}
	if (n == 0 || (exact && n != ndigits) ||
	    (!exact && textparse_hex_digit(*p) >= 0))
		return false;
	*pp = p;
	*out = v;
	return true;
}

/* The one decimal reader behind textparse_dec and textparse_dec_n. With
 * bounded false, n is not looked at: inlined into textparse_dec, the
 * /proc parsers' reader, the check of n folds away. */
static inline bool
dec_read(const char **pp, bool bounded, size_t n, uint64_t max, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	if ((bounded && n == 0) || *p < '0' || *p > '9')
		return false;
	for (; (!bounded || n > 0) && *p >= '0' && *p <= '9'; n--) {
		unsigned d = (unsigned)(*p - '0');

		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
		p++;
	}
	*pp = p;
	*out = v;
	return true;
}

bool
textparse_dec(const char **pp, uint64_t max, uint64_t *out)
{
	return dec_read(pp, false, 0, max, out);
}

bool
textparse_dec_n(const char **pp, size_t n, uint64_t max, uint64_t *out)
{
	return dec_read(pp, true, n, max, out);
}

bool
textparse_char(const char **pp, char c)
{
	if (**pp != c)
		return false;
	(*pp)++;
	return true;
}

bool
textparse_spaces(const char **pp)
{
	const char *p = *pp;

	while (*p == ' ' || *p == '\t')
		p++;
	if (p == *pp)
		return false;
	*pp = p;
	return true;
}
