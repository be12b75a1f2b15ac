/* SPDX-License-Identifier: MIT */
#include "summary_other.h"

#include <sys/socket.h>

#include "netlinksock.h"
#include "packetsock.h"

/* The packet types counted, in packet_types' order. */
static const char *const type_names[] = {"raw", "dgram", "other"};

void
summary_other_count_packet(struct summary_other *so, const void *data)
{
	const struct packet_rec *rec = data;

	so->packet_types[rec->type == SOCK_RAW	   ? 0
			 : rec->type == SOCK_DGRAM ? 1
						   : 2]++;
}

void
summary_other_count_netlink(struct summary_other *so, const void *data)
{
	const struct netlink_rec *rec = data;

	so->netlink_protos[rec->protocol]++;
}

static size_t
packet_total(const struct summary_other *so)
{
	return so->packet_types[0] + so->packet_types[1] + so->packet_types[2];
}

static size_t
netlink_total(const struct summary_other *so)
{
	size_t n = 0, i;

	for (i = 0; i < 256; i++)
		n += so->netlink_protos[i];
	return n;
}

void
summary_other_text(FILE *fp, const struct summary_other *so, bool blank)
{
	char name[NETLINKSOCK_PROTO_MAX];
	size_t i;

	if (so->packet) {
		fprintf(fp, "%spacket sockets: %zu\n", blank ? "\n" : "",
		    packet_total(so));
		for (i = 0; i < 3; i++)
			if (so->packet_types[i] > 0)
				fprintf(fp, "  %-14s %zu\n", type_names[i],
				    so->packet_types[i]);
		blank = true;
	}
	if (so->netlink) {
		fprintf(fp, "%snetlink sockets: %zu\n", blank ? "\n" : "",
		    netlink_total(so));
		for (i = 0; i < 256; i++)
			if (so->netlink_protos[i] > 0)
				fprintf(fp, "  %-14s %zu\n",
				    netlinksock_protocol_name((uint8_t)i, name),
				    so->netlink_protos[i]);
	}
}

void
summary_other_json(FILE *fp, const struct summary_other *so, bool first)
{
	char name[NETLINKSOCK_PROTO_MAX];
	size_t i, shown = 0;

	if (so->packet) {
		fprintf(fp, "%s\"packet\":{\"total\":%zu,\"types\":{",
		    first ? "" : ",", packet_total(so));
		for (i = 0; i < 3; i++)
			if (so->packet_types[i] > 0)
				fprintf(fp, "%s\"%s\":%zu", shown++ ? "," : "",
				    type_names[i], so->packet_types[i]);
		fputs("}}", fp);
		first = false;
	}
	if (so->netlink) {
		shown = 0;
		fprintf(fp, "%s\"netlink\":{\"total\":%zu,\"protocols\":{",
		    first ? "" : ",", netlink_total(so));
		for (i = 0; i < 256; i++)
			if (so->netlink_protos[i] > 0)
				fprintf(fp, "%s\"%s\":%zu", shown++ ? "," : "",
				    netlinksock_protocol_name((uint8_t)i, name),
				    so->netlink_protos[i]);
		fputs("}}", fp);
	}
}

void
summary_other_prometheus(FILE *fp, const struct summary_other *so)
{
	char name[NETLINKSOCK_PROTO_MAX];
	size_t i;

	if (so->packet) {
		fputs("# HELP sockview_packet_sockets Packet sockets by type.\n"
		      "# TYPE sockview_packet_sockets gauge\n",
		    fp);
		for (i = 0; i < 3; i++)
			fprintf(fp,
			    "sockview_packet_sockets{type=\"%s\"} %zu\n",
			    type_names[i], so->packet_types[i]);
	}
	if (so->netlink) {
		fputs("# HELP sockview_netlink_sockets Netlink sockets by "
		      "protocol.\n"
		      "# TYPE sockview_netlink_sockets gauge\n",
		    fp);
		for (i = 0; i < 256; i++)
			if (so->netlink_protos[i] > 0)
				fprintf(fp,
				    "sockview_netlink_sockets{protocol=\"%s\"} "
				    "%zu\n",
				    netlinksock_protocol_name((uint8_t)i, name),
				    so->netlink_protos[i]);
	}
}
