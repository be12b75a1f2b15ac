/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_BTF_H
#define SOCKVIEW_BTF_H

#include <stddef.h>
#include <stdint.h>

/*
 * The kernel's BPF Type Format (/sys/kernel/btf/vmlinux): where a member
 * lies in a kernel structure, and the type id of a kernel function, for
 * a BPF program that reads them (taskfiles.c). The blob is untrusted
 * input: every record is checked against the blob's bounds when it is
 * indexed, and an unknown kind of type makes the whole blob unreadable.
 */
struct btf;

/* Index the len bytes at data (borrowed: kept until btf_free). Returns
 * 0 with *out set, or -EINVAL when the blob is not BTF this reads. */
int btf_parse(const void *data, size_t len, struct btf **out);
/* Free; accepts NULL. */
void btf_free(struct btf *b);
/* The id of the first type of kind (BTF_KIND_STRUCT, BTF_KIND_FUNC, ...)
 * named name; 0 when there is none. */
uint32_t btf_find(const struct btf *b, unsigned kind, const char *name);
/* Where member name of the struct or union id lies: its byte offset and
 * size, looked for in nameless struct and union members too. Returns 0,
 * or -ENOENT (no such member, or a bitfield), -EINVAL (id is not a struct
 * or union, or a type cannot be sized). */
int btf_member(const struct btf *b, uint32_t id, const char *name,
    uint32_t *offset, uint32_t *size);

#endif
