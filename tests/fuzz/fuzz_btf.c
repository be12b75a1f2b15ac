/* SPDX-License-Identifier: MIT */
/* The kernel's BTF (/sys/kernel/btf/vmlinux) and the task_file
 * iterator's records: btf_parse, btf_find, btf_member, taskfiles_layout
 * and taskfiles_parse. */
#include <linux/btf.h>
#include <string.h>

#include "btf.h"
#include "fuzz.h"
#include "taskfiles.h"

static void
count(const struct taskfiles_rec *rec, void *ctx)
{
	size_t *n = ctx;

	(void)rec;
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"task_struct", "file", "inode",
	    "bpf_iter__task_file", "bpf_iter_meta", "s", ""};
	struct taskfiles_layout l;
	struct btf *b;
	uint32_t id, off, msize;
	size_t i, n = 0;

	FUZZ_CHECK(taskfiles_parse(data, size, count, &n) ==
		   size / sizeof(struct taskfiles_rec));
	FUZZ_CHECK(n == size / sizeof(struct taskfiles_rec));
	if (btf_parse(data, size, &b) < 0)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		id = btf_find(b, BTF_KIND_STRUCT, names[i]);
		if (id != 0 && btf_member(b, id, "m", &off, &msize) == 0)
			FUZZ_CHECK(msize > 0);
	}
	for (id = 1; id < 64; id++)
		if (btf_member(b, id, "pid", &off, &msize) == 0)
			FUZZ_CHECK(msize > 0);
	if (taskfiles_layout(b, &l) == 0)
		FUZZ_CHECK(l.iter_func != 0);
	btf_free(b);
	return 0;
}
