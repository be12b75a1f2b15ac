/* SPDX-License-Identifier: MIT */
#include "explain_packet.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_ether.h>

#include "escape.h"
#include "packetsock.h"

struct text {
	char *buf;
	size_t size, len;
};

/* Append one sentence, "; " between sentences. */
static void __attribute__((format(printf, 2, 3)))
say(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len + 3 >= t->size)
		return;
	if (t->len > 0) {
		memcpy(t->buf + t->len, "; ", 3);
		t->len += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < t->size - t->len ? (size_t)n
						       : t->size - t->len - 1;
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
	struct text t = {.buf = buf, .size = size};
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
		say(&t, "receives nothing yet: bound to no protocol");
	else if (rec->protocol == ETH_P_ALL)
		say(&t,
		    "sees every frame on %s (a capture tool: tcpdump, an "
		    "IDS sensor, a DHCP client)",
		    where);
	else
		say(&t, "receives %s on %s", frames, where);
	say(&t, rec->type == SOCK_RAW
		    ? "with their link-level headers (SOCK_RAW)"
		    : "without link-level headers (SOCK_DGRAM)");
	if (rec->has_netlink)
		say(&t, rec->promisc ? "asked for promiscuous mode: it sees "
				       "frames meant for other hosts too"
				     : "not promiscuous");
	if (rec->has_filter)
		say(&t, "a socket filter (BPF) chooses the frames it keeps");
	if (rec->drops > 0)
		say(&t,
		    "%u frame%s dropped: the program did not read fast "
		    "enough",
		    rec->drops, rec->drops == 1 ? "" : "s");
	return t.len;
}
