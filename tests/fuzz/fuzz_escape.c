/* SPDX-License-Identifier: MIT */
/* The escapers for untrusted bytes: escape_text (terminal columns) and
 * the JSON escaper, with room to spare and with too little room. The
 * first byte is the small output size; the rest is the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fmt_json.h"
#include "fuzz.h"

/* Length of the valid UTF-8 sequence at p, or 0 (RFC 3629). */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static void
check_text(const char *out, size_t len, size_t size)
{
	size_t i;

	FUZZ_CHECK(len < size && out[len] == '\0');
	for (i = 0; i < len; i++)
		FUZZ_CHECK(out[i] > ' ' && out[i] < 0x7f);
}

/* No control byte, valid UTF-8, no lone backslash at the end. */
static void
check_json(const char *out, size_t len)
{
	const unsigned char *u = (const unsigned char *)out;
	size_t i = 0, bs = 0, k;

	while (i < len) {
		FUZZ_CHECK(u[i] >= 0x20 && u[i] != 0x7f);
		k = utf8_seq(u + i, len - i);
		FUZZ_CHECK(k > 0);
		bs = u[i] == '\\' ? bs + 1 : 0;
		i += k;
	}
	FUZZ_CHECK(bs % 2 == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in;
	char *out, *mem = NULL;
	size_t n, small, len, memlen = 0;
	FILE *fp;

	if (size < 1 || size > 1 << 16)
		return 0;
	small = data[0];
	in = (const char *)data + 1;
	n = size - 1;

	out = malloc(ESCAPE_TEXT_SIZE(n));
	len = escape_text(in, n, out, ESCAPE_TEXT_SIZE(n));
	check_text(out, len, ESCAPE_TEXT_SIZE(n));
	free(out);
	out = malloc(small ? small : 1);
	len = escape_text(in, n, out, small);
	if (small > 0)
		check_text(out, len, small);
	free(out);

	out = malloc(FMT_JSON_ESCAPE_SIZE(n));
	len = fmt_json_escape(in, n, out, FMT_JSON_ESCAPE_SIZE(n));
	FUZZ_CHECK(len < FMT_JSON_ESCAPE_SIZE(n) && out[len] == '\0');
	check_json(out, len);
	free(out);
	out = malloc(small ? small : 1);
	len = fmt_json_escape(in, n, out, small);
	if (small > 0) {
		FUZZ_CHECK(len < small && out[len] == '\0');
		check_json(out, len);
	}
	free(out);

	fp = open_memstream(&mem, &memlen);
	if (fp != NULL) {
		fmt_json_string(fp, in, n);
		fclose(fp);
		FUZZ_CHECK(
		    memlen >= 2 && mem[0] == '"' && mem[memlen - 1] == '"');
		check_json(mem + 1, memlen - 2);
		free(mem);
	}
	return 0;
}
