/* SPDX-License-Identifier: MIT */
#include "nlreader.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "xalloc.h"

/* Datagrams received ahead at most: enough to ride out a slow write of
 * the output, little memory (the kernel sends a dump 32 KiB at a time). */
#define NLREADER_SLOTS 4

struct nlreader {
	nlreader_recv_fn recv;
	void *ctx;
	size_t size;
	char *slot[NLREADER_SLOTS];
	ssize_t len[NLREADER_SLOTS];
	/* slots [taken, filled) hold datagrams; the one before taken is
	 * the caller's until it asks for the next */
	size_t filled, taken;
	bool ended;   /* the reader received its last datagram */
	bool stop;    /* the caller wants no more */
	bool running; /* the thread was started */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
};

bool
nlreader_whole(const void *buf, size_t len, bool *ends)
{
	const char *p = buf;
	struct nlmsghdr h;
	bool end = false;

	while (len >= sizeof(h)) {
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len)
			return false;
		end = end || h.nlmsg_type == NLMSG_DONE ||
		      h.nlmsg_type == NLMSG_ERROR;
		if (NLMSG_ALIGN(h.nlmsg_len) >= len)
			break;
		p += NLMSG_ALIGN(h.nlmsg_len);
		len -= NLMSG_ALIGN(h.nlmsg_len);
	}
	if (ends != NULL)
		*ends = end;
	return true;
}

static void *
reader_main(void *data)
{
	struct nlreader *r = data;
	bool last = false, ends;

	while (!last) {
		size_t i;
		ssize_t n;

		pthread_mutex_lock(&r->mu);
		/* a slot is free once the caller has asked past it: the
		 * one before taken is still the caller's */
		while (!r->stop && r->filled - r->taken + 1 >= NLREADER_SLOTS)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		i = r->filled % NLREADER_SLOTS;
		pthread_mutex_unlock(&r->mu);
		do
			n = r->recv(r->ctx, r->slot[i], r->size);
		while (n == -EINTR);
		/* what does not parse ends the dump too: the caller says so */
		last = n <= 0 ||
		       !nlreader_whole(r->slot[i], (size_t)n, &ends) || ends;
		pthread_mutex_lock(&r->mu);
		r->len[i] = n;
		r->filled++;
		r->ended = last;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	return NULL;
}

struct nlreader *
nlreader_start(nlreader_recv_fn recv, void *ctx, size_t size)
{
	struct nlreader *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->recv = recv;
	r->ctx = ctx;
	r->size = size;
	for (i = 0; i < NLREADER_SLOTS; i++)
		r->slot[i] = xcalloc(1, size);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->running = pthread_create(&r->thread, NULL, reader_main, r) == 0;
	if (!r->running) {
		nlreader_stop(r);
		return NULL;
	}
	return r;
}

ssize_t
nlreader_next(struct nlreader *r, const void **buf)
{
	size_t i;
	ssize_t n;

	pthread_mutex_lock(&r->mu);
	/* the end repeats: nothing follows it */
	if (r->ended && r->taken == r->filled) {
		i = (r->filled - 1) % NLREADER_SLOTS;
		n = r->len[i] > 0 ? 0 : r->len[i];
		pthread_mutex_unlock(&r->mu);
		return n;
	}
	while (r->taken == r->filled)
		pthread_cond_wait(&r->cv, &r->mu);
	i = r->taken % NLREADER_SLOTS;
	r->taken++;
	n = r->len[i];
	pthread_cond_broadcast(&r->cv); /* the slot before is free */
	pthread_mutex_unlock(&r->mu);
	*buf = r->slot[i];
	return n;
}

void
nlreader_stop(struct nlreader *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->running) {
		pthread_mutex_lock(&r->mu);
		r->stop = true;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
	}
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	for (i = 0; i < NLREADER_SLOTS; i++)
		free(r->slot[i]);
	free(r);
}
