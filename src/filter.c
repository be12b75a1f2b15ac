#include "filter.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include "sock.h"

void
filter_init(struct filter *flt)
{
	flt->protos = FILTER_TCP | FILTER_UDP;
	flt->families = FILTER_INET | FILTER_INET6;
	flt->listen = FILTER_CONNECTED;
}

bool
filter_wants(const struct filter *flt, uint8_t family, uint8_t proto)
{
	unsigned fam = family == AF_INET6 ? FILTER_INET6 : FILTER_INET;
	unsigned pr = proto == IPPROTO_TCP   ? FILTER_TCP
		      : proto == IPPROTO_UDP ? FILTER_UDP
					     : FILTER_RAW;

	return (flt->families & fam) && (flt->protos & pr);
}

uint32_t
filter_state_mask(const struct filter *flt, uint8_t proto)
{
	const uint32_t all = (1u << SOCK_ST_MAX) - 2; /* bits 1..12 */
	const uint32_t listen = 1u << SOCK_ST_LISTEN;

	/* Datagram sockets are "listening" by having no peer, which the
	 * kernel cannot filter on: ask for everything, match afterwards. */
	if (proto != IPPROTO_TCP)
		return all;
	switch (flt->listen) {
	case FILTER_LISTENING:
		return listen;
	case FILTER_CONNECTED:
		return all & ~listen;
	default:
		return all;
	}
}

bool
filter_match(const struct filter *flt, const struct sock_rec *rec)
{
	if (!filter_wants(flt, rec->family, rec->proto))
		return false;
	switch (flt->listen) {
	case FILTER_LISTENING:
		return sock_is_listening(rec);
	case FILTER_CONNECTED:
		return !sock_is_listening(rec);
	default:
		return true;
	}
}
