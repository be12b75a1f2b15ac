/* SPDX-License-Identifier: MIT */
#ifndef SOCKVIEW_NAMES_H
#define SOCKVIEW_NAMES_H

#include <netinet/in.h>
#include <stdint.h>

/*
 * Caches for names that cost a lookup: user names (getpwuid) and host
 * names (getnameinfo, for -r). Each distinct key is looked up once.
 */
struct names;

/* An empty cache. Caller frees. */
struct names *names_new(void);
/* Free the cache and every name in it; accepts NULL. */
void names_free(struct names *nm);
/* The login name of uid, or its number when it has none; borrowed. */
const char *names_user(struct names *nm, uint32_t uid);
/* Take name (len bytes) as uid's, as a recording says. */
void names_preset_user(struct names *nm, uint32_t uid, const char *name,
    size_t len);
/* Look no user up any more (a replay): those not preset are shown by
 * number. */
void names_set_offline(struct names *nm);
/* Told of a user name that the cache holds. */
typedef void (*names_user_fn)(void *ctx, uint32_t uid, const char *name);
/* Call fn for every user name looked up or preset, in that order. */
void names_each_user(const struct names *nm, names_user_fn fn, void *ctx);
/* The host name of addr (family AF_INET or AF_INET6; IPv4 kept as
 * ::ffff:a.b.c.d), or its numeric text when it has none; borrowed. */
const char *names_host(struct names *nm, uint8_t family,
    const struct in6_addr *addr);

#endif
