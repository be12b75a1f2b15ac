/* SPDX-License-Identifier: MIT */
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

static void *
xalloc_check(void *p)
{
	if (p == NULL)
		msg_die(SV_EXIT_FAIL, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	return xalloc_check(calloc(n ? n : 1, size ? size : 1));
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	return xalloc_check(reallocarray(p, n ? n : 1, size ? size : 1));
}

char *
xstrdup(const char *s)
{
	return xalloc_check(strdup(s));
}
