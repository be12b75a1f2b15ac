/* SPDX-License-Identifier: MIT */
#include "filter.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "proto.h"
#include "services.h"
#include "sock.h"
#include "textparse.h"

#define ST(x) (1u << SOCK_ST_##x)

/* Every state for --state all; NEW_SYN_RECV is SYN_RECV once decoded. */
#define FILTER_ALL_STATES                                                      \
	(ST(ESTABLISHED) | ST(SYN_SENT) | ST(SYN_RECV) | ST(FIN_WAIT1) |       \
	    ST(FIN_WAIT2) | ST(TIME_WAIT) | ST(CLOSE) | ST(CLOSE_WAIT) |       \
	    ST(LAST_ACK) | ST(LISTEN) | ST(CLOSING))

void
filter_init(struct filter *flt)
{
	memset(flt, 0, sizeof(*flt));
	flt->protos = FILTER_TCP | FILTER_UDP;
	flt->families = FILTER_INET | FILTER_INET6;
	flt->listen = FILTER_CONNECTED;
}

bool
filter_wants(const struct filter *flt, uint8_t family, uint8_t proto)
{
	unsigned fam = family == AF_INET6 ? FILTER_INET6 : FILTER_INET;
	unsigned pr = 1u << proto_kind(proto);

	return (flt->families & fam) && (flt->protos & pr);
}

uint32_t
filter_state_mask(const struct filter *flt, uint8_t proto)
{
	const uint32_t all = (1u << SOCK_ST_MAX) - 2; /* bits 1..12 */
	const uint32_t listen = 1u << SOCK_ST_LISTEN;

	/* Datagram sockets are "listening" by having no peer, which the
	 * kernel cannot filter on: ask for everything, match afterwards. */
	if (!proto_tcp_like(proto))
		return all;
	if (flt->states != 0) {
		/* request sockets are the kernel's NEW_SYN_RECV */
		if (flt->states & ST(SYN_RECV))
			return flt->states | ST(NEW_SYN_RECV);
		return flt->states;
	}
	switch (flt->listen) {
	case FILTER_LISTENING:
		return listen;
	case FILTER_CONNECTED:
		return all & ~listen;
	default:
		return all;
	}
}

static bool
ports_match(const struct filter_ports *p, uint16_t port)
{
	return !p->set || (port >= p->lo && port <= p->hi);
}

static bool
prefix_match(const struct filter_prefix *p, const struct in6_addr *addr)
{
	unsigned full, rest;

	if (!p->set)
		return true;
	full = p->bits / 8u;
	rest = p->bits % 8u;
	if (memcmp(p->addr.s6_addr, addr->s6_addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((p->addr.s6_addr[full] ^ addr->s6_addr[full]) &
		   (0xff00u >> rest)) == 0;
}

static bool
states_match(const struct filter *flt, const struct sock_rec *rec)
{
	if (flt->states & (1u << rec->state))
		return true;
	/* unconnected datagram sockets are netstat's listeners */
	return !proto_tcp_like(rec->proto) && (flt->states & ST(LISTEN)) &&
	       sock_is_listening(rec);
}

bool
filter_match(const struct filter *flt, const struct sock_rec *rec)
{
	if (!filter_wants(flt, rec->family, rec->proto))
		return false;
	if (rec->proto != IPPROTO_RAW) {
		if (!ports_match(&flt->sport, rec->local.port) ||
		    !ports_match(&flt->dport, rec->remote.port))
			return false;
		if (flt->port.set &&
		    !ports_match(&flt->port, rec->local.port) &&
		    !ports_match(&flt->port, rec->remote.port))
			return false;
	} else if (flt->sport.set || flt->dport.set || flt->port.set) {
		return false; /* a raw socket has no ports */
	}
	if (!prefix_match(&flt->src, &rec->local.addr) ||
	    !prefix_match(&flt->dst, &rec->remote.addr))
		return false;
	if (flt->states != 0)
		return states_match(flt, rec);
	switch (flt->listen) {
	case FILTER_LISTENING:
		return sock_is_listening(rec);
	case FILTER_CONNECTED:
		return !sock_is_listening(rec);
	default:
		return true;
	}
}

/* "fin-wait-1", "FIN_WAIT1" and "finwait1" are one name: lower case,
 * without '-' and '_'. */
static void
state_key(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0, i;

	for (i = 0; i < n && o + 1 < size; i++)
		if (s[i] != '-' && s[i] != '_')
			out[o++] = (char)tolower((unsigned char)s[i]);
	out[o] = '\0';
}

int
filter_parse_states(const char *text, uint32_t *mask, const char **why)
{
	static const struct {
		const char *key;
		uint32_t bits;
	} names[] = {
	    {"established", ST(ESTABLISHED)},
	    {"synsent", ST(SYN_SENT)},
	    {"synrecv", ST(SYN_RECV)},
	    {"finwait1", ST(FIN_WAIT1)},
	    {"finwait2", ST(FIN_WAIT2)},
	    {"timewait", ST(TIME_WAIT)},
	    {"close", ST(CLOSE)},
	    {"closed", ST(CLOSE)},
	    {"closewait", ST(CLOSE_WAIT)},
	    {"lastack", ST(LAST_ACK)},
	    {"listen", ST(LISTEN)},
	    {"listening", ST(LISTEN)},
	    {"closing", ST(CLOSING)},
	    {"all", FILTER_ALL_STATES},
	    {"connected", FILTER_ALL_STATES & ~(ST(LISTEN) | ST(CLOSE))},
	    {"synchronized",
		FILTER_ALL_STATES & ~(ST(LISTEN) | ST(CLOSE) | ST(SYN_SENT))},
	};
	const char *p = text;
	uint32_t out = 0;

	while (*p != '\0') {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p), i;
		char key[24];
		bool found = false;

		if (n == 0 || n >= sizeof(key)) {
			*why = "expected state names separated by commas";
			return -1;
		}
		state_key(p, n, key, sizeof(key));
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strcmp(key, names[i].key) == 0) {
				out |= names[i].bits;
				found = true;
			}
		}
		if (!found) {
			*why =
			    "unknown state (established, syn-sent, syn-recv, "
			    "fin-wait-1, fin-wait-2, time-wait, close, "
			    "close-wait, last-ack, listen, closing, "
			    "connected, synchronized, all)";
			return -1;
		}
		p += n;
		if (*p == ',' && *++p == '\0') {
			*why = "expected state names separated by commas";
			return -1;
		}
	}
	if (out == 0) {
		*why = "no state given";
		return -1;
	}
	*mask = out;
	return 0;
}

static int
parse_port_number(const char *s, size_t n, uint16_t *port)
{
	const char *p = s;
	uint64_t v;

	/* five digits at most, so "000080" stays refused */
	if (n > 5 || !textparse_dec_n(&p, n, 65535, &v) || p != s + n)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
filter_parse_ports(const char *text, const struct services *svc,
    struct filter_ports *ports, const char **why)
{
	const char *dash = strchr(text, '-');
	size_t len = strlen(text);

	if (len > 0 && text[0] >= '0' && text[0] <= '9') {
		size_t n = dash ? (size_t)(dash - text) : len;
		int bad = parse_port_number(text, n, &ports->lo);

		ports->hi = ports->lo;
		if (dash != NULL && bad == 0)
			bad = parse_port_number(dash + 1, strlen(dash + 1),
			    &ports->hi);
		if (bad < 0) {
			*why = "expected a port from 0 to 65535, a range a-b, "
			       "or a service name";
			return -1;
		}
		if (ports->lo > ports->hi) {
			*why = "the range's first port is above its last";
			return -1;
		}
		ports->set = true;
		return 0;
	}
	if (len == 0 ||
	    (!services_port(svc, text, IPPROTO_TCP, &ports->lo) &&
		!services_port(svc, text, IPPROTO_UDP, &ports->lo))) {
		*why = "not a port number, and no such service in the services "
		       "file";
		return -1;
	}
	ports->hi = ports->lo;
	ports->set = true;
	return 0;
}

int
filter_parse_prefix(const char *text, struct filter_prefix *prefix,
    const char **why)
{
	const char *slash = strchr(text, '/');
	char addr[INET6_ADDRSTRLEN];
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	uint64_t bits;
	unsigned max;
	struct in_addr v4;
	const char *p;

	*why = "expected an IPv4 or IPv6 address, or a prefix ADDR/LEN";
	if (n == 0 || n >= sizeof(addr))
		return -1;
	memcpy(addr, text, n);
	addr[n] = '\0';
	memset(prefix, 0, sizeof(*prefix));
	if (inet_pton(AF_INET, addr, &v4) == 1) {
		sock_addr_set_v4(&prefix->addr, v4.s_addr);
		max = 32;
	} else if (inet_pton(AF_INET6, addr, &prefix->addr) == 1) {
		max = 128;
	} else {
		return -1;
	}
	bits = max;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		p = slash + 1;
		if (!textparse_dec(&p, max, &bits) || *p != '\0') {
			*why = max == 32 ? "an IPv4 prefix length is 0 to 32"
					 : "an IPv6 prefix length is 0 to 128";
			return -1;
		}
	}
	/* IPv4 lives in the last 32 bits of the mapped form */
	prefix->bits = (uint8_t)(max == 32 ? bits + 96 : bits);
	prefix->set = true;
	return 0;
}

/*
 * inet_diag bytecode is a list of ops the kernel runs on each socket: an
 * op's condition true moves on by yes bytes, false by no bytes, and the
 * socket is sent when the run ends exactly at the end; 4 bytes past it
 * rejects. A port comparison is two ops: the condition, then one whose
 * no field holds the port. The kernel accepts a program only if every
 * op lies on the chain of yes jumps from the start, so "or" is written
 * as ss writes it: A, then an always-false JMP over B, then B, with A's
 * mismatches jumping to B.
 */
struct bc {
	struct inet_diag_bc_op *ops;
	size_t n;
};

/* lo <= port <= hi at the local (or the peer's) end; a mismatch jumps
 * to op index fail, which is set later (bc_resolve). */
struct bc_range {
	size_t ge, le;
};

static size_t
bc_compare(struct bc *bc, uint8_t code, uint16_t port)
{
	size_t at = bc->n;

	bc->ops[at].code = code;
	bc->ops[at].yes = 2 * sizeof(*bc->ops);
	bc->ops[at + 1].code = INET_DIAG_BC_NOP;
	bc->ops[at + 1].yes = 0;
	bc->ops[at + 1].no = port;
	bc->n += 2;
	return at;
}

static struct bc_range
bc_range(struct bc *bc, bool local, const struct filter_ports *p)
{
	struct bc_range r;

	r.ge = bc_compare(bc, local ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE,
	    p->lo);
	r.le = bc_compare(bc, local ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE,
	    p->hi);
	return r;
}

/* A mismatch in r jumps to op index to. */
static void
bc_fail_to(struct bc *bc, struct bc_range r, size_t to)
{
	bc->ops[r.ge].no = (uint16_t)((to - r.ge) * sizeof(*bc->ops));
	bc->ops[r.le].no = (uint16_t)((to - r.le) * sizeof(*bc->ops));
}

/* The port ops alone into buf (room for three port ranges). */
static size_t
port_bytecode(const struct filter *flt, void *buf)
{
	struct bc bc = {.ops = buf};
	struct bc_range sport, dport, local, peer;
	size_t jmp = 0, reject;

	if (flt->sport.set)
		sport = bc_range(&bc, true, &flt->sport);
	if (flt->dport.set)
		dport = bc_range(&bc, false, &flt->dport);
	if (flt->port.set) {
		local = bc_range(&bc, true, &flt->port);
		jmp = bc.n++;
		peer = bc_range(&bc, false, &flt->port);
		bc_fail_to(&bc, local, jmp + 1);
		/* the local end matched: over the peer's test, to the end */
		bc.ops[jmp].code = INET_DIAG_BC_JMP;
		bc.ops[jmp].yes = sizeof(*bc.ops);
		bc.ops[jmp].no = (uint16_t)((bc.n - jmp) * sizeof(*bc.ops));
	}
	reject = bc.n + 1;
	if (flt->sport.set)
		bc_fail_to(&bc, sport, reject);
	if (flt->dport.set)
		bc_fail_to(&bc, dport, reject);
	if (flt->port.set)
		bc_fail_to(&bc, peer, reject);
	return bc.n * sizeof(*bc.ops);
}

/*
 * The cgroup ids as one "or" before the port ops (a socket in none of
 * them is rejected): C1 J1 C2 J2 ... Cn, each condition an op and the
 * u64 id (three op slots), each J an always-false jump to the end of
 * the group, taken when the condition before it matched. total is the
 * length of the whole program in ops.
 */
static size_t
bc_cgroups(const struct filter *flt, struct inet_diag_bc_op *ops, size_t total)
{
	const size_t cond = 1 + sizeof(uint64_t) / sizeof(*ops);
	size_t n = flt->ncgroup_ids, group = n * (cond + 1) - 1, at = 0, i;

	for (i = 0; i < n; i++) {
		ops[at].code = INET_DIAG_BC_CGROUP_COND;
		ops[at].yes = (uint8_t)(cond * sizeof(*ops));
		/* a mismatch: the next condition, or reject after the last */
		ops[at].no =
		    (uint16_t)((i + 1 < n ? cond + 1 : total - at + 1) *
			       sizeof(*ops));
		memcpy(&ops[at + 1], &flt->cgroup_ids[i], sizeof(uint64_t));
		at += cond;
		if (i + 1 == n)
			break;
		ops[at].code = INET_DIAG_BC_JMP;
		ops[at].yes = sizeof(*ops);
		ops[at].no = (uint16_t)((group - at) * sizeof(*ops));
		at++;
	}
	return at;
}

size_t
filter_bytecode(const struct filter *flt, uint8_t proto, void *buf, size_t size)
{
	struct bc bc = {.ops = buf};
	size_t group = 0, ports = 0;
	bool have_ports = flt->sport.set || flt->dport.set || flt->port.set;
	struct inet_diag_bc_op port_ops[32]; /* three port ranges */

	/* a raw socket's "port" is its protocol: filter_match rejects it */
	if (proto == IPPROTO_RAW || size < FILTER_BYTECODE_MAX ||
	    flt->ncgroup_ids > FILTER_CGROUPS_MAX ||
	    !(have_ports || flt->ncgroup_ids > 0))
		return 0;
	if (have_ports)
		ports = port_bytecode(flt, port_ops) / sizeof(*bc.ops);
	if (flt->ncgroup_ids > 0)
		group = (1 + sizeof(uint64_t) / sizeof(*bc.ops) + 1) *
			    flt->ncgroup_ids -
			1;
	if (group > 0)
		bc_cgroups(flt, bc.ops, group + ports);
	memcpy(bc.ops + group, port_ops, ports * sizeof(*bc.ops));
	return (group + ports) * sizeof(*bc.ops);
}
