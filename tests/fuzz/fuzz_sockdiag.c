/* Netlink sock_diag replies: a raw receive buffer of nlmsghdr +
 * inet_diag_msg + attributes, checked as sockdiag_dump checks it, then
 * walked as libmnl walks it, each message decoded for TCP and UDP. */
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "fuzz.h"
#include "sockdiag.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	struct sock_rec rec;
	void *buf;
	int len;

	if (size > 1 << 20)
		return 0;
	/* recv() fills an aligned buffer: copy there, exactly sized */
	buf = aligned_alloc(16, (size + 15) & ~(size_t)15);
	memcpy(buf, data, size);
	nlh = buf;
	len = (int)size;
	if (!sockdiag_buf_ok(buf, size))
		len = 0; /* sockdiag_dump stops with EBADMSG */
	while (mnl_nlmsg_ok(nlh, len)) {
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
			if (sockdiag_decode(nlh, IPPROTO_TCP, &rec) == 0)
				FUZZ_CHECK(rec.family == AF_INET ||
					   rec.family == AF_INET6);
			sockdiag_decode(nlh, IPPROTO_UDP, &rec);
		}
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	free(buf);
	return 0;
}
