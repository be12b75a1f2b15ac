/* SPDX-License-Identifier: MIT */
#include "nlreply.h"

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>

size_t
nlreply_done(char *buf, int err)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int *payload = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = NLREPLY_FIRST_SEQ;
	*payload = err;
	return NLMSG_ALIGN(nlh->nlmsg_len);
}

size_t
nlreply_error(char *buf, int error)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = NLREPLY_FIRST_SEQ;
	e->error = error;
	e->msg.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	e->msg.nlmsg_seq = NLREPLY_FIRST_SEQ;
	return NLMSG_ALIGN(nlh->nlmsg_len);
}
