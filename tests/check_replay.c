/* SPDX-License-Identifier: MIT */
/* Unit tests for record.c and replay.c: what --record writes reads back
 * as it was, and hostile recordings are refused with a reason. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "procnet.h"
#include "recfmt.h"
#include "record.h"
#include "replay.h"
#include "sockdiag.h"

/* A recording being made by hand. */
struct buf {
	unsigned char v[8192];
	size_t len;
};

static void
put_msg(struct buf *b, uint16_t type, const void *body, size_t n)
{
	struct nlmsghdr nlh = {.nlmsg_len = (uint32_t)NLMSG_LENGTH(n),
	    .nlmsg_type = type,
	    .nlmsg_seq = 4242};

	memcpy(b->v + b->len, &nlh, sizeof(nlh));
	memcpy(b->v + b->len + NLMSG_HDRLEN, body, n);
	b->len += NLMSG_ALIGN(nlh.nlmsg_len);
}

/* One TCP socket's reply: 127.0.0.1:port listening, inode ino. */
static void
put_sock(struct buf *b, uint8_t family, uint16_t port, uint32_t ino)
{
	struct inet_diag_msg m;

	memset(&m, 0, sizeof(m));
	m.idiag_family = family;
	m.idiag_state = 10; /* TCP_LISTEN */
	m.id.idiag_sport = htons(port);
	m.id.idiag_src[0] = htonl(0x7f000001);
	m.idiag_inode = ino;
	put_msg(b, SOCK_DIAG_BY_FAMILY, &m, sizeof(m));
}

static void
put_done(struct buf *b)
{
	int zero = 0;

	put_msg(b, NLMSG_DONE, &zero, sizeof(zero));
}

static int
count_sink(const struct sock_rec *rec, void *data)
{
	(void)rec;
	(*(size_t *)data)++;
	return 0;
}

/* Replay the recorded dump of family and proto; returns the sockets. */
static size_t
replay_count(struct replay *rp, uint8_t family, uint8_t proto)
{
	struct sockdiag *sd = replay_dump(rp, family, proto);
	size_t n = 0, emitted;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(sockdiag_dump(sd, family, proto, ~0u, false, NULL, 0,
			     count_sink, &n, &emitted),
	    0);
	sockdiag_close(sd);
	return n;
}

/* ss -D writes the TCP dumps, IPv4 then IPv6, and nothing after. */
START_TEST(reads_ss_recordings)
{
	struct buf b = {.len = 0};
	struct replay *rp;
	char why[256];

	put_sock(&b, AF_INET, 80, 1);
	put_sock(&b, AF_INET, 443, 2);
	put_done(&b);
	put_sock(&b, AF_INET6, 22, 3);
	put_done(&b);
	ck_assert_int_eq(replay_open_mem(b.v, b.len, &rp, why, sizeof(why)), 0);
	ck_assert(replay_is_ss(rp));
	ck_assert_uint_eq(replay_count(rp, AF_INET, IPPROTO_TCP), 2);
	ck_assert_uint_eq(replay_count(rp, AF_INET6, IPPROTO_TCP), 1);
	/* each dump is replayed once; UDP was never recorded */
	ck_assert_ptr_null(replay_dump(rp, AF_INET, IPPROTO_TCP));
	ck_assert_ptr_null(replay_dump(rp, AF_INET, IPPROTO_UDP));
	replay_free(rp);
}
END_TEST

/* What record.c writes, replay.c reads: dumps by what they asked for,
 * /proc files joined from their parts, owners, names. */
START_TEST(reads_back_what_is_recorded)
{
	char path[] = "/tmp/sockview-check-replay-XXXXXX", why[256];
	struct buf udp = {.len = 0}, tcp = {.len = 0};
	const struct recfmt_owner *own;
	struct recfmt_scan scan;
	struct record *rec;
	struct replay *rp;
	const char *name;
	size_t n, len;
	char line[64];
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(record_open(path, &rec), 0);
	/* recorded UDP first: the replay goes by what each dump asked */
	put_sock(&udp, AF_INET, 53, 7);
	put_done(&udp);
	record_dump(rec, AF_INET, IPPROTO_UDP, 0);
	record_netlink(rec, udp.v, udp.len);
	put_sock(&tcp, AF_INET, 80, 8);
	put_sock(&tcp, AF_INET, 81, 9);
	put_done(&tcp);
	record_dump(rec, AF_INET, IPPROTO_TCP, 2);
	record_netlink(rec, tcp.v, tcp.len);
	record_file(rec, "net/raw", "part one,", 9);
	record_file(rec, "net/raw", " part two\n", 10);
	record_owner(rec, 8, 100, 3);
	record_owner(rec, 9, 101, 4);
	record_process(rec, 100, "web\nserver", 10);
	record_user(rec, 1000, "alice", 5);
	record_scan(rec, &(struct recfmt_scan){.processes = 12, .hidden = 2});
	ck_assert_int_eq(record_commit(rec), 0);

	ck_assert_int_eq(replay_open(path, &rp, why, sizeof(why)), 0);
	ck_assert(!replay_is_ss(rp));
	ck_assert_uint_eq(replay_count(rp, AF_INET, IPPROTO_TCP), 2);
	ck_assert_uint_eq(replay_count(rp, AF_INET, IPPROTO_UDP), 1);
	fd = replay_file(rp, "net/raw");
	ck_assert_int_ge(fd, 0);
	n = (size_t)read(fd, line, sizeof(line));
	close(fd);
	ck_assert_uint_eq(n, 19);
	ck_assert(memcmp(line, "part one, part two\n", 19) == 0);
	ck_assert_int_eq(replay_file(rp, "net/tcp"), -ENOENT);
	own = replay_owners(rp, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(own[1].inode, 9);
	ck_assert_int_eq(own[1].pid, 101);
	ck_assert_int_eq(own[1].fd, 4);
	name = replay_process(rp, 100, &len);
	ck_assert_uint_eq(len, 10);
	ck_assert(memcmp(name, "web\nserver", 10) == 0);
	ck_assert_ptr_null(replay_process(rp, 101, &len));
	name = replay_user(rp, 1000, &len);
	ck_assert(len == 5 && memcmp(name, "alice", 5) == 0);
	ck_assert(replay_scan(rp, &scan));
	ck_assert(scan.processes == 12 && scan.hidden == 2);
	replay_free(rp);
	unlink(path);
}
END_TEST

/* -N all: each namespace's dumps and files replay apart, and a second
 * namespace's are not seen before it is selected. */
START_TEST(keeps_namespaces_apart)
{
	char path[] = "/tmp/sockview-check-replay-XXXXXX", why[256];
	struct buf a = {.len = 0}, b = {.len = 0};
	struct record *rec;
	struct replay *rp;
	const char *name;
	uint64_t inode;
	size_t len;
	char line[16];
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(record_open(path, &rec), 0);
	put_sock(&a, AF_INET, 80, 8);
	put_done(&a);
	put_sock(&b, AF_INET, 81, 9);
	put_sock(&b, AF_INET, 82, 10);
	put_done(&b);
	record_netns(rec, 4026531833u, "host", 4);
	record_dump(rec, AF_INET, IPPROTO_TCP, 0);
	record_netlink(rec, a.v, a.len);
	record_file(rec, "net/raw", "host\n", 5);
	record_netns(rec, 4026532200u, "we ird", 6);
	record_dump(rec, AF_INET, IPPROTO_TCP, 0);
	record_netlink(rec, b.v, b.len);
	record_file(rec, "net/raw", "other\n", 6);
	ck_assert_int_eq(record_commit(rec), 0);

	ck_assert_int_eq(replay_open(path, &rp, why, sizeof(why)), 0);
	ck_assert_uint_eq(replay_netns_count(rp), 2);
	name = replay_netns_at(rp, 1, &inode, &len);
	ck_assert(name != NULL && len == 6 && memcmp(name, "we ird", 6) == 0);
	ck_assert_uint_eq(inode, 4026532200u);
	ck_assert_ptr_null(replay_netns_at(rp, 2, &inode, &len));
	/* the second namespace first: its dump, its file */
	replay_select_netns(rp, 1);
	ck_assert_uint_eq(replay_count(rp, AF_INET, IPPROTO_TCP), 2);
	ck_assert_ptr_null(replay_dump(rp, AF_INET, IPPROTO_TCP));
	fd = replay_file(rp, "net/raw");
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, line, sizeof(line)), 6);
	close(fd);
	replay_select_netns(rp, 0);
	ck_assert_uint_eq(replay_count(rp, AF_INET, IPPROTO_TCP), 1);
	fd = replay_file(rp, "net/raw");
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, line, sizeof(line)), 5);
	close(fd);
	replay_free(rp);
	unlink(path);
}
END_TEST

/* An interrupted recording leaves the old file as it was. */
START_TEST(abort_keeps_the_old_file)
{
	char path[] = "/tmp/sockview-check-replay-XXXXXX", got[16] = "";
	struct record *rec;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "old", 3), 3);
	close(fd);
	ck_assert_int_eq(record_open(path, &rec), 0);
	record_netlink(rec, "new data", 8);
	record_abort(rec);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(read(fd, got, sizeof(got)), 3);
	close(fd);
	ck_assert_str_eq(got, "old");
	unlink(path);
}
END_TEST

static void
expect_refused(const struct buf *b, const char *want)
{
	struct replay *rp = NULL;
	char why[256] = "";

	ck_assert_int_eq(replay_open_mem(b->v, b->len, &rp, why, sizeof(why)),
	    -EBADMSG);
	ck_assert_ptr_null(rp);
	ck_assert_msg(strstr(why, want) != NULL, "'%s' lacks '%s'", why, want);
}

START_TEST(refuses_hostile_recordings)
{
	struct buf b = {.len = 0}, c;
	struct nlmsghdr nlh;
	struct recfmt_head head = {.magic = "SVRC", .version = 9, .kind = 1};

	expect_refused(&b, "an empty file");
	put_sock(&b, AF_INET, 80, 1);
	c = b;
	expect_refused(&c, "no NLMSG_DONE");
	/* cut short in the middle of a message */
	c.len = b.len - 10;
	expect_refused(&c, "claims");
	c.len = 7;
	expect_refused(&c, "cut short at byte 0");
	/* a length of 2 GiB, or less than a header */
	memcpy(&nlh, c.v, sizeof(nlh));
	nlh.nlmsg_len = 0x80000000u;
	memcpy(c.v, &nlh, sizeof(nlh));
	c.len = b.len;
	expect_refused(&c, "claims 2147483648 bytes");
	nlh.nlmsg_len = 3;
	memcpy(c.v, &nlh, sizeof(nlh));
	expect_refused(&c, "claims 3 bytes");
	/* garbage */
	memset(c.v, 0xa5, sizeof(c.v));
	c.len = 100;
	expect_refused(&c, "claims");
	/* a trailer of another program, or of a later format */
	c = b;
	put_done(&c);
	head.magic[0] = 'X';
	put_msg(&c, RECFMT_TYPE, &head, sizeof(head));
	expect_refused(&c, "another program");
	c = b;
	put_done(&c);
	memcpy(head.magic, "SVRC", 4);
	put_msg(&c, RECFMT_TYPE, &head, sizeof(head));
	expect_refused(&c, "format 9");
	/* an index that does not match the dumps */
	c = b;
	put_done(&c);
	head.version = RECFMT_VERSION;
	put_msg(&c, RECFMT_TYPE, &head, sizeof(head));
	expect_refused(&c, "cut short");
	{
		struct {
			struct recfmt_head h;
			struct recfmt_dump d;
		} rec = {.h = head, .d = {.family = AF_INET, .proto = 6}};

		c = b;
		put_done(&c);
		put_msg(&c, RECFMT_TYPE, &rec, sizeof(rec));
		put_msg(&c, RECFMT_TYPE, &rec, sizeof(rec));
		expect_refused(&c,
		    "the trailer lists 2 dumps, the file holds 1");
		/* a dump after the trailer */
		c.len -= NLMSG_ALIGN(NLMSG_LENGTH(sizeof(rec)));
		put_sock(&c, AF_INET, 81, 2);
		expect_refused(&c, "after the trailer");
	}
}
END_TEST

/* The same message twice is no reason to fail: both are listed. */
START_TEST(a_repeated_message_is_replayed)
{
	struct buf b = {.len = 0};
	struct replay *rp;
	char why[256];

	put_sock(&b, AF_INET, 80, 1);
	put_sock(&b, AF_INET, 80, 1);
	put_done(&b);
	ck_assert_int_eq(replay_open_mem(b.v, b.len, &rp, why, sizeof(why)), 0);
	ck_assert_uint_eq(replay_count(rp, AF_INET, IPPROTO_TCP), 2);
	replay_free(rp);
}
END_TEST

static Suite *
replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_ss_recordings);
	tcase_add_test(tc, reads_back_what_is_recorded);
	tcase_add_test(tc, keeps_namespaces_apart);
	tcase_add_test(tc, abort_keeps_the_old_file);
	tcase_add_test(tc, refuses_hostile_recordings);
	tcase_add_test(tc, a_repeated_message_is_replayed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(replay_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
