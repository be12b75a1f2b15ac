/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_FUZZ_H
#define SOCKVIEW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every target defines the libFuzzer entry point. With -Dfuzz=true it
 * links to libFuzzer; otherwise standalone.c gives it a main() that
 * replays files (the seed corpus and the regression inputs), so the
 * normal and sanitizer suites run every input a fuzzer ever crashed on.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a crash the fuzzer reports) when cond is false. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			fuzz_fail(#cond, __FILE__, __LINE__);                  \
	} while (0)

_Noreturn void fuzz_fail(const char *what, const char *file, int line);

#endif
