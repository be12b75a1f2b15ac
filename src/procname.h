/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_PROCNAME_H
#define SOCKVIEW_PROCNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The program-name cache: each process's name (comm), read once from
 * <proc_root>/PID/comm, kept raw and escaped for text. The owners step
 * loads the names of the owners it will show; formatters only look them
 * up, and never read a file.
 */
struct procname;

/* An empty cache for proc_root ("/proc"). Caller frees. */
struct procname *procname_new(const char *proc_root);
/* Free; accepts NULL. */
void procname_free(struct procname *pn);
/* Read pid's name unless this round has it already. Returns 0 (known),
 * -ENOENT (the process is gone) or -errno (it could not be read:
 * EMFILE, EACCES); *fresh tells whether it was read now. */
int procname_load(struct procname *pn, int32_t pid, bool *fresh);
/* Whether names read elsewhere are taken (procname_supply): only before
 * the first round of -c, whose names come with a start time, and not
 * offline. */
bool procname_takes_names(const struct procname *pn);
/* Take raw (n bytes, the comm file without its newline) as pid's name,
 * read beside its fds by the owners scan, as procname_load would have
 * read it; ignored unless procname_takes_names. */
void procname_supply(struct procname *pn, int32_t pid, const char *raw,
    size_t n);
/* The escaped name of pid, or the raw one (any bytes but NUL), as
 * procname_load left it; NULL when it was not loaded or has no name.
 * Borrowed: valid until the next procname_begin_round. */
const char *procname_get(const struct procname *pn, int32_t pid, bool raw);
/* Whether loading pid's name failed for another reason than its exit. */
bool procname_unreadable(const struct procname *pn, int32_t pid);
/* Take raw (n bytes) as pid's name, as a recording says (--replay). */
void procname_preset(struct procname *pn, int32_t pid, const char *raw,
    size_t n);
/* Read no file any more (--replay): a name not preset is that of a
 * process gone. */
void procname_set_offline(struct procname *pn);
/* Start a round of -c/--continuous: keep the names loaded in the round
 * before, dropping the rest (memory stays flat). From the first call on,
 * names come from <proc_root>/PID/stat, which also gives the process's
 * start time; a kept name is used again only while the pid's start time
 * is the same, so a reused pid is never taken for the old process. */
void procname_begin_round(struct procname *pn);
/* Parse a /proc/PID/stat line (n bytes): the program name (*comm, *len,
 * pointing into text) and the start time (field 22, clock ticks after
 * boot). Returns 0, or -1 when it is malformed. */
int procname_parse_stat(const char *text, size_t n, const char **comm,
    size_t *len, uint64_t *start);

#endif
