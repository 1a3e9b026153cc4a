/* UTF-8 primitives and the decoding of text input. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "utf8.h"

static void test_decode(void)
{
	uint32_t cp = 0;
	CHECK_INT(dc_utf8_decode("A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(dc_utf8_decode("\xC3\xA9", 2, &cp), 2);
	CHECK_INT(cp, 0xE9);
	CHECK_INT(dc_utf8_decode("\xE2\x80\x99", 3, &cp), 3);
	CHECK_INT(cp, 0x2019);
	CHECK_INT(dc_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x1F600);
	/* Ill-formed: lone continuation, overlong, surrogate, too big,
	 * truncated, bad continuation. */
	CHECK_INT(dc_utf8_decode("\x80", 1, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xC0\xAF", 2, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xE0\x80\xAF", 3, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xE2\x80", 2, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xE2\x41\x99", 3, &cp), 0);
	CHECK_INT(dc_utf8_decode("\xFF", 1, &cp), 0);
}

static void test_encode_roundtrip(void)
{
	const uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD,
				0x10000, 0x10FFFF};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		uint32_t back = 0;
		size_t n = dc_utf8_encode(cps[i], buf);
		CHECK_INT(dc_utf8_decode(buf, n, &back), n);
		CHECK_INT(back, cps[i]);
	}
}

/* Decode DATA (LEN bytes); OUT gets the text, LOG the diagnostics. */
static enum dc_status S_decode(const char *data, size_t len, bool strict,
			       char **out, char **log)
{
	size_t log_len = 0;
	struct dc_diag diag;
	struct dc_text text;
	dc_diag_init(&diag, "test", open_memstream(log, &log_len));
	diag.strict = strict;
	enum dc_status st = dc_decode_text(data, len, "in.txt", &diag, &text);
	if (diag.error.status != DC_OK)
		fprintf(diag.stream, "error: %s\n", diag.error.message);
	fclose(diag.stream);
	*out = st == DC_OK ? strndup(text.data, text.len) : calloc(1, 1);
	dc_text_free(&text);
	return st;
}

static void S_expect(const char *data, size_t len, const char *want,
		     const char *want_log)
{
	char *out, *log;
	CHECK_INT(S_decode(data, len, false, &out, &log), DC_OK);
	CHECK_STR(out, want);
	CHECK_STR(log, want_log);
	free(out);
	free(log);
}

static void test_text_plain(void)
{
	S_expect("a\nb", 3, "a\nb\n", "");
	S_expect("", 0, "", "");
	S_expect("\xEF\xBB\xBFhi\n", 6, "hi\n", "");       /* BOM dropped */
	S_expect("\xEF\xBB\xBF", 3, "", "");
}

/* Clean input that ends with a LF is not copied: the result is a view. */
static void test_text_view(void)
{
	static const char clean[] = "\xEF\xBB\xBFh\xC3\xA9\tx\f\n";
	struct dc_diag diag;
	struct dc_text text;
	dc_diag_init(&diag, "test", stderr);
	CHECK_INT(dc_decode_text(clean, sizeof clean - 1, "in.txt", &diag,
				 &text), DC_OK);
	CHECK(text.data == clean + 3);
	CHECK_INT(text.len, sizeof clean - 4);
	CHECK(text.copy.data == NULL);
	dc_text_free(&text);
	/* Without the final LF, a copy that has it. */
	CHECK_INT(dc_decode_text("ab", 2, "in.txt", &diag, &text), DC_OK);
	CHECK(text.data == text.copy.data);
	CHECK_INT(text.len, 3);
	dc_text_free(&text);
}

static void test_line_ends(void)
{
	S_expect("a\r\nb\rc\n\rd", 9, "a\nb\nc\n\nd\n", "");
	S_expect("\r\r\n", 3, "\n\n", "");
}

static void test_utf16(void)
{
	/* "hé😀\r\n" in UTF-16LE and BE, each with its BOM. */
	static const char le[] = "\xFF\xFEh\0\xE9\0\x3D\xD8\x00\xDE\r\0\n\0";
	static const char be[] = "\xFE\xFF\0h\0\xE9\xD8\x3D\xDE\x00\0\r\0\n";
	S_expect(le, sizeof le - 1, "h\xC3\xA9\xF0\x9F\x98\x80\n", "");
	S_expect(be, sizeof be - 1, "h\xC3\xA9\xF0\x9F\x98\x80\n", "");
	/* An unpaired surrogate is replaced, with its position. */
	static const char lone[] = "\xFF\xFE" "a\0\n\0b\0\x00\xD8";
	S_expect(lone, sizeof lone - 1, "a\nb\xEF\xBF\xBD\n",
		 "in.txt:2:2: warning: unpaired UTF-16 surrogate 0xD800 "
		 "replaced by U+FFFD\n");
}

static void test_invalid_bytes(void)
{
	S_expect("ab\ncd\xFF" "e\n", 8, "ab\ncd\xEF\xBF\xBD" "e\n",
		 "in.txt:2:3: warning: invalid UTF-8 byte 0xFF replaced by "
		 "U+FFFD\n");
	/* Columns count characters, not bytes. */
	S_expect("\xC3\xA9\xC3\xA9\x80", 5, "\xC3\xA9\xC3\xA9\xEF\xBF\xBD\n",
		 "in.txt:1:3: warning: invalid UTF-8 byte 0x80 replaced by "
		 "U+FFFD\n");
	/* A truncated sequence at the end. */
	S_expect("x\xE2\x80", 3, "x\xEF\xBF\xBD\xEF\xBF\xBD\n",
		 "in.txt:1:2: warning: invalid UTF-8 byte 0xE2 replaced by "
		 "U+FFFD\n"
		 "in.txt:1:3: warning: invalid UTF-8 byte 0x80 replaced by "
		 "U+FFFD\n");
}

static void test_controls(void)
{
	/* NUL and other C0 controls cannot go into XML; TAB and FF stay. */
	S_expect("a\0b\t\f\x01", 6, "a\xEF\xBF\xBD" "b\t\f\xEF\xBF\xBD\n",
		 "in.txt:1:2: warning: control character U+0000 replaced by "
		 "U+FFFD\n"
		 "in.txt:1:6: warning: control character U+0001 replaced by "
		 "U+FFFD\n");
}

static void test_strict(void)
{
	char *out, *log;
	CHECK_INT(S_decode("ok\n\xFF", 4, true, &out, &log), DC_ERR_DATA);
	CHECK_STR(log, "error: invalid UTF-8 byte 0xFF replaced by U+FFFD\n");
	free(out);
	free(log);
}

/* The word-at-a-time scans agree with a byte-by-byte look: every byte
 * value, at every place in a 20-byte run of printable ASCII. */
static void test_plain_run(void)
{
	char s[20];
	for (int c = 0; c < 256; c++) {
		for (size_t at = 0; at < sizeof s; at++) {
			memset(s, 'a', sizeof s);
			s[at] = (char)c;
			bool plain = (c >= 0x20 && c < 0x80) || c == '\n';
			CHECK_INT(dc_plain_run(s, sizeof s),
				  plain ? sizeof s : at);
			if (at >= 8)
				continue;
			uint64_t w = dc_word_at(s);
			CHECK(dc_word_has_byte(w, '&') == (c == '&'));
			CHECK(dc_word_has_byte(w, 'a'));
		}
	}
	CHECK_INT(dc_plain_run("abc", 0), 0);
	CHECK_INT(dc_plain_run("abc\n\t", 5), 4);
}

static const struct dc_test tests[] = {
	{.name = "plain_run", .run = test_plain_run},
	{.name = "decode", .run = test_decode},
	{.name = "encode_roundtrip", .run = test_encode_roundtrip},
	{.name = "text_plain", .run = test_text_plain},
	{.name = "text_view", .run = test_text_view},
	{.name = "line_ends", .run = test_line_ends},
	{.name = "utf16", .run = test_utf16},
	{.name = "invalid_bytes", .run = test_invalid_bytes},
	{.name = "controls", .run = test_controls},
	{.name = "strict", .run = test_strict},
	{0},
};

const struct dc_suite dc_suite_utf8 = {.name = "utf8", .tests = tests};
