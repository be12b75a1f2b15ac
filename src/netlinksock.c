/* SPDX-License-Identifier: MIT */
#include "netlinksock.h"

#include <stdio.h>
#include <string.h>

const char *
netlinksock_protocol_name(uint8_t protocol, char *buf)
{
	/* ss's names (iproute2 lib/rt_names.c nl_proto_n2a) */
	static const char *const names[] = {
	    [0] = "rtnl",
	    [1] = "unused",
	    [2] = "usersock",
	    [3] = "fw",
	    [4] = "tcpdiag",
	    [5] = "nflog",
	    [6] = "xfrm",
	    [7] = "selinux",
	    [8] = "iscsi",
	    [9] = "audit",
	    [10] = "fiblookup",
	    [11] = "connector",
	    [12] = "nft",
	    [13] = "ip6fw",
	    [14] = "dec-rt",
	    [15] = "uevent",
	    [16] = "genl",
	    [18] = "scsi-trans",
	    [19] = "ecryptfs",
	    [20] = "rdma",
	    [21] = "crypto",
	};

	if (protocol < sizeof(names) / sizeof(names[0]) &&
	    names[protocol] != NULL)
		snprintf(buf, NETLINKSOCK_PROTO_MAX, "%s", names[protocol]);
	else
		snprintf(buf, NETLINKSOCK_PROTO_MAX, "%u", protocol);
	return buf;
}

size_t
netlinksock_groups_text(uint64_t groups, char *buf, size_t size)
{
	size_t len = 0;
	unsigned g;

	if (groups == 0) {
		snprintf(buf, size, "-");
		return 1;
	}
	buf[0] = '\0';
	for (g = 0; g < NETLINKSOCK_GROUPS; g++) {
		char num[8];
		int n;

		if (!(groups & (UINT64_C(1) << g)))
			continue;
		n = snprintf(num, sizeof(num), "%s%u", len ? "," : "", g + 1);
		/* room for this, and for "..." after it */
		if (len + (size_t)n + 4 > size) {
			memcpy(buf + len, "...", 4);
			return len + 3;
		}
		memcpy(buf + len, num, (size_t)n + 1);
		len += (size_t)n;
	}
	return len;
}

int
netlinksock_identity_cmp(const void *a, const void *b)
{
	const struct netlink_rec *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->protocol != y->protocol)
		return x->protocol < y->protocol ? -1 : 1;
	if (x->portid != y->portid)
		return x->portid < y->portid ? -1 : 1;
	return 0;
}
