/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_SUMUNITS_H
#define SOCKVIEW_SUMUNITS_H

#include <stddef.h>
#include <stdio.h>

struct sock_rec;

/*
 * -s --units: counts per unit, protocol and state, beside the summary's
 * per family. The series are bounded: at most SUMUNITS_MAX distinct
 * units are counted apart, the sockets of any more under the unit
 * "other", and those of no known unit under "-".
 */
#define SUMUNITS_MAX 1000

struct sumunits;

/* An empty table. Free with sumunits_free. */
struct sumunits *sumunits_new(void);
/* Accepts NULL. */
void sumunits_free(struct sumunits *su);
/* Forget every count (a new round of -c). */
void sumunits_clear(struct sumunits *su);
/* Count rec under unit (NULL: not known), and with -N all under its
 * namespace's name (escaped; NULL without -N all): a Netns column in
 * text, a netns label for Prometheus, one units array per namespace in
 * JSON (sumunits_write_json_view). */
void sumunits_add(struct sumunits *su, const char *netns, const char *unit,
    const struct sock_rec *rec);
/* The counts as text lines under a header. */
void sumunits_write_text(FILE *fp, const struct sumunits *su);
/* The counts as a member of -s -j's object, ",\"units\":[{\"unit\":...,
 * \"proto\":...,\"state\":...,\"count\":N},...]" (unit null where not
 * known); ctx is the struct sumunits (a summary_json_fn). */
void sumunits_write_json(FILE *fp, const void *ctx);
/* The counts of one namespace (netns: its name), or of all (NULL). */
struct sumunits_view {
	const struct sumunits *su;
	const char *netns;
};
/* The same for one namespace's object (-N all); ctx is a struct
 * sumunits_view. */
void sumunits_write_json_view(FILE *fp, const void *ctx);
/* The counts as the Prometheus metric sockview_unit_sockets, with HELP
 * and TYPE lines. */
void sumunits_write_prometheus(FILE *fp, const struct sumunits *su);

#endif
