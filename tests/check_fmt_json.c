/* SPDX-License-Identifier: MIT */
/* Unit tests for fmt_json.c: the RFC 8259 string escaper and the objects. */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fmt_json.h"
#include "services.h"
#include "sock.h"
#include "textparse.h"

static const char *
esc(const char *in, size_t n)
{
	static char out[FMT_JSON_ESCAPE_SIZE(64)];

	ck_assert_uint_le(n, 64);
	fmt_json_escape(in, n, out, sizeof(out));
	return out;
}

START_TEST(keeps_plain_text)
{
	ck_assert_str_eq(esc("nginx-1.2 x", 11), "nginx-1.2 x");
	ck_assert_str_eq(esc("", 0), "");
}
END_TEST

START_TEST(escapes_quote_and_controls)
{
	ck_assert_str_eq(esc("a\"b", 3), "a\\\"b");
	ck_assert_str_eq(esc("\b\f\n\r\t", 5), "\\b\\f\\n\\r\\t");
	ck_assert_str_eq(esc("\x01\x1b\x1f\x7f", 4),
	    "\\u0001\\u001b\\u001f\\u007f");
	ck_assert_str_eq(esc("a\0b", 3), "a\\u0000b");
}
END_TEST

START_TEST(doubles_backslash)
{
	/* decoded: two backslashes, so "\x" in the decoded text is ours */
	ck_assert_str_eq(esc("a\\b", 3), "a\\\\\\\\b");
}
END_TEST

START_TEST(keeps_valid_utf8)
{
	ck_assert_str_eq(esc("caf\xc3\xa9", 5), "caf\xc3\xa9");
	ck_assert_str_eq(esc("\xe6\x97\xa5", 3), "\xe6\x97\xa5");
	ck_assert_str_eq(esc("\xf0\x9f\x98\x80", 4), "\xf0\x9f\x98\x80");
	ck_assert_str_eq(esc("\xf4\x8f\xbf\xbf", 4), "\xf4\x8f\xbf\xbf");
	/* line and paragraph separators end lines in JavaScript */
	ck_assert_str_eq(esc("\xe2\x80\xa8\xe2\x80\xa9", 6), "\\u2028\\u2029");
}
END_TEST

START_TEST(marks_each_invalid_byte)
{
	ck_assert_str_eq(esc("\xff", 1), "\\\\xff");
	ck_assert_str_eq(esc("a\x80z", 3), "a\\\\x80z");
	/* truncated sequence at the end */
	ck_assert_str_eq(esc("\xc3", 1), "\\\\xc3");
	ck_assert_str_eq(esc("\xe6\x97", 2), "\\\\xe6\\\\x97");
	/* overlong forms */
	ck_assert_str_eq(esc("\xc0\x80", 2), "\\\\xc0\\\\x80");
	ck_assert_str_eq(esc("\xe0\x80\xaf", 3), "\\\\xe0\\\\x80\\\\xaf");
	/* a UTF-16 surrogate, and past U+10FFFF */
	ck_assert_str_eq(esc("\xed\xa0\x80", 3), "\\\\xed\\\\xa0\\\\x80");
	ck_assert_str_eq(esc("\xf4\x90\x80\x80", 4),
	    "\\\\xf4\\\\x90\\\\x80\\\\x80");
	ck_assert_str_eq(esc("\xf5", 1), "\\\\xf5");
	/* a bad byte does not swallow the good character after it */
	ck_assert_str_eq(esc("\xc3\xc3\xa9", 3), "\\\\xc3\xc3\xa9");
}
END_TEST

START_TEST(cuts_short_between_escapes)
{
	char out[7];

	ck_assert_uint_eq(fmt_json_escape("ab\x01", 3, out, sizeof(out)), 2);
	ck_assert_str_eq(out, "ab");
	ck_assert_uint_eq(fmt_json_escape("abc", 3, out, 0), 0);
	ck_assert_uint_eq(
	    fmt_json_escape("\xe6\x97\xa5\xe6\x97\xa5", 6, out, 5), 3);
}
END_TEST

/* --- a reference decoder: JSON string escapes, then sockview's scheme --- */

/* RFC 8259 decoding of an escaped body (no surrogate pairs: the escaper
 * never writes them); returns the length or -1. */
static long
json_decode(const char *in, size_t n, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned char c = (unsigned char)in[i];
		unsigned cp = 0;
		int k;

		if (c < 0x20 || c == '"')
			return -1; /* RFC 8259 forbids them unescaped */
		if (c != '\\') {
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return -1;
		switch (in[i + 1]) {
		case '"':
			out[o++] = '"';
			i += 2;
			continue;
		case '\\':
			out[o++] = '\\';
			i += 2;
			continue;
		case '/':
			out[o++] = '/';
			i += 2;
			continue;
		case 'b':
			out[o++] = '\b';
			i += 2;
			continue;
		case 'f':
			out[o++] = '\f';
			i += 2;
			continue;
		case 'n':
			out[o++] = '\n';
			i += 2;
			continue;
		case 'r':
			out[o++] = '\r';
			i += 2;
			continue;
		case 't':
			out[o++] = '\t';
			i += 2;
			continue;
		case 'u':
			break;
		default:
			return -1;
		}
		if (i + 6 > n)
			return -1;
		for (k = 0; k < 4; k++) {
			int h = textparse_hex_digit(in[i + 2 + (size_t)k]);

			if (h < 0)
				return -1;
			cp = cp << 4 | (unsigned)h;
		}
		i += 6;
		if (cp >= 0xd800 && cp <= 0xdfff)
			return -1;
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xc0 | cp >> 6);
			out[o++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[o++] = (char)(0xe0 | cp >> 12);
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	return (long)o;
}

/* sockview's scheme on decoded text: "\\" is a backslash, "\xHH" a raw
 * byte; any other backslash is an error. Returns the length or -1. */
static long
unmark(const char *in, size_t n, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		if (in[i] != '\\') {
			out[o++] = in[i++];
			continue;
		}
		if (i + 1 < n && in[i + 1] == '\\') {
			out[o++] = '\\';
			i += 2;
		} else if (i + 3 < n && in[i + 1] == 'x' &&
			   textparse_hex_digit(in[i + 2]) >= 0 &&
			   textparse_hex_digit(in[i + 3]) >= 0) {
			out[o++] = (char)(textparse_hex_digit(in[i + 2]) << 4 |
					  textparse_hex_digit(in[i + 3]));
			i += 4;
		} else {
			return -1;
		}
	}
	return (long)o;
}

/* Whether s is valid UTF-8 (the escaper's output must be). */
static int
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len, k;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

static void
check_round_trip(const char *in, size_t n)
{
	char out[FMT_JSON_ESCAPE_SIZE(32)], dec[sizeof(out)], raw[sizeof(out)];
	size_t len = fmt_json_escape(in, n, out, sizeof(out));
	long d, r;

	ck_assert(valid_utf8((const unsigned char *)out, len));
	d = json_decode(out, len, dec);
	ck_assert_int_ge(d, 0);
	r = unmark(dec, (size_t)d, raw);
	ck_assert_int_eq(r, (long)n);
	ck_assert(memcmp(raw, in, n) == 0);
}

START_TEST(every_byte_pair_round_trips)
{
	char in[2];
	unsigned a, b;

	for (a = 0; a < 256; a++) {
		in[0] = (char)a;
		check_round_trip(in, 1);
		for (b = 0; b < 256; b++) {
			in[1] = (char)b;
			check_round_trip(in, 2);
		}
	}
}
END_TEST

START_TEST(random_bytes_round_trip)
{
	unsigned seed = 12345;
	char in[32];
	int t;
	size_t i, n;

	for (t = 0; t < 200000; t++) {
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(in);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* favour bytes that make UTF-8 and escapes */
			in[i] = (char)((seed >> 16) & 1 ? 0x80 | (seed >> 20)
							: seed >> 20);
		}
		check_round_trip(in, n);
	}
}
END_TEST

/* --- objects --- */

static char *
render(const struct fmt_json_opts *jo, const struct sock_rec *recs, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	fmt_json_begin(fp, jo);
	for (i = 0; i < n; i++)
		fmt_json_row(fp, jo, &recs[i], i == 0, NULL);
	fmt_json_end(fp, jo, n == 0);
	fclose(fp);
	return buf;
}

static void
listener(struct sock_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->family = AF_INET;
	r->proto = IPPROTO_TCP;
	r->state = SOCK_ST_LISTEN;
	sock_addr_set_v4(&r->local.addr, htonl(0x7f000001));
	sock_addr_set_v4(&r->remote.addr, 0);
	r->local.port = 22;
	r->backlog = 128;
	r->inode = 4242;
	r->uid = 1000;
}

START_TEST(empty_array_and_lines)
{
	struct fmt_json_opts jo = {0};
	char *s = render(&jo, NULL, 0);

	ck_assert_str_eq(s, "[]\n");
	free(s);
	jo.lines = true;
	s = render(&jo, NULL, 0);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(listener_object)
{
	static const char svc_text[] = "ssh 22/tcp\n";
	struct services *svc = services_parse(svc_text, sizeof(svc_text) - 1);
	struct fmt_json_opts jo = {.services = svc};
	struct sock_rec r;
	char *s;

	listener(&r);
	s = render(&jo, &r, 1);
	ck_assert_str_eq(s,
	    "[\n{\"proto\":\"tcp\",\"family\":\"inet\",\"state\":\"LISTEN\","
	    "\"listening\":true,"
	    "\"local\":{\"address\":\"127.0.0.1\",\"port\":22,"
	    "\"service\":\"ssh\"},"
	    "\"peer\":{\"address\":\"0.0.0.0\",\"port\":0,\"service\":null},"
	    "\"recv_q\":0,\"send_q\":0,\"backlog\":128,\"inode\":4242,"
	    "\"uid\":1000,\"user\":null,\"owners\":[],"
	    "\"owners_status\":\"none\","
	    "\"timer\":{\"name\":\"off\",\"code\":0,\"expires_ms\":0,"
	    "\"retrans\":0,\"probes\":0}}\n]\n");
	free(s);
	services_free(svc);
}
END_TEST

START_TEST(lines_and_udp)
{
	struct fmt_json_opts jo = {.lines = true};
	struct sock_rec r[2];
	char *s, *nl;

	listener(&r[0]);
	r[0].backlog = 0; /* /proc does not know it */
	listener(&r[1]);
	r[1].family = AF_INET6;
	r[1].proto = IPPROTO_UDP;
	r[1].state = SOCK_ST_CLOSE;
	memset(&r[1].local.addr, 0, 16);
	r[1].local.addr.s6_addr[15] = 1;
	r[1].timer = SOCK_TIMER_KEEPALIVE;
	r[1].timer_cs = 720;
	s = render(&jo, r, 2);
	nl = strchr(s, '\n');
	ck_assert_ptr_nonnull(nl);
	ck_assert_ptr_nonnull(strstr(s, "\"backlog\":null"));
	/* one object per line, no array */
	ck_assert_int_eq(s[0], '{');
	ck_assert_int_eq(nl[1], '{');
	ck_assert_ptr_eq(strchr(nl + 1, '\n'), s + strlen(s) - 1);
	ck_assert_ptr_nonnull(
	    strstr(nl, "\"proto\":\"udp\",\"family\":\"inet6\","
		       "\"state\":\"CLOSE\""));
	ck_assert_ptr_nonnull(strstr(nl, "\"address\":\"::1\""));
	ck_assert_ptr_null(strstr(nl, "backlog"));
	ck_assert_ptr_nonnull(strstr(nl, "\"timer\":{\"name\":\"keepalive\","
					 "\"code\":2,\"expires_ms\":7200"));
	free(s);
}
END_TEST

START_TEST(string_writer_quotes)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fmt_json_string(fp, "a\"\n\xff", 4);
	fclose(fp);
	ck_assert_str_eq(buf, "\"a\\\"\\n\\\\xff\"");
	free(buf);
}
END_TEST

static Suite *
fmt_json_suite(void)
{
	Suite *s = suite_create("fmt_json");
	TCase *tc = tcase_create("escape");
	TCase *obj = tcase_create("objects");

	tcase_add_test(tc, keeps_plain_text);
	tcase_add_test(tc, escapes_quote_and_controls);
	tcase_add_test(tc, doubles_backslash);
	tcase_add_test(tc, keeps_valid_utf8);
	tcase_add_test(tc, marks_each_invalid_byte);
	tcase_add_test(tc, cuts_short_between_escapes);
	tcase_add_test(tc, every_byte_pair_round_trips);
	tcase_add_test(tc, random_bytes_round_trip);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	tcase_add_test(obj, empty_array_and_lines);
	tcase_add_test(obj, listener_object);
	tcase_add_test(obj, lines_and_udp);
	tcase_add_test(obj, string_writer_quotes);
	suite_add_tcase(s, obj);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmt_json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
