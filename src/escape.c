/* SPDX-License-Identifier: MIT */
#include "escape.h"

#include <stdbool.h>

/* The space is kept where a field is last on its line (a path). */
static size_t
escape_bytes(const char *in, size_t n, char *out, size_t size, int keep_space)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (size == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		char esc[4];
		size_t len;

		if ((c > ' ' || (c == ' ' && keep_space)) && c < 0x7f &&
		    c != '\\') {
			esc[0] = (char)c;
			len = 1;
		} else if (c == '\n' || c == '\t' || c == '\r' || c == '\\') {
			esc[0] = '\\';
			esc[1] = c == '\n'   ? 'n'
				 : c == '\t' ? 't'
				 : c == '\r' ? 'r'
					     : '\\';
			len = 2;
		} else {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 0xf];
			len = 4;
		}
		if (o + len >= size)
			break;
		for (size_t k = 0; k < len; k++)
			out[o++] = esc[k];
	}
	out[o] = '\0';
	return o;
}

size_t
escape_text(const char *in, size_t n, char *out, size_t size)
{
	return escape_bytes(in, n, out, size, false);
}

size_t
escape_path(const char *in, size_t n, char *out, size_t size)
{
	return escape_bytes(in, n, out, size, true);
}

size_t
escape_label(const char *in, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (size == 0)
		return 0;
	for (; *in != '\0'; in++) {
		unsigned char c = (unsigned char)*in;
		char esc[5];
		size_t len = 0, k;

		if (c == '\\' || c == '"')
			esc[len++] = '\\';
		if (c >= 0x20 && c < 0x7f) {
			esc[len++] = (char)c;
		} else {
			/* "\\xHH": the format takes "\\" as one backslash */
			esc[len++] = '\\';
			esc[len++] = '\\';
			esc[len++] = 'x';
			esc[len++] = hex[c >> 4];
			esc[len++] = hex[c & 0xf];
		}
		if (o + len >= size)
			break;
		for (k = 0; k < len; k++)
			out[o++] = esc[k];
	}
	out[o] = '\0';
	return o;
}
