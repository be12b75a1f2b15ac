/* SPDX-License-Identifier: MIT */
#include "explain.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "explain_tcpinfo.h"
#include "owners.h"
#include "proto.h"
#include "services.h"
#include "sockext.h"
#include "xalloc.h"

/* The pairing key of a connected socket: protocol and both ends, in
 * one network namespace (-N all: 127.0.0.1 is another host in each). */
struct pair_key {
	uint64_t netns;
	uint8_t proto;
	struct sock_end a, b;
};

struct explain {
	const struct sock_rec *all; /* every socket, borrowed */
	const struct services *svc;
	const struct owners *owners;
	size_t *by_ends; /* indexes into all, sorted by (local, remote) */
	size_t n;
	const struct sockext_table *ext; /* -i: tcp_info; NULL */
};

/* The sentences being written; stops quietly when buf is full. */
struct text {
	char *buf;
	size_t size, len;
};

static int
end_cmp(const struct sock_end *x, const struct sock_end *y)
{
	int c = memcmp(&x->addr, &y->addr, sizeof(x->addr));

	if (c != 0)
		return c;
	return x->port < y->port ? -1 : x->port > y->port;
}

static int
key_cmp(const struct pair_key *k, const struct sock_rec *r)
{
	int c;

	if (k->netns != r->netns)
		return k->netns < r->netns ? -1 : 1;
	if (k->proto != r->proto)
		return k->proto < r->proto ? -1 : 1;
	if ((c = end_cmp(&k->a, &r->local)) != 0)
		return c;
	return end_cmp(&k->b, &r->remote);
}

/* qsort has no context argument: sort records through a copy of keys. */
struct sort_item {
	struct pair_key key;
	size_t index;
};

static int
item_cmp(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;
	int c;

	if (a->key.netns != b->key.netns)
		return a->key.netns < b->key.netns ? -1 : 1;
	if (a->key.proto != b->key.proto)
		return a->key.proto < b->key.proto ? -1 : 1;
	if ((c = end_cmp(&a->key.a, &b->key.a)) != 0)
		return c;
	return end_cmp(&a->key.b, &b->key.b);
}

struct explain *
explain_new(const struct sock_rec *all, size_t n, const struct services *svc,
    const struct owners *owners)
{
	struct explain *ex = xcalloc(1, sizeof(*ex));
	struct sort_item *items = xcalloc(n ? n : 1, sizeof(*items));
	size_t i;

	ex->all = all;
	ex->svc = svc;
	ex->owners = owners;
	for (i = 0; i < n; i++) {
		items[i].key.netns = all[i].netns;
		items[i].key.proto = all[i].proto;
		items[i].key.a = all[i].local;
		items[i].key.b = all[i].remote;
		items[i].index = i;
	}
	qsort(items, n, sizeof(*items), item_cmp);
	ex->by_ends = xcalloc(n ? n : 1, sizeof(*ex->by_ends));
	for (i = 0; i < n; i++)
		ex->by_ends[i] = items[i].index;
	ex->n = n;
	free(items);
	return ex;
}

void
explain_free(struct explain *ex)
{
	if (ex == NULL)
		return;
	free(ex->by_ends);
	free(ex);
}

/* The other half of a local connection: the socket whose ends are this
 * one's, swapped. */
static const struct sock_rec *
find_peer(const struct explain *ex, const struct sock_rec *rec)
{
	struct pair_key k = {.netns = rec->netns,
	    .proto = rec->proto,
	    .a = rec->remote,
	    .b = rec->local};
	size_t lo = 0, hi = ex->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(&k, &ex->all[ex->by_ends[mid]]);

		if (c == 0)
			return &ex->all[ex->by_ends[mid]];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void say(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len + 3 >= t->size)
		return;
	if (t->len > 0) {
		memcpy(t->buf + t->len, "; ", 2);
		t->len += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < t->size - t->len ? (size_t)n
						       : t->size - t->len - 1;
	t->buf[t->len] = '\0';
}

static bool
is_loopback(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LOOPBACK(a) ||
	       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

/* An explain_tcpinfo_fn: one more sentence into the struct text. */
static void
say_sentence(void *ctx, const char *sentence)
{
	say(ctx, "%s", sentence);
}

static void
explain_where(struct text *t, const struct sock_rec *rec)
{
	const char *what = rec->proto == IPPROTO_TCP ? "listening" : "bound";
	char addr[SOCK_ADDR_MAX];

	if (sock_addr_is_any(&rec->local.addr)) {
		if (rec->family == AF_INET)
			say(t,
			    "%s on all IPv4 interfaces, reachable from the "
			    "network",
			    what);
		else
			say(t,
			    "%s on all interfaces (IPv6, and IPv4 too unless "
			    "the socket is IPv6-only), reachable from the "
			    "network",
			    what);
	} else if (is_loopback(&rec->local.addr)) {
		say(t, "%s on loopback only: local processes only", what);
	} else {
		sock_addr_format(&rec->local.addr, addr);
		say(t, "%s on %s only", what, addr);
	}
	if (rec->local.port > 0 && rec->local.port < 1024)
		say(t, "privileged port (below 1024): only root or "
		       "CAP_NET_BIND_SERVICE may bind it");
}

static void
explain_service(struct explain *ex, struct text *t, const struct sock_rec *rec)
{
	const char *name, *comment;
	char esc[ESCAPE_TEXT_SIZE(128)];
	size_t i, n;

	if (rec->proto == IPPROTO_RAW)
		return;
	name = services_name(ex->svc, rec->local.port, rec->proto);
	if (name == NULL)
		return;
	comment = services_comment(ex->svc, rec->local.port, rec->proto);
	if (comment == NULL) {
		say(t, "port %u is %s in /etc/services", rec->local.port, name);
		return;
	}
	/* a comment is free text: its words keep their spaces, every other
	 * byte outside printable ASCII is escaped, one word at a time */
	n = strnlen(comment, 128);
	esc[0] = '\0';
	for (i = 0; i < n;) {
		size_t word = strcspn(comment + i, " ");
		size_t len = strlen(esc);

		if (word > n - i)
			word = n - i;
		escape_text(comment + i, word, esc + len, sizeof(esc) - len);
		i += word;
		if (i < n && strlen(esc) + 1 < sizeof(esc))
			strcat(esc, " ");
		while (i < n && comment[i] == ' ')
			i++;
	}
	say(t, "%s: %s", name, esc);
}

static void
explain_peer(struct explain *ex, struct text *t, const struct sock_rec *rec)
{
	const struct sock_rec *peer = find_peer(ex, rec);
	const struct owner *o;
	const char *comm;

	if (peer == NULL || ex->owners == NULL)
		return;
	if (owners_find(ex->owners, peer->inode, &o) == 0 ||
	    (comm = owners_comm(ex->owners, o[0].pid)) == NULL) {
		say(t, "both ends on this machine (the peer's owner is "
		       "unknown)");
		return;
	}
	say(t,
	    "both ends on this machine: the peer is pid %d (%s), found by "
	    "pairing the two halves of the local connection",
	    (int)o[0].pid, comm);
}

static void
explain_state(struct text *t, const struct sock_rec *rec)
{
	switch (rec->state) {
	case SOCK_ST_SYN_SENT:
		say(t, "SYN_SENT: connecting; the peer has not answered yet");
		break;
	case SOCK_ST_SYN_RECV:
		say(t, "SYN_RECV: a connection being accepted; the handshake "
		       "is not complete (no owner yet)");
		break;
	case SOCK_ST_FIN_WAIT1:
	case SOCK_ST_FIN_WAIT2:
		say(t,
		    "%s: this end closed the connection and waits for the "
		    "peer to close its end",
		    sock_tcp_state_name(rec->state));
		break;
	case SOCK_ST_TIME_WAIT:
		say(t, "TIME_WAIT: the connection is closed; the kernel keeps "
		       "it a while to catch late packets; it has no owner and "
		       "will disappear");
		break;
	case SOCK_ST_CLOSE_WAIT:
		say(t, "CLOSE_WAIT: the peer closed the connection and the "
		       "owning program has not closed its end yet");
		break;
	case SOCK_ST_LAST_ACK:
		say(t, "LAST_ACK: both ends closed; waiting for the peer's "
		       "last acknowledgement");
		break;
	case SOCK_ST_CLOSING:
		say(t, "CLOSING: both ends closed at the same time");
		break;
	default:
		break;
	}
}

/* A ping socket (ping without root): what it is, whom it pings. */
static size_t
explain_ping(struct text *t, const struct sock_rec *rec)
{
	char peer[SOCK_ADDR_MAX];

	say(t,
	    "ping socket: sends ICMP%s echo requests and receives the "
	    "replies with ident %u (net.ipv4.ping_group_range lets users "
	    "open one)",
	    rec->family == AF_INET6 ? "v6" : "", rec->local.port);
	if (!sock_addr_is_any(&rec->remote.addr)) {
		sock_addr_format(&rec->remote.addr, peer);
		say(t, "connected: it pings %s only", peer);
	}
	if (rec->rxq > 0)
		say(t, "%u byte%s arrived that the program has not read",
		    rec->rxq, rec->rxq == 1 ? "" : "s");
	return t->len;
}

size_t
explain_socket(struct explain *ex, const struct sock_rec *rec, char *buf,
    size_t size)
{
	struct text t = {.buf = buf, .size = size};
	char peer[SOCK_ADDR_MAX];

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (proto_kind(rec->proto) == PROTO_ICMP)
		return explain_ping(&t, rec);
	if (sock_is_listening(rec)) {
		explain_where(&t, rec);
		explain_service(ex, &t, rec);
		if (rec->proto == IPPROTO_TCP && rec->rxq > 0)
			say(&t, "%u connection%s wait%s to be accepted",
			    rec->rxq, rec->rxq == 1 ? "" : "s",
			    rec->rxq == 1 ? "s" : "");
		if (rec->proto == IPPROTO_RAW)
			say(&t, "raw socket for IP protocol %u",
			    rec->local.port);
		return t.len;
	}
	if (rec->proto == IPPROTO_UDP || rec->proto == IPPROTO_UDPLITE) {
		sock_addr_format(&rec->remote.addr, peer);
		say(&t,
		    "connected %s socket: it exchanges datagrams with %s:%u "
		    "only",
		    rec->proto == IPPROTO_UDP ? "UDP" : "UDP-Lite", peer,
		    rec->remote.port);
	}
	explain_state(&t, rec);
	if (rec->state == SOCK_ST_ESTABLISHED ||
	    rec->state == SOCK_ST_CLOSE_WAIT || rec->state == SOCK_ST_FIN_WAIT2)
		explain_peer(ex, &t, rec);
	if (rec->rxq > 0)
		say(&t, "%u byte%s arrived that the program has not read",
		    rec->rxq, rec->rxq == 1 ? "" : "s");
	if (rec->txq > 0 && rec->proto == IPPROTO_TCP)
		say(&t, "%u byte%s sent that the peer has not acknowledged",
		    rec->txq, rec->txq == 1 ? "" : "s");
	if (ex->ext != NULL)
		explain_tcpinfo(rec, sockext_table_get(ex->ext, rec->ext),
		    say_sentence, &t);
	return t.len;
}

void
explain_set_ext(struct explain *ex, const struct sockext_table *table)
{
	ex->ext = table;
}
