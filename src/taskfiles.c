/* SPDX-License-Identifier: MIT */
#include "taskfiles.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "btf.h"
#include "lineread.h"

/* The kernel's BTF, a few MB (6.18: 5.5 MB); a larger file is not read. */
#define TASKFILES_BTF_MAX (64u * 1024 * 1024)
#define TASKFILES_BTF_PATH "/sys/kernel/btf/vmlinux"
/* The program's length, in instructions. */
#define TASKFILES_INSNS 30
/* One read of the iterator: whole records, as many as fit. */
#define TASKFILES_READ_SIZE (64 * 1024)

/* The offset of member name (of want bytes; at least want with
 * at_least) of struct sname into *off. */
static int
member(const struct btf *b, const char *sname, const char *name, uint32_t want,
    bool at_least, uint32_t *off)
{
	uint32_t id = btf_find(b, BTF_KIND_STRUCT, sname), size;

	if (id == 0 || btf_member(b, id, name, off, &size) < 0 ||
	    (at_least ? size < want : size != want))
		return -ENOENT;
	return 0;
}

int
taskfiles_layout(const struct btf *b, struct taskfiles_layout *l)
{
	static const char ctx[] = "bpf_iter__task_file";

	if ((l->iter_func = btf_find(b, BTF_KIND_FUNC, "bpf_iter_task_file")) ==
		0 ||
	    member(b, ctx, "meta", 8, false, &l->ctx_meta) < 0 ||
	    member(b, ctx, "task", 8, false, &l->ctx_task) < 0 ||
	    member(b, ctx, "fd", 4, false, &l->ctx_fd) < 0 ||
	    member(b, ctx, "file", 8, false, &l->ctx_file) < 0 ||
	    member(b, "bpf_iter_meta", "seq", 8, false, &l->meta_seq) < 0 ||
	    member(b, "task_struct", "pid", 4, false, &l->task_pid) < 0 ||
	    member(b, "task_struct", "tgid", 4, false, &l->task_tgid) < 0 ||
	    member(b, "task_struct", "comm", 16, true, &l->task_comm) < 0 ||
	    member(b, "file", "f_inode", 8, false, &l->file_inode) < 0 ||
	    member(b, "inode", "i_mode", 2, false, &l->inode_mode) < 0 ||
	    member(b, "inode", "i_ino", 8, false, &l->inode_ino) < 0)
		return -ENOENT;
	return 0;
}

#define INSN(c, d, s, o, i)                                                    \
	((struct bpf_insn){.code = (c),                                        \
	    .dst_reg = (d),                                                    \
	    .src_reg = (s),                                                    \
	    .off = (o),                                                        \
	    .imm = (i)})
#define MOV_REG(d, s) INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define LOAD(size, d, s, o) INSN(BPF_LDX | BPF_MEM | (size), d, s, o, 0)
#define STORE(size, d, s, o) INSN(BPF_STX | BPF_MEM | (size), d, s, o, 0)
#define JEQ_IMM(d, i, o) INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JNE_IMM(d, i, o) INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define JNE_REG(d, s, o) INSN(BPF_JMP | BPF_JNE | BPF_X, d, s, o, 0)
#define AND_IMM(d, i) INSN(BPF_ALU64 | BPF_AND | BPF_K, d, 0, 0, i)
#define ADD_IMM(d, i) INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define CALL(f) INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The stack slot of the record, at r10 - 32 (see struct taskfiles_rec). */
#define REC_AT (-32)

size_t
taskfiles_program(const struct taskfiles_layout *l, void *insns, size_t cap)
{
	/* r6 ctx, r7 task, r8 file, r9 inode; every jump goes to "out",
	 * the last two instructions: target = pc + 1 + off */
	const uint32_t offs[] = {l->ctx_meta, l->ctx_task, l->ctx_fd,
	    l->ctx_file, l->meta_seq, l->task_pid, l->task_tgid,
	    l->task_comm + 8, l->file_inode, l->inode_mode, l->inode_ino};
	size_t i;

	if (cap < TASKFILES_INSNS)
		return 0;
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		if (offs[i] > INT16_MAX)
			return 0;
	{
		const struct bpf_insn p[TASKFILES_INSNS] = {
		    MOV_REG(6, 1),
		    LOAD(BPF_DW, 7, 6, (int16_t)l->ctx_task),
		    JEQ_IMM(7, 0, 25), /* no task: the iterator's end */
		    LOAD(BPF_DW, 8, 6, (int16_t)l->ctx_file),
		    JEQ_IMM(8, 0, 23),
		    /* a thread with a table of its own is not in
		     * /proc/PID/fd: only the leader's */
		    LOAD(BPF_W, 2, 7, (int16_t)l->task_pid),
		    LOAD(BPF_W, 3, 7, (int16_t)l->task_tgid),
		    JNE_REG(2, 3, 20),
		    LOAD(BPF_DW, 9, 8, (int16_t)l->file_inode),
		    JEQ_IMM(9, 0, 18),
		    LOAD(BPF_H, 2, 9, (int16_t)l->inode_mode),
		    AND_IMM(2, S_IFMT),
		    JNE_IMM(2, S_IFSOCK, 15),
		    STORE(BPF_W, 10, 3, REC_AT),
		    LOAD(BPF_W, 2, 6, (int16_t)l->ctx_fd),
		    STORE(BPF_W, 10, 2, REC_AT + 4),
		    LOAD(BPF_DW, 2, 9, (int16_t)l->inode_ino),
		    STORE(BPF_DW, 10, 2, REC_AT + 8),
		    LOAD(BPF_DW, 2, 7, (int16_t)l->task_comm),
		    STORE(BPF_DW, 10, 2, REC_AT + 16),
		    LOAD(BPF_DW, 2, 7, (int16_t)(l->task_comm + 8)),
		    STORE(BPF_DW, 10, 2, REC_AT + 24),
		    LOAD(BPF_DW, 1, 6, (int16_t)l->ctx_meta),
		    LOAD(BPF_DW, 1, 1, (int16_t)l->meta_seq),
		    MOV_REG(2, 10),
		    ADD_IMM(2, REC_AT),
		    MOV_IMM(3, (int32_t)sizeof(struct taskfiles_rec)),
		    CALL(BPF_FUNC_seq_write),
		    MOV_IMM(0, 0), /* out */
		    EXIT,
		};

		memcpy(insns, p, sizeof(p));
	}
	return TASKFILES_INSNS;
}

size_t
taskfiles_parse(const void *buf, size_t n, taskfiles_fn fn, void *ctx)
{
	const unsigned char *p = buf;
	struct taskfiles_rec rec;
	size_t k = 0;

	for (; n >= sizeof(rec); n -= sizeof(rec), p += sizeof(rec), k++) {
		memcpy(&rec, p, sizeof(rec));
		fn(&rec, ctx);
	}
	return k;
}

static int
sys_bpf(int cmd, union bpf_attr *attr)
{
	long fd = syscall(SYS_bpf, cmd, attr, sizeof(*attr));

	return fd < 0 ? -errno : (int)fd;
}

/* The kernel's layout, from its BTF: mapped where the kernel lets it be
 * (Linux 6.16 on: no copy), else read (5.5 MB in 4 KB reads: 4 ms). */
static int
kernel_layout(struct taskfiles_layout *l)
{
	struct btf *b;
	struct stat sb;
	void *map = MAP_FAILED;
	char *blob = NULL;
	size_t len = 0;
	int fd, err;

	fd = open(TASKFILES_BTF_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (uint64_t)sb.st_size <= TASKFILES_BTF_MAX) {
		len = (size_t)sb.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	if (map == MAP_FAILED &&
	    (err = lineread_whole(AT_FDCWD, TASKFILES_BTF_PATH,
		 TASKFILES_BTF_MAX, &blob, &len)) < 0)
		return err;
	if ((err = btf_parse(map != MAP_FAILED ? map : blob, len, &b)) == 0) {
		err = taskfiles_layout(b, l);
		btf_free(b);
	}
	if (map != MAP_FAILED)
		munmap(map, len);
	free(blob);
	return err;
}

/* Load the program for the kernel's layout; a fd, or -errno. */
static int
load(void)
{
	struct bpf_insn insns[TASKFILES_INSNS];
	struct taskfiles_layout l = {0};
	union bpf_attr attr;
	int err;

	if ((err = kernel_layout(&l)) < 0)
		return err;
	if (taskfiles_program(&l, insns, TASKFILES_INSNS) == 0)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACING;
	attr.expected_attach_type = BPF_TRACE_ITER;
	attr.attach_btf_id = l.iter_func;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = TASKFILES_INSNS;
	/* bpf_seq_write is for GPL-compatible programs; this one is
	 * sockview's (MIT), offered under the GPL as well */
	attr.license = (uintptr_t) "Dual MIT/GPL";
	memcpy(attr.prog_name, "sv_taskfiles", sizeof("sv_taskfiles"));
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* Read the iterator at fd to its end, giving fn each record. */
static int
drain(int fd, taskfiles_fn fn, void *ctx)
{
	static const size_t size = TASKFILES_READ_SIZE;
	char *buf = malloc(size);
	size_t have = 0, used;
	ssize_t got;
	int err = 0;

	if (buf == NULL)
		return -ENOMEM;
	for (;;) {
		got = read(fd, buf + have, size - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = got < 0 ? -errno : 0;
			break;
		}
		have += (size_t)got;
		used = taskfiles_parse(buf, have, fn, ctx) *
		       sizeof(struct taskfiles_rec);
		/* a record cut between two reads is kept for the next */
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
	return err;
}

int
taskfiles_read(taskfiles_fn fn, void *ctx)
{
	union bpf_attr attr;
	int prog, link, iter, err;

	if (sizeof(void *) != 8)
		return -ENOTSUP; /* the program reads 8-byte pointers */
	if ((prog = load()) < 0)
		return prog;
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (uint32_t)prog;
	attr.link_create.attach_type = BPF_TRACE_ITER;
	if ((link = sys_bpf(BPF_LINK_CREATE, &attr)) < 0) {
		close(prog);
		return link;
	}
	memset(&attr, 0, sizeof(attr));
	attr.iter_create.link_fd = (uint32_t)link;
	iter = sys_bpf(BPF_ITER_CREATE, &attr);
	err = iter < 0 ? iter : drain(iter, fn, ctx);
	if (iter >= 0)
		close(iter);
	close(link);
	close(prog);
	return err;
}
