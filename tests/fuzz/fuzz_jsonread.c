/* SPDX-License-Identifier: MIT */
/* The JSON reader under the container metadata: any bytes as a document.
 * Checks that what it finds lies inside the input and that a valid
 * document's every string decodes or is refused, never overruns. */
#include <string.h>

#include "fuzz.h"
#include "jsonread.h"

/* A value found inside doc lies within it. */
static void
check_inside(struct jsonread_span doc, struct jsonread_span v)
{
	FUZZ_CHECK(v.p >= doc.p && v.p + v.n <= doc.p + doc.n);
}

/* Every element of the array v, each decoded as a string and looked
 * into by the paths the metadata parsers use; depth bounds the walk. */
static void
walk(struct jsonread_span doc, struct jsonread_span v, int depth)
{
	struct jsonread_span e, f;
	struct jsonread_iter it;
	char buf[64];
	long n;

	if ((n = jsonread_string(v, buf, sizeof(buf))) >= 0)
		FUZZ_CHECK((size_t)n == strlen(buf));
	if (jsonread_find(v, "id", &f))
		check_inside(doc, f);
	if (jsonread_find(v, "NetworkSettings.SandboxKey", &f))
		check_inside(doc, f);
	if (depth > 4 || !jsonread_array(v, &it))
		return;
	while (jsonread_next(&it, &e)) {
		check_inside(doc, e);
		walk(doc, e, depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonread_span doc = {(const char *)data, size}, v;
	bool valid = jsonread_valid(doc);

	if (jsonread_find(doc, "", &v)) {
		check_inside(doc, v);
		walk(doc, v, 0);
	}
	/* a valid document is itself one value */
	if (valid)
		FUZZ_CHECK(jsonread_find(doc, "", &v));
	return 0;
}
