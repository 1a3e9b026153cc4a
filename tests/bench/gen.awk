# Reproducible benchmark inputs: about SIZE bytes (whole blocks, so a
# little more) of prose-like
#
#   kind=txt  plain text as docconv(5) reads it: a metadata header,
#             headings underlined with = and -, hard-wrapped paragraphs
#             with curly quotes, dashes, numbers and bare and <bracketed>
#             URLs, bulleted and numbered lists (nested, tight and loose,
#             items of two paragraphs), preformatted blocks of code and
#             of aligned columns, scene breaks.  No emphasis or tables:
#             plain text has none.  It is also CommonMark of the same
#             structure (setext headings, the same list indentation,
#             indented code, thematic breaks), which is how pandoc reads it.
#   kind=md   Markdown (GitHub's): ATX and setext headings, paragraphs
#             with emphasis, strong, code, strikethrough, links and
#             autolinks, nested and task lists, fenced and indented code,
#             tables, block quotes, thematic breaks.
#
# The words come from the input (the reference document).  The choices
# come from a generator of its own (Park and Miller's, exact in a double),
# not rand(), whose sequence differs from one awk to another; run it
# under LC_ALL=C so that length() counts bytes in every awk.
#
# usage: LC_ALL=C awk -v kind=txt|md -v size=BYTES -f gen.awk WORDS.txt > out
BEGIN { seed = 20240901; width = 72 }
function rnd(n) {
	seed = (seed * 16807) % 2147483647
	return seed % n
}
{
	for (i = 1; i <= NF; i++) {
		gsub(/[^A-Za-z]/, "", $i)
		if ($i != "")
			words[nwords++] = $i
	}
}
function word() { return words[rnd(nwords)] }
function words_(n,   s, i) {
	s = word()
	for (i = 1; i < n; i++)
		s = s " " word()
	return s
}
function spaces(n,   s) {
	s = ""
	while (n-- > 0)
		s = s " "
	return s
}
function cap(s) { return toupper(substr(s, 1, 1)) substr(s, 2) }
# A word of a sentence, now and then dressed as the kind allows.
function styled(w,   r) {
	r = rnd(kind == "md" ? 60 : 40)
	if (r == 0) return "“" w " " word() "”"
	if (r == 1) return w "’s"
	if (r == 2) return w " —"
	if (r == 3) return w ","
	if (r == 4) return rnd(10000) " " w
	if (r == 5) return "(" w ")"
	if (r == 6) return w " &"
	if (r == 7) return "https://example.org/" w "/" rnd(100)
	if (r == 8) return "<https://example.org/" w ">"
	if (kind != "md") return w
	if (r == 9 || r == 10) return "*" w "*"
	if (r == 11 || r == 12) return "**" w "**"
	if (r == 13) return "_" w "_"
	if (r == 14 || r == 15) return "`" w "`"
	if (r == 16) return "~~" w "~~"
	if (r == 17 || r == 18) return "[" w " " word() "](https://example.org/" w ")"
	return w
}
# The first word and the last are plain: no sentence starts with a mark
# or ends with a number (a wrapped line "1984. " could start a list).
function sentence(   s, n, i) {
	n = 6 + rnd(14)
	s = cap(word())
	for (i = 2; i < n; i++)
		s = s " " styled(word())
	return s " " word() (rnd(12) ? "." : "?")
}
function sentences(n,   s, i) {
	s = sentence()
	for (i = 1; i < n; i++)
		s = s " " sentence()
	return s
}
# TEXT hard-wrapped at the width, its first line after FIRST, the others
# after REST.
function wrap(text, first, rest,   n, w, i, line, out) {
	n = split(text, w, " ")
	line = first w[1]
	out = ""
	for (i = 2; i <= n; i++) {
		if (length(line) + 1 + length(w[i]) > width) {
			out = out line "\n"
			line = rest w[i]
		} else
			line = line " " w[i]
	}
	return out line "\n"
}
function paragraph() { return wrap(sentences(2 + rnd(5)), "", "") }
function underline(c, n,   s) {
	s = ""
	while (n-- > 0)
		s = s c
	return s
}
function heading(level,   t) {
	if (level == 1)
		{ t = "Chapter " ++chapter ": " cap(words_(2 + rnd(4))); section = 0 }
	else if (level == 2)
		t = chapter "." ++section " " cap(words_(2 + rnd(5)))
	else
		t = cap(words_(2 + rnd(5)))
	if (kind == "md" && (level == 3 || rnd(4)))
		return underline("#", level) " " t "\n"
	if (level == 3)
		level = 2
	return t "\n" underline(level == 1 ? "=" : "-", length(t)) "\n"
}
# A list at INDENT: tight or loose, bulleted or numbered, items of one to
# three sentences, some with a nested list (tight, right after the item's
# first paragraph) or, in a loose list at the left margin, a second
# paragraph.
function list(depth, indent,   n, i, s, ordered, loose, marker, col, task) {
	n = 2 + rnd(6)
	ordered = rnd(3) == 0
	loose = depth == 0 && rnd(4) == 0
	task = kind == "md" && !ordered && rnd(8) == 0
	s = ""
	for (i = 1; i <= n; i++) {
		marker = ordered ? i "." : depth % 2 ? "*" : "-"
		col = indent + length(marker) + 1
		s = s wrap((task ? (rnd(2) ? "[x] " : "[ ] ") : "") sentences(1 + rnd(3)),
		           spaces(indent) marker " ", spaces(col))
		if (depth < 2 && rnd(6) == 0)
			s = s list(depth + 1, col)
		else if (loose && rnd(4) == 0)
			s = s "\n" wrap(sentences(1 + rnd(3)), spaces(col), spaces(col))
		if (loose && i < n)
			s = s "\n"
	}
	return s
}
function code(indent,   s, v, i, n) {
	v = tolower(word())
	s = indent "int " v "(const char *s, size_t n)\n" indent "{\n"
	n = 2 + rnd(5)
	for (i = 0; i < n; i++)
		s = s indent "\tif (n < " rnd(1000) " && s[0] != '&')\n" \
		      indent "\t\treturn " tolower(word()) "(s + 1, n - 1);\n"
	return s indent "\treturn " rnd(100) ";\n" indent "}\n"
}
# A lead-in paragraph, then the block: a paragraph at the margin ends any
# list before it, so an indented block is not read as part of an item.
function codeblock(   s) {
	s = wrap(sentences(1) " " cap(words_(3)) ":", "", "") "\n"
	if (kind == "md" && rnd(3))
		return s "```c\n" code("") "```\n"
	return s code("    ")
}
function columns(   s, i, n) {
	s = wrap(sentences(1) " Table " ++table ":", "", "") "\n"
	s = s sprintf("    %-16s %-16s %8s\n    %-16s %-16s %8s\n", cap(word()), cap(word()),
	              "Count", "----------------", "----------------", "--------")
	n = 3 + rnd(6)
	for (i = 0; i < n; i++)
		s = s sprintf("    %-16s %-16s %8d\n", word(), word(), rnd(100000))
	return s
}
function styledcell() { return styled(word()) }
function mdtable(   s, i, n) {
	s = wrap(sentences(1) " Table " ++table ":", "", "") "\n"
	s = s "| " cap(word()) " | " cap(word()) " | " cap(word()) " | Count |\n"
	s = s "|:--|:--|:-:|--:|\n"
	n = 3 + rnd(8)
	for (i = 0; i < n; i++)
		s = s "| " styledcell() " | " word() " " word() " | " styledcell() " | " rnd(100000) " |\n"
	return s
}
function quote() { return wrap(sentences(1 + rnd(4)), "> ", "> ") }
function block(   r) {
	r = rnd(100)
	if (r < 2) return heading(1)
	if (r < 8) return heading(2)
	if (r < 10 && kind == "md") return heading(3)
	if (r < 20) return list(0, 0)
	if (r < 24) return codeblock()
	if (r < 26) return kind == "md" ? mdtable() : columns()
	if (r < 27) return kind == "md" && rnd(2) ? "---\n" : "* * *\n"
	if (r < 30 && kind == "md") return quote()
	return paragraph()
}
END {
	if (kind == "md")
		out = "# A Benchmark Document\n"
	else
		out = "Title: A Benchmark Document\nAuthor: docconv tests/bench\nDate: 2024-09-01\n"
	out = out "\n" heading(1)
	printf "%s", out
	for (total = length(out); total < size; total += length(out) + 1) {
		out = block()
		printf "\n%s", out
	}
}
