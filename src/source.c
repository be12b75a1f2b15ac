/* SPDX-License-Identifier: MIT */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "filter.h"
#include "lineread.h"
#include "procnet.h"
#include "procunix.h"
#include "proto.h"
#include "record.h"
#include "replay.h"
#include "sockdiag.h"
#include "sockstat.h"
#include "unixdiag.h"
#include "unixsock.h"

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

/* What --source=proc says of a protocol that no /proc file lists
 * (MPTCP): only its diag module knows them. */
static const char *
source_no_proc(uint8_t proto)
{
	(void)proto;
	return "MPTCP sockets: no /proc file lists them, only netlink "
	       "sock_diag (mptcp_diag)";
}

/* What --source=netlink says of a protocol that no diag module lists
 * (ping sockets): only /proc knows them. */
static const char *
source_no_diag(uint8_t proto)
{
	(void)proto;
	return "ping sockets (ICMP): the kernel has no sock_diag module for "
	       "them, only /proc/net/icmp and icmp6";
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
			if (source_netlink_name(p) == NULL) {
				res->failed = source_no_diag(p);
				return -EPROTONOSUPPORT;
			}
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

/* The fallback rule: after a failed netlink dump, /proc is read instead,
 * unless --source=netlink forbids it or rows have been handed on (they
 * would be listed twice). */
static bool
may_fall_back(const struct source_opts *opts, size_t emitted)
{
	return opts->kind == SOURCE_AUTO && emitted == 0;
}

/* Note that the recording holds nothing for the /proc file name. */
static void
unrecorded(struct source_result *res, const char *name)
{
	if (res->nunrecorded < SOURCE_KINDS)
		res->unrecorded[res->nunrecorded++] = name + strlen("net/");
}

/* What one source_collect call carries from dump to dump. */
struct collect {
	const struct source_opts *opts;
	const struct filter *flt;
	struct match_ctx mc;
	struct sockdiag *sd; /* the kernel's; NULL once netlink failed */
	struct source_result *res;
	struct lineread_tap tap; /* --record: the /proc files read */
	bool listed;		 /* some source answered */
};

/* A protocol that only its diag module lists (MPTCP), asked for with
 * others: where it cannot be listed (--source=proc, or auto without the
 * module), fail before the others' rows are out. */
static int
check_no_proc(struct collect *c)
{
	const struct proto_info *pi = proto_get(PROTO_MPTCP);
	size_t i, j, emitted;
	int err;

	if (!filter_wants(c->flt, AF_INET, pi->number) &&
	    !filter_wants(c->flt, AF_INET6, pi->number))
		return 0;
	for (i = 0; i < PROTO_MPTCP; i++)
		for (j = 0; j < sizeof(families); j++)
			if (filter_wants(c->flt, families[j],
				proto_get((enum proto_kind)i)->number))
				goto others;
	return 0; /* alone: its own dump fails first */
others:
	if (c->opts->kind == SOURCE_PROC) {
		c->res->failed = source_no_proc(pi->number);
		return -EPROTONOSUPPORT;
	}
	if (c->sd == NULL)
		return 0; /* netlink already gone: collect_one says so */
	err = sockdiag_dump(c->sd, AF_INET, pi->number, 0, false, NULL, 0,
	    drop_sink, NULL, &emitted);
	if (err < 0)
		c->res->failed = source_netlink_name(pi->number);
	return err;
}

/* The /proc file name ("net/tcp"), open: under proc_root, or as the
 * recording holds it. Returns the descriptor or -errno. */
static int
open_proc(const struct source_opts *opts, const char *name)
{
	char path[4096];
	int n;

	if (opts->replay != NULL)
		return replay_file(opts->replay, name);
	n = snprintf(path, sizeof(path), "%s/%s", opts->proc_root, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	n = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	return n < 0 ? -errno : n;
}

/* One family and protocol from netlink: the kernel's dump, or the
 * recording's. Returns 0, -ENOENT when the recording has none, or the
 * dump's -errno with *emitted records handed on. */
static int
dump_one(struct collect *c, uint8_t f, uint8_t p, size_t *emitted)
{
	const struct source_opts *opts = c->opts;
	uint8_t bc[FILTER_BYTECODE_MAX];
	size_t bc_len = filter_bytecode(c->flt, p, bc, sizeof(bc));
	struct sockdiag *sd = c->sd;
	int err;

	*emitted = 0;
	if (opts->replay != NULL &&
	    (sd = replay_dump(opts->replay, f, p)) == NULL)
		return -ENOENT;
	if (opts->record != NULL)
		record_dump(opts->record, f, p,
		    sockdiag_ext(p, opts->want_info, opts->show));
	sockdiag_set_ext(sd, opts->show, opts->ext);
	err = sockdiag_dump(sd, f, p, filter_state_mask(c->flt, p),
	    opts->want_info, bc, bc_len, match_sink, &c->mc, emitted);
	if (opts->replay != NULL)
		sockdiag_close(sd);
	return err;
}

/* One family and protocol, from netlink or from /proc as the fallback
 * rule says. Returns 0 or -errno, with res->failed set. */
static int
collect_one(struct collect *c, uint8_t f, uint8_t p)
{
	const struct source_opts *opts = c->opts;
	size_t emitted;
	int err, fd;

	/* no diag module lists ping sockets: /proc does, whatever the
	 * source (--source=netlink refused them before any row) */
	if (source_netlink_name(p) != NULL &&
	    (c->sd != NULL ||
		(opts->replay != NULL && opts->kind != SOURCE_PROC))) {
		err = dump_one(c, f, p, &emitted);
		if (err == 0) {
			c->listed = true;
			return 0;
		}
		if (!may_fall_back(opts, emitted) ||
		    procnet_file(f, p) == NULL) {
			c->res->failed = source_netlink_name(p);
			return err;
		}
		if (opts->replay == NULL) {
			/* the dump is abandoned: its socket may hold stale
			 * replies */
			sockdiag_close(c->sd);
			c->sd = NULL;
		}
	}
	if (procnet_file(f, p) == NULL) {
		/* MPTCP: with netlink gone (auto) or never asked (proc),
		 * nothing else lists it */
		c->res->failed = opts->kind == SOURCE_PROC
				     ? source_no_proc(p)
				     : source_netlink_name(p);
		return -EPROTONOSUPPORT;
	}
	fd = open_proc(opts, procnet_file(f, p));
	err = fd < 0 ? fd
		     : procnet_collect_fd(fd, f, p,
			   opts->record != NULL ? &c->tap : NULL, match_sink,
			   &c->mc, &c->res->bad_lines);
	if (err == -ENOENT) {
		/* no IPv6, or no such protocol; or not in the recording */
		if (opts->replay != NULL)
			unrecorded(c->res, procnet_file(f, p));
		return 0;
	}
	if (err < 0) {
		c->res->failed = source_proc_name(f, p);
		return err;
	}
	c->listed = true;
	if (p == IPPROTO_TCP)
		c->res->tcp_from_proc = true;
	return 0;
}

/*
 * A dump of one family walks the kernel's whole TCP table, the other
 * family's sockets too: the IPv6 dump over 180,000 IPv4 sockets costs a
 * seventh of -tuna. So where there are at most this many IPv6 TCP
 * sockets, both families come in one walk, the IPv6 rows held until the
 * IPv4 ones are out (netstat's order); past it, one walk each, with no
 * row held.
 */
#define TCP6_HELD_MAX 4096

struct split_ctx {
	struct match_ctx *mc;
	struct sock_list v6; /* the IPv6 rows, held */
};

static int
split_sink(const struct sock_rec *rec, void *data)
{
	struct split_ctx *s = data;

	if (rec->family != AF_INET6)
		return match_sink(rec, s->mc);
	if (filter_match(s->mc->flt, rec))
		sock_list_push(&s->v6, rec);
	return 0;
}

/* TCP of both families in one dump, where that is the cheaper way (see
 * above). Returns 1 when done, 0 when the dumps of each family are to be
 * asked for instead, or -errno with res->failed set. */
static int
collect_tcp_both(struct collect *c)
{
	const struct source_opts *opts = c->opts;
	struct split_ctx s = {.mc = &c->mc};
	struct sockstat counts;
	uint8_t bc[FILTER_BYTECODE_MAX];
	size_t bc_len, emitted, i;
	int err;

	/* a recording holds the dumps of each family */
	if (c->sd == NULL || opts->record != NULL || opts->replay != NULL ||
	    !filter_wants(c->flt, AF_INET, IPPROTO_TCP) ||
	    !filter_wants(c->flt, AF_INET6, IPPROTO_TCP))
		return 0;
	sockstat_read(opts->proc_root, &counts);
	if (counts.tcp6 > TCP6_HELD_MAX)
		return 0;
	bc_len = filter_bytecode(c->flt, IPPROTO_TCP, bc, sizeof(bc));
	sockdiag_set_ext(c->sd, opts->show, opts->ext);
	sock_list_init(&s.v6);
	err = sockdiag_dump(c->sd, AF_UNSPEC, IPPROTO_TCP,
	    filter_state_mask(c->flt, IPPROTO_TCP), opts->want_info, bc, bc_len,
	    split_sink, &s, &emitted);
	for (i = 0; err == 0 && i < s.v6.len; i++)
		err = c->mc.sink(&s.v6.v[i], c->mc.ctx);
	sock_list_fini(&s.v6);
	if (err == 0) {
		c->listed = true;
		return 1;
	}
	/* refused before any row: the dumps of each family may do */
	if (emitted == 0)
		return 0;
	c->res->failed = source_netlink_name(IPPROTO_TCP);
	return err;
}

int
source_collect(const struct source_opts *opts, const struct filter *flt,
    sock_sink_fn sink, void *ctx, struct source_result *res)
{
	struct collect c = {.opts = opts,
	    .flt = flt,
	    .mc = {.flt = flt, .sink = sink, .ctx = ctx},
	    .res = res,
	    .tap = {record_file, opts->record}};
	size_t i, j;
	int err = 0;

	memset(res, 0, sizeof(*res));
	if (opts->replay == NULL && opts->kind != SOURCE_PROC &&
	    (err = sockdiag_open(&c.sd)) < 0 && opts->kind == SOURCE_NETLINK) {
		res->failed = "netlink sock_diag";
		return err;
	}
	if (opts->replay == NULL && opts->kind == SOURCE_NETLINK &&
	    (err = probe_protocols(c.sd, flt, res)) < 0)
		goto out;
	if (opts->replay == NULL && (err = check_no_proc(&c)) < 0)
		goto out;
	/* the probes above are not part of the recording */
	if (c.sd != NULL && opts->record != NULL)
		sockdiag_set_tap(c.sd, record_netlink, opts->record);
	for (i = 0; i < PROTO_COUNT; i++) {
		uint8_t p = proto_get((enum proto_kind)i)->number;

		if (p == IPPROTO_TCP && (err = collect_tcp_both(&c)) != 0) {
			if (err < 0)
				goto out;
			continue;
		}
		for (j = 0; j < sizeof(families); j++)
			if (filter_wants(flt, families[j], p) &&
			    (err = collect_one(&c, families[j], p)) < 0)
				goto out;
	}
	if (!c.listed && opts->replay == NULL) {
		/* not one file of the fallback exists: no /proc mounted */
		err = -ENOENT;
		res->failed = "/proc/net";
	}
out:
	sockdiag_close(c.sd);
	return err;
}

static int
unix_inode_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct unix_rec *)a)->inode;
	uint64_t y = ((const struct unix_rec *)b)->inode;

	return x < y ? -1 : x > y;
}

/* netlink has no reference count: take it from /proc/net/unix when it
 * is readable, for each socket with an inode whose line there has the
 * same type and name. procunix knows the dump's names, so a name that
 * holds newlines cannot pass a line of its own for another socket's. */
static void
add_refcnts(const struct source_opts *opts, const struct lineread_tap *tap,
    struct unixsock_list *socks)
{
	struct unixsock_list t;
	struct unix_rec *rec, *hit;
	size_t i, bad = 0;
	int fd = open_proc(opts, "net/unix");

	unixsock_list_init(&t);
	/* qsort and bsearch take no NULL array, even of 0 elements */
	if (fd < 0 ||
	    procunix_collect_fd(fd, socks, tap, unixsock_list_sink, &t, &bad) <
		0 ||
	    t.len == 0)
		goto out;
	qsort(t.v, t.len, sizeof(*t.v), unix_inode_cmp);
	for (i = 0; i < socks->len; i++) {
		rec = &socks->v[i];
		if (rec->inode == 0)
			continue;
		hit = bsearch(rec, t.v, t.len, sizeof(*t.v), unix_inode_cmp);
		if (hit != NULL && hit->type == rec->type &&
		    hit->path_len == rec->path_len &&
		    memcmp(hit->path, rec->path, rec->path_len) == 0) {
			rec->refcnt = hit->refcnt;
			rec->has_refcnt = true;
		}
	}
out:
	unixsock_list_fini(&t);
}

/* The UNIX kind for source_collect_other: its records go to the list
 * (ctx). */
static int
unix_dump(struct sockdiag *sd, void *ctx, size_t *emitted)
{
	return unixdiag_dump(sd, unixsock_list_sink, ctx, emitted);
}

static int
unix_proc(int fd, const struct lineread_tap *tap, void *ctx, size_t *bad)
{
	return procunix_collect_fd(fd, NULL, tap, unixsock_list_sink, ctx, bad);
}

int
source_collect_unix(const struct source_opts *opts, struct unixsock_list *out,
    struct source_result *res)
{
	struct lineread_tap tap = {record_file, opts->record};
	const struct source_other kind = {
	    .family = AF_UNIX,
	    .show = unixdiag_show(),
	    .diag = "netlink sock_diag (unix_diag)",
	    .proc_file = "net/unix",
	    .proc_path = "/proc/net/unix",
	    .dump = unix_dump,
	    .proc = unix_proc,
	};
	int err = source_collect_other(opts, &kind, out, res);

	if (err == 0 && res->from_netlink)
		add_refcnts(opts, opts->record != NULL ? &tap : NULL, out);
	return err;
}

int
source_collect_other(const struct source_opts *opts,
    const struct source_other *kind, void *ctx, struct source_result *res)
{
	struct lineread_tap tap = {record_file, opts->record};
	const struct lineread_tap *t = opts->record != NULL ? &tap : NULL;
	struct sockdiag *sd = NULL;
	size_t emitted = 0;
	int err = 0, fd;

	memset(res, 0, sizeof(*res));
	if (opts->kind == SOURCE_PROC && kind->proc == NULL) {
		res->failed = kind->diag;
		return -EPROTONOSUPPORT;
	}
	if (opts->kind != SOURCE_PROC) {
		if (opts->replay != NULL) {
			sd = replay_dump(opts->replay, kind->family, 0);
			err = sd == NULL ? -ENOENT : 0;
		} else {
			err = sockdiag_open(&sd);
		}
		if (err == 0) {
			if (opts->record != NULL) {
				sockdiag_set_tap(sd, record_netlink,
				    opts->record);
				record_dump(opts->record, kind->family, 0,
				    kind->show);
			}
			err = kind->dump(sd, ctx, &emitted);
			sockdiag_close(sd);
		}
		if (err == 0) {
			res->from_netlink = true;
			return 0;
		}
		if (!may_fall_back(opts, emitted) || kind->proc == NULL) {
			res->failed = kind->diag;
			return err;
		}
	}
	fd = open_proc(opts, kind->proc_file);
	err = fd < 0 ? fd : kind->proc(fd, t, ctx, &res->bad_lines);
	if (err == -ENOENT && opts->replay != NULL) {
		unrecorded(res, kind->proc_file);
		return 0;
	}
	if (err < 0)
		res->failed = kind->proc_path;
	return err;
}
