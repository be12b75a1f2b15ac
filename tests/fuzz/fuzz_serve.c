/* SPDX-License-Identifier: MIT */
/* The demo server's per-client input: what serve.c does with bytes a
 * client sends (its --echo buffer and its log preview), driven by the
 * input as a script of receives and sends and checked against a plain
 * model of the pending bytes. */
#include <string.h>

#include "demo/serve_buf.h"
#include "demo/servelog.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct serve_buf b;
	static char model[SERVE_BUF_SIZE];
	char preview[SERVELOG_PREVIEW_SIZE];
	size_t i = 0, mlen = 0, room, len, k, plen;
	const char *pending;
	char *p;

	memset(&b, 0, sizeof(b));
	while (i < size) {
		uint8_t op = data[i++];

		if (op & 1) {
			/* recv(): up to (op >> 1) * 37 bytes of the input */
			k = (size_t)(op >> 1) * 37;
			if (k > size - i)
				k = size - i;
			p = serve_buf_room(&b, &room);
			FUZZ_CHECK(room <= SERVE_BUF_SIZE - mlen);
			if (k > room)
				k = room;
			if (k == 0)
				continue;
			memcpy(p, data + i, k);
			plen = servelog_preview(p, k, preview, sizeof(preview));
			FUZZ_CHECK(plen < sizeof(preview));
			FUZZ_CHECK(strlen(preview) == plen);
			for (size_t j = 0; j < plen; j++)
				FUZZ_CHECK(
				    preview[j] > ' ' && preview[j] < 0x7f);
			serve_buf_filled(&b, k);
			memcpy(model + mlen, data + i, k);
			mlen += k;
			i += k;
		} else {
			/* send(): some of what is pending went out */
			pending = serve_buf_pending(&b, &len);
			FUZZ_CHECK(len == mlen);
			FUZZ_CHECK(memcmp(pending, model, len) == 0);
			k = (size_t)(op >> 1) * 67;
			if (k > len)
				k = len;
			serve_buf_sent(&b, k);
			memmove(model, model + k, mlen - k);
			mlen -= k;
		}
		FUZZ_CHECK(b.head <= b.tail && b.tail <= SERVE_BUF_SIZE);
	}
	pending = serve_buf_pending(&b, &len);
	FUZZ_CHECK(len == mlen && memcmp(pending, model, len) == 0);
	return 0;
}
