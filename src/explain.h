/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_EXPLAIN_H
#define SOCKVIEW_EXPLAIN_H

#include <stddef.h>

#include "sock.h"

struct owners;
struct services;
struct sockext_table;

/*
 * --explain: what netstat users learn by hand, in plain words, for one
 * socket. Only what is true of that socket is said. Local connections
 * are paired with their other half, found in the whole socket table.
 */
struct explain;

/* An explainer over every socket of the machine (the n records of all,
 * borrowed: they must outlive the explainer); services and owners may be
 * NULL. Caller frees. */
struct explain *explain_new(const struct sock_rec *all, size_t n,
    const struct services *svc, const struct owners *owners);
/* Free; accepts NULL. */
void explain_free(struct explain *ex);
/* -i: say what the records' tcp_info tells too (table borrowed; NULL:
 * nothing). */
void explain_set_ext(struct explain *ex, const struct sockext_table *table);
/* The sentences for rec, joined by "; ", into buf (size bytes, always
 * NUL-terminated); returns the length. Untrusted text in them (program
 * names, services comments) is escaped. */
size_t explain_socket(struct explain *ex, const struct sock_rec *rec, char *buf,
    size_t size);

#endif
