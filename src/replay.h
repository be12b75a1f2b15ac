/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_REPLAY_H
#define SOCKVIEW_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recfmt.h"

/*
 * --replay FILE: a recording (ours, or what `ss -D` writes) read back in
 * place of the kernel and /proc. A recording is untrusted input: the
 * whole file is checked when it is opened, every length against what is
 * left of it, and anything that is not as the format says is refused.
 */
struct replay;
struct sockdiag;

/* Largest recording read. */
#define REPLAY_FILE_MAX (256u << 20)

/* Read and check the recording at path; returns 0, or -errno for a file
 * that cannot be read (-EFBIG: over REPLAY_FILE_MAX), or -EBADMSG with a
 * one-line reason in why (size bytes) for one that is not a recording.
 * Caller frees. */
int replay_open(const char *path, struct replay **out, char *why,
    size_t why_size);
/* The same for the len bytes at data (copied). */
int replay_open_mem(const void *data, size_t len, struct replay **out,
    char *why, size_t why_size);
/* Free; accepts NULL. */
void replay_free(struct replay *rp);
/* Whether the recording is ss -D's, which has no trailer: it then holds
 * TCP dumps only. */
bool replay_is_ss(const struct replay *rp);
/* A handle that answers a dump request with the recording's first dump
 * not yet replayed of family and proto (0 for AF_UNIX), as the kernel
 * would have; NULL when it holds none. Caller closes it before the next
 * call. */
struct sockdiag *replay_dump(struct replay *rp, uint8_t family, uint8_t proto);
/* The recorded bytes of the /proc file name ("net/tcp"), as a file open
 * for reading (the caller closes it); -ENOENT when none were recorded,
 * or -errno. */
int replay_file(const struct replay *rp, const char *name);
/* The recorded owners: n of them; borrowed. */
const struct recfmt_owner *replay_owners(const struct replay *rp, size_t *n);
/* pid's recorded program name (*len bytes, not NUL-terminated), or NULL;
 * borrowed. */
const char *replay_process(const struct replay *rp, int32_t pid, size_t *len);
/* uid's recorded user name, or NULL; borrowed. */
const char *replay_user(const struct replay *rp, uint32_t uid, size_t *len);
/* The i-th recorded user name (*len bytes) and its *uid, or NULL past
 * the last; borrowed. */
const char *replay_user_at(const struct replay *rp, size_t i, uint32_t *uid,
    size_t *len);
/* -N all's recordings: how many namespaces the recording holds (0 for
 * others), and the i-th one's inode and name (*len bytes, borrowed),
 * or NULL past the last. */
size_t replay_netns_count(const struct replay *rp);
const char *replay_netns_at(const struct replay *rp, size_t i, uint64_t *inode,
    size_t *len);
/* Replay only the i-th namespace's dumps and files from now on. */
void replay_select_netns(struct replay *rp, size_t i);
/* What the recorded owner scan could not read; false when the recording
 * holds no owner scan. */
bool replay_scan(const struct replay *rp, struct recfmt_scan *scan);

#endif
