/* SPDX-License-Identifier: MIT */
#include "sumunits.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fmt_json.h"
#include "hashtab.h"
#include "proto.h"
#include "sock.h"
#include "strpool.h"
#include "summary.h"
#include "vec.h"
#include "xalloc.h"

struct sumunits_ent {
	const char
	    *netns;	  /* -N all: the namespace's name, in pool; else NULL */
	const char *unit; /* in pool */
	int proto;	  /* enum proto_kind */
	unsigned state;
	size_t count;
};

struct sumunits {
	struct sumunits_ent *v;
	size_t len, cap;
	size_t units; /* distinct units counted apart */
	struct hashtab ht;
	struct hashtab unit_ht; /* one entry per distinct unit */
	struct strpool pool;
};

struct sumunits *
sumunits_new(void)
{
	struct sumunits *su = xcalloc(1, sizeof(*su));

	hashtab_init(&su->ht);
	hashtab_init(&su->unit_ht);
	strpool_init(&su->pool);
	return su;
}

void
sumunits_free(struct sumunits *su)
{
	if (su == NULL)
		return;
	hashtab_fini(&su->ht);
	hashtab_fini(&su->unit_ht);
	strpool_fini(&su->pool);
	free(su->v);
	free(su);
}

void
sumunits_clear(struct sumunits *su)
{
	hashtab_clear(&su->ht);
	hashtab_clear(&su->unit_ht);
	strpool_clear(&su->pool);
	su->len = 0;
	su->units = 0;
}

/* Whether unit was seen before (then *pooled is its copy). */
static bool
known_unit(const struct sumunits *su, const char *unit, uint64_t h,
    const char **pooled)
{
	struct hashtab_probe pr;
	uint32_t i;

	for (i = hashtab_first(&su->unit_ht, h, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&su->unit_ht, &pr))
		if (strcmp(su->v[i].unit, unit) == 0) {
			*pooled = su->v[i].unit;
			return true;
		}
	return false;
}

/* name's copy in the pool, found or added there; NULL stays NULL. */
static const char *
pooled_netns(struct sumunits *su, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	/* the namespaces are few, and a row is usually in the one before */
	for (i = su->len; i-- > 0;)
		if (su->v[i].netns != NULL && strcmp(su->v[i].netns, name) == 0)
			return su->v[i].netns;
	return strpool_add(&su->pool, name, strlen(name));
}

void
sumunits_add(struct sumunits *su, const char *netns, const char *unit,
    const struct sock_rec *rec)
{
	int p = (int)proto_kind(rec->proto);
	unsigned st = rec->state < SOCK_ST_MAX ? rec->state : 0;
	const char *pooled = NULL;
	struct hashtab_probe pr;
	uint64_t uh, h;
	uint32_t i;

	if (unit == NULL)
		unit = "-";
	uh = hashtab_hash_bytes(unit, strlen(unit), 0);
	if (!known_unit(su, unit, uh, &pooled) && su->units >= SUMUNITS_MAX) {
		unit = "other";
		uh = hashtab_hash_bytes(unit, strlen(unit), 0);
		known_unit(su, unit, uh, &pooled);
	}
	h = hashtab_hash_u64(uh ^ ((uint64_t)p << 8 | st));
	if (netns != NULL)
		h = hashtab_hash_u64(
		    h ^ hashtab_hash_bytes(netns, strlen(netns), 1));
	for (i = hashtab_first(&su->ht, h, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&su->ht, &pr))
		if (su->v[i].proto == p && su->v[i].state == st &&
		    strcmp(su->v[i].unit, unit) == 0 &&
		    (su->v[i].netns == NULL) == (netns == NULL) &&
		    (netns == NULL || strcmp(su->v[i].netns, netns) == 0)) {
			su->v[i].count++;
			return;
		}
	if (pooled == NULL) {
		pooled = strpool_add(&su->pool, unit, strlen(unit));
		hashtab_add(&su->unit_ht, uh, (uint32_t)su->len);
		su->units++;
	}
	su->v = vec_reserve(su->v, &su->cap, su->len + 1, sizeof(*su->v));
	su->v[su->len] =
	    (struct sumunits_ent){pooled_netns(su, netns), pooled, p, st, 1};
	hashtab_add(&su->ht, h, (uint32_t)su->len);
	su->len++;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct sumunits_ent *x = a, *y = b;
	int c = x->netns != NULL && y->netns != NULL
		    ? strcmp(x->netns, y->netns)
		    : 0;

	if (c == 0)
		c = strcmp(x->unit, y->unit);

	if (c != 0)
		return c;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	return x->state < y->state ? -1 : x->state > y->state;
}

/* The entries sorted by unit, protocol and state; caller frees. */
static struct sumunits_ent *
sorted(const struct sumunits *su)
{
	struct sumunits_ent *v = xcalloc(su->len ? su->len : 1, sizeof(*v));

	memcpy(v, su->v, su->len * sizeof(*v));
	qsort(v, su->len, sizeof(*v), ent_cmp);
	return v;
}

void
sumunits_write_text(FILE *fp, const struct sumunits *su)
{
	struct sumunits_ent *v = sorted(su);
	char state[24], unit[ESCAPE_TEXT_SIZE(256)];
	bool netns = su->len > 0 && v[0].netns != NULL;
	size_t i;

	fprintf(fp,
	    "\n%sUnit                            Proto  State          "
	    "Count\n",
	    netns ? "Netns                   " : "");
	for (i = 0; i < su->len; i++) {
		/* container names may hold any byte; a namespace's name
		 * is escaped already */
		escape_text(v[i].unit, strlen(v[i].unit), unit, sizeof(unit));
		if (netns)
			fprintf(fp, "%-23s ", v[i].netns);
		fprintf(fp, "%-31s %-6s %-14s %zu\n", unit,
		    proto_get((enum proto_kind)v[i].proto)->name,
		    summary_state_name(v[i].proto, (int)v[i].state, state,
			sizeof(state)),
		    v[i].count);
	}
	free(v);
}

static void
put_label_value(FILE *fp, const char *s)
{
	char buf[ESCAPE_LABEL_SIZE(256)];

	escape_label(s, buf, sizeof(buf));
	fputs(buf, fp);
}

void
sumunits_write_json(FILE *fp, const void *ctx)
{
	const struct sumunits_view all = {ctx, NULL};

	sumunits_write_json_view(fp, &all);
}

void
sumunits_write_json_view(FILE *fp, const void *ctx)
{
	const struct sumunits_view *view = ctx;
	const struct sumunits *su = view->su;
	struct sumunits_ent *v = sorted(su);
	char state[24];
	size_t i, n = 0;

	fputs(",\"units\":[", fp);
	for (i = 0; i < su->len; i++) {
		if (view->netns != NULL &&
		    (v[i].netns == NULL ||
			strcmp(v[i].netns, view->netns) != 0))
			continue;
		fputs(n++ > 0 ? ",{\"unit\":" : "{\"unit\":", fp);
		/* no known unit: null, as in the listing */
		if (strcmp(v[i].unit, "-") == 0)
			fputs("null", fp);
		else
			fmt_json_string(fp, v[i].unit, strlen(v[i].unit));
		fprintf(fp, ",\"proto\":\"%s\",\"state\":\"%s\",\"count\":%zu}",
		    proto_get((enum proto_kind)v[i].proto)->name,
		    summary_state_name(v[i].proto, (int)v[i].state, state,
			sizeof(state)),
		    v[i].count);
	}
	fputs("]", fp);
	free(v);
}

void
sumunits_write_prometheus(FILE *fp, const struct sumunits *su)
{
	struct sumunits_ent *v = sorted(su);
	char state[24];
	size_t i;

	fputs("# HELP sockview_unit_sockets Sockets by systemd unit or "
	      "container, protocol and state.\n"
	      "# TYPE sockview_unit_sockets gauge\n",
	    fp);
	for (i = 0; i < su->len; i++) {
		fputs("sockview_unit_sockets{", fp);
		if (v[i].netns != NULL) {
			/* the name is escaped text already: printable ASCII */
			fputs("netns=\"", fp);
			put_label_value(fp, v[i].netns);
			fputs("\",", fp);
		}
		fputs("unit=\"", fp);
		put_label_value(fp, v[i].unit);
		fprintf(fp, "\",proto=\"%s\",state=\"%s\"} %zu\n",
		    proto_get((enum proto_kind)v[i].proto)->name,
		    summary_state_name(v[i].proto, (int)v[i].state, state,
			sizeof(state)),
		    v[i].count);
	}
	free(v);
}
