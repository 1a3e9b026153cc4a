#!/bin/sh
# DocBook reader tests, one CASE at a time: the round trip is a fixed
# point, no text is lost, malformed and hostile XML fails or is defused
# (entity bombs, external entities and DTDs, XInclude, deep nesting), UTF-16
# reads, and every writer takes what the reader makes.
#
# usage: docbook.sh CASE DOCCONV XMLTEXT SOURCE_DIR
set -u
case_name=$1 docconv=$2 xmltext=$3 src=$4
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
epubcheck_jar=/usr/share/java/epubcheck.jar

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The DocBook fixtures, and the DocBook the writer made of the others.
fixtures() {
	ls "$src"/fixtures/docbook/*.xml
}
all_docbook() {
	fixtures
	ls "$src"/fixtures/markdown/*.dbk "$src"/fixtures/text/*.dbk
}

# run CMD...: stdout in ./out, stderr in ./err, status in $rc.
run() { "$@" >out 2>err; rc=$?; }

# Hostile input is read with a time limit: it must fail or pass fast.
run_limited() { run timeout 60 "$@"; }

expect_rc() {
	[ "$rc" -eq "$1" ] || { fail "exit status $rc, want $1"; cat err; }
}
expect_err_has() { grep -qF -- "$1" err || { fail "stderr lacks '$1':"; cat err; }; }
expect_no_err() { [ ! -s err ] || { fail "unexpected stderr:"; cat err; }; }

# Peak memory of CMD... in KB into $kb (GNU time), when it can be told.
measure() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o mem timeout 60 "$@" >out 2>err; rc=$?
		kb=$(tail -n 1 mem)
	else
		run_limited "$@"; kb=0
	fi
}

# docbook FILE OUT: FILE to DocBook, from FILE's folder by its bare name
# (as golden.sh runs), so that relative image paths stay as written.
docbook() {
	(cd "$(dirname "$1")" && "$docconv" -f docbook "$(basename "$1")" \
		-t docbook -o "$2") 2>>err
}

case $case_name in
roundtrip)
	# DocBook -> docconv -> DocBook is a fixed point after one pass: for
	# the DocBook fixtures, the other readers' goldens, and what the
	# writer makes of every Markdown and text fixture now.
	n=0
	for f in "$src"/fixtures/*/*.md "$src"/fixtures/*/*.txt; do
		n=$((n + 1))
		(cd "$(dirname "$f")" && "$docconv" "$(basename "$f")" -t docbook \
			-o "$tmp/zero-$n.xml") 2>>err || fail "$f: not written"
	done
	n=0
	for f in $(all_docbook) "$tmp"/zero-*.xml; do
		n=$((n + 1))
		docbook "$f" "$tmp/one-$n.xml" ||
			{ fail "$f: first pass failed"; continue; }
		"$docconv" "one-$n.xml" -t docbook -o "two-$n.xml" 2>>err ||
			{ fail "$f: second pass failed"; continue; }
		cmp -s "one-$n.xml" "two-$n.xml" ||
			{ fail "$f: not a fixed point:"; diff "one-$n.xml" "two-$n.xml" | head -20; }
	done
	[ "$n" -ge 100 ] || fail "only $n documents"
	command -v jing >/dev/null 2>&1 || { fail "jing is needed"; exit 1; }
	jing "$schema" one-*.xml two-*.xml || fail "jing rejects an output"
	;;
text_kept)
	# Every word of every input's character data is in the DocBook
	# written from it: as a word of its own (counted: order may change,
	# as metadata's does), or else inside one (the input's words are cut
	# at every element and at entities a DTD would declare: "Caf&eacute;"
	# gives "Caf", the output "Café").
	for f in $(all_docbook); do
		"$xmltext" -w "$f" > in.words ||
			{ fail "$f is not well-formed"; continue; }
		docbook "$f" "$tmp/out.xml" || { fail "$f: conversion failed"; continue; }
		"$xmltext" -w out.xml > out.words
		LC_ALL=C awk 'NR == FNR { count[$0]++; words[NR] = $0; n = NR; next }
			count[$0] > 0 { count[$0]--; next }
			{ for (i = 1; i <= n; i++) if (index(words[i], $0)) next
			  print }' out.words in.words > lost
		[ ! -s lost ] || { fail "$f: words lost:"; head lost; }
	done
	;;
malformed)
	# An error at its line and column, status 65, nothing written.
	printf '<article><para>a</b></article>\n' > tag.xml
	printf '<article>\n  <para>open\n' > eof.xml
	printf '<article><para>\001</para></article>\n' > char.xml
	printf '<article><para>caf\351</para></article>\n' > latin1.xml
	printf '<article><para>&undefined;</para></article>\n' > entity.xml
	printf 'Just text.\n' > text.xml
	: > empty.xml
	for f in tag eof char latin1 entity text empty; do
		run "$docconv" $f.xml -o $f.pdf
		expect_rc 65
		[ "$(wc -l < err)" -eq 1 ] || { fail "$f: not one line:"; cat err; }
		grep -Eq "^$f\.xml:[0-9]+:[0-9]+: error: ." err ||
			{ fail "$f: not FILE:LINE:COL: error:"; cat err; }
		[ -z "$(ls -A | grep -v -e '\.xml$' -e '^out$' -e '^err$')" ] ||
			{ fail "$f: files left:"; ls -A; }
	done
	run "$docconv" tag.xml -t docbook -o tag.dbk
	[ "$(cat err)" = "tag.xml:1:19: error: mismatched tag" ] ||
		{ fail "wrong message:"; cat err; }
	run "$docconv" eof.xml -t ast
	[ "$(cat err)" = "eof.xml:3:0: error: no element found" ] ||
		[ "$(cat err)" = "eof.xml:3:1: error: no element found" ] ||
		{ fail "wrong message at the end:"; cat err; }
	run "$docconv" -f docbook - -t ast < tag.xml
	expect_rc 65; expect_err_has "<stdin>:1:19: error: mismatched tag"
	;;
billion_laughs)
	{
		echo '<?xml version="1.0"?>'
		echo '<!DOCTYPE article ['
		echo '  <!ENTITY lol0 "lol">'
		i=1
		while [ $i -le 9 ]; do
			printf '  <!ENTITY lol%d "' $i
			j=0
			while [ $j -lt 10 ]; do printf '&lol%d;' $((i - 1)); j=$((j + 1)); done
			echo '">'
			i=$((i + 1))
		done
		echo ']>'
		echo '<article><para>&lol9;</para></article>'
	} > lol.xml
	measure "$docconv" lol.xml -t docbook -o lol.dbk
	expect_rc 65
	expect_err_has "lol.xml:14:16: error: limit on input amplification factor"
	[ ! -e lol.dbk ] || fail "output written"
	# Under the sanitizers the baseline is large; plain runs use ~5 MB.
	[ "$kb" -lt 200000 ] || fail "$kb KB of memory"
	;;
quadratic_blowup)
	# One entity of 100 KB referenced 100,000 times: 10 GB if expanded.
	awk 'BEGIN {
		printf "<?xml version=\"1.0\"?>\n<!DOCTYPE article [<!ENTITY a \"";
		for (i = 0; i < 100000; i++) printf "x";
		printf "\">]>\n<article><para>";
		for (i = 0; i < 100000; i++) printf "&a;";
		printf "</para></article>\n" }' > quad.xml
	measure "$docconv" quad.xml -t docbook -o quad.dbk
	expect_rc 65
	expect_err_has "error: limit on input amplification factor"
	[ ! -e quad.dbk ] || fail "output written"
	[ "$kb" -lt 200000 ] || fail "$kb KB of memory"
	# Entities within the bounds are expanded.
	printf '<!DOCTYPE article [<!ENTITY e "expanded">]>\n<article><para>&e; &e;</para></article>\n' > ok.xml
	run "$docconv" ok.xml -t ast; expect_rc 0; expect_no_err
	grep -qF '"expanded expanded"' out || { fail "entity not expanded"; cat out; }
	;;
external_entity)
	# Never loaded: the reference reads as nothing, with a warning
	# (--strict makes it an error).
	cat > ext.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<article><para>before &x; after</para></article>
EOF
	run "$docconv" ext.xml -t docbook; expect_rc 0
	expect_err_has "ext.xml:3:23: warning: external entity 'file:///etc/passwd' not loaded"
	grep -q 'root:' out && fail "root: in the output"
	grep -qF -f /etc/passwd out && fail "a line of /etc/passwd in the output"
	grep -qF '<para>before after</para>' out || { fail "text around it lost"; cat out; }
	run "$docconv" --strict ext.xml -t docbook -o strict.xml; expect_rc 65
	[ ! -e strict.xml ] || fail "output written under --strict"
	;;
external_dtd)
	# A DTD named by the DOCTYPE is not read: its entity is not declared.
	printf '<!ENTITY ent "THE DTD WAS READ">\n' > local.dtd
	cat > dtd.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE article SYSTEM "local.dtd">
<article><para>&ent; and &mdash; here</para></article>
EOF
	run "$docconv" dtd.xml -t docbook; expect_rc 0
	grep -q 'THE DTD WAS READ' out && fail "the DTD was read"
	grep -qF '&amp;ent; and — here' out || { fail "entities not as expected"; cat out; }
	expect_err_has "dtd.xml:3:16: warning: entity '&ent;' is not declared (its DTD is not read)"
	cat > db45.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN"
  "http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd">
<article><title>T</title><para>Fine.</para></article>
EOF
	run_limited "$docconv" db45.xml -t ast; expect_rc 0; expect_no_err
	grep -qF '"Fine."' out || fail "DocBook 4.5 document not read"
	;;
xinclude)
	printf 'SECRET CONTENT\n' > secret.txt
	cat > xi.xml <<'EOF'
<article xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude">
  <para>Before.</para>
  <xi:include href="secret.txt" parse="text"><xi:fallback><para>Fallback.</para></xi:fallback></xi:include>
  <xi:include href="secret.txt" parse="text"/>
</article>
EOF
	run "$docconv" xi.xml -t docbook; expect_rc 0
	grep -q SECRET out && fail "the included file was read"
	grep -qF '<para>Fallback.</para>' out || { fail "fallback lost"; cat out; }
	[ "$(grep -c "warning: XInclude of 'secret.txt' not followed" err)" -eq 2 ] ||
		{ fail "not one warning per include:"; cat err; }
	;;
deep_nesting)
	# 100,000 nested elements: linear, bounded, nothing lost.
	awk 'BEGIN { n = 100000
		printf "<article>"; for (i = 0; i < n; i++) printf "<section><title>t</title>"
		printf "<para>deepest</para>"; for (i = 0; i < n; i++) printf "</section>"
		print "</article>" }' > sections.xml
	awk 'BEGIN { n = 100000
		printf "<article><para>"; for (i = 0; i < n; i++) printf "<emphasis>"
		printf "deepest"; for (i = 0; i < n; i++) printf "</emphasis>"
		print "</para></article>" }' > emphasis.xml
	awk 'BEGIN { n = 100000
		printf "<article>"; for (i = 0; i < n; i++) printf "<itemizedlist><listitem>"
		printf "<para>deepest</para>"; for (i = 0; i < n; i++) printf "</listitem></itemizedlist>"
		print "</article>" }' > lists.xml
	awk 'BEGIN { n = 100000
		printf "<article><para>"; for (i = 0; i < n; i++) printf "<itemizedlist>x"
		printf "deepest"; for (i = 0; i < n; i++) printf "</itemizedlist>"
		print "</para></article>" }' > lazy.xml
	awk 'BEGIN { n = 100000
		printf "<article><para>"; for (i = 0; i < n; i++) printf "<footnote><para>"
		printf "deepest"; for (i = 0; i < n; i++) printf "</para></footnote>"
		print "</para></article>" }' > notes.xml
	for f in sections emphasis lists lazy notes; do
		run_limited "$docconv" $f.xml -t docbook -o $f.dbk
		expect_rc 0
		[ "$(grep -c . err)" -le 1 ] || { fail "$f: more than one warning"; head -3 err; }
		"$xmltext" $f.dbk para > paras || fail "$f: output not well-formed"
		grep -q deepest paras || fail "$f: the deepest text is lost"
	done
	;;
utf16)
	for enc in UTF-16LE UTF-16BE; do
		case $enc in UTF-16LE) printf '\377\376' ;; *) printf '\376\377' ;; esac > $enc.xml
		printf '<?xml version="1.0" encoding="UTF-16"?>\n<article><title>Caf\303\251 \342\202\254</title><para>Text \360\237\230\200 in %s.</para></article>\n' $enc |
			iconv -f UTF-8 -t $enc >> $enc.xml
		run "$docconv" $enc.xml -t ast; expect_rc 0; expect_no_err
		grep -qF "title=\"Café €\"" out || { fail "$enc: title"; cat out; }
		grep -qF "\"Text 😀 in $enc.\"" out || { fail "$enc: text"; cat out; }
	done
	;;
every_writer)
	# Every writer takes what the reader makes: PDF (qpdf), EPUB
	# (epubcheck: no error, no warning, for the richest fixture and for
	# all of them as one book), HTML (well-formed).
	for tool in qpdf java; do
		command -v $tool >/dev/null 2>&1 || { fail "$tool is needed"; exit 1; }
	done
	[ -f "$epubcheck_jar" ] || { fail "epubcheck is needed"; exit 1; }
	for f in $(fixtures); do
		name=$(basename "$f" .xml)
		for ext in pdf epub html; do
			"$docconv" "$f" -o "$name.$ext" 2>err ||
				{ fail "$name.$ext: exit $?"; cat err; }
		done
		qpdf --check "$name.pdf" > qpdf.log 2>&1 || { fail "qpdf $name.pdf"; cat qpdf.log; }
		"$xmltext" "$name.html" p > /dev/null || fail "$name.html is not well-formed"
	done
	"$docconv" $(fixtures) -o all.epub 2>err || { fail "all.epub: exit $?"; cat err; }
	for book in pandoc-rich.epub all.epub; do
		java -jar "$epubcheck_jar" "$book" -j "$book.json" > "$book.log" 2>&1 ||
			{ fail "epubcheck $book"; cat "$book.log"; }
		for count in nFatal nError nWarning; do
			n=$(sed -n "s/.*\"$count\" : \([0-9]*\).*/\1/p" "$book.json")
			[ "$n" = 0 ] || fail "epubcheck $book: $count is '${n:-missing}'"
		done
	done
	;;
bundle)
	# A DocBook book among other inputs: its chapters are sections of
	# its chapter of the bundle.
	run "$docconv" "$src/fixtures/docbook/book.xml" "$src/fixtures/docbook/structure.xml" \
		-t docbook -o bundle.xml
	expect_rc 0; expect_no_err
	[ "$(grep -c '<chapter' bundle.xml)" -eq 2 ] || fail "not two chapters"
	jing "$schema" bundle.xml || fail "jing rejects the bundle"
	;;
strict)
	run "$docconv" --strict "$src/fixtures/docbook/unknown-elements.xml" -o out.xml
	expect_rc 65
	expect_err_has "unknown-elements.xml:5:5: error: unknown DocBook element <releaseinfo>"
	[ ! -e out.xml ] || fail "output written"
	;;
element_table)
	# formats/docbook/elements.c is searched by bisection: sorted.
	sed -n 's/^	{\.name = "\([^"]*\)".*/\1/p' "$src/formats/docbook/elements.c" > names
	[ "$(wc -l < names)" -gt 100 ] || fail "table not found"
	LC_ALL=C sort -c names || fail "element table not sorted"
	;;
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
