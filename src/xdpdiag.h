/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_XDPDIAG_H
#define SOCKVIEW_XDPDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockdiag.h"

/*
 * The source of --xdp: an xdp_diag dump (NETLINK_SOCK_DIAG, family
 * AF_XDP), the only place the kernel lists AF_XDP sockets (no /proc file
 * does): each socket's interface and queue, its rings' sizes, its UMEM
 * and its drop counters, as attributes that may each be missing.
 */

struct nlmsghdr;
struct sockdiag;

/* An interface name, with its NUL (IF_NAMESIZE). */
#define XDPDIAG_IFNAME_MAX 16

struct xdp_rec {
	uint8_t type;  /* SOCK_RAW */
	bool has_info; /* bound: ifindex and queue are known */
	bool has_uid;
	bool has_umem;
	bool has_stats;
	bool zerocopy;	  /* the UMEM runs in zero-copy mode */
	uint32_t ifindex; /* 0: not bound */
	uint32_t queue;
	uint32_t uid;
	/* ring sizes in descriptors; 0: no such ring */
	uint32_t rx_ring, tx_ring, fill_ring, comp_ring;
	uint32_t umem_id, umem_chunk;
	uint64_t umem_size;
	uint64_t rx_dropped, rx_invalid, tx_invalid;
	uint64_t inode;
	uint64_t cookie;
	char ifname[XDPDIAG_IFNAME_MAX]; /* "" when unknown */
};

/* The xdiag_show bits a dump asks for. */
uint32_t xdpdiag_show(void);
/* Dump every XDP socket to sink (records are struct xdp_rec; NULL:
 * dropped); *emitted counts them. Returns 0 or -errno (-ENOENT: no
 * xdp_diag in this kernel). */
int xdpdiag_dump(struct sockdiag *sd, sockdiag_rec_fn sink, void *ctx,
    size_t *emitted);
/* Decode one xdp_diag reply into rec (the interface's name left empty);
 * 0, or -EBADMSG when it is cut short, of another family, or its
 * attributes are malformed. An attribute too short is not read. */
int xdpdiag_decode(const struct nlmsghdr *nlh, struct xdp_rec *rec);
/* The order of two records (struct xdp_rec) by what makes a socket the
 * same from one listing to the next: inode, cookie. */
int xdpdiag_identity_cmp(const void *a, const void *b);

#endif
