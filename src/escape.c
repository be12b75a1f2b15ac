#include "escape.h"

size_t
escape_text(const char *in, size_t n, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (size == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		char esc[4];
		size_t len;

		if (c > ' ' && c < 0x7f && c != '\\') {
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
