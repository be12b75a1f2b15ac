#include "source.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "filter.h"
#include "procnet.h"
#include "proto.h"
#include "sockdiag.h"

struct match_ctx {
	const struct filter *flt;
	sock_sink_fn sink;
	void *ctx;
};

static int
match_sink(const struct sock_rec *rec, void *data)
{
	struct match_ctx *mc = data;

	if (!filter_match(mc->flt, rec))
		return 0;
	return mc->sink(rec, mc->ctx);
}

int
source_parse_kind(const char *text, enum source_kind *kind)
{
	if (strcmp(text, "auto") == 0)
		*kind = SOURCE_AUTO;
	else if (strcmp(text, "netlink") == 0)
		*kind = SOURCE_NETLINK;
	else if (strcmp(text, "proc") == 0)
		*kind = SOURCE_PROC;
	else
		return -1;
	return 0;
}

static const char *
source_proc_name(uint8_t family, uint8_t proto)
{
	return proto_of(proto)->proc_path[family == AF_INET6];
}

static const char *
source_netlink_name(uint8_t proto)
{
	return proto_of(proto)->diag;
}

static const uint8_t families[] = {AF_INET, AF_INET6};

static int
drop_sink(const struct sock_rec *rec, void *data)
{
	(void)rec;
	(void)data;
	return 0;
}

/* With --source=netlink a protocol whose diag module is missing
 * (raw_diag) fails; rows streamed before it would stand on stdout above
 * the error. So each protocol after the first is asked first for no
 * state at all, which the kernel answers at once, or refuses. */
static int
probe_protocols(struct sockdiag *sd, const struct filter *flt,
    struct source_result *res)
{
	size_t i, j, emitted, dumps = 0;
	int err;

	for (i = 0; i < PROTO_COUNT; i++) {
		uint8_t p = proto_get((enum proto_kind)i)->number;

		for (j = 0; j < sizeof(families); j++) {
			if (!filter_wants(flt, families[j], p))
				continue;
			if (dumps++ == 0)
				break; /* the first fails before any row */
			err = sockdiag_dump(sd, families[j], p, 0, false, NULL,
			    0, drop_sink, NULL, &emitted);
			if (err < 0) {
				res->failed = source_netlink_name(p);
				return err;
			}
			break;
		}
	}
	return 0;
}

int
source_collect(const struct source_opts *opts, const struct filter *flt,
    sock_sink_fn sink, void *ctx, struct source_result *res)
{
	struct match_ctx mc = {.flt = flt, .sink = sink, .ctx = ctx};
	struct sockdiag *sd = NULL;
	bool listed = false;
	size_t i, j, emitted;
	int err = 0;

	memset(res, 0, sizeof(*res));
	if (opts->kind != SOURCE_PROC && (err = sockdiag_open(&sd)) < 0) {
		if (opts->kind == SOURCE_NETLINK) {
			res->failed = "netlink sock_diag";
			return err;
		}
	}
	if (opts->kind == SOURCE_NETLINK &&
	    (err = probe_protocols(sd, flt, res)) < 0)
		goto out;
	for (i = 0; i < PROTO_COUNT; i++) {
		for (j = 0; j < sizeof(families); j++) {
			uint8_t p = proto_get((enum proto_kind)i)->number,
				f = families[j];

			if (!filter_wants(flt, f, p))
				continue;
			if (sd != NULL) {
				emitted = 0;
				uint8_t bc[FILTER_BYTECODE_MAX];
				size_t bc_len =
				    filter_bytecode(flt, p, bc, sizeof(bc));

				err = sockdiag_dump(sd, f, p,
				    filter_state_mask(flt, p), opts->want_info,
				    bc, bc_len, match_sink, &mc, &emitted);
				if (err == 0) {
					listed = true;
					continue;
				}
				/* Falling back after output has started
				 * would list those sockets twice. */
				if (opts->kind == SOURCE_NETLINK ||
				    emitted > 0) {
					res->failed = source_netlink_name(p);
					goto out;
				}
				/* the dump is abandoned: its socket may hold
				 * stale replies */
				sockdiag_close(sd);
				sd = NULL;
			}
			err = procnet_collect(opts->proc_root, f, p, match_sink,
			    &mc, &res->bad_lines);
			if (err == -ENOENT) {
				err = 0; /* no IPv6, or no such protocol */
				continue;
			}
			if (err < 0) {
				res->failed = source_proc_name(f, p);
				goto out;
			}
			listed = true;
		}
	}
	if (!listed) {
		/* not one file of the fallback exists: no /proc mounted */
		err = -ENOENT;
		res->failed = "/proc/net";
	}
out:
	sockdiag_close(sd);
	return err;
}
