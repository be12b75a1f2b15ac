/* SPDX-License-Identifier: MIT */
#include "procfam.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lineread.h"
#include "textparse.h"

/* Lines are under 100 bytes; anything near this size is not a socket. */
#define PROCFAM_READ_SIZE (64 * 1024)

/* The kernel's socket address (%pK): hex, zeros when hidden. */
static bool
skip_pointer(const char **pp)
{
	uint64_t v;

	textparse_spaces(pp);
	return textparse_hex(pp, 16, false, &v) && textparse_spaces(pp);
}

/* A decimal field no larger than max, and the spaces after it unless it
 * is the line's last. */
static bool
dec_field(const char **pp, uint64_t max, uint64_t *v, bool last)
{
	if (!textparse_dec(pp, max, v))
		return false;
	if (last) {
		textparse_spaces(pp);
		return **pp == '\0';
	}
	return textparse_spaces(pp);
}

int
procfam_parse_packet(const char *line, struct packet_rec *rec)
{
	const char *p = line;
	uint64_t refcnt, type, proto, iface, running, rmem, uid, inode;

	memset(rec, 0, sizeof(*rec));
	if (!skip_pointer(&p) || !dec_field(&p, UINT32_MAX, &refcnt, false) ||
	    !dec_field(&p, UINT8_MAX, &type, false) ||
	    !textparse_hex(&p, 4, false, &proto) || !textparse_spaces(&p) ||
	    !dec_field(&p, INT32_MAX, &iface, false) ||
	    !dec_field(&p, 1, &running, false) ||
	    !dec_field(&p, UINT32_MAX, &rmem, false) ||
	    !dec_field(&p, UINT32_MAX, &uid, false) ||
	    !dec_field(&p, UINT64_MAX / 10, &inode, true))
		return -1;
	rec->type = (uint8_t)type;
	rec->protocol = (uint16_t)proto;
	rec->ifindex = (uint32_t)iface;
	rec->running = running != 0;
	rec->rxq = (uint32_t)rmem;
	rec->uid = (uint32_t)uid;
	rec->inode = inode;
	return 0;
}

int
procfam_parse_netlink(const char *line, struct netlink_rec *rec)
{
	const char *p = line;
	uint64_t proto, portid, groups, rmem, wmem, dump, locks, drops, inode;

	memset(rec, 0, sizeof(*rec));
	if (!skip_pointer(&p) || !dec_field(&p, UINT8_MAX, &proto, false) ||
	    !dec_field(&p, UINT32_MAX, &portid, false) ||
	    !textparse_hex(&p, 8, false, &groups) || !textparse_spaces(&p) ||
	    !dec_field(&p, INT32_MAX, &rmem, false) ||
	    !dec_field(&p, INT32_MAX, &wmem, false) ||
	    !dec_field(&p, 1, &dump, false) ||
	    !dec_field(&p, UINT32_MAX, &locks, false) ||
	    !dec_field(&p, UINT32_MAX, &drops, false) ||
	    !dec_field(&p, UINT64_MAX / 10, &inode, true))
		return -1;
	rec->protocol = (uint8_t)proto;
	rec->portid = (uint32_t)portid;
	rec->groups = groups; /* /proc shows the first 32 groups only */
	rec->rxq = (uint32_t)rmem;
	rec->txq = (uint32_t)wmem;
	rec->drops = (uint32_t)drops;
	rec->has_drops = true;
	rec->inode = inode;
	return 0;
}

/* One table's line parser, into its record. */
typedef int (*parse_fn)(const char *line, void *rec);

static int
parse_packet(const char *line, void *rec)
{
	return procfam_parse_packet(line, rec);
}

static int
parse_netlink(const char *line, void *rec)
{
	return procfam_parse_netlink(line, rec);
}

static int
collect(int fd, const char *name, const struct lineread_tap *tap,
    parse_fn parse, void *rec, procfam_sink_fn sink, void *ctx, size_t *bad)
{
	struct lineread lr;
	char *line;
	size_t len;
	int err = 0, n;
	bool header = true;

	if ((err = lineread_open_fd(&lr, fd, PROCFAM_READ_SIZE)) < 0)
		return err;
	lineread_tap(&lr, tap, name);
	while ((n = lineread_next(&lr, &line, &len)) > 0) {
		if (header) {
			header = false;
			continue;
		}
		if (parse(line, rec) < 0) {
			(*bad)++;
			continue;
		}
		if ((err = sink(rec, ctx)) < 0)
			break;
	}
	if (n < 0)
		err = n;
	*bad += lr.overlong;
	lineread_close(&lr);
	return err < 0 ? err : 0;
}

int
procfam_collect_packet(int fd, const struct lineread_tap *tap,
    procfam_sink_fn sink, void *ctx, size_t *bad)
{
	struct packet_rec rec = {0};

	return collect(fd, "net/packet", tap, parse_packet, &rec, sink, ctx,
	    bad);
}

int
procfam_collect_netlink(int fd, const struct lineread_tap *tap,
    procfam_sink_fn sink, void *ctx, size_t *bad)
{
	struct netlink_rec rec = {0};

	return collect(fd, "net/netlink", tap, parse_netlink, &rec, sink, ctx,
	    bad);
}
