/* SPDX-License-Identifier: MIT */
#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sigfd.h"
#include "vec.h"
#include "xalloc.h"

struct watch {
	struct reclist lists[2]; /* this round's and the previous */
	int cur;		 /* index of this round's list */
	size_t rounds;		 /* watch_begin calls */
	watch_cmp_fn cmp;	 /* a socket's identity across rounds */
	/* scratch, reused round after round */
	const void **sorted[2];
	size_t sorted_cap[2];
	uint8_t *marks; /* this round's rows: WATCH_SAME or NEW */
	size_t marks_cap;
	uint8_t *matched; /* the previous round's rows: seen again */
	size_t matched_cap;
	size_t *closed; /* indexes into the previous round's list */
	size_t closed_cap, nclosed;
};

size_t
watch_stamp(long long t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char when[48];

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
		snprintf(when, sizeof(when), "%lld", t);
	snprintf(buf, size, "--- %s ---\n", when);
	return strlen(buf);
}

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleep until the monotonic time deadline, or until SIGINT or SIGTERM
 * arrives on sfd (blocked, so that a round is never cut short); returns
 * the signal, or 0. Without sfd (-1) the signals keep their default. */
static int
sleep_until(int sfd, double deadline)
{
	struct pollfd pfd = {.fd = sfd, .events = POLLIN};
	int i, sig;

	/* each pass ends by the timeout or the signal; EINTR (SIGWINCH,
	 * SIGCHLD) is rare, and the count bounds it anyway */
	for (i = 0; i < 1000; i++) {
		double left = deadline - now_mono();

		if ((sig = sfd >= 0 ? sigfd_read(sfd) : 0) != 0)
			return sig;
		if (left <= 0)
			return 0;
		if (poll(&pfd, sfd >= 0 ? 1 : 0, (int)(left * 1000) + 1) == 0)
			return 0;
	}
	return 0;
}

int
watch_run(const struct watch_opts *wo, FILE *fp, watch_round_fn round,
    void *ctx)
{
	int sfd = sigfd_open();
	size_t rounds = 0;
	int err = 0;

	for (;;) {
		double start = now_mono();

		if (rounds++ > 0 && wo->ready != NULL && !wo->ready(ctx))
			break;
		if (wo->redraw)
			fputs("\033[H\033[2J", fp); /* home, clear the screen */
		if (wo->stamp) {
			char line[WATCH_STAMP_SIZE];

			fwrite(line, 1,
			    watch_stamp((long long)time(NULL), line,
				sizeof(line)),
			    fp);
		}
		if ((err = round(ctx)) < 0)
			break;
		if (fflush(fp) != 0 || ferror(fp)) {
			err = errno ? -errno : -EIO;
			break;
		}
		if (sleep_until(sfd, start + wo->interval) != 0)
			break;
	}
	if (sfd >= 0)
		close(sfd);
	return err;
}

/* qsort_r's comparison of two pointers to records, by the watch's
 * identity order. */
static int
ptr_cmp(const void *a, const void *b, void *cmp)
{
	return (*(const watch_cmp_fn *)cmp)(*(const void *const *)a,
	    *(const void *const *)b);
}

struct watch *
watch_new(size_t rec_size, watch_cmp_fn cmp)
{
	struct watch *w = xcalloc(1, sizeof(*w));

	reclist_init(&w->lists[0], rec_size);
	reclist_init(&w->lists[1], rec_size);
	w->cmp = cmp;
	return w;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	reclist_fini(&w->lists[0]);
	reclist_fini(&w->lists[1]);
	free(w->sorted[0]);
	free(w->sorted[1]);
	free(w->marks);
	free(w->matched);
	free(w->closed);
	free(w);
}

struct reclist *
watch_begin(struct watch *w)
{
	w->cur ^= 1;
	w->lists[w->cur].len = 0; /* keep the array: memory stays flat */
	w->nclosed = 0;
	w->rounds++;
	return &w->lists[w->cur];
}

/* The list's records sorted by identity, as pointers, in slot k. */
static const void **
sort_list(struct watch *w, int k, const struct reclist *list)
{
	size_t i;

	w->sorted[k] = vec_reserve(w->sorted[k], &w->sorted_cap[k], list->len,
	    sizeof(*w->sorted[k]));
	for (i = 0; i < list->len; i++)
		w->sorted[k][i] = reclist_at(list, i);
	qsort_r(w->sorted[k], list->len, sizeof(*w->sorted[k]), ptr_cmp,
	    &w->cmp);
	return w->sorted[k];
}

/* The index of rec in list. */
static size_t
index_of(const struct reclist *list, const void *rec)
{
	return (size_t)((const unsigned char *)rec - list->v) / list->size;
}

size_t
watch_diff(struct watch *w)
{
	const struct reclist *cur = &w->lists[w->cur],
			     *prev = &w->lists[w->cur ^ 1];
	const void **a, **b;
	size_t i = 0, j = 0;

	w->marks = vec_reserve(w->marks, &w->marks_cap, cur->len, 1);
	w->matched = vec_reserve(w->matched, &w->matched_cap, prev->len, 1);
	w->closed = vec_reserve(w->closed, &w->closed_cap, prev->len,
	    sizeof(*w->closed));
	w->nclosed = 0;
	if (w->rounds <= 1) {
		/* the first round is the baseline: nothing to compare with */
		memset(w->marks, WATCH_SAME, cur->len);
		return cur->len;
	}
	memset(w->marks, WATCH_NEW, cur->len);
	memset(w->matched, 0, prev->len);
	/* merge the two sorted lists; equal keys pair off one for one, so
	 * duplicates (which the kernel should not give) are counted right */
	a = sort_list(w, 0, cur);
	b = sort_list(w, 1, prev);
	while (i < cur->len && j < prev->len) {
		int c = w->cmp(a[i], b[j]);

		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			w->marks[index_of(cur, a[i])] = WATCH_SAME;
			w->matched[index_of(prev, b[j])] = 1;
			i++;
			j++;
		}
	}
	for (j = 0; j < prev->len; j++)
		if (!w->matched[j])
			w->closed[w->nclosed++] = j;
	return cur->len + w->nclosed;
}

const void *
watch_row(const struct watch *w, size_t i, enum watch_mark *mark)
{
	const struct reclist *cur = &w->lists[w->cur],
			     *prev = &w->lists[w->cur ^ 1];

	if (i < cur->len) {
		*mark = (enum watch_mark)w->marks[i];
		return reclist_at(cur, i);
	}
	*mark = WATCH_CLOSED;
	return reclist_at(prev, w->closed[i - cur->len]);
}
