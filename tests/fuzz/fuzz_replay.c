/* SPDX-License-Identifier: MIT */
/* Recordings (--replay): the input is a whole file, ours or ss -D's. It
 * is checked, then every dump it may hold is replayed through the real
 * receive loop, and every /proc file it may hold is read back, for each
 * network namespace an -N all recording holds. */

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "procnet.h"
#include "replay.h"
#include "sockdiag.h"
#include "unixdiag.h"

static int
check_rec(const struct sock_rec *rec, void *data)
{
	(void)data;
	FUZZ_CHECK(rec->family == AF_INET || rec->family == AF_INET6);
	return 0;
}

static int
check_unix(const struct unix_rec *rec, void *data)
{
	(void)data;
	FUZZ_CHECK(rec->path_len <= UNIXSOCK_PATH_MAX);
	return 0;
}

/* Every dump and /proc file of the namespace selected (none: the
 * recording's only one). */
static void
replay_all(struct replay *rp)
{
	static const uint8_t protos[] = {IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW};
	static const uint8_t families[] = {AF_INET, AF_INET6};
	struct sockdiag *sd;
	size_t i, j, emitted, bad = 0;
	int err, fd;

	for (i = 0; i < sizeof(protos); i++)
		for (j = 0; j < sizeof(families); j++) {
			/* every recorded dump of the kind, one after another */
			while ((sd = replay_dump(rp, families[j], protos[i])) !=
			       NULL) {
				err = sockdiag_dump(sd, families[j], protos[i],
				    ~0u, true, NULL, 0, check_rec, NULL,
				    &emitted);
				FUZZ_CHECK(err <= 0 && err > -4096);
				sockdiag_close(sd);
			}
			fd = replay_file(rp,
			    procnet_file(families[j], protos[i]));
			if (fd >= 0)
				procnet_collect_fd(fd, families[j], protos[i],
				    NULL, check_rec, NULL, &bad);
		}
	while ((sd = replay_dump(rp, AF_UNIX, 0)) != NULL) {
		err = unixdiag_dump(sd, check_unix, NULL, &emitted);
		FUZZ_CHECK(err <= 0 && err > -4096);
		sockdiag_close(sd);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay *rp;
	const char *name;
	uint64_t inode;
	char why[256];
	size_t i, n, len;
	int err;

	if (size > 1 << 20)
		return 0;
	err = replay_open_mem(data, size, &rp, why, sizeof(why));
	FUZZ_CHECK(err == 0 || (err == -EBADMSG && why[0] != '\0'));
	if (err < 0)
		return 0;
	replay_all(rp);
	/* -N all's recordings: each namespace's part, and its name */
	for (i = 0; (name = replay_netns_at(rp, i, &inode, &len)) != NULL;
	     i++) {
		/* the name lies inside the recording: ASan sees a read past */
		FUZZ_CHECK(len <= 0xffff &&
			   (len == 0 || name[len - 1] != 1 || inode == inode));
		replay_select_netns(rp, i);
		replay_all(rp);
	}
	FUZZ_CHECK(i == replay_netns_count(rp));
	replay_owners(rp, &n);
	replay_free(rp);
	return 0;
}
