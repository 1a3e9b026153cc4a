#!/bin/sh
# HTML tests for one CASE: pages and fragments must be well-formed XML
# (xmltext parses them with expat), and say what they should.
#
# usage: html.sh CASE DOCCONV XMLTEXT SOURCE_DIR
set -u
case_name=$1 docconv=$2 xmltext=$3 src=$4
reference=$src/fixtures/text/000_7b4caa0f675dee39.txt

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# convert ARGS...: must succeed with no diagnostics.
convert() {
	"$docconv" "$@" 2>err; rc=$?
	[ $rc -eq 0 ] || { fail "docconv $* exited $rc"; cat err; }
	[ ! -s err ] || { fail "docconv $* printed:"; cat err; }
}
wellformed() { "$xmltext" "$1" p >/dev/null || fail "$1 is not well-formed"; }

case $case_name in
wellformed)
	# Every fixture as a page, and as a fragment wrapped in one element
	# (a fragment has several top-level elements).
	for f in "$src"/fixtures/text/*.txt "$src"/fixtures/pdf/*.txt; do
		name=$(basename "$f" .txt)
		"$docconv" "$f" -o "$name.html" 2>/dev/null || fail "$name: docconv exited $?"
		wellformed "$name.html"
		head -n 1 "$name.html" | grep -qx '<!DOCTYPE html>' || fail "$name: no doctype"
		{ echo '<div>'; "$docconv" -t html --fragment "$f" 2>/dev/null; echo '</div>'; } > "$name.frag"
		wellformed "$name.frag"
	done
	convert "$src"/fixtures/pdf/*.txt -o bundle.html
	wellformed bundle.html
	[ "$(grep -c '<section id="[^"]*" class="chapter">' bundle.html)" -eq 2 ] || fail "a chapter per input"
	;;
reference)
	convert "$reference" -o ref.html
	wellformed ref.html
	"$xmltext" ref.html p > paras
	sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$reference" | grep -v '^$' > want
	diff -u want paras || fail "paragraph text differs from the input"
	grep -q '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">' ref.html || fail "html element"
	grep -q '<meta charset="utf-8"/>' ref.html || fail "charset"
	grep -q '<title>000_7b4caa0f675dee39</title>' ref.html || fail "title of last resort"
	grep -q '<style>' ref.html || fail "no default stylesheet"
	convert --title 'A &lt; B' --author Ann --lang de "$reference" -o titled.html
	grep -q '<h1 class="title">A &amp;lt; B</h1>' titled.html || fail "title block"
	grep -q '<p class="author">Ann</p>' titled.html || fail "author in title block"
	grep -q 'lang="de" xml:lang="de"' titled.html || fail "--lang"
	;;
fragment)
	convert -t html --fragment "$src/fixtures/pdf/structure.txt" -o frag.html
	grep -q -e '<html' -e '<head' -e '<body' -e '<style' -e 'class="title"' frag.html &&
		fail "a fragment has a page around it"
	# The content as CommonMark renders it: headings at their own level,
	# no <section> around them, no id made up for them.
	head -n 1 frag.html | grep -qx '<h1>Part One</h1>' || fail "fragment does not start with the content"
	grep -q '<section' frag.html && fail "a fragment's sections are written"
	# Unless the table of contents needs the ids.
	convert -t html --fragment --toc "$src/fixtures/pdf/structure.txt" -o toc.html
	grep -q '<a href="#first-section">' toc.html || fail "--toc entry"
	grep -q '<h2 id="first-section">First Section</h2>' toc.html || fail "--toc target on the heading"
	{ echo '<div>'; cat frag.html; echo '</div>'; } > wrapped.xml
	wellformed wrapped.xml
	;;
toc)
	convert --toc "$src/fixtures/pdf/structure.txt" -o toc.html
	wellformed toc.html
	sed -n '/<nav id="toc"/,/<\/nav>/p' toc.html | sed -n 's/.*<a href="#\([^"]*\)">\([^<]*\)<\/a>.*/\1 \2/p' > entries
	printf 'part-one Part One\nfirst-section First Section\npart-two Part Two\nsecond-section Second Section\n' > want
	diff -u want entries || fail "toc entries"
	for id in part-one first-section part-two second-section; do
		grep -q "<section id=\"$id\">" toc.html || fail "no target $id"
	done
	convert --toc --toc-depth 1 "$src/fixtures/pdf/structure.txt" -o toc1.html
	[ "$(sed -n '/<nav id="toc"/,/<\/nav>/p' toc1.html | grep -c '<li>')" -eq 2 ] || fail "--toc-depth 1"
	convert "$src/fixtures/pdf/structure.txt" -o notoc.html
	grep -q '<nav' notoc.html && fail "a table of contents without --toc"
	;;
css)
	convert --css a.css --css 'dir/b c.css' "$reference" -o css.html
	wellformed css.html
	grep -q '<link rel="stylesheet" href="a.css"/>' css.html || fail "first stylesheet"
	grep -q '<link rel="stylesheet" href="dir/b c.css"/>' css.html || fail "second stylesheet"
	[ "$(grep -n 'rel="stylesheet"' css.html | head -n 1 | cut -d: -f1)" -gt "$(grep -n '</style>' css.html | cut -d: -f1)" ] ||
		fail "stylesheets must come after the default one"
	;;
*)
	echo "unknown case $case_name"; exit 2 ;;
esac
[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
