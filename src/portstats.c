/* SPDX-License-Identifier: MIT */
#include "portstats.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "sock.h"
#include "sockext.h"
#include "vec.h"
#include "xalloc.h"

/* In microseconds, as tcp_info gives the RTT. */
static const uint32_t rtt_bounds_us[PORTSTATS_RTT_BUCKETS] = {100, 250, 500,
    1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
    2500000, 5000000, 10000000};
static const char *const rtt_bounds_text[PORTSTATS_RTT_BUCKETS] = {"0.0001",
    "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
    "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};

/* One connection, as much as the series need of it. */
struct conn {
	const char *unit; /* --units: its unit ("-": not known); else NULL */
	uint16_t port;	  /* local */
	uint8_t state;
	bool has_info; /* tcp_info with the counters below */
	bool has_rtt;
	uint32_t rtt_us, retrans;
	uint64_t acked, received;
};

struct portstats {
	struct conn *v;
	size_t len, cap;
	uint8_t
	    listening[65536 / 8]; /* a bit per port a TCP socket listens on */
	bool units;		  /* --units: a unit label on every series */
};

/* The series of one port, or of "other". */
struct agg {
	size_t states[SOCK_ST_MAX];
	uint64_t retrans, acked, received;
	size_t rtt_buckets[PORTSTATS_RTT_BUCKETS + 1]; /* the last: +Inf */
	size_t rtt_count;
	double rtt_sum; /* seconds */
	bool any;
};

struct portstats *
portstats_new(bool units)
{
	struct portstats *ps = xcalloc(1, sizeof(struct portstats));

	ps->units = units;
	return ps;
}

void
portstats_free(struct portstats *ps)
{
	if (ps == NULL)
		return;
	free(ps->v);
	free(ps);
}

void
portstats_begin(struct portstats *ps)
{
	ps->len = 0;
	memset(ps->listening, 0, sizeof(ps->listening));
}

static bool
is_listening_port(const struct portstats *ps, uint16_t port)
{
	return (ps->listening[port / 8] >> (port % 8) & 1) != 0;
}

void
portstats_add(struct portstats *ps, const struct sock_rec *rec,
    const struct sock_ext *x, const char *unit)
{
	struct conn c = {.port = rec->local.port, .state = rec->state};

	if (ps->units)
		c.unit = unit != NULL ? unit : "-";
	if (rec->proto != IPPROTO_TCP || rec->state >= SOCK_ST_MAX)
		return;
	if (rec->state == SOCK_ST_LISTEN) {
		ps->listening[c.port / 8] |= (uint8_t)(1u << (c.port % 8));
		/* with --units, kept for its unit alone: a port with no
		 * connection has its series under the listener's unit */
		if (!ps->units)
			return;
	} else if (x != NULL && SOCKEXT_HAS(x, total_retrans)) {
		c.has_info = true;
		c.retrans = x->tcpi.total_retrans;
		c.rtt_us = x->tcpi.rtt;
		/* 0 until the first RTT sample: no measurement */
		c.has_rtt = x->tcpi.rtt > 0;
		if (SOCKEXT_HAS(x, bytes_received)) {
			c.acked = x->tcpi.bytes_acked;
			c.received = x->tcpi.bytes_received;
		}
	}
	ps->v = vec_reserve(ps->v, &ps->cap, ps->len + 1, sizeof(*ps->v));
	ps->v[ps->len++] = c;
}

static void
add_conn(struct agg *a, const struct conn *c)
{
	size_t b;

	a->any = true;
	if (c->state == SOCK_ST_LISTEN)
		return; /* its unit only (see portstats_add) */
	a->states[c->state]++;
	if (!c->has_info)
		return;
	a->retrans += c->retrans;
	a->acked += c->acked;
	a->received += c->received;
	if (!c->has_rtt)
		return;
	for (b = 0; b < PORTSTATS_RTT_BUCKETS; b++)
		if (c->rtt_us <= rtt_bounds_us[b])
			break;
	a->rtt_buckets[b]++;
	a->rtt_count++;
	a->rtt_sum += (double)c->rtt_us / 1e6;
}

/* A state's label: netstat's word in lower case ("time_wait"). */
static void
state_label(FILE *fp, unsigned state)
{
	const char *s = sock_tcp_state_name(state);

	for (; *s; s++)
		fputc(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s, fp);
}

/* The labels of a series: the port's number, or "other"; with --units,
 * the unit. */
static void
port_label(FILE *fp, int port, const char *unit)
{
	char value[ESCAPE_LABEL_SIZE(256)];

	if (port < 0)
		fputs("port=\"other\"", fp);
	else
		fprintf(fp, "port=\"%d\"", port);
	if (unit == NULL)
		return;
	escape_label(unit, value, sizeof(value));
	fprintf(fp, ",unit=\"%s\"", value);
}

static void
write_help(FILE *fp, const char *name, const char *type, const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The aggregates, in the order of the ports (ascending, "other" last)
 * and, with --units, of the units: ports[i] (-1: other) and units[i]
 * (NULL without --units) have aggs[i]. */
struct table {
	int *ports;
	const char **units;
	struct agg *aggs;
	size_t n;
};

static void
write_counts(FILE *fp, const struct table *t)
{
	size_t i;
	unsigned st;

	write_help(fp, "sockview_tcp_port_connections", "gauge",
	    "TCP connections open now to each local listening port "
	    "(port=\"other\": outgoing connections and the rest), by state.");
	for (i = 0; i < t->n; i++)
		for (st = 1; st < SOCK_ST_MAX; st++) {
			if (t->aggs[i].states[st] == 0)
				continue;
			fputs("sockview_tcp_port_connections{", fp);
			port_label(fp, t->ports[i], t->units[i]);
			fputs(",state=\"", fp);
			state_label(fp, st);
			fprintf(fp, "\"} %zu\n", t->aggs[i].states[st]);
		}
}

/* The three sums, each a gauge: they fall when connections close. */
static void
write_sums(FILE *fp, const struct table *t)
{
	static const struct {
		const char *name, *help;
		size_t offset;
	} sums[] = {
	    {"sockview_tcp_port_live_retransmits",
		"Sum of tcp_info total_retrans over the TCP connections of "
		"each port that are open now. A gauge, not a counter: it "
		"falls when connections close, so take no rate() of it.",
		offsetof(struct agg, retrans)},
	    {"sockview_tcp_port_live_bytes_acked",
		"Sum of tcp_info bytes_acked over the TCP connections of "
		"each port that are open now. A gauge, not a counter: it "
		"falls when connections close, so take no rate() of it.",
		offsetof(struct agg, acked)},
	    {"sockview_tcp_port_live_bytes_received",
		"Sum of tcp_info bytes_received over the TCP connections of "
		"each port that are open now. A gauge, not a counter: it "
		"falls when connections close, so take no rate() of it.",
		offsetof(struct agg, received)},
	};
	size_t s, i;
	uint64_t v;

	for (s = 0; s < sizeof(sums) / sizeof(sums[0]); s++) {
		write_help(fp, sums[s].name, "gauge", sums[s].help);
		for (i = 0; i < t->n; i++) {
			memcpy(&v, (const char *)&t->aggs[i] + sums[s].offset,
			    sizeof(v));
			fprintf(fp, "%s{", sums[s].name);
			port_label(fp, t->ports[i], t->units[i]);
			fprintf(fp, "} %llu\n", (unsigned long long)v);
		}
	}
}

static void
write_rtt(FILE *fp, const struct table *t)
{
	size_t i, b, cum;

	write_help(fp, "sockview_tcp_rtt_seconds", "histogram",
	    "Smoothed round-trip time (tcp_info rtt) of the TCP "
	    "connections of each port that are open now and have one.");
	for (i = 0; i < t->n; i++) {
		const struct agg *a = &t->aggs[i];

		for (b = 0, cum = 0; b <= PORTSTATS_RTT_BUCKETS; b++) {
			cum += a->rtt_buckets[b];
			fputs("sockview_tcp_rtt_seconds_bucket{", fp);
			port_label(fp, t->ports[i], t->units[i]);
			fprintf(fp, ",le=\"%s\"} %zu\n",
			    b < PORTSTATS_RTT_BUCKETS ? rtt_bounds_text[b]
						      : "+Inf",
			    cum);
		}
		fputs("sockview_tcp_rtt_seconds_sum{", fp);
		port_label(fp, t->ports[i], t->units[i]);
		fprintf(fp, "} %.9g\n", a->rtt_sum);
		fputs("sockview_tcp_rtt_seconds_count{", fp);
		port_label(fp, t->ports[i], t->units[i]);
		fprintf(fp, "} %zu\n", a->rtt_count);
	}
}

/* A connection's series: its port's slot (the "other" one last), then
 * its unit. */
struct keyed {
	uint32_t slot;
	const struct conn *c;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	if (x->c->unit == NULL || y->c->unit == NULL)
		return 0;
	return strcmp(x->c->unit, y->c->unit);
}

void
portstats_write_prometheus(FILE *fp, const struct portstats *ps)
{
	struct table t = {0};
	uint32_t *slot = xcalloc(65536, sizeof(*slot)); /* port -> 1 + index */
	int *slot_port = xcalloc(65536 + 1, sizeof(*slot_port));
	struct keyed *k = xcalloc(ps->len ? ps->len : 1, sizeof(*k));
	size_t i, n = 0, cap, first;
	uint32_t sl;
	int port;

	for (port = 0; port < 65536; port++)
		if (is_listening_port(ps, (uint16_t)port)) {
			slot_port[n] = port;
			slot[port] = (uint32_t)++n;
		}
	slot_port[n] = -1; /* "other" */
	for (i = 0; i < ps->len; i++)
		k[i] = (struct keyed){slot[ps->v[i].port] != 0
					  ? slot[ps->v[i].port] - 1
					  : (uint32_t)n,
		    &ps->v[i]};
	qsort(k, ps->len, sizeof(*k), keyed_cmp);
	/* each listening port, ascending, then "other"; with --units, a
	 * series per unit among a port's connections (a port without any
	 * keeps its series, under "-") */
	cap = n + 1 + ps->len;
	t.ports = xcalloc(cap, sizeof(*t.ports));
	t.units = xcalloc(cap, sizeof(*t.units));
	t.aggs = xcalloc(cap, sizeof(*t.aggs));
	for (sl = 0, i = 0; sl <= n; sl++) {
		for (first = t.n; i < ps->len && k[i].slot == sl; i++) {
			if (t.n == first ||
			    (ps->units && keyed_cmp(&k[i], &k[i - 1]) != 0)) {
				t.ports[t.n] = slot_port[sl];
				t.units[t.n++] = k[i].c->unit;
			}
			add_conn(&t.aggs[t.n - 1], k[i].c);
		}
		if (t.n == first) {
			t.ports[t.n] = slot_port[sl];
			t.units[t.n++] = ps->units ? "-" : NULL;
		}
	}
	write_counts(fp, &t);
	write_sums(fp, &t);
	write_rtt(fp, &t);
	free(t.aggs);
	free(t.units);
	free(t.ports);
	free(k);
	free(slot_port);
	free(slot);
}
