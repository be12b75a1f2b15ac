/* SPDX-License-Identifier: MIT */
#include "replay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "sockdiag.h"
#include "vec.h"
#include "xalloc.h"

/* One dump: its messages, the NLMSG_DONE or NLMSG_ERROR that ends it
 * included. */
struct dump {
	uint8_t family, proto;
	bool known; /* family and proto are known */
	bool used;  /* replayed already */
	size_t off, len;
	size_t ns; /* -N all: 1 + its namespace's index; 0: none */
};

/* A name (a process's or a user's) recorded for a number. */
struct named {
	int64_t id;
	size_t off; /* in the file */
	uint16_t len;
};

/* The bytes of one recorded /proc file, joined from its parts. */
struct file {
	size_t ns; /* as for struct dump */
	char name[64];
	unsigned char *v;
	size_t len, cap;
};

/* What a replayed dump's handle reads from. */
struct feed {
	const unsigned char *p;
	size_t left;
	uint32_t seq; /* the request's, which the replies echo */
};

struct replay {
	unsigned char *data;
	size_t len;
	struct dump *dumps;
	size_t ndumps, dumps_cap;
	struct recfmt_dump *index; /* RECFMT_DUMP records, in order */
	size_t nindex, index_cap;
	size_t *index_ns; /* each dump's namespace (struct dump's ns) */
	size_t index_ns_cap;
	struct named *netns; /* RECFMT_NETNS: id the inode, the name */
	size_t nnetns, netns_cap;
	size_t current_ns; /* replay_select_netns's, as struct dump's ns */
	struct file *files;
	size_t nfiles, files_cap;
	struct recfmt_owner *owners;
	size_t nowners, owners_cap;
	struct named *procs, *users;
	size_t nprocs, procs_cap, nusers, users_cap;
	struct recfmt_scan scan;
	bool has_scan, trailer;
	struct feed feed;
};

static int bad(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* The whole file, if it is a regular one of at most REPLAY_FILE_MAX. */
static int
read_file(const char *path, struct replay *rp)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (S_ISDIR(st.st_mode))
		err = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	else if ((uintmax_t)st.st_size > REPLAY_FILE_MAX)
		err = -EFBIG;
	if (err == 0) {
		rp->data = xcalloc((size_t)st.st_size + 1, 1);
		/* the size may change under us: read what it said, no more */
		while (got < (size_t)st.st_size) {
			n = read(fd, rp->data + got, (size_t)st.st_size - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				err = -errno;
				break;
			}
			if (n == 0)
				break;
			got += (size_t)n;
		}
		rp->len = got;
	}
	close(fd);
	return err;
}

/* The record of kind in a trailer message's body: n bytes at p. */
static int
take_record(struct replay *rp, uint16_t kind, const unsigned char *p, size_t n,
    char *why, size_t size)
{
	uint16_t name_len;
	struct named *nm;
	struct file *f;
	size_t i;

	switch (kind) {
	case RECFMT_DUMP:
		if (n < sizeof(struct recfmt_dump))
			return bad(why, size, "a dump record is cut short");
		rp->index = vec_reserve(rp->index, &rp->index_cap,
		    rp->nindex + 1, sizeof(*rp->index));
		rp->index_ns = vec_reserve(rp->index_ns, &rp->index_ns_cap,
		    rp->nindex + 1, sizeof(*rp->index_ns));
		rp->index_ns[rp->nindex] = rp->nnetns;
		memcpy(&rp->index[rp->nindex++], p, sizeof(*rp->index));
		return 0;
	case RECFMT_NETNS: {
		struct recfmt_netns ns;

		if (n < sizeof(ns))
			return bad(why, size, "a netns record is cut short");
		memcpy(&ns, p, sizeof(ns));
		if (n - sizeof(ns) < ns.len)
			return bad(why, size, "a name runs past its record");
		rp->netns = vec_reserve(rp->netns, &rp->netns_cap,
		    rp->nnetns + 1, sizeof(*rp->netns));
		nm = &rp->netns[rp->nnetns++];
		nm->id = (int64_t)ns.inode;
		nm->off = (size_t)(p + sizeof(ns) - rp->data);
		nm->len = ns.len;
		return 0;
	}
	case RECFMT_FILE:
		if (n < sizeof(name_len))
			return bad(why, size, "a file record is cut short");
		memcpy(&name_len, p, sizeof(name_len));
		if (name_len == 0 || name_len >= sizeof(f->name) ||
		    n < sizeof(name_len) + name_len ||
		    memchr(p + 2, '\0', name_len) != NULL)
			return bad(why, size, "a file record has a bad name");
		for (i = 0; i < rp->nfiles; i++)
			if (rp->files[i].ns == rp->nnetns &&
			    strlen(rp->files[i].name) == name_len &&
			    memcmp(rp->files[i].name, p + 2, name_len) == 0)
				break;
		if (i == rp->nfiles) {
			rp->files = vec_reserve(rp->files, &rp->files_cap,
			    rp->nfiles + 1, sizeof(*rp->files));
			memset(&rp->files[i], 0, sizeof(*rp->files));
			memcpy(rp->files[i].name, p + 2, name_len);
			rp->files[i].ns = rp->nnetns;
			rp->nfiles++;
		}
		f = &rp->files[i];
		n -= sizeof(name_len) + name_len;
		f->v = vec_reserve(f->v, &f->cap, f->len + n, 1);
		memcpy(f->v + f->len, p + 2 + name_len, n);
		f->len += n;
		return 0;
	case RECFMT_OWNER:
		for (; n >= sizeof(struct recfmt_owner);
		     n -= sizeof(struct recfmt_owner),
		     p += sizeof(struct recfmt_owner)) {
			rp->owners = vec_reserve(rp->owners, &rp->owners_cap,
			    rp->nowners + 1, sizeof(*rp->owners));
			memcpy(&rp->owners[rp->nowners++], p,
			    sizeof(*rp->owners));
		}
		return n == 0 ? 0
			      : bad(why, size, "an owner record is cut short");
	case RECFMT_PROCESS:
	case RECFMT_USER: {
		struct recfmt_process pr;
		struct recfmt_user u;
		bool proc = kind == RECFMT_PROCESS;
		size_t head = proc ? sizeof(pr) : sizeof(u);

		if (n < head)
			return bad(why, size, "a name record is cut short");
		memcpy(proc ? (void *)&pr : (void *)&u, p, head);
		name_len = proc ? pr.len : u.len;
		if (n - head < name_len)
			return bad(why, size, "a name runs past its record");
		if (proc) {
			rp->procs = vec_reserve(rp->procs, &rp->procs_cap,
			    rp->nprocs + 1, sizeof(*rp->procs));
			nm = &rp->procs[rp->nprocs++];
			nm->id = pr.pid;
		} else {
			rp->users = vec_reserve(rp->users, &rp->users_cap,
			    rp->nusers + 1, sizeof(*rp->users));
			nm = &rp->users[rp->nusers++];
			nm->id = u.uid;
		}
		nm->off = (size_t)(p + head - rp->data);
		nm->len = name_len;
		return 0;
	}
	case RECFMT_SCAN:
		if (n < sizeof(rp->scan))
			return bad(why, size, "a scan record is cut short");
		memcpy(&rp->scan, p, sizeof(rp->scan));
		rp->has_scan = true;
		return 0;
	default:
		return 0; /* a later version's: skipped */
	}
}

/* One message of the trailer. */
static int
take_trailer(struct replay *rp, const struct nlmsghdr *nlh, char *why,
    size_t size)
{
	const unsigned char *body = NLMSG_DATA(nlh);
	size_t n = nlh->nlmsg_len - NLMSG_HDRLEN;
	struct recfmt_head head;

	if (n < sizeof(head))
		return bad(why, size, "a trailer message is cut short");
	memcpy(&head, body, sizeof(head));
	if (memcmp(head.magic, RECFMT_MAGIC, sizeof(head.magic)) != 0)
		return bad(why, size, "a trailer message of another program");
	if (head.version != RECFMT_VERSION)
		return bad(why, size,
		    "recorded in format %u; this sockview reads format %u",
		    (unsigned)head.version, RECFMT_VERSION);
	rp->trailer = true;
	return take_record(rp, head.kind, body + sizeof(head), n - sizeof(head),
	    why, size);
}

/* Split the file into dumps and the trailer. */
static int
parse(struct replay *rp, char *why, size_t size)
{
	size_t off = 0;
	struct dump *open = NULL;
	int err;

	while (off < rp->len) {
		struct nlmsghdr nlh;
		size_t left = rp->len - off;

		if (left < NLMSG_HDRLEN)
			return bad(why, size,
			    "cut short at byte %zu: %zu bytes of a message "
			    "header",
			    off, left);
		memcpy(&nlh, rp->data + off, sizeof(nlh));
		if (nlh.nlmsg_len < NLMSG_HDRLEN || nlh.nlmsg_len > left)
			return bad(why, size,
			    "the message at byte %zu claims %u bytes, %zu are "
			    "left",
			    off, (unsigned)nlh.nlmsg_len, left);
		if (nlh.nlmsg_type == RECFMT_TYPE) {
			if (open != NULL)
				return bad(why, size,
				    "a dump ends without NLMSG_DONE at byte "
				    "%zu",
				    off);
			err = take_trailer(rp, (const void *)(rp->data + off),
			    why, size);
			if (err < 0)
				return err;
		} else {
			if (rp->trailer)
				return bad(why, size,
				    "a netlink message after the trailer, at "
				    "byte %zu",
				    off);
			if (open == NULL) {
				rp->dumps =
				    vec_reserve(rp->dumps, &rp->dumps_cap,
					rp->ndumps + 1, sizeof(*rp->dumps));
				open = &rp->dumps[rp->ndumps++];
				memset(open, 0, sizeof(*open));
				open->off = off;
			}
			open->len = off + nlh.nlmsg_len - open->off;
			if (nlh.nlmsg_type == NLMSG_DONE ||
			    nlh.nlmsg_type == NLMSG_ERROR)
				open = NULL;
		}
		/* the last message may lack its padding */
		off += left < NLMSG_ALIGN(nlh.nlmsg_len)
			   ? left
			   : NLMSG_ALIGN(nlh.nlmsg_len);
	}
	if (open != NULL)
		return bad(why, size,
		    "the last dump has no NLMSG_DONE: the recording was cut "
		    "short");
	return 0;
}

/* What each dump asked for: from the index, or for ss -D's recordings,
 * which hold TCP only, from the family of its first socket. */
static int
name_dumps(struct replay *rp, char *why, size_t size)
{
	size_t i;

	if (rp->trailer && rp->nindex != rp->ndumps)
		return bad(why, size,
		    "the trailer lists %zu dumps, the file holds %zu",
		    rp->nindex, rp->ndumps);
	for (i = 0; i < rp->ndumps; i++) {
		struct dump *d = &rp->dumps[i];
		struct nlmsghdr nlh;

		if (rp->trailer) {
			d->family = rp->index[i].family;
			d->proto = rp->index[i].proto;
			d->ns = rp->index_ns[i];
			d->known = true;
			continue;
		}
		memcpy(&nlh, rp->data + d->off, sizeof(nlh));
		if (nlh.nlmsg_type == NLMSG_DONE ||
		    nlh.nlmsg_type == NLMSG_ERROR ||
		    nlh.nlmsg_len < NLMSG_HDRLEN + 1)
			continue; /* empty: nothing says what it was */
		d->family = rp->data[d->off + NLMSG_HDRLEN];
		d->proto = IPPROTO_TCP;
		d->known = d->family == AF_INET || d->family == AF_INET6;
	}
	return 0;
}

/* Check the recording in rp->data and index it. */
static int
check(struct replay *rp, char *why, size_t why_size)
{
	int err;

	if ((err = parse(rp, why, why_size)) == 0)
		err = name_dumps(rp, why, why_size);
	if (err == 0 && rp->ndumps == 0 && rp->nfiles == 0)
		err = bad(why, why_size,
		    rp->len == 0 ? "an empty file"
				 : "holds neither a dump nor a /proc file");
	return err;
}

int
replay_open_mem(const void *data, size_t len, struct replay **out, char *why,
    size_t why_size)
{
	struct replay *rp = xcalloc(1, sizeof(*rp));
	int err;

	rp->data = xcalloc(len + 1, 1);
	memcpy(rp->data, data, len);
	rp->len = len;
	if ((err = check(rp, why, why_size)) < 0) {
		replay_free(rp);
		return err;
	}
	*out = rp;
	return 0;
}

int
replay_open(const char *path, struct replay **out, char *why, size_t why_size)
{
	struct replay *rp = xcalloc(1, sizeof(*rp));
	int err;

	if ((err = read_file(path, rp)) == 0)
		err = check(rp, why, why_size);
	if (err < 0) {
		replay_free(rp);
		return err;
	}
	*out = rp;
	return 0;
}

void
replay_free(struct replay *rp)
{
	size_t i;

	if (rp == NULL)
		return;
	for (i = 0; i < rp->nfiles; i++)
		free(rp->files[i].v);
	free(rp->files);
	free(rp->dumps);
	free(rp->index);
	free(rp->index_ns);
	free(rp->netns);
	free(rp->owners);
	free(rp->procs);
	free(rp->users);
	free(rp->data);
	free(rp);
}

bool
replay_is_ss(const struct replay *rp)
{
	return !rp->trailer;
}

static int
feed_send(void *ctx, const struct nlmsghdr *req, size_t len)
{
	struct feed *f = ctx;

	(void)len;
	f->seq = req->nlmsg_seq;
	return 0;
}

/* The next whole messages that fit in size bytes, each given the
 * request's sequence number, as the kernel would have sent them. */
static ssize_t
feed_recv(void *ctx, void *buf, size_t size)
{
	struct feed *f = ctx;
	size_t n = 0;

	while (n < f->left) {
		struct nlmsghdr nlh;
		size_t step;

		memcpy(&nlh, f->p + n, sizeof(nlh));
		step = NLMSG_ALIGN(nlh.nlmsg_len);
		if (step > f->left - n)
			step = f->left - n;
		if (n + step > size)
			break;
		n += step;
	}
	if (n == 0 && f->left > 0)
		n = f->left < size ? f->left : size; /* too long: let it fail */
	memcpy(buf, f->p, n);
	for (size_t off = 0; off + NLMSG_HDRLEN <= n;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)buf + off);

		nlh->nlmsg_seq = f->seq;
		if (nlh->nlmsg_len < NLMSG_HDRLEN)
			break;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	f->p += n;
	f->left -= n;
	return (ssize_t)n;
}

struct sockdiag *
replay_dump(struct replay *rp, uint8_t family, uint8_t proto)
{
	struct sockdiag_io io = {feed_send, feed_recv, &rp->feed};
	size_t i;

	for (i = 0; i < rp->ndumps; i++) {
		struct dump *d = &rp->dumps[i];

		if (d->used || !d->known || d->family != family ||
		    d->proto != proto || d->ns != rp->current_ns)
			continue;
		d->used = true;
		rp->feed.p = rp->data + d->off;
		rp->feed.left = d->len;
		return sockdiag_open_io(&io);
	}
	return NULL;
}

int
replay_file(const struct replay *rp, const char *name)
{
	const struct file *f = NULL;
	size_t i, off = 0;
	ssize_t n;
	int fd;

	for (i = 0; i < rp->nfiles && f == NULL; i++)
		if (rp->files[i].ns == rp->current_ns &&
		    strcmp(rp->files[i].name, name) == 0)
			f = &rp->files[i];
	if (f == NULL)
		return -ENOENT;
	/* a file in memory, so that the /proc readers read it as any */
	fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off < f->len) {
		n = write(fd, f->v + off, f->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return n < 0 ? -errno : -EIO;
		}
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

const struct recfmt_owner *
replay_owners(const struct replay *rp, size_t *n)
{
	*n = rp->nowners;
	return rp->owners;
}

static const char *
find_name(const struct replay *rp, const struct named *v, size_t n, int64_t id,
    size_t *len)
{
	size_t i;

	for (i = n; i-- > 0;)
		if (v[i].id == id) {
			*len = v[i].len;
			return (const char *)rp->data + v[i].off;
		}
	return NULL;
}

const char *
replay_process(const struct replay *rp, int32_t pid, size_t *len)
{
	return find_name(rp, rp->procs, rp->nprocs, pid, len);
}

const char *
replay_user(const struct replay *rp, uint32_t uid, size_t *len)
{
	return find_name(rp, rp->users, rp->nusers, uid, len);
}

const char *
replay_user_at(const struct replay *rp, size_t i, uint32_t *uid, size_t *len)
{
	if (i >= rp->nusers)
		return NULL;
	*uid = (uint32_t)rp->users[i].id;
	*len = rp->users[i].len;
	return (const char *)rp->data + rp->users[i].off;
}

bool
replay_scan(const struct replay *rp, struct recfmt_scan *scan)
{
	if (rp->has_scan)
		*scan = rp->scan;
	return rp->has_scan;
}

size_t
replay_netns_count(const struct replay *rp)
{
	return rp->nnetns;
}

const char *
replay_netns_at(const struct replay *rp, size_t i, uint64_t *inode, size_t *len)
{
	if (i >= rp->nnetns)
		return NULL;
	*inode = (uint64_t)rp->netns[i].id;
	*len = rp->netns[i].len;
	return (const char *)rp->data + rp->netns[i].off;
}

void
replay_select_netns(struct replay *rp, size_t i)
{
	/* the dumps and files after the i-th RECFMT_NETNS are tagged i + 1 */
	rp->current_ns = i + 1;
}
