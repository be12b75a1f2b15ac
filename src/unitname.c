/* SPDX-License-Identifier: MIT */
#include "unitname.h"

#include <string.h>

static bool
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t sn = strlen(suffix);

	return n > sn && memcmp(s + n - sn, suffix, sn) == 0;
}

/* Whether the n bytes at s name a unit that holds processes. */
static bool
is_unit(const char *s, size_t n)
{
	static const char *const kinds[] = {".service", ".scope", ".socket",
	    ".mount", ".swap"};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ends_with(s, n, kinds[i]))
			return true;
	return false;
}

bool
unitname_of_cgroup(const char *cgroup_path, char *buf, size_t size)
{
	const char *p = cgroup_path, *unit = NULL, *slice = NULL;
	size_t n, unit_n = 0, slice_n = 0;

	for (; *p != '\0'; p += n) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (is_unit(p, n)) {
			unit = p;
			unit_n = n;
		} else if (unit == NULL && ends_with(p, n, ".slice")) {
			slice = p;
			slice_n = n;
		}
	}
	if (unit == NULL) {
		unit = slice;
		unit_n = slice_n;
	}
	if (size == 0)
		return false;
	if (unit == NULL || unit_n >= size) {
		buf[0] = '\0';
		return false;
	}
	memcpy(buf, unit, unit_n);
	buf[unit_n] = '\0';
	return true;
}
