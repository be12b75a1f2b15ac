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

void
sumunits_add(struct sumunits *su, const char *unit, const struct sock_rec *rec)
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
	for (i = hashtab_first(&su->ht, h, &pr); i != HASHTAB_NONE;
	     i = hashtab_next(&su->ht, &pr))
		if (su->v[i].proto == p && su->v[i].state == st &&
		    strcmp(su->v[i].unit, unit) == 0) {
			su->v[i].count++;
			return;
		}
	if (pooled == NULL) {
		pooled = strpool_add(&su->pool, unit, strlen(unit));
		hashtab_add(&su->unit_ht, uh, (uint32_t)su->len);
		su->units++;
	}
	su->v = vec_reserve(su->v, &su->cap, su->len + 1, sizeof(*su->v));
	su->v[su->len] = (struct sumunits_ent){pooled, p, st, 1};
	hashtab_add(&su->ht, h, (uint32_t)su->len);
	su->len++;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct sumunits_ent *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);

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
	size_t i;

	fputs("\nUnit                            Proto  State          Count\n",
	    fp);
	for (i = 0; i < su->len; i++)
		/* container names may hold any byte */
		escape_text(v[i].unit, strlen(v[i].unit), unit, sizeof(unit)),
		    fprintf(fp, "%-31s %-6s %-14s %zu\n", unit,
			proto_get((enum proto_kind)v[i].proto)->name,
			summary_state_name(v[i].proto, (int)v[i].state, state,
			    sizeof(state)),
			v[i].count);
	free(v);
}

/* A label value: printable ASCII kept, '\\' and '"' escaped as the
 * format wants, any other byte as the four characters \xHH (the
 * backslash escaped), so every value is valid UTF-8. */
static void
put_label_value(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"')
			fprintf(fp, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, fp);
		else
			fprintf(fp, "\\\\x%02x", c);
	}
}

void
sumunits_write_json(FILE *fp, const void *ctx)
{
	const struct sumunits *su = ctx;
	struct sumunits_ent *v = sorted(su);
	char state[24];
	size_t i;

	fputs(",\"units\":[", fp);
	for (i = 0; i < su->len; i++) {
		fputs(i > 0 ? ",{\"unit\":" : "{\"unit\":", fp);
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
		fputs("sockview_unit_sockets{unit=\"", fp);
		put_label_value(fp, v[i].unit);
		fprintf(fp, "\",proto=\"%s\",state=\"%s\"} %zu\n",
		    proto_get((enum proto_kind)v[i].proto)->name,
		    summary_state_name(v[i].proto, (int)v[i].state, state,
			sizeof(state)),
		    v[i].count);
	}
	free(v);
}
