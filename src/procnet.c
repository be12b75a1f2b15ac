/* SPDX-License-Identifier: MIT */
#include "procnet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lineread.h"
#include "proto.h"
#include "textparse.h"

/* Lines are about 150 bytes; anything near this size is not a socket. */
#define PROCNET_READ_SIZE (64 * 1024)

/* "0100007F:270F": the address words as the kernel printed them. */
static bool
parse_endpoint(const char **pp, uint8_t family, struct sock_end *end)
{
	uint64_t word, port;
	uint32_t w;

	if (family == AF_INET) {
		if (!textparse_hex(pp, 8, true, &word) ||
		    textparse_hex_digit(**pp) >= 0)
			return false;
		sock_addr_set_v4(&end->addr, (uint32_t)word);
	} else {
		int i;

		for (i = 0; i < 4; i++) {
			if (!textparse_hex(pp, 8, true, &word))
				return false;
			w = (uint32_t)word;
			memcpy(&end->addr.s6_addr[4 * i], &w, 4);
		}
	}
	if (!textparse_char(pp, ':') || !textparse_hex(pp, 4, false, &port))
		return false;
	end->port = (uint16_t)port;
	return true;
}

int
procnet_parse_line(const char *line, uint8_t family, uint8_t proto,
    struct sock_rec *rec)
{
	const char *p = line;
	uint64_t v, tx, rx, timer, when, retrans, uid, probes, inode;

	memset(rec, 0, sizeof(*rec));
	rec->family = family;
	rec->proto = proto;

	textparse_spaces(&p);
	/* "sl:" slot number */
	if (!textparse_dec(&p, UINT32_MAX, &v) || !textparse_char(&p, ':') ||
	    !textparse_spaces(&p))
		return -1;
	if (!parse_endpoint(&p, family, &rec->local) || !textparse_spaces(&p) ||
	    !parse_endpoint(&p, family, &rec->remote) || !textparse_spaces(&p))
		return -1;
	if (!textparse_hex(&p, 2, false, &v) || v == 0 || v >= SOCK_ST_MAX ||
	    !textparse_spaces(&p))
		return -1;
	rec->state = (uint8_t)v;
	if (!textparse_hex(&p, 8, false, &tx) || !textparse_char(&p, ':') ||
	    !textparse_hex(&p, 8, false, &rx) || !textparse_spaces(&p))
		return -1;
	if (!textparse_hex(&p, 2, false, &timer) || !textparse_char(&p, ':') ||
	    !textparse_hex(&p, 8, false, &when) || !textparse_spaces(&p))
		return -1;
	if (!textparse_hex(&p, 8, false, &retrans) || !textparse_spaces(&p) ||
	    !textparse_dec(&p, UINT32_MAX, &uid) || !textparse_spaces(&p) ||
	    !textparse_dec(&p, UINT32_MAX, &probes) || !textparse_spaces(&p) ||
	    !textparse_dec(&p, UINT64_MAX / 10, &inode))
		return -1;
	if (*p != '\0' && *p != ' ')
		return -1;

	rec->txq = (uint32_t)tx;
	/* a listener's rx_queue is its accept queue, as netstat shows */
	rec->rxq = (uint32_t)rx;
	rec->timer = (uint8_t)timer;
	rec->timer_cs = timer == SOCK_TIMER_OFF ? 0 : (uint32_t)when;
	rec->retrans = (uint8_t)(retrans > UINT8_MAX ? UINT8_MAX : retrans);
	rec->probes = (uint8_t)(probes > UINT8_MAX ? UINT8_MAX : probes);
	rec->uid = (uint32_t)uid;
	rec->inode = inode;
	return 0;
}

const char *
procnet_file(uint8_t family, uint8_t proto)
{
	return proto_of(proto)->proc_file[family == AF_INET6];
}

int
procnet_collect(const char *proc_root, uint8_t family, uint8_t proto,
    const struct lineread_tap *tap, sock_sink_fn sink, void *ctx, size_t *bad)
{
	int dirfd, fd;

	dirfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	fd = openat(dirfd, procnet_file(family, proto),
	    O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	close(dirfd);
	if (fd < 0)
		return -errno;
	return procnet_collect_fd(fd, family, proto, tap, sink, ctx, bad);
}

int
procnet_collect_fd(int fd, uint8_t family, uint8_t proto,
    const struct lineread_tap *tap, sock_sink_fn sink, void *ctx, size_t *bad)
{
	struct lineread lr;
	struct sock_rec rec;
	char *line;
	size_t len;
	int err, n;
	bool header = true;

	if ((err = lineread_open_fd(&lr, fd, PROCNET_READ_SIZE)) < 0)
		return err;
	lineread_tap(&lr, tap, procnet_file(family, proto));
	while ((n = lineread_next(&lr, &line, &len)) > 0) {
		if (header) {
			header = false;
			continue;
		}
		if (procnet_parse_line(line, family, proto, &rec) < 0) {
			(*bad)++;
			continue;
		}
		if ((err = sink(&rec, ctx)) < 0)
			break;
	}
	if (n < 0)
		err = n;
	*bad += lr.overlong;
	lineread_close(&lr);
	return err < 0 ? err : 0;
}
