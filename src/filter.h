#ifndef SOCKVIEW_FILTER_H
#define SOCKVIEW_FILTER_H

#include <stdbool.h>
#include <stdint.h>

struct sock_rec;

/* Which sockets a listing selects. The coarse part (protocols, families,
 * states) becomes the netlink request or picks the /proc files;
 * filter_match() applies the whole filter to each record. */

enum filter_listen {
	FILTER_CONNECTED,	/* netstat's default: no listeners */
	FILTER_LISTENING,	/* -l */
	FILTER_ALL,		/* -a */
};

enum {
	FILTER_TCP = 1 << 0,
	FILTER_UDP = 1 << 1,
	FILTER_RAW = 1 << 2,
};

enum {
	FILTER_INET = 1 << 0,
	FILTER_INET6 = 1 << 1,
};

struct filter {
	unsigned protos;	/* FILTER_TCP | ... */
	unsigned families;	/* FILTER_INET | FILTER_INET6 */
	enum filter_listen listen;
};

/* netstat's defaults: TCP and UDP, both families, connected sockets. */
void filter_init(struct filter *flt);
/* Whether the filter selects proto (IPPROTO_*) in family (AF_*). */
bool filter_wants(const struct filter *flt, uint8_t family, uint8_t proto);
/* Kernel state bits (1 << SOCK_ST_*) worth asking for proto. */
uint32_t filter_state_mask(const struct filter *flt, uint8_t proto);
/* Whether rec is selected. */
bool filter_match(const struct filter *flt, const struct sock_rec *rec);

#endif
