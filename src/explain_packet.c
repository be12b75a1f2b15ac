/* SPDX-License-Identifier: MIT */
#include "explain_packet.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_ether.h>

#include "escape.h"
#include "packetsock.h"

/* The sentences of one socket, joined with "; " at the end. */
enum { SENTENCES = 6, SENTENCE_MAX = 160 };

struct sentences {
	char text[SENTENCES][SENTENCE_MAX];
	size_t n;
};

static void __attribute__((format(printf, 2, 3)))
add(struct sentences *st, const char *fmt, ...)
{
	va_list ap;

	if (st->n == SENTENCES)
		return;
	va_start(ap, fmt);
	vsnprintf(st->text[st->n++], SENTENCE_MAX, fmt, ap);
	va_end(ap);
}

/* Into buf: each sentence after the first behind "; ", cut to size. */
static size_t
join(const struct sentences *st, char *buf, size_t size)
{
	size_t i, len = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; i < st->n; i++) {
		n = snprintf(buf + len, size - len, "%s%s", i ? "; " : "",
		    st->text[i]);
		if (n < 0 || (size_t)n >= size - len)
			return strlen(buf);
		len += (size_t)n;
	}
	return len;
}

/* "IPv4 frames", "every frame", "frames of ethertype 0x88b5" */
static const char *
what_frames(uint16_t protocol, char *buf, size_t size)
{
	switch (protocol) {
	case ETH_P_ALL:
		return "every frame";
	case ETH_P_IP:
		return "IPv4 frames";
	case ETH_P_IPV6:
		return "IPv6 frames";
	case ETH_P_ARP:
		return "ARP frames";
	default:
		snprintf(buf, size, "frames of ethertype 0x%04x", protocol);
		return buf;
	}
}

size_t
explain_packet(const struct packet_rec *rec, char *buf, size_t size)
{
	struct sentences st = {.n = 0};
	char where[ESCAPE_TEXT_SIZE(PACKETSOCK_IFNAME_MAX) + 16], kind[40];
	const char *frames = what_frames(rec->protocol, kind, sizeof(kind));

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (rec->ifindex == 0)
		snprintf(where, sizeof(where), "all interfaces");
	else if (rec->ifname[0] != '\0') {
		char esc[ESCAPE_TEXT_SIZE(PACKETSOCK_IFNAME_MAX)];

		escape_text(rec->ifname,
		    strnlen(rec->ifname, sizeof(rec->ifname)), esc,
		    sizeof(esc));
		snprintf(where, sizeof(where), "%s", esc);
	} else {
		snprintf(where, sizeof(where), "interface %u", rec->ifindex);
	}
	if (!rec->running || rec->protocol == 0)
		add(&st, "receives nothing yet: bound to no protocol");
	else if (rec->protocol == ETH_P_ALL)
		add(&st,
		    "sees every frame on %s (a capture tool: tcpdump, an "
		    "IDS sensor, a DHCP client)",
		    where);
	else
		add(&st, "receives %s on %s", frames, where);
	add(&st, rec->type == SOCK_RAW
		     ? "with their link-level headers (SOCK_RAW)"
		     : "without link-level headers (SOCK_DGRAM)");
	if (rec->has_netlink)
		add(&st, rec->promisc ? "asked for promiscuous mode: it sees "
					"frames meant for other hosts too"
				      : "not promiscuous");
	if (rec->has_filter)
		add(&st, "a socket filter (BPF) chooses the frames it keeps");
	if (rec->drops > 0)
		add(&st,
		    "%u frame%s dropped: the program did not read fast "
		    "enough",
		    rec->drops, rec->drops == 1 ? "" : "s");
	return join(&st, buf, size);
}
