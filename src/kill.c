/* SPDX-License-Identifier: MIT */
#include "kill.h"

#include <errno.h>

#include "sockdiag.h"

int
kill_socket(struct sockdiag *sd, const struct sock_rec *rec,
    struct kill_result *res)
{
	int err;

	res->selected++;
	/* a TIME_WAIT socket is closed already; the kernel answers
	 * EOPNOTSUPP for it, which here would read as "no support" */
	if (rec->state == SOCK_ST_TIME_WAIT) {
		res->skipped++;
		return 0;
	}
	err = sockdiag_destroy(sd, rec);
	if (err == -ENOENT || err == -ESTALE ||
	    (err == -EOPNOTSUPP && rec->state == SOCK_ST_SYN_RECV)) {
		/* gone meanwhile; a request socket the kernel would not
		 * drop */
		res->gone++;
		return 0;
	}
	if (err < 0)
		return err;
	res->closed++;
	return 1;
}
