/* SPDX-License-Identifier: MIT */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

static void msg_vprint(const char *fmt, va_list ap, const char *suffix)
    __attribute__((format(printf, 1, 0)));

static void
msg_vprint(const char *fmt, va_list ap, const char *suffix)
{
	/* One fprintf per line keeps concurrent writers from interleaving. */
	char text[1024], safe[ESCAPE_TEXT_SIZE(sizeof(text))];

	vsnprintf(text, sizeof(text), fmt, ap);
	/* messages quote what the user or a file gave: every byte outside
	 * printable ASCII is written as \xHH, as in a path column, so that
	 * neither a newline nor an escape sequence (ESC, or the 8-bit CSI
	 * 0x9b) reaches the terminal */
	escape_path(text, strlen(text), safe, sizeof(safe));
	fprintf(stderr, "sockview: %s%s\n", safe, suffix);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(fmt, ap, "");
	va_end(ap);
}

void
msg_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(fmt, ap, "");
	va_end(ap);
	exit(status);
}

void
msg_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(fmt, ap, " (try 'sockview --help')");
	va_end(ap);
	exit(SV_EXIT_USAGE);
}
