#include "msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void msg_vprint(const char *fmt, va_list ap, const char *suffix)
    __attribute__((format(printf, 1, 0)));

static void
msg_vprint(const char *fmt, va_list ap, const char *suffix)
{
	/* One fprintf per line keeps concurrent writers from interleaving. */
	char text[1024], *p;

	vsnprintf(text, sizeof(text), fmt, ap);
	/* messages quote what the user or a file gave: keep control bytes
	 * (escape sequences, newlines) off the terminal */
	for (p = text; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fprintf(stderr, "sockview: %s%s\n", text, suffix);
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
