#include "procnet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lineread.h"

/* Lines are about 150 bytes; anything near this size is not a socket. */
#define PROCNET_READ_SIZE (64 * 1024)

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse exactly ndigits hex digits (or 1..ndigits when !exact). */
static bool
parse_hex(const char **pp, unsigned ndigits, bool exact, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;
	unsigned n = 0;
	int d;

	while (n < ndigits && (d = hex_digit(*p)) >= 0) {
		v = v << 4 | (unsigned)d;
		p++, n++;
	}
	/* exact: a fixed-width field that may run into the next one */
	if (n == 0 || (exact && n != ndigits) || (!exact && hex_digit(*p) >= 0))
		return false;
	*pp = p;
	*out = v;
	return true;
}

static bool
parse_dec(const char **pp, uint64_t max, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return false;
		p++;
	}
	*pp = p;
	*out = v;
	return true;
}

static bool
skip_char(const char **pp, char c)
{
	if (**pp != c)
		return false;
	(*pp)++;
	return true;
}

static bool
skip_spaces(const char **pp)
{
	const char *p = *pp;

	while (*p == ' ' || *p == '\t')
		p++;
	if (p == *pp)
		return false;
	*pp = p;
	return true;
}

/* "0100007F:270F": the address words as the kernel printed them. */
static bool
parse_endpoint(const char **pp, uint8_t family, struct sock_end *end)
{
	uint64_t word, port;
	uint32_t w;

	if (family == AF_INET) {
		if (!parse_hex(pp, 8, true, &word) || hex_digit(**pp) >= 0)
			return false;
		sock_addr_set_v4(&end->addr, (uint32_t)word);
	} else {
		int i;

		for (i = 0; i < 4; i++) {
			if (!parse_hex(pp, 8, true, &word))
				return false;
			w = (uint32_t)word;
			memcpy(&end->addr.s6_addr[4 * i], &w, 4);
		}
	}
	if (!skip_char(pp, ':') || !parse_hex(pp, 4, false, &port))
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

	skip_spaces(&p);
	/* "sl:" slot number */
	if (!parse_dec(&p, UINT32_MAX, &v) || !skip_char(&p, ':') ||
	    !skip_spaces(&p))
		return -1;
	if (!parse_endpoint(&p, family, &rec->local) || !skip_spaces(&p) ||
	    !parse_endpoint(&p, family, &rec->remote) || !skip_spaces(&p))
		return -1;
	if (!parse_hex(&p, 2, false, &v) || v == 0 || v >= SOCK_ST_MAX ||
	    !skip_spaces(&p))
		return -1;
	rec->state = (uint8_t)v;
	if (!parse_hex(&p, 8, false, &tx) || !skip_char(&p, ':') ||
	    !parse_hex(&p, 8, false, &rx) || !skip_spaces(&p))
		return -1;
	if (!parse_hex(&p, 2, false, &timer) || !skip_char(&p, ':') ||
	    !parse_hex(&p, 8, false, &when) || !skip_spaces(&p))
		return -1;
	if (!parse_hex(&p, 8, false, &retrans) || !skip_spaces(&p) ||
	    !parse_dec(&p, UINT32_MAX, &uid) || !skip_spaces(&p) ||
	    !parse_dec(&p, UINT32_MAX, &probes) || !skip_spaces(&p) ||
	    !parse_dec(&p, UINT64_MAX / 10, &inode))
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

static const char *
procnet_file(uint8_t family, uint8_t proto)
{
	bool v6 = family == AF_INET6;

	switch (proto) {
	case IPPROTO_TCP:
		return v6 ? "net/tcp6" : "net/tcp";
	case IPPROTO_UDP:
		return v6 ? "net/udp6" : "net/udp";
	default:
		return v6 ? "net/raw6" : "net/raw";
	}
}

int
procnet_collect(const char *proc_root, uint8_t family, uint8_t proto,
    sock_sink_fn sink, void *ctx, size_t *bad)
{
	struct lineread lr;
	struct sock_rec rec;
	char *line;
	size_t len;
	int dirfd, err, n;
	bool header = true;

	dirfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	err = lineread_open(&lr, dirfd, procnet_file(family, proto),
	    PROCNET_READ_SIZE);
	close(dirfd);
	if (err < 0)
		return err;
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
