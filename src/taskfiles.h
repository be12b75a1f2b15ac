/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_TASKFILES_H
#define SOCKVIEW_TASKFILES_H

#include <stddef.h>
#include <stdint.h>

struct btf;

/*
 * Every process's socket fds in one pass: the kernel's task_file BPF
 * iterator runs a small program of ours over each fd of each process and
 * writes (pid, fd, inode, comm) for the sockets, which a read() of the
 * iterator returns. The same fd tables /proc/PID/fd shows (thread-group
 * leaders only), without a path walk and a readlink per fd: where it may
 * be used (CAP_BPF and CAP_PERFMON, a kernel with BTF and BPF
 * iterators), it replaces the /proc walk; anything else falls back to
 * that walk. The program only reads: it writes nothing in the kernel.
 */

/* One record of the iterator: as the program writes it. */
struct taskfiles_rec {
	uint32_t pid; /* the thread-group id, in the initial pid namespace */
	uint32_t fd;
	uint64_t inode; /* the socket's, as in "socket:[inode]" */
	char comm[16];	/* the process's name, NUL-padded */
};

/* Where the program reads: the kernel's offsets, from its BTF. */
struct taskfiles_layout {
	uint32_t iter_func; /* BTF id of bpf_iter_task_file */
	uint32_t ctx_meta, ctx_task, ctx_fd, ctx_file; /* bpf_iter__task_file */
	uint32_t meta_seq;			       /* bpf_iter_meta */
	uint32_t task_pid, task_tgid, task_comm;       /* task_struct */
	uint32_t file_inode;			       /* file */
	uint32_t inode_mode, inode_ino;		       /* inode */
};

/* The layout from the kernel's BTF b; 0, or -ENOENT when a type or
 * member is missing or not of the size the program reads. */
int taskfiles_layout(const struct btf *b, struct taskfiles_layout *l);

/* The program's instructions for l into insns (room for cap, as struct
 * bpf_insn); returns how many, 0 when cap is too small or an offset does
 * not fit an instruction. */
size_t taskfiles_program(const struct taskfiles_layout *l, void *insns,
    size_t cap);

typedef void (*taskfiles_fn)(const struct taskfiles_rec *rec, void *ctx);

/* Give fn each whole record in the n bytes at buf; returns how many. A
 * trailing part of a record is left out. */
size_t taskfiles_parse(const void *buf, size_t n, taskfiles_fn fn, void *ctx);

/* Read every process's socket fds through the iterator, giving each to
 * fn. Returns 0, or -errno: -EPERM (no CAP_BPF, or BPF not allowed
 * here), -ENOENT (no BTF, or no task_file iterator), -EINVAL (a kernel
 * whose layout the program does not fit), ... Nothing was given to fn
 * unless it returns 0 or the read failed midway (then the caller drops
 * what it got). */
int taskfiles_read(taskfiles_fn fn, void *ctx);

#endif
