#!/bin/sh
# PDF tests with the real tools: qpdf, poppler's pdffonts and pdftotext,
# mupdf's mutool (through pdf_check.sh), for one CASE.
#
# usage: pdf.sh CASE DOCCONV PDF_GLYPHS SOURCE_DIR
set -u
case_name=$1 docconv=$2 pdf_glyphs=$3 src=$4
reference=$src/fixtures/text/000_7b4caa0f675dee39.txt
fixtures=$src/fixtures/pdf

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for tool in qpdf pdffonts pdftotext mutool; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "FAIL: $tool is needed (apt-get install qpdf poppler-utils mupdf-tools)"; exit 1; }
done

# convert INPUT... -o OUT: must succeed with no diagnostics.
convert() {
	"$docconv" "$@" 2>err; rc=$?
	[ $rc -eq 0 ] || { fail "docconv $* exited $rc"; cat err; }
	[ ! -s err ] || { fail "docconv $* printed:"; cat err; }
}

# check PDF: qpdf, fonts (embedded, subset, ToUnicode), composites, and
# no word from poppler on standard error.
check() {
	sh "$src/tests/pdf_check.sh" "$1" "$pdf_glyphs" || fail "pdf_check.sh $1"
}

# The text of PDF as one line, in drawing order (-raw: poppler's layout
# mode would also drop a real hyphen at a line's end): pages and lines
# joined, page numbers out.
# A line ending in a hyphen is joined without a space (the break was after
# the hyphen); one ending in a soft hyphen (U+00AD, drawn where docconv
# hyphenated a word) is joined without it.
pdf_words() {
	pdftotext -raw -enc UTF-8 "$1" - 2>pdftotext.err | tr '\f' '\n' |
		awk '{ sub(/[ \t]+$/, "") } NF == 0 || /^[0-9]+$/ { next }
		     { line = $0; soft = sub(/\302\255$/, "", line)
		       if (glue) out = out line; else out = out (out == "" ? "" : " ") line
		       glue = soft || line ~ /-$/ }
		     END { print out }'
	[ ! -s pdftotext.err ] || { fail "pdftotext printed:"; cat pdftotext.err; }
}
# The text of a plain-text input as one line (white space runs as one).
text_words() {
	tr -s ' \t\n' '   ' < "$1" | sed -e 's/^ //' -e 's/ $//'
	echo
}

# The lines of PDF as "PAGE<TAB>TEXT", the words of a line joined by a
# space in the order of x, from pdftotext -bbox: its reading order may
# split a line drawn in several pieces (a table of contents' numbers).
pdf_lines() {
	pdftotext -bbox "$1" - | awk '/<page / { page++ }
		/<word / { split($0, a, "\""); t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
			   printf "%d %.1f %.1f %s\n", page, a[8], a[2], t }' |
		sort -k1,1n -k2,2n -k3,3n |
		awk '{ t = $0; sub(/^[^ ]* [^ ]* [^ ]* /, "", t) }
		     $1 != page || $2 != y { if (NR > 1) print page "\t" line; line = t; page = $1; y = $2; next }
		     { line = line " " t }
		     END { if (NR) print page "\t" line }'
}
# page_of PDF PAGES WORD: the first page with WORD on it, 0 for none.
page_of() {
	i=1
	while [ "$i" -le "$2" ]; do
		pdftotext -f "$i" -l "$i" "$1" - | grep -q -- "$3" && { echo "$i"; return; }
		i=$((i + 1))
	done
	echo 0
}
# On `pdftotext -bbox` of a page: the word NOTE is below every word of
# the body (words of a larger type, page numbers aside), and there are
# such words.
foot_awk='/<word / {
	split($0, a, "\""); t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
	n++; top[n] = a[4] + 0; bottom[n] = a[8] + 0; w[n] = t
	if (t == note && !at) at = n
}
END {
	if (!at) exit 1
	size = bottom[at] - top[at]
	for (i = 1; i <= n; i++) {
		if (w[i] ~ /^[0-9]+$/ || bottom[i] - top[i] < size * 1.15) continue
		body++
		if (bottom[i] > top[at]) exit 1
	}
	exit !body
}'

case $case_name in
heading_chain)
	# A heading followed at once by another goes with it: whatever the
	# text before them, never last on a page with the next on the next.
	for k in $(seq 30 62); do
		{ seq "$k" | sed 's/.*/Filler line &./; s/$/\n/'
		  printf '# Chapter heading\n\n## Section heading\n\n### Sub heading\n\nBody text after them.\n'
		} > chain.md
		"$docconv" chain.md -o chain.pdf 2>err || { fail "k=$k: docconv exited $?"; cat err; }
		pages=$(pdfinfo chain.pdf | awk '/^Pages:/ { print $2 }')
		for p in $(seq "$pages"); do
			pdftotext -f "$p" -l "$p" chain.pdf - | grep -c -e 'Chapter heading' -e 'Section heading' -e 'Sub heading' -e 'Body text' > n
			n=$(cat n)
			[ "$n" -eq 0 ] || [ "$n" -eq 4 ] || fail "k=$k: the headings and their text are split ($n of 4 on page $p)"
		done
	done
	;;
list_keep)
	# A list, or a quote of several paragraphs, does not start with its
	# first line alone at the foot of a page, wherever the text before
	# puts it.
	for k in $(seq 28 64); do
		{ seq "$k" | sed 's/.*/Filler line &./; s/$/\n/'
		  printf -- '- item one\n- item two\n- item three\n\n'
		  printf '> quote one.\n>\n> quote two.\n>\n> quote three.\n\nAfter.\n'
		} > keep.md
		"$docconv" keep.md -o keep.pdf 2>err || { fail "k=$k: docconv exited $?"; cat err; }
		pages=$(pdfinfo keep.pdf | awk '/^Pages:/ { print $2 }')
		for p in $(seq "$pages"); do
			pdftotext -f "$p" -l "$p" keep.pdf page.txt
			for what in item quote; do
				grep -q "$what one" page.txt &&
				[ "$(grep -c "$what " page.txt)" -eq 1 ] &&
					fail "k=$k: '$what one' starts its block alone at the foot of page $p"
			done
		done
	done
	;;
markdown)
	# Every Markdown fixture: a valid PDF with its fonts embedded (some
	# name images that are not there: warned about, framed); the one
	# with a table, a footnote and an image alone draws the image.
	for f in "$src"/fixtures/markdown/*.md; do
		name=$(basename "$f" .md)
		"$docconv" "$f" -o "$name.pdf" 2>err || { fail "$name: docconv exited $?"; cat err; }
		check "$name.pdf"
	done
	convert "$src/fixtures/markdown/figures.md" -o figures.pdf
	[ "$(pdfimages -list figures.pdf | tail -n +3 | wc -l)" -eq 1 ] ||
		fail "figures.pdf: the image alone in its paragraph is not drawn"
	pdftotext figures.pdf - | grep -q 'The note.s text' || fail "figures.pdf: the footnote's text"
	pdftotext figures.pdf - | grep -q '#00ff00' || fail "figures.pdf: the table's text"
	;;
reference)
	convert "$reference" -o ref.pdf
	check ref.pdf
	pdf_words ref.pdf > got
	text_words "$reference" > want
	diff -u want got || fail "pdftotext does not give back the reference text"
	;;
mixed_script)
	# The heading's underline is layout, not text.
	convert "$fixtures/mixed-script.txt" -o mixed.pdf
	check mixed.pdf
	pdf_words mixed.pdf > got
	grep -v '^====' "$fixtures/mixed-script.txt" > body.txt
	text_words body.txt > want
	diff -u want got || fail "pdftotext does not give back the mixed-script text"
	pdffonts mixed.pdf | grep -q DroidSansFallback || fail "Chinese did not fall back to Droid Sans Fallback"
	;;
outline)
	convert "$fixtures/structure.txt" -o s.pdf
	check s.pdf
	# Every heading, in order, at its depth (mutool prints one tab per
	# level), and qpdf sees the same titles.
	mutool show s.pdf outline | awk -F '\t' '{ print NF - 2, $(NF - 1) }' > titles
	cat > want <<'EOT'
1 "Part One"
2 "First Section"
1 "Part Two"
2 "Second Section"
EOT
	diff -u want titles || fail "outline differs from the headings"
	qpdf --json --json-key=outlines s.pdf > outlines.json || fail "qpdf --json"
	[ "$(grep -c '"title": ' outlines.json)" -eq 4 ] || fail "qpdf sees another outline"
	qpdf --qdf --object-streams=disable s.pdf s.qdf || fail "qpdf --qdf"
	grep -q '/URI (https://example.org/docs)' s.qdf || fail "no URI link annotation"
	;;
spacing)
	# Over forty pages, word gaps stay even and justified lines end flush.
	for i in $(seq 1 40); do cat "$reference"; done > long.txt
	convert long.txt -o long.pdf
	mutool draw -F stext -o long.xml long.pdf 2>/dev/null || fail "mutool draw"
	awk -f "$src/tests/pdf_spacing.awk" long.xml || fail "uneven spacing"
	;;
numbered)
	# --number-sections numbers the headings and the outline alike.
	convert --number-sections --no-justify "$fixtures/structure.txt" -o n.pdf
	check n.pdf
	mutool show n.pdf outline | awk -F '\t' '{ print $(NF - 1) }' > titles
	printf '"%s"\n' "1 Part One" "1.1 First Section" "2 Part Two" \
		"2.1 Second Section" > want
	diff -u want titles || fail "numbered outline"
	pdftotext n.pdf - | grep -qx '1.1 First Section' || fail "numbered heading"
	;;
footnotes)
	# Each note at the foot of the page that cites it: the word before
	# each reference is on the page of its note, which is set below the
	# text in smaller type; the long note starts under its reference and
	# ends at the foot of the next page; the 7 references and the 6
	# notes' numbers are links (to the note, back to its reference).
	convert "$fixtures/footnotes.md" -o fn.pdf
	check fn.pdf
	pages=$(pdfinfo fn.pdf | awk '/^Pages:/ { print $2 }')
	for pair in gloss:Notealpha: fence:Notebeta: works:Notelong \
		    holds:Notegamma: years:Notedelta: invisible:Noteepsilon:; do
		word=${pair%%:*} note=${pair#*:}
		p=$(page_of fn.pdf "$pages" "$word") q=$(page_of fn.pdf "$pages" "$note")
		[ "$p" -gt 0 ] && [ "$p" = "$q" ] || fail "$note cited on page $p, set on page $q"
		pdftotext -f "$q" -l "$q" -bbox fn.pdf - | awk -v note="$note" "$foot_awk" ||
			fail "$note is not below the text in smaller type"
	done
	[ "$(page_of fn.pdf "$pages" notelongend)" -eq $(($(page_of fn.pdf "$pages" Notelong) + 1)) ] ||
		fail "the long note does not go on at the foot of the next page"
	qpdf --qdf --object-streams=disable fn.pdf fn.qdf || fail "qpdf --qdf"
	[ "$(grep -c '/Subtype /Link' fn.qdf)" -eq 13 ] || fail "references and notes do not link"
	;;
toc)
	# --toc: after the title block, a line per heading down to the
	# depth, with dot leaders and the page number where pdftotext finds
	# the heading (the table's own pages counted), section numbers and
	# all; each line a link to its heading's page; none without it.
	awk 'BEGIN { print "---\ntitle: A Book of Contents\n---\n"
		for (c = 1; c <= 30; c++) {
			printf "# Chapter %d\n\n", c
			for (s = 1; s <= 2; s++) {
				printf "## Section %d.%d\n\n### Part %d.%d.1\n\n", c, s, c, s
				printf "#### Piece %d.%d.1.1\n\n", c, s
				for (p = 0; p < (c * s) % 5; p++)
					print "Words enough to fill some of a page, over and over, " \
					      "so that the headings fall on many different pages.\n"
			}
		} }' > toc.md
	convert --toc --number-sections toc.md -o toc.pdf
	check toc.pdf
	pdf_lines toc.pdf > lines
	# Entries: "1.2 Section 1.2 . . . . . 7" -> "1.2 Section 1.2<TAB>7<TAB>page".
	awk -F '\t' '$2 ~ / \.[. ]* [0-9]+$/ { n = $2; sub(/.* /, "", n); t = $2
		sub(/ \.[. ]* [0-9]+$/, "", t); print t "\t" n "\t" $1 }' lines > entries
	[ "$(wc -l < entries)" -eq 150 ] || fail "$(wc -l < entries) entries in the table, want 150 (depth 3)"
	grep -q '^1 Chapter 1	' entries && grep -q '^30.2.1 Part 30.2.1	' entries ||
		fail "the table lacks the first or the last entry, or their numbers"
	! grep -q Piece entries || fail "headings below --toc-depth are in the table"
	last=$(tail -n 1 entries | cut -f 3)
	[ "$last" -ge 2 ] || fail "the table should take more than one page"
	# The page each entry names holds its heading, alone on its line.
	awk -F '\t' -v last="$last" 'NR == FNR { if ($1 > last && !($2 in at)) at[$2] = $1; next }
		at[$1] != $2 { print "\"" $1 "\": the table says page " $2 ", it is on page " at[$1] + 0 }' \
		lines entries > wrong
	[ ! -s wrong ] || { fail "page numbers in the table:"; cat wrong; }
	# Links: the pages their destinations are on (an array in the
	# annotation, or an object of its own), as many and the same as the
	# numbers printed.
	mutool show toc.pdf pages | awk '{ print $4, $2 }' > pagemap
	annots=$(awk -v last=$last '$2 <= last { print $1 }' pagemap | while read -r obj; do
		mutool show toc.pdf "$obj" | tr '\n' ' ' | sed -n 's/.*\/Annots \[\([^]]*\)\].*/\1/p'
	done | awk '{ for (i = 1; i <= NF; i += 3) print $i }')
	mutool show toc.pdf $annots | awk '/\/Dest \[/ { print $3; next } /\/Dest / { print "@" $2 }' |
		while read -r dest; do
			case $dest in
			@*) mutool show toc.pdf "${dest#@}" | awk '/^\[/ { print $2 }' ;;
			*) echo "$dest" ;;
			esac
		done |
		awk 'NR == FNR { page[$1] = $2; next } { print page[$1] }' pagemap - | sort -n > linked
	cut -f 2 entries | sort -n > printed
	cmp -s printed linked || fail "the table's links do not go to the pages it names"
	grep -q '\. \. \. \.' lines || fail "no dot leaders"
	convert --number-sections toc.md -o plain.pdf
	! pdftotext plain.pdf - | grep -q '^Contents$' || fail "a table of contents without --toc"
	! pdftotext plain.pdf - | grep -q '\. \. \. \.' || fail "leaders without --toc"
	;;
metadata)
	SOURCE_DATE_EPOCH=1700000000 convert --title "Ünïcode Title" --author "Ann Author" \
		--author "Bob" -M keywords="k1, k2" -M subject=Topics "$reference" -o m.pdf
	pdfinfo m.pdf > info 2>info.err || fail "pdfinfo"
	[ ! -s info.err ] || { fail "pdfinfo printed:"; cat info.err; }
	grep -q '^Title: *Ünïcode Title$' info || fail "title"
	grep -q '^Author: *Ann Author, Bob$' info || fail "author"
	grep -q '^Subject: *Topics$' info || fail "subject"
	grep -q '^Keywords: *k1, k2$' info || fail "keywords"
	grep -q '^Creator: *docconv [0-9]' info || fail "creator"
	grep -q '^CreationDate: .*2023' info || fail "creation date from SOURCE_DATE_EPOCH"
	;;
long_title)
	# A title longer than a PDF string (32,767 bytes) is cut in the
	# document information, at a character, with a warning (an error
	# under --strict); the text keeps it whole.
	awk 'BEGIN { printf "%% "; for (i = 0; i < 20000; i++) printf "\303\251"
		     print ""; print ""; print "Body." }' > long.txt
	"$docconv" long.txt -o l.pdf 2>err || fail "docconv exited $?"
	grep -q 'Title of the PDF.s document information cut' err ||
		{ fail "no warning about the title"; cat err; }
	check l.pdf
	# Two bytes of UTF-16 for each, beside the byte order mark: 16,382
	# of the 20,000.
	n=$(pdfinfo -enc UTF-8 l.pdf | grep '^Title:' | grep -o 'é' | wc -l)
	[ "$n" -eq 16382 ] || fail "a title of $n characters"
	[ "$(pdftotext l.pdf - | tr -d '\n' | grep -o 'é' | wc -l)" -eq 20000 ] ||
		fail "the text lost part of the title"
	"$docconv" --strict long.txt -o s.pdf 2>/dev/null
	[ $? -eq 65 ] || fail "--strict: not a data error"
	[ ! -e s.pdf ] || fail "--strict wrote a PDF"
	;;
running_header)
	# The running header is the title, cut with an ellipsis after the
	# last word that fits the width of the text: whole, a long title
	# ran off both sides of every page.
	awk 'BEGIN { printf "Title: A Title"
		     for (i = 0; i < 40; i++) printf " word%d", i
		     print ""; print ""
		     for (i = 0; i < 100; i++) {
			print "A paragraph of body text, one of many.\n" } }' > h.txt
	convert h.txt -o h.pdf
	check h.pdf
	pdftotext -f 2 -l 2 -bbox h.pdf - > p2.html
	# The header is the top line; the body's words give the margins.
	awk -F'"' '/<word / { n++; x0[n] = $2; y0[n] = $4; x1[n] = $6
			      w[n] = $0; sub(/.*">/, "", w[n]); sub(/<.*/, "", w[n])
			      if (n == 1 || $4 < top) top = $4 }
		END { left = 1e9; right = 0
		      for (i = 1; i <= n; i++) if (y0[i] > top + 1) {
			      if (x0[i] < left) left = x0[i]
			      if (x1[i] > right) right = x1[i] }
		      for (i = 1; i <= n; i++) if (y0[i] <= top + 1) {
			      printf "%s%s", line ? " " : "", w[i]; line = 1
			      if (x0[i] < left - 1 || x1[i] > right + 1)
				      bad = bad " " w[i] }
		      print ""
		      if (bad) print "outside the text:" bad }' p2.html > header
	grep -qx 'A Title\( word[0-9]*\)* word[0-9]*…' header ||
		{ fail "page 2: the header is not the title cut with an ellipsis"; cat header; }
	;;
tall_row)
	# A table row taller than a page goes on over the pages it takes,
	# the header row on top of each; it ran off the foot of one page,
	# where 835 of these 3,000 words were left.
	awk 'BEGIN { print "| a | b |"; print "|---|---|"; printf "|"
		     for (i = 1; i <= 3000; i++) printf " w%d", i
		     print " | x |"; print "| c | d |" }' > tall.md
	convert tall.md -o tall.pdf
	check tall.pdf
	pdftotext -raw tall.pdf - | tr ' ' '\n' | grep -x 'w[0-9]*' |
		awk '$0 != "w" NR { print "w" NR " is missing"; exit 1 }
		     END { if (NR != 3000) { print NR " of 3000 words"; exit 1 } }' ||
		fail "tall.pdf lost words of the tall row"
	pages=$(pdfinfo tall.pdf | awk '/^Pages:/ { print $2 }')
	[ "$pages" -ge 3 ] || fail "tall.pdf: $pages page(s)"
	p=1
	while [ $p -le "$pages" ]; do
		pdftotext -raw -f $p -l $p tall.pdf - | grep -qx 'a b' ||
			fail "tall.pdf: no header row on page $p"
		p=$((p + 1))
	done
	pdftotext -raw -f "$pages" -l "$pages" tall.pdf - | grep -qx 'c d' ||
		fail "tall.pdf: the row after it is not on the last page"
	# A header row that leaves a page less than two lines is not
	# repeated: repeated, it took a page of its own for each line of
	# the row after it (141 pages here).
	awk 'BEGIN { printf "|"; for (i = 1; i <= 740; i++) printf " h%d", i
		     print " | b |"; print "|---|---|"; printf "|"
		     for (i = 1; i <= 1000; i++) printf " w%d", i
		     print " | x |" }' > head.md
	convert head.md -o head.pdf
	check head.pdf
	pages=$(pdfinfo head.pdf | awk '/^Pages:/ { print $2 }')
	[ "$pages" -le 3 ] || fail "head.pdf: $pages pages"
	n=$(pdftotext -raw head.pdf - | tr ' ' '\n' | grep -cx '[hw][0-9]*')
	[ "$n" -eq 1740 ] || fail "head.pdf: $n of 1740 words"
	;;
deterministic)
	SOURCE_DATE_EPOCH=0 convert "$reference" "$fixtures/mixed-script.txt" -o a.pdf
	SOURCE_DATE_EPOCH=0 convert "$reference" "$fixtures/mixed-script.txt" -o b.pdf
	cmp -s a.pdf b.pdf || fail "two runs differ"
	[ "$(pdfinfo a.pdf | awk '/^Pages:/ { print $2 }')" -ge 2 ] ||
		fail "each input of a bundle must start a new page"
	;;
spill)
	# Finished pages wait in an unnamed file in TMPDIR, which is left
	# empty; where none can be made they stay in memory, and the PDF is
	# the same.
	mkdir tmpdir
	SOURCE_DATE_EPOCH=0 TMPDIR=$tmp/tmpdir convert "$reference" -o spilled.pdf
	check spilled.pdf
	[ -z "$(ls -A tmpdir)" ] || fail "the spill file was left in TMPDIR"
	SOURCE_DATE_EPOCH=0 TMPDIR=$tmp/no/such/dir convert "$reference" -o kept.pdf
	cmp -s spilled.pdf kept.pdf || fail "pages kept in memory make another PDF"
	# A spill file that stops taking pages (a file size limit of 4 KB
	# here; a full disk alike) leaves the rest in memory.  The output
	# goes to a pipe, which the limit does not bind.
	awk 'BEGIN { for (i = 0; i < 400; i++) printf "Paragraph %d, with words to fill twenty pages and a link to https://example.org/p/%d.\n\n", i, i }' > long.txt
	SOURCE_DATE_EPOCH=0 convert long.txt -o long.pdf
	sh -c 'ulimit -f 8 && exec "$@"' sh env SOURCE_DATE_EPOCH=0 TMPDIR="$tmp/tmpdir" \
		"$docconv" long.txt -t pdf -o - 2>err | cat > limited.pdf
	[ ! -s err ] || { fail "a full spill file was reported:"; cat err; }
	cmp -s long.pdf limited.pdf || fail "a full spill file makes another PDF"
	[ "$(pdfinfo long.pdf | awk '/^Pages:/ { print $2 }')" -ge 15 ] ||
		fail "long.txt no longer makes the pages this case needs"
	;;
bad_input)
	: > empty.txt
	convert empty.txt -o empty.pdf; check empty.pdf
	awk 'BEGIN { s = ""; for (i = 0; i < 2000; i++) s = s "x"; print s }' > wide.txt
	convert wide.txt -o wide.pdf; check wide.pdf
	# The page number is not part of the word.
	[ "$(pdftotext wide.pdf - | tr -d '\f' | grep -v '^[0-9]*$' | tr -d '\n' | wc -c)" -eq 2000 ] ||
		fail "a wide word lost characters"
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "    code line %d\n", i }' > code.txt
	convert code.txt -o code.pdf; check code.pdf
	pdftotext code.pdf - | tr -d '\f' | grep -c '^code line' | grep -qx 10000 || fail "code lines lost"
	awk 'BEGIN { for (i = 0; i < 150000; i++) printf "word%d ", i; print "" }' > para.txt
	convert para.txt -o para.pdf; check para.pdf
	"$docconv" --font "No Such Family" "$reference" -o nofont.pdf 2>err || fail "unknown font"
	grep -q "font family 'No Such Family' not found" err || fail "no warning for an unknown font"
	check nofont.pdf
	;;
many_pages)
	# More pages than one node of libharu's page tree holds (32,767):
	# a form feed alone on a line is a page break.  The last page ends
	# with form feeds too, as in a printout, which make no empty page.
	awk 'BEGIN { for (i = 1; i <= 33000; i++) printf "Page %d.\n\f\n", i; print "\f" }' > many.txt
	convert many.txt -o many.pdf
	qpdf --check many.pdf > qpdf.out 2>&1 || { fail "qpdf --check"; tail -3 qpdf.out; }
	[ "$(pdfinfo many.pdf | awk '/^Pages:/ { print $2 }')" = 33000 ] ||
		fail "not 33,000 pages"
	pdftotext -f 33000 -l 33000 many.pdf - | grep -q '^Page 33000\.$' ||
		fail "page 33,000 does not hold its text"
	;;
links)
	# A URL is one annotation however many places it could break at.
	printf 'Read https://example.org/a/b/c/d/e/f and https://example.org/x-y/z today.\n' > links.txt
	convert links.txt -o links.pdf; check links.pdf
	qpdf --qdf --object-streams=disable links.pdf links.qdf || fail "qpdf --qdf"
	[ "$(grep -c '/Subtype /Link' links.qdf)" -eq 2 ] || fail "not one annotation a URL"
	grep -q '/URI (https://example.org/a/b/c/d/e/f)' links.qdf || fail "first URL lost"
	grep -q '/URI (https://example.org/x-y/z)' links.qdf || fail "second URL lost"
	;;
page_objects)
	# Every page refers to one /Resources object, which holds the fonts;
	# each page's /Annots holds its own links (pageobj.c writes them).
	printf 'Objects\n=======\n\nOne https://example.org/one here.\n\f\nTwo.\n\f\nThree https://example.org/three.\n' > objs.txt
	convert objs.txt -o objs.pdf; check objs.pdf
	qpdf --qdf --object-streams=disable objs.pdf objs.qdf || fail "qpdf --qdf"
	# page_entry N KEY: the value of KEY in page N's dictionary.
	page_entry() {
		awk -v page="%% Page $1" -v key="$2" '$0 == page { p = 1 }
			p && $1 == key { $1 = ""; sub(/^ /, ""); print; exit }
			p && /^endobj/ { exit }' objs.qdf
	}
	# object N: the dictionary of object N.
	object() { awk -v obj="$1 0 obj" '$0 == obj { p = 1 } p { print } p && /^endobj/ { exit }' objs.qdf; }
	res=$(page_entry 1 /Resources)
	case $res in *" 0 R") ;; *) fail "page 1's /Resources is not a reference: $res" ;; esac
	for n in 2 3; do
		[ "$(page_entry $n /Resources)" = "$res" ] || fail "page $n has other /Resources"
	done
	object "${res% 0 R}" | grep -q '/Font' || fail "the /Resources hold no /Font"
	[ -n "$(pdffonts -f 3 -l 3 objs.pdf | sed 1,2d)" ] || fail "pdffonts finds no font on page 3"
	[ -z "$(page_entry 2 /Annots)" ] || fail "page 2 has annotations"
	for n in 1:one 3:three; do
		annot=$(awk -v page="%% Page ${n%%:*}" '$0 == page { p = 1 }
			p && f { print $1; exit } p && $1 == "/Annots" { f = 1 }
			p && /^endobj/ { exit }' objs.qdf)
		[ -n "$annot" ] || { fail "page ${n%%:*} has no annotation"; continue; }
		object "$annot" | grep -q "/URI (https://example.org/${n#*:})" ||
			fail "page ${n%%:*}'s annotation is not its link"
	done
	;;
terminal)
	command -v script >/dev/null 2>&1 || { fail "script (util-linux) is needed"; exit 1; }
	script -qec "'$docconv' '$reference' -t pdf" /dev/null > out 2>&1
	rc=$?
	[ $rc -eq 64 ] || fail "PDF to a terminal: status $rc, want 64"
	;;
*)
	echo "unknown case $case_name"; exit 2 ;;
esac
[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
