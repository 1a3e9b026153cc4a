# Reproducible Markdown for benchmarks: SIZE bytes of headings, prose
# with emphasis, code and links, lists, code blocks, tables and quotes,
# its words taken from the input (the reference document).  The choices
# come from a linear congruential generator of its own, not rand(),
# whose sequence differs from one awk to another.
#
# usage: awk -v size=BYTES -f markdown.awk WORDS.txt > out.md
BEGIN { seed = 12345 }
function rnd(n) {
	seed = (seed * 1103515245 + 12345) % 2147483648
	return int(seed / 65536) % n
}
{
	for (i = 1; i <= NF; i++) {
		gsub(/[^A-Za-z]/, "", $i)
		if ($i != "")
			words[nwords++] = $i
	}
}
function word() { return words[rnd(nwords)] }
function styled(w,   r) {
	r = rnd(40)
	if (r == 0) return "*" w "*"
	if (r == 1) return "**" w "**"
	if (r == 2) return "`" w "`"
	if (r == 3) return "[" w "](https://example.org/" w ")"
	return w
}
function sentence(   s, n, i) {
	n = 6 + rnd(14)
	s = styled(word())
	for (i = 1; i < n; i++)
		s = s " " styled(word())
	return toupper(substr(s, 1, 1)) substr(s, 2) "."
}
function paragraph(   s, n, i) {
	n = 2 + rnd(5)
	s = sentence()
	for (i = 1; i < n; i++)
		s = s " " sentence()
	return s "\n"
}
function list(ordered,   s, n, i) {
	n = 3 + rnd(4)
	for (i = 1; i <= n; i++)
		s = s (ordered ? i "." : "-") " " sentence() "\n"
	return s
}
function table(   s, i) {
	s = "| " word() " | " word() " | n |\n|:--|:-:|--:|\n"
	for (i = 0; i < 3; i++)
		s = s "| " word() " | " word() " | " rnd(1000) " |\n"
	return s
}
function block(   r) {
	r = rnd(20)
	if (r == 0) return "# Chapter " ++chapter " " word() "\n"
	if (r == 1) return "## Section " ++section " " word() "\n"
	if (r == 2) return list(0)
	if (r == 3) return list(1)
	if (r == 4) return "```c\nint " word() " = " rnd(100) ";\nreturn " word() ";\n```\n"
	if (r == 5) return table()
	if (r == 6) return "> " sentence() "\n"
	return paragraph()
}
END {
	for (total = 0; total < size; total += length(out) + 1) {
		out = block()
		printf "%s\n", out
	}
}
