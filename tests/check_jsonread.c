/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

static struct jsonread_span
span(const char *s)
{
	return (struct jsonread_span){s, strlen(s)};
}

/* The string at path in doc, or "<none>". */
static const char *
string_at(const char *doc, const char *path)
{
	static char buf[256];
	struct jsonread_span v;

	if (!jsonread_find(span(doc), path, &v) ||
	    jsonread_string(v, buf, sizeof(buf)) < 0)
		return "<none>";
	return buf;
}

START_TEST(accepts_well_formed_documents)
{
	const char *good[] = {
	    "{}",
	    " [ ] ",
	    "\"s\"",
	    "-0.5e+10",
	    "[1, true, false, null, {\"a\": [\"b\\u00e9\\n\"]}]",
	    "{\"a\":{\"b\":{\"c\":1}},\"d\":\"\\ud83d\\ude00\"}\n",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(jsonread_valid(span(good[i])), "%s", good[i]);
}
END_TEST

START_TEST(refuses_malformed_documents)
{
	const char *bad[] = {
	    "",
	    "{",
	    "[1,]",
	    "{\"a\" 1}",
	    "{\"a\":1,}",
	    "{a:1}",
	    "\"tab\there\"",
	    "\"\\x\"",
	    "\"\\u12\"",
	    "01",
	    "1.",
	    "tru",
	    "[] []",
	    "{\"a\":1}}",
	    "nulll",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!jsonread_valid(span(bad[i])), "%s", bad[i]);
}
END_TEST

START_TEST(nesting_is_bounded)
{
	char deep[2 * (JSONREAD_MAX_DEPTH + 2) + 1];
	size_t i, d = JSONREAD_MAX_DEPTH + 1;

	for (i = 0; i < d; i++) {
		deep[i] = '[';
		deep[2 * d - 1 - i] = ']';
	}
	deep[2 * d] = '\0';
	ck_assert(!jsonread_valid(span(deep)));
	/* one level less is fine */
	deep[2 * d - 1] = '\0';
	ck_assert(jsonread_valid(span(deep + 1)));
}
END_TEST

START_TEST(finds_values_at_dotted_paths)
{
	const char *doc =
	    "{\"ID\":\"abc\",\"Name\":\"/web\",\"State\":{\"Running\":true},"
	    "\"NetworkSettings\":{\"Ports\":{},\"SandboxKey\":"
	    "\"/var/run/docker/netns/1a2b\"},\"Name\":\"second\","
	    "\"k\\u0065y\":\"escaped key\"}";
	struct jsonread_span v;

	ck_assert_str_eq(string_at(doc, "Name"), "/web");
	ck_assert_str_eq(string_at(doc, "NetworkSettings.SandboxKey"),
	    "/var/run/docker/netns/1a2b");
	ck_assert_str_eq(string_at(doc, "key"), "escaped key");
	ck_assert_str_eq(string_at(doc, "Missing"), "<none>");
	ck_assert_str_eq(string_at(doc, "Name.x"), "<none>");
	/* a value that is not a string */
	ck_assert_str_eq(string_at(doc, "State.Running"), "<none>");
	ck_assert(jsonread_find(span(doc), "State.Running", &v));
	ck_assert_uint_eq(v.n, 4);
	ck_assert(jsonread_find(span(doc), "", &v));
	ck_assert_uint_eq(v.n, strlen(doc));
}
END_TEST

START_TEST(iterates_arrays)
{
	const char *doc = "[{\"id\":\"a\",\"names\":[\"web\",\"alias\"]}, 2 ,"
			  "\"three\",[]]";
	struct jsonread_span arr, e;
	struct jsonread_iter it;
	size_t n = 0;

	ck_assert(jsonread_find(span(doc), "", &arr));
	ck_assert(jsonread_array(arr, &it));
	while (jsonread_next(&it, &e))
		n++;
	ck_assert_uint_eq(n, 4);
	ck_assert(!jsonread_array(span("{}"), &it));
	ck_assert(jsonread_array(span("[]"), &it));
	ck_assert(!jsonread_next(&it, &e));
	/* malformed text stops the walk */
	ck_assert(jsonread_array(span("[1 2]"), &it));
	ck_assert(jsonread_next(&it, &e));
	ck_assert(!jsonread_next(&it, &e));
}
END_TEST

START_TEST(decodes_strings)
{
	char buf[16];

	ck_assert_int_eq(
	    jsonread_string(span("\"a\\\"b\\\\c\\/\""), buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "a\"b\\c/");
	ck_assert_int_eq(
	    jsonread_string(span("\"\\u00e9\\u20ac\""), buf, sizeof(buf)), 5);
	ck_assert_str_eq(buf, "\xc3\xa9\xe2\x82\xac");
	ck_assert_int_eq(
	    jsonread_string(span("\"\\ud83d\\ude00\""), buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "\xf0\x9f\x98\x80");
	/* NUL, a lone surrogate, too long, not a string */
	ck_assert_int_eq(jsonread_string(span("\"\\u0000\""), buf, sizeof(buf)),
	    -1);
	ck_assert_int_eq(jsonread_string(span("\"\\ud83d\""), buf, sizeof(buf)),
	    -1);
	ck_assert_int_eq(
	    jsonread_string(span("\"0123456789abcdef\""), buf, sizeof(buf)),
	    -1);
	ck_assert_int_eq(jsonread_string(span("12"), buf, sizeof(buf)), -1);
	ck_assert_int_eq(jsonread_string(span("\"open"), buf, sizeof(buf)), -1);
}
END_TEST

static Suite *
jsonread_suite(void)
{
	Suite *s = suite_create("jsonread");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, accepts_well_formed_documents);
	tcase_add_test(tc, refuses_malformed_documents);
	tcase_add_test(tc, nesting_is_bounded);
	tcase_add_test(tc, finds_values_at_dotted_paths);
	tcase_add_test(tc, iterates_arrays);
	tcase_add_test(tc, decodes_strings);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(jsonread_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
