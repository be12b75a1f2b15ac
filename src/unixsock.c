/* SPDX-License-Identifier: MIT */
#include "unixsock.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vec.h"

/* The kernel's sk_state values for UNIX sockets (tcp_states.h). */
enum { SK_ESTABLISHED = 1, SK_LISTEN = 10 };

void
unixsock_list_init(struct unixsock_list *list)
{
	memset(list, 0, sizeof(*list));
}

void
unixsock_list_fini(struct unixsock_list *list)
{
	free(list->v);
	unixsock_list_init(list);
}

int
unixsock_list_sink(const struct unix_rec *rec, void *ctx)
{
	struct unixsock_list *list = ctx;

	list->v =
	    vec_reserve(list->v, &list->cap, list->len + 1, sizeof(*list->v));
	list->v[list->len++] = *rec;
	return 0;
}

int
unixsock_identity_cmp(const void *x, const void *y)
{
	const struct unix_rec *a = x, *b = y;

	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	if (a->path_len != b->path_len)
		return a->path_len < b->path_len ? -1 : 1;
	return memcmp(a->path, b->path, a->path_len);
}

void
unixsock_set_name(struct unix_rec *rec, const char *name, size_t n)
{
	size_t i;

	if (n > UNIXSOCK_PATH_MAX)
		n = UNIXSOCK_PATH_MAX;
	if (n == 0) {
		rec->path_len = 0;
		return;
	}
	if (name[0] != '\0') {
		/* a path: the kernel counts its final NUL */
		n = strnlen(name, n);
		memcpy(rec->path, name, n);
	} else {
		/* abstract: every NUL, the first one too, shows as '@' */
		for (i = 0; i < n; i++)
			rec->path[i] = name[i] == '\0' ? '@' : name[i];
	}
	rec->path_len = (uint8_t)n;
}

uint8_t
unixsock_state_from_kernel(uint8_t sk_state, bool has_socket)
{
	/* what unix_seq_show() prints in /proc/net/unix's St column */
	if (has_socket)
		return sk_state == SK_ESTABLISHED ? UNIXSOCK_SS_CONNECTED
						  : UNIXSOCK_SS_UNCONNECTED;
	return sk_state == SK_ESTABLISHED ? UNIXSOCK_SS_CONNECTING
					  : UNIXSOCK_SS_DISCONNECTING;
}

bool
unixsock_is_listening(const struct unix_rec *rec)
{
	return rec->state == UNIXSOCK_SS_UNCONNECTED &&
	       (rec->flags & UNIXSOCK_FLAG_ACC);
}

const char *
unixsock_type_name(uint8_t type)
{
	switch (type) {
	case SOCK_STREAM:
		return "STREAM";
	case SOCK_DGRAM:
		return "DGRAM";
	case SOCK_RAW:
		return "RAW";
	case SOCK_RDM:
		return "RDM";
	case SOCK_SEQPACKET:
		return "SEQPACKET";
	default:
		return "UNKNOWN";
	}
}

const char *
unixsock_state_name(const struct unix_rec *rec)
{
	switch (rec->state) {
	case UNIXSOCK_SS_FREE:
		return "FREE";
	case UNIXSOCK_SS_UNCONNECTED:
		return rec->flags & UNIXSOCK_FLAG_ACC ? "LISTENING" : "";
	case UNIXSOCK_SS_CONNECTING:
		return "CONNECTING";
	case UNIXSOCK_SS_CONNECTED:
		return "CONNECTED";
	case UNIXSOCK_SS_DISCONNECTING:
		return "DISCONNECTING";
	default:
		return "UNKNOWN";
	}
}

size_t
unixsock_flags_text(uint32_t flags, char *buf)
{
	size_t n = 0;

	memcpy(buf, "[ ", 2);
	n = 2;
	if (flags & UNIXSOCK_FLAG_ACC) {
		memcpy(buf + n, "ACC ", 4);
		n += 4;
	}
	if (flags & UNIXSOCK_FLAG_W) {
		memcpy(buf + n, "W ", 2);
		n += 2;
	}
	if (flags & UNIXSOCK_FLAG_N) {
		memcpy(buf + n, "N ", 2);
		n += 2;
	}
	buf[n++] = ']';
	buf[n] = '\0';
	return n;
}
