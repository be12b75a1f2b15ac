/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_UNIXSOCK_H
#define SOCKVIEW_UNIXSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The record of -x: one UNIX domain socket, as unix_diag (netlink) or
 * /proc/net/unix reports it. Both sources fill what netstat -x shows;
 * netlink adds the peer, the queues and the owner's uid.
 */

/* netstat's socket states (SS_* of the kernel's struct socket). */
enum {
	UNIXSOCK_SS_FREE = 0,
	UNIXSOCK_SS_UNCONNECTED,
	UNIXSOCK_SS_CONNECTING,
	UNIXSOCK_SS_CONNECTED,
	UNIXSOCK_SS_DISCONNECTING,
};

/* netstat's flags, as /proc/net/unix writes them (only ACC is set by
 * kernels since 2.6; W and N are kept for old files). */
enum {
	UNIXSOCK_FLAG_ACC = 1 << 16, /* __SO_ACCEPTCON: listening */
	UNIXSOCK_FLAG_W = 1 << 17,   /* SO_WAITDATA */
	UNIXSOCK_FLAG_N = 1 << 18,   /* SO_NOSPACE */
};

/* Longest name: sun_path's 108 bytes, an abstract one with its '@'. */
#define UNIXSOCK_PATH_MAX 108

struct unix_rec {
	uint8_t type;	 /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	uint8_t state;	 /* UNIXSOCK_SS_* */
	bool has_refcnt; /* netlink has no reference count */
	bool has_peer;	 /* netlink only */
	bool has_queues; /* netlink only */
	bool has_uid;	 /* netlink, kernel 5.3 and later */
	uint32_t flags;	 /* UNIXSOCK_FLAG_* */
	uint32_t refcnt;
	/* bytes queued; for a listener, pending connections and backlog */
	uint32_t rqueue, wqueue;
	uint32_t uid;
	uint64_t inode;	  /* 0: not yet accepted, or closing */
	uint64_t peer;	  /* the peer's inode; 0: none */
	uint64_t netns;	  /* -N all: its network namespace's inode; else 0 */
	uint8_t path_len; /* 0: unnamed */
	/* the name as /proc shows it: an abstract one starts with '@' and
	 * its NUL bytes are '@'; not NUL-terminated */
	char path[UNIXSOCK_PATH_MAX];
};

/* Called for each record a source produces; returns 0 or -errno to stop. */
typedef int (*unixsock_sink_fn)(const struct unix_rec *rec, void *ctx);

/* A growable array of records; owns its array. */
struct unixsock_list {
	struct unix_rec *v;
	size_t len, cap;
};

/* Empty list; no allocation until the first push. */
void unixsock_list_init(struct unixsock_list *list);
/* Free the array; the list is empty again. */
void unixsock_list_fini(struct unixsock_list *list);
/* A unixsock_sink_fn that appends a copy to the list passed as ctx. */
int unixsock_list_sink(const struct unix_rec *rec, void *ctx);

/* The order of two records (struct unix_rec) by what makes a socket the
 * same from one listing to the next: inode, type, state and name. */
int unixsock_identity_cmp(const void *a, const void *b);
/* Store a socket's name as the kernel reports it (n bytes of sun_path,
 * a path with or without its final NUL, an abstract name starting with
 * NUL) in /proc's form. */
void unixsock_set_name(struct unix_rec *rec, const char *name, size_t n);
/* netstat's state for a kernel sk_state (TCP_LISTEN, TCP_ESTABLISHED,
 * TCP_CLOSE) of a socket with (inode != 0) or without a struct socket. */
uint8_t unixsock_state_from_kernel(uint8_t sk_state, bool has_socket);
/* Whether netstat counts rec as a server: unconnected and accepting. */
bool unixsock_is_listening(const struct unix_rec *rec);
/* "STREAM", "DGRAM", "SEQPACKET", ...; borrowed. */
const char *unixsock_type_name(uint8_t type);
/* "LISTENING", "CONNECTED", "" (unconnected), ...; borrowed. */
const char *unixsock_state_name(const struct unix_rec *rec);
/* "[ ACC ]" into buf (at least 16 bytes); returns the length. */
size_t unixsock_flags_text(uint32_t flags, char *buf);

#endif
