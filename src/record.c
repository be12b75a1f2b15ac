/* SPDX-License-Identifier: MIT */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "recfmt.h"
#include "vec.h"
#include "xalloc.h"

/* Writes go out in blocks of this much. */
#define RECORD_BUF_SIZE 65536

struct record {
	int fd;		    /* the file being written */
	char *path;	    /* the name it takes when complete */
	char *tmp_path;	    /* its temporary name; NULL while it has none */
	unsigned char *buf; /* what is not written yet */
	size_t len, cap;
	/* the trailer, written last: messages back to back */
	unsigned char *trailer;
	size_t trailer_len, trailer_cap;
	/* the open RECFMT_OWNER message, to add owners to it */
	size_t owner_msg;
	int err; /* the first write error */
};

/* Write n bytes of data; keeps the first error. */
static void
write_all(struct record *rec, const unsigned char *data, size_t n)
{
	ssize_t w;

	while (n > 0 && rec->err == 0) {
		w = write(rec->fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rec->err = w < 0 ? -errno : -EIO;
			break;
		}
		data += w;
		n -= (size_t)w;
	}
}

/* Write what is buffered. */
static void
flush(struct record *rec)
{
	write_all(rec, rec->buf, rec->len);
	rec->len = 0;
}

/* Open a file beside path, with no name if the file system allows
 * (O_TMPFILE: nothing is left if we die), else under a temporary one. */
static int
open_beside(struct record *rec)
{
	char *dir = xstrdup(rec->path), *slash = strrchr(dir, '/');
	size_t size = strlen(rec->path) + 32;
	unsigned i;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	rec->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	free(dir);
	if (rec->fd >= 0)
		return 0;
	rec->tmp_path = xcalloc(size, 1);
	for (i = 0; i < 100; i++) {
		snprintf(rec->tmp_path, size, "%s.%ld-%u.tmp", rec->path,
		    (long)getpid(), i);
		rec->fd = open(rec->tmp_path,
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
		if (rec->fd >= 0 || errno != EEXIST)
			break;
	}
	if (rec->fd < 0) {
		free(rec->tmp_path);
		rec->tmp_path = NULL;
		return -errno;
	}
	return 0;
}

int
record_open(const char *path, struct record **out)
{
	struct record *rec = xcalloc(1, sizeof(*rec));
	int err;

	rec->path = xstrdup(path);
	rec->owner_msg = (size_t)-1;
	if ((err = open_beside(rec)) < 0) {
		free(rec->path);
		free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

/* Append n bytes to the file, through a 64 KiB buffer. */
static void
put(struct record *rec, const void *data, size_t n)
{
	if (rec->len + n > RECORD_BUF_SIZE)
		flush(rec);
	if (n > RECORD_BUF_SIZE) {
		write_all(rec, data, n);
		return;
	}
	rec->buf = vec_reserve(rec->buf, &rec->cap, rec->len + n, 1);
	memcpy(rec->buf + rec->len, data, n);
	rec->len += n;
}

void
record_netlink(void *data, const void *buf, size_t len)
{
	put(data, buf, len);
}

/* Start a trailer message of kind with room for size bytes of body;
 * returns the body. The message ends where the next one starts. */
static unsigned char *
trailer_msg(struct record *rec, enum recfmt_kind kind, size_t size)
{
	size_t len = NLMSG_LENGTH(sizeof(struct recfmt_head) + size);
	size_t start = rec->trailer_len;
	struct nlmsghdr nlh = {.nlmsg_len = (uint32_t)len,
	    .nlmsg_type = RECFMT_TYPE};
	struct recfmt_head head = {.version = RECFMT_VERSION,
	    .kind = (uint16_t)kind};
	unsigned char *p;

	memcpy(head.magic, RECFMT_MAGIC, sizeof(head.magic));
	rec->trailer = vec_reserve(rec->trailer, &rec->trailer_cap,
	    start + NLMSG_ALIGN(len), 1);
	p = rec->trailer + start;
	memset(p, 0, NLMSG_ALIGN(len));
	memcpy(p, &nlh, sizeof(nlh));
	memcpy(NLMSG_DATA(p), &head, sizeof(head));
	rec->trailer_len = start + NLMSG_ALIGN(len);
	rec->owner_msg = (size_t)-1;
	return (unsigned char *)NLMSG_DATA(p) + sizeof(head);
}

void
record_dump(struct record *rec, uint8_t family, uint8_t proto, uint32_t ext)
{
	struct recfmt_dump d = {.family = family, .proto = proto, .ext = ext};

	memcpy(trailer_msg(rec, RECFMT_DUMP, sizeof(d)), &d, sizeof(d));
}

void
record_file(void *data, const char *name, const void *buf, size_t len)
{
	struct record *rec = data;
	uint16_t name_len = (uint16_t)strnlen(name, 255);
	const unsigned char *bytes = buf;

	while (len > 0) {
		size_t n = len < RECFMT_CHUNK ? len : RECFMT_CHUNK;
		unsigned char *p = trailer_msg(rec, RECFMT_FILE,
		    sizeof(name_len) + name_len + n);

		memcpy(p, &name_len, sizeof(name_len));
		memcpy(p + sizeof(name_len), name, name_len);
		memcpy(p + sizeof(name_len) + name_len, bytes, n);
		bytes += n;
		len -= n;
	}
}

void
record_owner(struct record *rec, uint64_t inode, int32_t pid, int32_t fd)
{
	struct recfmt_owner o = {.inode = inode, .pid = pid, .fd = fd};
	struct nlmsghdr *nlh;
	size_t at = rec->owner_msg;

	/* owners share a message up to RECFMT_CHUNK bytes: each is added at
	 * the end of the open one, which is the trailer's last */
	if (at != (size_t)-1) {
		nlh = (struct nlmsghdr *)(void *)(rec->trailer + at);
		if (nlh->nlmsg_len + sizeof(o) <= RECFMT_CHUNK) {
			rec->trailer = vec_reserve(rec->trailer,
			    &rec->trailer_cap, rec->trailer_len + sizeof(o), 1);
			nlh = (struct nlmsghdr *)(void *)(rec->trailer + at);
			memcpy(rec->trailer + at + nlh->nlmsg_len, &o,
			    sizeof(o));
			nlh->nlmsg_len += sizeof(o);
			rec->trailer_len = at + NLMSG_ALIGN(nlh->nlmsg_len);
			return;
		}
	}
	at = rec->trailer_len;
	memcpy(trailer_msg(rec, RECFMT_OWNER, sizeof(o)), &o, sizeof(o));
	rec->owner_msg = at;
}

/* A name record: the fixed part (size bytes), then len bytes of name. */
static void
name_msg(struct record *rec, enum recfmt_kind kind, const void *fixed,
    size_t size, const char *name, size_t len)
{
	unsigned char *p;

	if (len > 255)
		len = 255;
	p = trailer_msg(rec, kind, size + len);
	memcpy(p, fixed, size);
	memcpy(p + size, name, len);
}

void
record_process(struct record *rec, int32_t pid, const char *name, size_t len)
{
	struct recfmt_process pr = {.pid = pid,
	    .len = (uint16_t)(len > 255 ? 255 : len)};

	name_msg(rec, RECFMT_PROCESS, &pr, sizeof(pr), name, len);
}

void
record_user(struct record *rec, uint32_t uid, const char *name, size_t len)
{
	struct recfmt_user u = {.uid = uid,
	    .len = (uint16_t)(len > 255 ? 255 : len)};

	name_msg(rec, RECFMT_USER, &u, sizeof(u), name, len);
}

void
record_netns(struct record *rec, uint64_t inode, const char *name, size_t len)
{
	struct recfmt_netns ns = {.inode = inode};
	unsigned char *p;

	ns.len = (uint16_t)(len < 1024 ? len : 1024);
	p = trailer_msg(rec, RECFMT_NETNS, sizeof(ns) + ns.len);
	memcpy(p, &ns, sizeof(ns));
	memcpy(p + sizeof(ns), name, ns.len);
}

void
record_scan(struct record *rec, const struct recfmt_scan *scan)
{
	struct recfmt_scan s = *scan;

	memcpy(trailer_msg(rec, RECFMT_SCAN, sizeof(s)), &s, sizeof(s));
}

/* Give the complete file its name: link the unnamed file under a
 * temporary name, then rename that over path, so that path is the old
 * file or the new one, never a part. */
static int
name_file(struct record *rec)
{
	char fdpath[64];
	size_t size = strlen(rec->path) + 32;
	unsigned i;

	if (rec->tmp_path == NULL) {
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", rec->fd);
		rec->tmp_path = xcalloc(size, 1);
		for (i = 0; i < 100; i++) {
			snprintf(rec->tmp_path, size, "%s.%ld-%u.tmp",
			    rec->path, (long)getpid(), i);
			if (linkat(AT_FDCWD, fdpath, AT_FDCWD, rec->tmp_path,
				AT_SYMLINK_FOLLOW) == 0)
				break;
			if (errno != EEXIST) {
				free(rec->tmp_path);
				rec->tmp_path = NULL;
				return -errno;
			}
		}
	}
	if (rename(rec->tmp_path, rec->path) < 0)
		return -errno;
	free(rec->tmp_path);
	rec->tmp_path = NULL;
	return 0;
}

int
record_commit(struct record *rec)
{
	int err;

	put(rec, rec->trailer, rec->trailer_len);
	flush(rec);
	err = rec->err;
	if (err == 0 && fsync(rec->fd) < 0)
		err = -errno;
	if (err == 0)
		err = name_file(rec);
	if (err < 0) {
		record_abort(rec);
		return err;
	}
	close(rec->fd);
	rec->fd = -1;
	record_abort(rec);
	return 0;
}

void
record_abort(struct record *rec)
{
	if (rec == NULL)
		return;
	if (rec->fd >= 0)
		close(rec->fd);
	if (rec->tmp_path != NULL)
		unlink(rec->tmp_path);
	free(rec->tmp_path);
	free(rec->path);
	free(rec->buf);
	free(rec->trailer);
	free(rec);
}
