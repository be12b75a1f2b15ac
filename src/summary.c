/* SPDX-License-Identifier: MIT */
#include "summary.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "escape.h"
#include "fmt_json.h"

void
summary_init(struct summary *sum, unsigned protos, bool inet, bool packet,
    bool netlink)
{
	memset(sum, 0, sizeof(*sum));
	sum->protos = protos;
	sum->inet = inet;
	sum->other.packet = packet;
	sum->other.netlink = netlink;
}

/* Whether p is written: TCP, UDP and RAW always (their rows were there
 * before the others), UDP-Lite and ICMP when the listing selects them. */
static bool
shown(const struct summary *sum, int p)
{
	return p == PROTO_TCP || p == PROTO_UDP || p == PROTO_RAW ||
	       (sum->protos & (1u << p)) != 0;
}

/* Whether p's sockets have ports that a listener binds: not RAW (a
 * protocol number) nor ICMP (an ident). */
static bool
has_ports(int p)
{
	return p != PROTO_RAW && p != PROTO_ICMP;
}

int
summary_sink(const struct sock_rec *rec, void *ctx)
{
	struct summary *sum = ctx;
	int p = (int)proto_kind(rec->proto);
	unsigned state = rec->state < SOCK_ST_MAX ? rec->state : 0;

	sum->count[p][rec->family == AF_INET6][state]++;
	if (has_ports(p) && sock_is_listening(rec))
		sum->listen_ports[p][rec->local.port / 8] |=
		    (uint8_t)(1u << (rec->local.port % 8));
	return 0;
}

size_t
summary_total(const struct summary *sum, int p, int f)
{
	size_t n = 0;
	int st;

	for (st = 0; st < SOCK_ST_MAX; st++)
		n += sum->count[p][f][st];
	return n;
}

size_t
summary_listening_ports(const struct summary *sum, int p)
{
	size_t n = 0, i;

	for (i = 0; i < sizeof(sum->listen_ports[p]); i++)
		n += (size_t)__builtin_popcount(sum->listen_ports[p][i]);
	return n;
}

/* A state's name in the summary: netstat's word, "unconnected" and
 * "connected" for datagram sockets, the number for raw ones. */
static const char *
state_label(int p, int st, char *num, size_t size)
{
	/* MPTCP's states are TCP's */
	if (p == SUMMARY_TCP || p == PROTO_MPTCP)
		return sock_tcp_state_name((unsigned)st);
	if (st == SOCK_ST_ESTABLISHED)
		return "connected";
	if (st == SOCK_ST_CLOSE)
		return "unconnected";
	snprintf(num, size, "state-%d", st);
	return num;
}

/* State names for programs are lower case: "time_wait", "established". */
static void
put_label(FILE *fp, const char *s)
{
	for (; *s; s++)
		fputc(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s, fp);
}

const char *
summary_state_name(int p, int st, char *buf, size_t size)
{
	char num[16];
	const char *s = state_label(p, st, num, sizeof(num));
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size; i++)
		buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a')
						    : s[i];
	buf[i] = '\0';
	return buf;
}

void
summary_write_text(FILE *fp, const struct summary *sum)
{
	char num[16];
	int p, st;

	if (!sum->inet) {
		summary_other_text(fp, &sum->other, false);
		return;
	}
	fputs("Proto  IPv4     IPv6     Total    Listening ports\n", fp);
	for (p = 0; p < SUMMARY_PROTOS; p++) {
		size_t v4 = summary_total(sum, p, 0),
		       v6 = summary_total(sum, p, 1);

		if (!shown(sum, p))
			continue;
		fprintf(fp, "%-6s %-8zu %-8zu %-8zu %zu\n",
		    proto_get((enum proto_kind)p)->name, v4, v6, v4 + v6,
		    has_ports(p) ? summary_listening_ports(sum, p) : 0);
	}
	for (p = 0; p < SUMMARY_PROTOS; p++) {
		bool any = false;

		if (!shown(sum, p))
			continue;
		for (st = 1; st < SOCK_ST_MAX; st++) {
			size_t v4 = sum->count[p][0][st],
			       v6 = sum->count[p][1][st];

			if (v4 + v6 == 0)
				continue;
			if (!any)
				fprintf(fp,
				    "\n%s by state  IPv4     IPv6     Total\n",
				    proto_get((enum proto_kind)p)->name);
			any = true;
			fprintf(fp, "  %-14s %-8zu %-8zu %zu\n",
			    state_label(p, st, num, sizeof(num)), v4, v6,
			    v4 + v6);
		}
	}
	summary_other_text(fp, &sum->other, true);
}

/* The summary object's members, without its braces. */
static void
json_members(FILE *fp, const struct summary *sum)
{
	char num[16];
	int p, f, st;
	bool first_proto = true;

	for (p = 0; sum->inet && p < SUMMARY_PROTOS; p++) {
		if (!shown(sum, p))
			continue;
		fprintf(fp, "%s\"%s\":{\"listening_ports\":%zu",
		    first_proto ? "" : ",", proto_get((enum proto_kind)p)->name,
		    has_ports(p) ? summary_listening_ports(sum, p) : (size_t)0);
		first_proto = false;
		for (f = 0; f < 2; f++) {
			bool first = true;

			fprintf(fp, ",\"%s\":{\"total\":%zu,\"states\":{",
			    proto_family_name(f ? AF_INET6 : AF_INET),
			    summary_total(sum, p, f));
			for (st = 1; st < SOCK_ST_MAX; st++) {
				if (sum->count[p][f][st] == 0)
					continue;
				fputs(first ? "\"" : ",\"", fp);
				put_label(fp,
				    state_label(p, st, num, sizeof(num)));
				fprintf(fp, "\":%zu", sum->count[p][f][st]);
				first = false;
			}
			fputs("}}", fp);
		}
		fputc('}', fp);
	}
	summary_other_json(fp, &sum->other, first_proto);
}

void
summary_write_json(FILE *fp, const struct summary *sum)
{
	summary_write_json_more(fp, sum, NULL, NULL);
}

void
summary_write_json_more(FILE *fp, const struct summary *sum,
    summary_json_fn more, const void *ctx)
{
	fputc('{', fp);
	json_members(fp, sum);
	if (more != NULL)
		more(fp, ctx);
	fputs("}\n", fp);
}

static const char prom_help_sockets[] =
    "# HELP sockview_sockets Sockets by protocol, address family and "
    "state.\n"
    "# TYPE sockview_sockets gauge\n";
static const char prom_help_ports[] =
    "# HELP sockview_listening_ports Distinct ports with a listening "
    "socket.\n"
    "# TYPE sockview_listening_ports gauge\n";

/* The sockview_sockets series of sum, each with labels (netns="x",) in
 * front of its own. */
static void
prom_sockets(FILE *fp, const struct summary *sum, const char *labels)
{
	char num[16];
	int p, f, st;

	for (p = 0; sum->inet && p < SUMMARY_PROTOS; p++)
		for (f = 0; f < 2; f++)
			for (st = 1; st < SOCK_ST_MAX; st++) {
				if (sum->count[p][f][st] == 0)
					continue;
				fprintf(fp,
				    "sockview_sockets{%sproto=\"%s\",family=\"%"
				    "s\","
				    "state=\"",
				    labels, proto_get((enum proto_kind)p)->name,
				    proto_family_name(f ? AF_INET6 : AF_INET));
				put_label(fp,
				    state_label(p, st, num, sizeof(num)));
				fprintf(fp, "\"} %zu\n", sum->count[p][f][st]);
			}
}

static void
prom_ports(FILE *fp, const struct summary *sum, const char *labels)
{
	int p;

	for (p = 0; sum->inet && p < SUMMARY_PROTOS; p++)
		if (shown(sum, p) && has_ports(p))
			fprintf(fp,
			    "sockview_listening_ports{%sproto=\"%s\"} %zu\n",
			    labels, proto_get((enum proto_kind)p)->name,
			    summary_listening_ports(sum, p));
}

void
summary_write_prometheus(FILE *fp, const struct summary *sum)
{
	fputs(prom_help_sockets, fp);
	prom_sockets(fp, sum, "");
	fputs(prom_help_ports, fp);
	prom_ports(fp, sum, "");
	summary_other_prometheus(fp, &sum->other);
}

void
summary_write_netns_text(FILE *fp, const struct summary_netns *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "%sNetns %s\n", i > 0 ? "\n" : "", v[i].name);
		summary_write_text(fp, v[i].sum);
	}
}

void
summary_write_netns_json(FILE *fp, const struct summary_netns *v, size_t n)
{
	size_t i;

	fputc('[', fp);
	for (i = 0; i < n; i++) {
		fprintf(fp, "%s{\"netns\":{\"inode\":%llu,\"name\":",
		    i > 0 ? ",\n" : "\n", (unsigned long long)v[i].inode);
		fmt_json_string(fp, v[i].label, strlen(v[i].label));
		fputs("},", fp);
		json_members(fp, v[i].sum);
		if (v[i].more != NULL)
			v[i].more(fp, v[i].more_ctx);
		fputc('}', fp);
	}
	fputs(n > 0 ? "\n]\n" : "]\n", fp);
}

/* netns="NAME", from the escaped name (printable ASCII only), with
 * what the exposition format escapes in a label value escaped again. */
static void
prom_netns_label(const char *name, char *buf, size_t size)
{
	static const char head[] = "netns=\"", tail[] = "\",";
	size_t k;

	/* the name is cut, never the label's quote and comma */
	if (size < sizeof(head) + sizeof(tail))
		return;
	memcpy(buf, head, sizeof(head) - 1);
	k = sizeof(head) - 1;
	k += escape_label(name, buf + k, size - k - (sizeof(tail) - 1));
	memcpy(buf + k, tail, sizeof(tail));
}

void
summary_write_netns_prometheus(FILE *fp, const struct summary_netns *v,
    size_t n)
{
	char labels[SUMMARY_LABEL_MAX];
	size_t i;

	fputs(prom_help_sockets, fp);
	for (i = 0; i < n; i++) {
		prom_netns_label(v[i].name, labels, sizeof(labels));
		prom_sockets(fp, v[i].sum, labels);
	}
	fputs(prom_help_ports, fp);
	for (i = 0; i < n; i++) {
		prom_netns_label(v[i].name, labels, sizeof(labels));
		prom_ports(fp, v[i].sum, labels);
	}
}
