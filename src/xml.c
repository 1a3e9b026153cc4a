#include "xml.h"

#include <string.h>

#include "utf8.h"

/* The replacement of a byte that is not clean UTF-8 or not XML: U+FFFD. */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

static void S_escape(struct dc_sink *out, const char *s, size_t len,
		     int attr)
{
	size_t run = 0;  /* start of the pending run of plain bytes */
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t n = 1;
		if (c == '&') rep = "&amp;";
		else if (c == '<') rep = "&lt;";
		else if (c == '>') rep = "&gt;";
		else if (attr && c == '"') rep = "&quot;";
		else if (attr && c == '\n') rep = "&#10;";
		else if (attr && c == '\t') rep = "&#9;";
		else if (c == '\r') rep = "&#13;";
		else if (c < 0x20 && c != '\n' && c != '\t') rep = REPLACEMENT;
		else if (c >= 0x80) {
			uint32_t cp;
			n = dc_utf8_decode(s + i, len - i, &cp);
			if (n == 0 || !dc_xml_char_ok(cp)) {
				rep = REPLACEMENT;
				n = n ? n : 1;
			}
		}
		if (rep) {
			dc_sink_write(out, s + run, i - run);
			dc_sink_puts(out, rep);
			run = i + n;
		}
		i += n;
	}
	dc_sink_write(out, s + run, len - run);
}

void dc_xml_text(struct dc_sink *out, const char *s, size_t len)
{
	S_escape(out, s, len, 0);
}

void dc_xml_attr(struct dc_sink *out, const char *s)
{
	S_escape(out, s, strlen(s), 1);
}
