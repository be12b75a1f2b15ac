/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_RECORD_H
#define SOCKVIEW_RECORD_H

#include <stddef.h>
#include <stdint.h>

/*
 * --record FILE: the recording's writer (the format is in recfmt.h).
 * The file is written under no name, or a temporary one, beside FILE,
 * and takes FILE's name only once it is complete, replacing what was
 * there: an interrupted recording never leaves half a file under FILE.
 */
struct record;
struct recfmt_scan;

/* Start a recording that will be path; returns 0 or -errno. */
int record_open(const char *path, struct record **out);
/* The dump that follows asked for family, proto and the ext bits. */
void record_dump(struct record *rec, uint8_t family, uint8_t proto,
    uint32_t ext);
/* A datagram of the dump's replies, as received (a sockdiag_tap_fn). */
void record_netlink(void *rec, const void *buf, size_t len);
/* Bytes read from the file name ("net/tcp") under /proc, in order (a
 * lineread_tap's read). */
void record_file(void *rec, const char *name, const void *buf, size_t len);
/* inode is held by pid as its fd. */
void record_owner(struct record *rec, uint64_t inode, int32_t pid, int32_t fd);
/* pid's program name, len bytes of any value. */
void record_process(struct record *rec, int32_t pid, const char *name,
    size_t len);
/* uid's user name. */
void record_user(struct record *rec, uint32_t uid, const char *name,
    size_t len);
/* -N all: the dumps and files that follow are of the namespace inode,
 * named name (len bytes). */
void record_netns(struct record *rec, uint64_t inode, const char *name,
    size_t len);
/* What the owner scan read, and could not. */
void record_scan(struct record *rec, const struct recfmt_scan *scan);
/* Write the trailer and give the file its name; returns 0 or -errno.
 * Frees rec either way. */
int record_commit(struct record *rec);
/* Drop the unfinished recording; accepts NULL. */
void record_abort(struct record *rec);

#endif
