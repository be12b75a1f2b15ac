/* SPDX-License-Identifier: MIT */
/* Unit tests for the BPF owner source: the BTF reader (btf.c) over
 * hand-made blobs, good and broken, and the task_file program
 * (taskfiles.c): its layout, its jumps, its records, and one live read
 * where the kernel lets this process load it. */
#include <check.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btf.h"
#include "taskfiles.h"

/* A BTF blob under construction: types, then strings. */
struct blob {
	unsigned char types[4096];
	size_t tlen;
	char strings[1024];
	size_t slen;
	unsigned char out[8192];
	size_t len;
};

static void
blob_init(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->slen = 1; /* offset 0: the empty name */
}

static uint32_t
str(struct blob *b, const char *s)
{
	uint32_t off = (uint32_t)b->slen;

	if (*s == '\0')
		return 0;
	memcpy(b->strings + b->slen, s, strlen(s) + 1);
	b->slen += strlen(s) + 1;
	return off;
}

static void
put(struct blob *b, const void *p, size_t n)
{
	memcpy(b->types + b->tlen, p, n);
	b->tlen += n;
}

static void
type(struct blob *b, const char *name, unsigned kind, unsigned vlen,
    unsigned kflag, uint32_t size_or_type)
{
	struct btf_type t = {str(b, name), (kflag << 31) | (kind << 24) | vlen,
	    {size_or_type}};

	put(b, &t, sizeof(t));
}

static void
member(struct blob *b, const char *name, uint32_t type_id, uint32_t offset)
{
	struct btf_member m = {str(b, name), type_id, offset};

	put(b, &m, sizeof(m));
}

static void
u32(struct blob *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

/* The blob's bytes, header first. */
static void
finish(struct blob *b)
{
	struct btf_header h = {BTF_MAGIC, BTF_VERSION, 0, sizeof(h), 0,
	    (uint32_t)b->tlen, (uint32_t)b->tlen, (uint32_t)b->slen};

	memcpy(b->out, &h, sizeof(h));
	memcpy(b->out + sizeof(h), b->types, b->tlen);
	memcpy(b->out + sizeof(h) + b->tlen, b->strings, b->slen);
	b->len = sizeof(h) + b->tlen + b->slen;
}

/* Types 1 to 11:
 *   1 int (4)   2 long (8)   3 typedef pid_t -> 1   4 const -> 3
 *   5 char[16]  6 char (1)   7 union { long a; int b; } (nameless)
 *   8 struct task { pid_t pid; const pid_t tgid; union{...}; char
 *     comm[16]; }   9 struct bits { int flag:3 at bit 8; } (kflag)
 *   10 func bpf_iter_task_file   11 pointer -> 8 */
static void
sample(struct blob *b)
{
	struct btf_array arr = {6, 1, 16};

	blob_init(b);
	type(b, "int", BTF_KIND_INT, 0, 0, 4);
	u32(b, 32);
	type(b, "long", BTF_KIND_INT, 0, 0, 8);
	u32(b, 64);
	type(b, "pid_t", BTF_KIND_TYPEDEF, 0, 0, 1);
	type(b, "", BTF_KIND_CONST, 0, 0, 3);
	type(b, "", BTF_KIND_ARRAY, 0, 0, 0);
	put(b, &arr, sizeof(arr));
	type(b, "char", BTF_KIND_INT, 0, 0, 1);
	u32(b, 8);
	type(b, "", BTF_KIND_UNION, 2, 0, 8);
	member(b, "a", 2, 0);
	member(b, "b", 1, 0);
	type(b, "task", BTF_KIND_STRUCT, 4, 0, 32);
	member(b, "pid", 3, 0);
	member(b, "tgid", 4, 32);
	member(b, "", 7, 64);
	member(b, "comm", 5, 128);
	type(b, "bits", BTF_KIND_STRUCT, 1, 1, 4);
	member(b, "flag", 1, (3u << 24) | 8);
	type(b, "bpf_iter_task_file", BTF_KIND_FUNC, 0, 0, 0);
	type(b, "", BTF_KIND_PTR, 0, 0, 8);
	finish(b);
}

START_TEST(finds_types_and_members)
{
	struct blob b;
	struct btf *btf;
	uint32_t off = 99, size = 99;

	sample(&b);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), 0);
	ck_assert_uint_eq(btf_find(btf, BTF_KIND_STRUCT, "task"), 8);
	ck_assert_uint_eq(btf_find(btf, BTF_KIND_FUNC, "bpf_iter_task_file"),
	    10);
	ck_assert_uint_eq(btf_find(btf, BTF_KIND_STRUCT, "int"), 0);
	ck_assert_uint_eq(btf_find(btf, BTF_KIND_STRUCT, "nope"), 0);

	ck_assert_int_eq(btf_member(btf, 8, "pid", &off, &size), 0);
	ck_assert_uint_eq(off, 0);
	ck_assert_uint_eq(size, 4); /* through the typedef */
	ck_assert_int_eq(btf_member(btf, 8, "tgid", &off, &size), 0);
	ck_assert_uint_eq(off, 4);
	ck_assert_uint_eq(size, 4); /* const, typedef, int */
	/* the nameless union's members are the struct's */
	ck_assert_int_eq(btf_member(btf, 8, "a", &off, &size), 0);
	ck_assert_uint_eq(off, 8);
	ck_assert_uint_eq(size, 8);
	ck_assert_int_eq(btf_member(btf, 8, "b", &off, &size), 0);
	ck_assert_uint_eq(off, 8);
	ck_assert_uint_eq(size, 4);
	ck_assert_int_eq(btf_member(btf, 8, "comm", &off, &size), 0);
	ck_assert_uint_eq(off, 16);
	ck_assert_uint_eq(size, 16);
	ck_assert_int_eq(btf_member(btf, 8, "nope", &off, &size), -ENOENT);
	/* a bitfield has no byte offset to read at */
	ck_assert_int_eq(btf_member(btf, 9, "flag", &off, &size), -ENOENT);
	/* not a struct, no such id */
	ck_assert_int_eq(btf_member(btf, 1, "pid", &off, &size), -EINVAL);
	ck_assert_int_eq(btf_member(btf, 0, "pid", &off, &size), -EINVAL);
	ck_assert_int_eq(btf_member(btf, 99, "pid", &off, &size), -EINVAL);
	btf_free(btf);
}
END_TEST

START_TEST(refuses_broken_blobs)
{
	struct blob b;
	struct btf *btf = NULL;
	struct btf_header h;

	sample(&b);
	/* shorter than its header, or than what the header says */
	ck_assert_int_eq(btf_parse(b.out, 10, &btf), -EINVAL);
	ck_assert_int_eq(btf_parse(b.out, b.len - 1, &btf), -EINVAL);
	/* not BTF */
	b.out[0] ^= 0xff;
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
	b.out[0] ^= 0xff;
	/* strings that do not end in NUL */
	b.out[b.len - 1] = 'x';
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
	b.out[b.len - 1] = '\0';
	/* a type section cut in the middle of a record */
	memcpy(&h, b.out, sizeof(h));
	h.type_len -= 4;
	memcpy(b.out, &h, sizeof(h));
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
	ck_assert_ptr_null(btf);

	/* a kind this does not know */
	blob_init(&b);
	type(&b, "x", 31, 0, 0, 0);
	finish(&b);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
	/* more members than bytes */
	blob_init(&b);
	type(&b, "s", BTF_KIND_STRUCT, 1000, 0, 8);
	finish(&b);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
	/* a member's name past the strings */
	blob_init(&b);
	type(&b, "s", BTF_KIND_STRUCT, 1, 0, 8);
	put(&b, &(struct btf_member){400, 0, 0}, sizeof(struct btf_member));
	finish(&b);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
	/* a name past the strings */
	blob_init(&b);
	type(&b, "", BTF_KIND_PTR, 0, 0, 0);
	finish(&b);
	memcpy(b.out + sizeof(h), &(uint32_t){500}, 4);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), -EINVAL);
}
END_TEST

/* A typedef that names itself cannot be sized: no member of that type
 * is read, and nothing loops. */
START_TEST(a_loop_of_types_ends)
{
	struct blob b;
	struct btf *btf;
	uint32_t off, size;

	blob_init(&b);
	type(&b, "loop", BTF_KIND_TYPEDEF, 0, 0, 1);
	type(&b, "s", BTF_KIND_STRUCT, 1, 0, 8);
	member(&b, "m", 1, 0);
	finish(&b);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), 0);
	ck_assert_int_eq(btf_member(btf, 2, "m", &off, &size), -EINVAL);
	btf_free(btf);
}
END_TEST

/* The kernel's structures, as the program needs them; pid_size and
 * ino_size vary to test the layout's checks. */
static void
kernel_like(struct blob *b, uint32_t ino_size)
{
	blob_init(b);
	type(b, "int", BTF_KIND_INT, 0, 0, 4); /* 1 */
	u32(b, 32);
	type(b, "u64", BTF_KIND_INT, 0, 0, ino_size); /* 2 */
	u32(b, ino_size * 8);
	type(b, "u16", BTF_KIND_INT, 0, 0, 2); /* 3 */
	u32(b, 16);
	type(b, "", BTF_KIND_PTR, 0, 0, 0);	/* 4 */
	type(b, "char", BTF_KIND_INT, 0, 0, 1); /* 5 */
	u32(b, 8);
	type(b, "", BTF_KIND_ARRAY, 0, 0, 0); /* 6: char[16] */
	put(b, &(struct btf_array){5, 1, 16}, sizeof(struct btf_array));
	type(b, "bpf_iter__task_file", BTF_KIND_STRUCT, 4, 0, 32); /* 7 */
	member(b, "meta", 4, 0);
	member(b, "task", 4, 64);
	member(b, "fd", 1, 128);
	member(b, "file", 4, 192);
	type(b, "bpf_iter_meta", BTF_KIND_STRUCT, 1, 0, 8); /* 8 */
	member(b, "seq", 4, 0);
	type(b, "task_struct", BTF_KIND_STRUCT, 3, 0, 3000); /* 9 */
	member(b, "pid", 1, 1264 * 8);
	member(b, "tgid", 1, 1268 * 8);
	member(b, "comm", 6, 1752 * 8);
	type(b, "file", BTF_KIND_STRUCT, 1, 0, 64); /* 10 */
	member(b, "f_inode", 4, 32 * 8);
	type(b, "inode", BTF_KIND_STRUCT, 2, 0, 128); /* 11 */
	member(b, "i_mode", 3, 0);
	member(b, "i_ino", 2, 64 * 8);
	type(b, "bpf_iter_task_file", BTF_KIND_FUNC, 0, 0, 0); /* 12 */
	finish(b);
}

START_TEST(lays_the_program_out_from_btf)
{
	struct blob b;
	struct btf *btf;
	struct taskfiles_layout l;
	struct bpf_insn insns[64];
	size_t n, i;

	kernel_like(&b, 8);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), 0);
	ck_assert_int_eq(taskfiles_layout(btf, &l), 0);
	btf_free(btf);
	ck_assert_uint_eq(l.iter_func, 12);
	ck_assert_uint_eq(l.ctx_task, 8);
	ck_assert_uint_eq(l.ctx_fd, 16);
	ck_assert_uint_eq(l.ctx_file, 24);
	ck_assert_uint_eq(l.task_tgid, 1268);
	ck_assert_uint_eq(l.task_comm, 1752);
	ck_assert_uint_eq(l.inode_ino, 64);

	n = taskfiles_program(&l, insns, 64);
	ck_assert_uint_gt(n, 10);
	/* every jump lands on the "return 0" that ends it */
	for (i = 0; i < n; i++) {
		unsigned op = insns[i].code;

		if (BPF_CLASS(op) == BPF_JMP && BPF_OP(op) != BPF_CALL &&
		    BPF_OP(op) != BPF_EXIT)
			ck_assert_int_eq((long)i + 1 + insns[i].off,
			    (long)n - 2);
	}
	ck_assert_uint_eq(insns[n - 1].code, BPF_JMP | BPF_EXIT);
	/* the record goes out whole */
	ck_assert_int_eq(insns[n - 4].imm, (int)sizeof(struct taskfiles_rec));
	ck_assert_int_eq(insns[n - 3].imm, BPF_FUNC_seq_write);
	/* too little room, or an offset no instruction can hold */
	ck_assert_uint_eq(taskfiles_program(&l, insns, 5), 0);
	l.task_comm = 40000;
	ck_assert_uint_eq(taskfiles_program(&l, insns, 64), 0);

	/* i_ino of 4 bytes: not the kernel the program reads */
	kernel_like(&b, 4);
	ck_assert_int_eq(btf_parse(b.out, b.len, &btf), 0);
	ck_assert_int_eq(taskfiles_layout(btf, &l), -ENOENT);
	btf_free(btf);
}
END_TEST

static void
count_rec(const struct taskfiles_rec *rec, void *ctx)
{
	size_t *n = ctx;

	ck_assert_uint_eq(rec->fd, (uint32_t)*n);
	(*n)++;
}

START_TEST(parses_whole_records_only)
{
	struct taskfiles_rec recs[3];
	size_t n = 0;

	memset(recs, 0, sizeof(recs));
	recs[1].fd = 1;
	recs[2].fd = 2;
	ck_assert_uint_eq(
	    taskfiles_parse(recs, sizeof(recs) - 1, count_rec, &n), 2);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(taskfiles_parse(recs, 31, count_rec, &n), 0);
}
END_TEST

struct find_ctx {
	uint32_t pid, fd;
	uint64_t inode;
	int found;
	char comm[16];
};

static void
find_rec(const struct taskfiles_rec *rec, void *data)
{
	struct find_ctx *f = data;

	if (rec->pid == f->pid && rec->fd == f->fd) {
		f->found++;
		f->inode = rec->inode;
		memcpy(f->comm, rec->comm, sizeof(f->comm));
	}
}

/* The live iterator, where this process may load it: our own socket,
 * with its fd, inode and our name. */
START_TEST(reads_this_process_socket)
{
	struct find_ctx f = {0};
	char comm[32] = "";
	struct stat sb;
	FILE *cf;
	int s = socket(AF_INET, SOCK_DGRAM, 0), err;

	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(fstat(s, &sb), 0);
	f.pid = (uint32_t)getpid();
	f.fd = (uint32_t)s;
	err = taskfiles_read(find_rec, &f);
	close(s);
	if (err < 0) {
		printf("check_btf: no live read (%s): the kernel or the rights "
		       "do not allow it here\n",
		    strerror(-err));
		return;
	}
	ck_assert_int_eq(f.found, 1);
	ck_assert_uint_eq(f.inode, (uint64_t)sb.st_ino);
	cf = fopen("/proc/self/comm", "r");
	ck_assert_ptr_nonnull(cf);
	ck_assert_ptr_nonnull(fgets(comm, sizeof(comm), cf));
	fclose(cf);
	comm[strcspn(comm, "\n")] = '\0';
	ck_assert_int_eq(strncmp(f.comm, comm, sizeof(f.comm)), 0);
}
END_TEST

static Suite *
btf_suite(void)
{
	Suite *s = suite_create("btf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, finds_types_and_members);
	tcase_add_test(tc, refuses_broken_blobs);
	tcase_add_test(tc, a_loop_of_types_ends);
	tcase_add_test(tc, lays_the_program_out_from_btf);
	tcase_add_test(tc, parses_whole_records_only);
	tcase_add_test(tc, reads_this_process_socket);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(btf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
