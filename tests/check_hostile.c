/* SPDX-License-Identifier: MIT */
/* Hostile input for every parser: what a file, the kernel or the user
 * may hand sockview that it must refuse or skip, never crash on, never
 * print as it is, and never hold more memory for than it needs. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "cli.h"
#include "escape.h"
#include "fmt_json.h"
#include "nlreply.h"
#include "procnet.h"
#include "services.h"
#include "sockdiag.h"

/* Deterministic bytes for "binary garbage". */
static uint32_t
lcg(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static char *
garbage(size_t n, uint32_t seed)
{
	char *buf = malloc(n + 1);
	size_t i;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++)
		buf[i] = (char)lcg(&seed);
	buf[n] = '\0';
	return buf;
}

static void
write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* A name a table returns is printed as it is: printable words only. */
static void
assert_word(const char *s)
{
	ck_assert(*s != '\0');
	for (; *s != '\0'; s++)
		ck_assert(*s > ' ' && *s < 0x7f);
}

/* --- /etc/services --- */

START_TEST(services_one_megabyte_line)
{
	const size_t big = 1 << 20;
	char *text = malloc(big + 64), path[] = "/tmp/sockview-svc-XXXXXX";
	struct services *svc;
	size_t n;
	int fd, err;

	ck_assert_ptr_nonnull(text);
	n = (size_t)sprintf(text, "http 80/tcp\n");
	memset(text + n, 'x', big);
	n += big;
	n += (size_t)sprintf(text + n, " 81/tcp\nssh 22/tcp\n");

	svc = services_parse(text, n);
	ck_assert_str_eq(services_name(svc, 80, IPPROTO_TCP), "http");
	ck_assert_ptr_null(services_name(svc, 81, IPPROTO_TCP));
	ck_assert_str_eq(services_name(svc, 22, IPPROTO_TCP), "ssh");
	services_free(svc);

	/* the file loader reads through a fixed buffer and skips it too */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	write_file(path, text, n);
	svc = services_load(path, &err);
	ck_assert_ptr_nonnull(svc);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(services_count(svc), 2);
	ck_assert_str_eq(services_name(svc, 22, IPPROTO_TCP), "ssh");
	services_free(svc);
	unlink(path);
	free(text);
}
END_TEST

START_TEST(services_binary_garbage)
{
	const size_t n = 1 << 20;
	char *text = garbage(n, 42);
	struct services *svc = services_parse(text, n);
	unsigned port;

	for (port = 0; port < 65536; port++) {
		const char *name =
		    services_name(svc, (uint16_t)port, IPPROTO_TCP);

		if (name != NULL)
			assert_word(name);
	}
	services_free(svc);
	free(text);
}
END_TEST

START_TEST(services_200000_entries)
{
	const size_t entries = 200000;
	size_t cap = entries * 64, n = 0, i;
	char *text = malloc(cap);
	struct services *svc;
	uint16_t port;

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < entries; i++)
		n += (size_t)snprintf(text + n, cap - n,
		    "svc%zu %zu/%s alias%zu # comment %zu\n", i, i % 65536,
		    i % 2 ? "tcp" : "udp", i, i);
	svc = services_parse(text, n);
	/* a (port, protocol) pair is kept once: at most 2 x 65536 */
	ck_assert_uint_eq(services_count(svc), 65536);
	ck_assert_str_eq(services_name(svc, 0, IPPROTO_UDP), "svc0");
	ck_assert_str_eq(services_name(svc, 1, IPPROTO_TCP), "svc1");
	ck_assert_str_eq(services_name(svc, 65535, IPPROTO_TCP), "svc65535");
	ck_assert_str_eq(services_comment(svc, 1, IPPROTO_TCP), "comment 1");
	/* the first entry wins: 65537 is port 1 again, later */
	ck_assert(!services_port(svc, "svc65537", IPPROTO_TCP, &port));
	ck_assert(services_port(svc, "svc1001", IPPROTO_TCP, &port));
	ck_assert_uint_eq(port, 1001);
	services_free(svc);
	free(text);
}
END_TEST

/* --- /proc/net --- */

static const char good_line[] =
    "   0: 0100007F:270F 00000000:0000 0A 00000000:00000003 00:00000000 "
    "00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0";

START_TEST(procnet_missing_fields)
{
	const char *inode = strstr(good_line, " 4242 ") + 1;
	size_t cut, need = (size_t)(inode - good_line) + 1;
	struct sock_rec rec;
	char line[sizeof(good_line)];

	/* every prefix that stops before the inode is refused */
	for (cut = 0; cut < need; cut++) {
		memcpy(line, good_line, cut);
		line[cut] = '\0';
		ck_assert_msg(
		    procnet_parse_line(line, AF_INET, IPPROTO_TCP, &rec) < 0,
		    "a line cut at %zu parsed", cut);
	}
	ck_assert_int_eq(
	    procnet_parse_line(good_line, AF_INET, IPPROTO_TCP, &rec), 0);
	ck_assert_uint_eq(rec.inode, 4242);
}
END_TEST

START_TEST(procnet_overlong_fields)
{
	static const char *const lines[] = {
	    /* a 9-digit address word, a 5-digit port */
	    "0: 0100007F0:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    "0: 0100007F:270F0 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    /* a state of three digits, a queue of nine */
	    "0: 0100007F:270F 00000000:0000 00A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    "0: 0100007F:270F 00000000:0000 0A 000000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    /* a uid past 2^32, an inode past 2^64 */
	    "0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 4294967296 0 1",
	    "0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 123456789012345678901234567890",
	    /* a slot number past 2^32, a state of 0 and of 0xFF */
	    "99999999999: 0100007F:270F 00000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000 0 0 1",
	    "0: 0100007F:270F 00000000:0000 00 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	    "0: 0100007F:270F 00000000:0000 FF 00000000:00000000 00:00000000 "
	    "00000000 0 0 1",
	};
	struct sock_rec rec;
	size_t i;
	char *big;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(procnet_parse_line(lines[i], AF_INET, IPPROTO_TCP,
				  &rec) < 0,
		    "overlong field parsed: %s", lines[i]);
	/* a field of 100,000 digits */
	big = malloc(200000);
	ck_assert_ptr_nonnull(big);
	memcpy(big, "0: ", 3);
	memset(big + 3, '1', 100000);
	strcpy(big + 100003, ":270F 00000000:0000 0A");
	ck_assert_int_lt(procnet_parse_line(big, AF_INET, IPPROTO_TCP, &rec),
	    0);
	/* an IPv4 line read as IPv6 and the other way round */
	ck_assert_int_lt(
	    procnet_parse_line(good_line, AF_INET6, IPPROTO_TCP, &rec), 0);
	free(big);
}
END_TEST

static int
count_sink(const struct sock_rec *rec, void *ctx)
{
	(void)rec;
	(*(size_t *)ctx)++;
	return 0;
}

START_TEST(procnet_hostile_file)
{
	char root[] = "/tmp/sockview-hostile-XXXXXX", path[256];
	const size_t gsize = 1 << 20;
	char *junk = garbage(gsize, 7), *longline;
	size_t n = 0, bad = 0;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/net", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/net/tcp", root);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "  sl  local_address ...header\n%s\n", good_line);
	/* a 1 MB line: longer than the reader's buffer, skipped whole */
	longline = malloc(gsize + 1);
	ck_assert_ptr_nonnull(longline);
	memset(longline, '7', gsize);
	longline[gsize] = '\0';
	fprintf(f, "%s\n", longline);
	/* binary garbage, NUL bytes included, then a good line again */
	fwrite(junk, 1, gsize, f);
	fprintf(f, "\n%s\n", good_line);
	fputs("   1: 0100007F:270F\n", f); /* fields missing */
	fclose(f);

	ck_assert_int_eq(procnet_collect(root, AF_INET, IPPROTO_TCP, NULL,
			     count_sink, &n, &bad),
	    0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_ge(bad, 3);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", root);
	rmdir(path);
	rmdir(root);
	free(longline);
	free(junk);
}
END_TEST

/* --- netlink --- */

#define FIRST_SEQ NLREPLY_FIRST_SEQ

/* One inet_diag reply for 127.0.0.1:port with tcp_info attached, as the
 * kernel sends it, at buf; returns its aligned length. */
static size_t
put_diag_msg(char *buf, uint16_t port, uint32_t inode)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_msg *msg;
	struct tcp_info ti;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = FIRST_SEQ;
	msg = mnl_nlmsg_put_extra_header(nlh, sizeof(*msg));
	msg->idiag_family = AF_INET;
	msg->idiag_state = SOCK_ST_LISTEN;
	msg->id.idiag_sport = htons(port);
	msg->id.idiag_src[0] = htonl(0x7f000001);
	msg->idiag_inode = inode;
	memset(&ti, 0, sizeof(ti));
	ti.tcpi_retransmits = 3;
	ti.tcpi_probes = 4;
	mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(ti), &ti);
	return NLMSG_ALIGN(nlh->nlmsg_len);
}

/* Run a TCP dump through the real receive loop, its replies the n
 * datagrams of feed; the records go to out. Returns sockdiag_dump's
 * result, having checked that it sent one request, numbered 1. */
static int
feed_dump(struct sockdiag_feed *feed, struct sock_list *out)
{
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv, feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	size_t emitted = 0;
	int err;

	sock_list_init(out);
	err = sockdiag_dump(sd, AF_INET, IPPROTO_TCP, ~0u, true, NULL, 0,
	    sock_list_sink, out, &emitted);
	sockdiag_close(sd);
	ck_assert_uint_eq(feed->sent, 1);
	ck_assert_uint_eq(feed->last_seq, FIRST_SEQ);
	ck_assert_uint_eq(emitted, out->len);
	return err;
}

/* The dump whose first datagram is buf (len bytes) and whose second is
 * a good NLMSG_DONE: how many records sockdiag_dump gave (at most max,
 * copied to recs), or -1 when it failed. */
static int
decode_all(char *buf, size_t len, struct sock_rec *recs, int max)
{
	static char done[64] __attribute__((aligned(8)));
	const void *dgram[] = {buf, done};
	size_t lens[] = {len, nlreply_done(done, 0)};
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 2};
	struct sock_list out;
	int err, n;

	err = feed_dump(&feed, &out);
	n = out.len < (size_t)max ? (int)out.len : max;
	if (n > 0)
		memcpy(recs, out.v, (size_t)n * sizeof(*recs));
	sock_list_fini(&out);
	if (err < 0) {
		ck_assert_int_eq(err, -EBADMSG);
		return -1;
	}
	ck_assert_uint_eq(feed.next, 2);
	return n;
}

START_TEST(netlink_dump_ends_early)
{
	static char buf[4096] __attribute__((aligned(8)));
	struct sock_rec recs[8];
	size_t len = 0, first, cut;
	struct nlmsghdr *nlh;

	first = put_diag_msg(buf, 9999, 11);
	len = first + put_diag_msg(buf + first, 8888, 12);
	ck_assert_int_eq(decode_all(buf, len, recs, 8), 2);
	ck_assert_uint_eq(recs[0].local.port, 9999);
	ck_assert_uint_eq(recs[0].retrans, 3);
	ck_assert_uint_eq(recs[0].probes, 4);
	ck_assert_uint_eq(recs[1].inode, 12);

	/* the second message cut at any point: the receive is refused,
	 * except where too little is left to hold a header at all */
	for (cut = first + 1; cut < len; cut++) {
		int n = decode_all(buf, cut, recs, 8);

		if (cut - first < sizeof(struct nlmsghdr))
			ck_assert_int_eq(n, 1);
		else
			ck_assert_int_eq(n, -1);
	}

	/* a message whose length covers less than an inet_diag_msg is
	 * refused; an attribute that runs past its message is ignored */
	nlh = (struct nlmsghdr *)buf;
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct inet_diag_msg)) - 4;
	ck_assert_int_eq(sockdiag_decode(nlh, IPPROTO_TCP, &recs[0]), -EBADMSG);
	put_diag_msg(buf, 9999, 11);
	((struct nlattr *)(buf + NLMSG_LENGTH(sizeof(struct inet_diag_msg))))
	    ->nla_len = 0xfff0;
	ck_assert_int_eq(sockdiag_decode(nlh, IPPROTO_TCP, &recs[0]), 0);
	ck_assert_uint_eq(recs[0].retrans, 0);
	ck_assert_uint_eq(recs[0].probes, 0);

	/* a length of 2 GiB or more, which libmnl reads as negative: the
	 * check refuses it, and so does the loop, before any record */
	put_diag_msg(buf, 9999, 11);
	nlh->nlmsg_len = 0xffffff0a;
	ck_assert(!sockdiag_buf_ok(buf, first));
	ck_assert_int_eq(decode_all(buf, first, recs, 8), -1);
	nlh->nlmsg_len = 0x80000000;
	ck_assert(!sockdiag_buf_ok(buf, first));
	ck_assert_int_eq(decode_all(buf, first, recs, 8), -1);
	nlh->nlmsg_len = 3;
	ck_assert(!sockdiag_buf_ok(buf, first));
	ck_assert_int_eq(decode_all(buf, first, recs, 8), -1);
}
END_TEST

START_TEST(netlink_dump_repeats_messages)
{
	static char buf[8192] __attribute__((aligned(8)));
	struct sock_rec recs[64];
	size_t len = 0;
	int i;

	for (i = 0; i < 20; i++)
		len += put_diag_msg(buf + len, 7777, 99);
	ck_assert_int_eq(decode_all(buf, len, recs, 64), 20);
	for (i = 1; i < 20; i++)
		ck_assert_mem_eq(&recs[i], &recs[0], sizeof(recs[0]));
	/* a family neither IPv4 nor IPv6 is refused, the rest kept */
	((struct inet_diag_msg *)(buf + NLMSG_HDRLEN))->idiag_family = 77;
	ck_assert_int_eq(decode_all(buf, len, recs, 64), 19);
}
END_TEST

START_TEST(netlink_multipart_dump)
{
	static char buf[3][1024] __attribute__((aligned(8)));
	static char done[64] __attribute__((aligned(8)));
	const void *dgram[] = {buf[0], buf[1], buf[2], done};
	size_t lens[4], i;
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 4};
	struct sock_list out;

	/* three datagrams of two sockets each, then NLMSG_DONE alone */
	for (i = 0; i < 3; i++) {
		lens[i] = put_diag_msg(buf[i], (uint16_t)(1000 + 2 * i),
		    (uint32_t)(50 + 2 * i));
		lens[i] += put_diag_msg(buf[i] + lens[i],
		    (uint16_t)(1001 + 2 * i), (uint32_t)(51 + 2 * i));
	}
	lens[3] = nlreply_done(done, 0);
	ck_assert_int_eq(feed_dump(&feed, &out), 0);
	ck_assert_uint_eq(feed.next, 4);
	ck_assert_uint_eq(out.len, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(out.v[i].local.port, 1000 + i);
		ck_assert_uint_eq(out.v[i].inode, 50 + i);
	}
	sock_list_fini(&out);
}
END_TEST

/* A dump of more datagrams than the 16 after which a reader thread
 * receives them: the records in the kernel's order, and a bad datagram or
 * an end without NLMSG_DONE late in it fail as they do at its start, with
 * nothing after the bad one taken. */
START_TEST(netlink_long_dump)
{
	enum { N = 24 };
	static char buf[N][1024] __attribute__((aligned(8)));
	static char done[64] __attribute__((aligned(8)));
	const void *dgram[N + 1];
	size_t lens[N + 1], i;
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = N + 1};
	struct sock_list out;

	for (i = 0; i < N; i++) {
		lens[i] = put_diag_msg(buf[i], (uint16_t)(1000 + 2 * i),
		    (uint32_t)(50 + 2 * i));
		lens[i] += put_diag_msg(buf[i] + lens[i],
		    (uint16_t)(1001 + 2 * i), (uint32_t)(51 + 2 * i));
		dgram[i] = buf[i];
	}
	dgram[N] = done;
	lens[N] = nlreply_done(done, 0);
	ck_assert_int_eq(feed_dump(&feed, &out), 0);
	ck_assert_uint_eq(feed.next, N + 1);
	ck_assert_uint_eq(out.len, 2 * N);
	for (i = 0; i < 2 * N; i++) {
		ck_assert_uint_eq(out.v[i].local.port, 1000 + i);
		ck_assert_uint_eq(out.v[i].inode, 50 + i);
	}
	sock_list_fini(&out);

	/* the dump stops short, late in it */
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = N};
	ck_assert_int_eq(feed_dump(&feed, &out), -ENODATA);
	ck_assert_uint_eq(out.len, 2 * N);
	sock_list_fini(&out);

	/* a datagram cut in the middle of a message, late in the dump */
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = N + 1};
	lens[N - 4] -= 8;
	ck_assert_int_eq(feed_dump(&feed, &out), -EBADMSG);
	ck_assert_uint_eq(feed.next, N - 3);
	ck_assert_uint_eq(out.len, 2 * (N - 4));
	sock_list_fini(&out);
}
END_TEST

START_TEST(netlink_dump_without_done)
{
	static char buf[1024] __attribute__((aligned(8)));
	const void *dgram[] = {buf};
	size_t lens[1];
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 1};
	struct sock_list out;

	/* the replies stop after two sockets: an error, not a wait */
	lens[0] = put_diag_msg(buf, 9999, 11);
	lens[0] += put_diag_msg(buf + lens[0], 8888, 12);
	ck_assert_int_eq(feed_dump(&feed, &out), -ENODATA);
	ck_assert_uint_eq(out.len, 2);
	sock_list_fini(&out);

	/* and with nothing at all */
	feed.n = 0;
	feed.sent = 0;
	ck_assert_int_eq(feed_dump(&feed, &out), -ENODATA);
	ck_assert_uint_eq(out.len, 0);
	sock_list_fini(&out);
}
END_TEST

START_TEST(netlink_error_replies)
{
	static char buf[1024] __attribute__((aligned(8)));
	const void *dgram[] = {buf};
	size_t lens[1], first;
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 1};
	struct sock_list out;

	/* the kernel refuses the request */
	lens[0] = nlreply_error(buf, -EPERM);
	ck_assert_int_eq(feed_dump(&feed, &out), -EPERM);
	sock_list_fini(&out);

	/* an errno no kernel has: a malformed reply, not that number */
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = 1};
	lens[0] = nlreply_error(buf, -2098946);
	ck_assert_int_eq(feed_dump(&feed, &out), -EBADMSG);
	sock_list_fini(&out);
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = 1};
	lens[0] = nlreply_done(buf, INT32_MIN);
	ck_assert_int_eq(feed_dump(&feed, &out), -EBADMSG);
	sock_list_fini(&out);

	/* an NLMSG_ERROR too short for its struct nlmsgerr */
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = 1};
	nlreply_error(buf, -EPERM);
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_LENGTH(2);
	lens[0] = NLMSG_ALIGN(NLMSG_LENGTH(2));
	ck_assert_int_eq(feed_dump(&feed, &out), -EBADMSG);
	sock_list_fini(&out);

	/* one socket, then a dump the kernel could not finish (raw_diag
	 * not loaded ends so): the socket came, and the error stops it */
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = 1};
	first = put_diag_msg(buf, 9999, 11);
	lens[0] = first + nlreply_done(buf + first, -ENOENT);
	ck_assert_int_eq(feed_dump(&feed, &out), -ENOENT);
	ck_assert_uint_eq(out.len, 1);
	sock_list_fini(&out);
}
END_TEST

START_TEST(netlink_wrong_sequence)
{
	static char buf[1024] __attribute__((aligned(8)));
	const void *dgram[] = {buf};
	size_t lens[1], first;
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 1};
	struct sock_list out;

	/* a reply to another request is refused, its socket not taken */
	first = put_diag_msg(buf, 9999, 11);
	lens[0] = first + nlreply_done(buf + first, 0);
	((struct nlmsghdr *)buf)->nlmsg_seq = FIRST_SEQ + 6;
	ck_assert_int_eq(feed_dump(&feed, &out), -EPROTO);
	ck_assert_uint_eq(out.len, 0);
	sock_list_fini(&out);

	/* the same with a good first message and a stray NLMSG_DONE */
	feed = (struct sockdiag_feed){.dgram = dgram, .len = lens, .n = 1};
	((struct nlmsghdr *)buf)->nlmsg_seq = FIRST_SEQ;
	((struct nlmsghdr *)(buf + first))->nlmsg_seq = FIRST_SEQ + 1;
	ck_assert_int_eq(feed_dump(&feed, &out), -EPROTO);
	ck_assert_uint_eq(out.len, 1);
	sock_list_fini(&out);
}
END_TEST

START_TEST(netlink_destroy_ack)
{
	static char buf[256] __attribute__((aligned(8)));
	const void *dgram[] = {buf};
	size_t lens[1];
	struct sockdiag_feed feed = {.dgram = dgram, .len = lens, .n = 1};
	struct sockdiag_io io = {sockdiag_feed_send, sockdiag_feed_recv, &feed};
	struct sockdiag *sd = sockdiag_open_io(&io);
	struct sock_rec rec;

	memset(&rec, 0, sizeof(rec));
	rec.family = AF_INET;
	rec.proto = IPPROTO_TCP;
	rec.local.port = 9999;
	/* SOCK_DESTROY waits for the ack, and gives the kernel's no */
	lens[0] = nlreply_error(buf, 0);
	ck_assert_int_eq(sockdiag_destroy(sd, &rec), 0);
	feed.next = 0;
	lens[0] = nlreply_error(buf, -ENOENT);
	((struct nlmsghdr *)buf)->nlmsg_seq = FIRST_SEQ + 1;
	ck_assert_int_eq(sockdiag_destroy(sd, &rec), -ENOENT);
	/* no ack at all */
	feed.n = 0;
	ck_assert_int_eq(sockdiag_destroy(sd, &rec), -ENODATA);
	ck_assert_uint_eq(feed.sent, 3);
	ck_assert_uint_eq(feed.last_seq, FIRST_SEQ + 2);
	sockdiag_close(sd);
}
END_TEST

/* --- names and escaping --- */

START_TEST(every_byte_escaped)
{
	char in[255], text[ESCAPE_TEXT_SIZE(255)],
	    json[FMT_JSON_ESCAPE_SIZE(255)];
	size_t i, n;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (char)(i + 1);
	n = escape_text(in, sizeof(in), text, sizeof(text));
	ck_assert_uint_eq(n, strlen(text));
	for (i = 0; i < n; i++)
		ck_assert_msg(text[i] > ' ' && text[i] < 0x7f,
		    "byte 0x%02x in text", (unsigned char)text[i]);
	/* the 15-byte names a process may set, one by one */
	for (i = 0; i < sizeof(in); i += 15) {
		size_t k = sizeof(in) - i < 15 ? sizeof(in) - i : 15;

		n = escape_text(in + i, k, text, sizeof(text));
		ck_assert_uint_le(n, 4 * k);
	}
	n = fmt_json_escape(in, sizeof(in), json, sizeof(json));
	for (i = 0; i < n; i++)
		ck_assert_msg((unsigned char)json[i] >= 0x20 && json[i] != 0x7f,
		    "byte 0x%02x in JSON", (unsigned char)json[i]);
}
END_TEST

/* --- the command line --- */

static int
parse(struct cli_opts *o, char *why, int argc, char **argv)
{
	return cli_parse(argc, argv, o, why, 256);
}

START_TEST(pid_list_of_10000)
{
	const size_t n = 10000;
	char *list = malloc(n * 8), why[256];
	char *argv[] = {"sockview", "--pid", list, NULL};
	struct cli_opts o;
	size_t i, len = 0;

	ck_assert_ptr_nonnull(list);
	for (i = 0; i < n; i++)
		len +=
		    (size_t)sprintf(list + len, "%s%zu", i ? "," : "", n - i);
	ck_assert_int_eq(parse(&o, why, 3, argv), 0);
	ck_assert_uint_eq(o.npids, n);
	ck_assert_int_eq(o.pids[0], 1);
	ck_assert_int_eq(o.pids[n - 1], (pid_t)n);
	cli_opts_fini(&o);
	free(list);
}
END_TEST

START_TEST(pid_list_garbage)
{
	static const char *const bad[] = {"", ",", "1,", ",1", "1,,2", "-1",
	    "0", "1e3", "2147483648", "99999999999999999999", "1 2", "abc",
	    "1,\x1b[31m", "\xff"};
	char why[256];
	struct cli_opts o;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = {"sockview", "--pid", (char *)bad[i], NULL};

		why[0] = '\0';
		ck_assert_msg(parse(&o, why, 3, argv) < 0, "--pid '%s' taken",
		    bad[i]);
		ck_assert(why[0] != '\0');
		cli_opts_fini(&o);
	}
}
END_TEST

START_TEST(pid_given_twice)
{
	char why[256], a[64], b[128];
	char *argv[] = {"sockview", "--pid", a, "--pid", b, NULL};
	struct cli_opts o;
	size_t i;

	/* the second list is longer than the first one's array (regression:
	 * it was written past the end) */
	strcpy(a, "5,3,1");
	strcpy(b, "2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,3");
	ck_assert_int_eq(parse(&o, why, 5, argv), 0);
	ck_assert_uint_eq(o.npids, 18);
	for (i = 1; i < o.npids; i++)
		ck_assert_int_lt(o.pids[i - 1], o.pids[i]);
	cli_opts_fini(&o);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, services_one_megabyte_line);
	tcase_add_test(tc, services_binary_garbage);
	tcase_add_test(tc, services_200000_entries);
	tcase_add_test(tc, procnet_missing_fields);
	tcase_add_test(tc, procnet_overlong_fields);
	tcase_add_test(tc, procnet_hostile_file);
	tcase_add_test(tc, netlink_dump_ends_early);
	tcase_add_test(tc, netlink_dump_repeats_messages);
	tcase_add_test(tc, netlink_multipart_dump);
	tcase_add_test(tc, netlink_dump_without_done);
	tcase_add_test(tc, netlink_long_dump);
	tcase_add_test(tc, netlink_error_replies);
	tcase_add_test(tc, netlink_wrong_sequence);
	tcase_add_test(tc, netlink_destroy_ack);
	tcase_add_test(tc, every_byte_escaped);
	tcase_add_test(tc, pid_list_of_10000);
	tcase_add_test(tc, pid_list_garbage);
	tcase_add_test(tc, pid_given_twice);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hostile_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
