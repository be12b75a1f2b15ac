#include "kill.h"

#include <errno.h>
#include <string.h>

#include "filter.h"
#include "owners.h"
#include "sockdiag.h"
#include "source.h"

struct select_ctx {
	const struct owners *pid_owners;
	struct sock_list *out;
};

static int
select_sink(const struct sock_rec *rec, void *data)
{
	struct select_ctx *sc = data;
	const struct owner *o;

	if (sc->pid_owners != NULL &&
	    owners_find(sc->pid_owners, rec->inode, &o) == 0)
		return 0;
	sock_list_push(sc->out, rec);
	return 0;
}

int
kill_sockets(const struct source_opts *src, const struct filter *flt,
    const struct owners *pid_owners, kill_closed_fn on_closed, void *ctx,
    struct kill_result *res)
{
	struct filter tcp = *flt;
	struct sock_list socks;
	struct select_ctx sc = {.pid_owners = pid_owners, .out = &socks};
	struct source_result sres;
	struct sockdiag *sd = NULL;
	size_t i;
	int err;

	memset(res, 0, sizeof(*res));
	sock_list_init(&socks);
	tcp.protos &= FILTER_TCP;
	if (tcp.protos == 0)
		goto out0;
	if ((err = source_collect(src, &tcp, select_sink, &sc, &sres)) < 0) {
		res->failed = sres.failed;
		goto out;
	}
	res->selected = socks.len;
	if (socks.len == 0)
		goto out0;
	if ((err = sockdiag_open(&sd)) < 0) {
		res->failed = "netlink sock_diag";
		goto out;
	}
	for (i = 0; i < socks.len; i++) {
		const struct sock_rec *rec = &socks.v[i];

		/* a TIME_WAIT socket is closed already; the kernel answers
		 * EOPNOTSUPP for it, which here would read as "no support" */
		if (rec->state == SOCK_ST_TIME_WAIT) {
			res->skipped++;
			continue;
		}
		err = sockdiag_destroy(sd, rec);
		if (err == -ENOENT || err == -ESTALE ||
		    (err == -EOPNOTSUPP && rec->state == SOCK_ST_SYN_RECV)) {
			/* gone meanwhile; a request socket the kernel would
			 * not drop */
			res->gone++;
			continue;
		}
		if (err < 0) {
			res->failed = "SOCK_DESTROY";
			goto out;
		}
		res->closed++;
		on_closed(rec, ctx);
	}
out0:
	err = 0;
out:
	sockdiag_close(sd);
	sock_list_fini(&socks);
	return err;
}
