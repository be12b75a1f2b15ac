/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_RECFMT_H
#define SOCKVIEW_RECFMT_H

#include <stdint.h>

/*
 * The recording format (--record, --replay), version 1.
 *
 * A recording is what `ss -D` writes, and more after it. First the
 * netlink replies of every dump the listing made, back to back, exactly
 * as they were received: each dump's messages, ending with its
 * NLMSG_DONE (or the NLMSG_ERROR with which the kernel refused it). A
 * recording of a TCP listing therefore begins as ss -D's does, and ss
 * reads it (TCPDIAG_FILE) up to the first NLMSG_DONE.
 *
 * Then the trailer: netlink messages of type RECFMT_TYPE, which no
 * sock_diag reply has, each a struct recfmt_head and one record of its
 * kind. Numbers are in the recording machine's byte order, as netlink's
 * are; every length is checked against what is left of its message.
 *
 *   RECFMT_DUMP     one per dump, in the order of the dumps: what it
 *                   asked for (struct recfmt_dump)
 *   RECFMT_FILE     bytes read from a file under /proc, in order: u16
 *                   name length, the name ("net/tcp"), the bytes; a file
 *                   read in several parts comes in several messages
 *   RECFMT_OWNER    sockets' owners: struct recfmt_owner, repeated
 *   RECFMT_PROCESS  a process's name: struct recfmt_process, the name
 *   RECFMT_USER     a user's name: struct recfmt_user, the name
 *   RECFMT_SCAN     what the owner scan could not read (struct
 *                   recfmt_scan)
 *   RECFMT_NETNS    -N all: the network namespace the dumps and files
 *                   that follow belong to, up to the next RECFMT_NETNS
 *                   (struct recfmt_netns, then its name); a reader that
 *                   skips it sees every namespace's dumps, in order
 *
 * A reader skips kinds it does not know, so later versions may add
 * kinds; a change to an existing kind's layout takes a new version.
 */

#define RECFMT_TYPE 0x5356 /* "SV"; sock_diag replies are type 20 */
#define RECFMT_MAGIC "SVRC"
#define RECFMT_VERSION 1
/* The largest trailer message we write: longer data is split. */
#define RECFMT_CHUNK 32768

enum recfmt_kind {
	RECFMT_DUMP = 1,
	RECFMT_FILE = 2,
	RECFMT_OWNER = 3,
	RECFMT_PROCESS = 4,
	RECFMT_USER = 5,
	RECFMT_SCAN = 6,
	RECFMT_NETNS = 7,
};

struct recfmt_head {
	char magic[4]; /* RECFMT_MAGIC, without its NUL */
	uint16_t version;
	uint16_t kind; /* enum recfmt_kind */
};

struct recfmt_dump {
	uint8_t family; /* AF_INET, AF_INET6, AF_UNIX */
	uint8_t proto;	/* IPPROTO_*; 0 for AF_UNIX */
	uint16_t flags; /* 0 */
	uint32_t ext;	/* the idiag_ext bits (unix: udiag_show) asked for */
};

struct recfmt_owner {
	uint64_t inode;
	int32_t pid;
	int32_t fd;
};

struct recfmt_process {
	int32_t pid;
	uint16_t len; /* the name's bytes that follow */
	uint16_t flags;
};

struct recfmt_user {
	uint32_t uid;
	uint16_t len; /* the name's bytes that follow */
	uint16_t flags;
};

struct recfmt_scan {
	/* whose fds were read; through the task_file iterator, those that
	 * hold a socket (it reads every one) */
	uint64_t processes;
	uint64_t hidden; /* that could not be read */
	uint64_t denied; /* of those, for EACCES or EPERM */
	int32_t error;	 /* the first errno of the others, or 0 */
	uint32_t flags;	 /* 0 */
};

struct recfmt_netns {
	uint64_t inode; /* the namespace's inode on the recording machine */
	uint16_t len;	/* the name's bytes that follow (its Netns name) */
	uint16_t flags; /* 0 */
	uint32_t pad;	/* 0 */
};

#endif
