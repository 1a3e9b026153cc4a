#!/bin/sh
# EPUB tests with the real tools: epubcheck (which must report no error
# and no warning, counted from its JSON report) and unzip's zipinfo for
# the zip itself, for one CASE.
#
# usage: epub.sh CASE DOCCONV XMLTEXT SOURCE_DIR
set -u
case_name=$1 docconv=$2 xmltext=$3 src=$4
reference=$src/fixtures/text/000_7b4caa0f675dee39.txt
epubcheck_jar=/usr/share/java/epubcheck.jar

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

command -v java >/dev/null 2>&1 && [ -f "$epubcheck_jar" ] ||
	{ echo "FAIL: java and epubcheck are needed (apt-get install epubcheck)"; exit 1; }
command -v zipinfo >/dev/null 2>&1 ||
	{ echo "FAIL: zipinfo is needed (apt-get install unzip)"; exit 1; }

# convert ARGS...: must succeed with no diagnostics.
convert() {
	"$docconv" "$@" 2>err; rc=$?
	[ $rc -eq 0 ] || { fail "docconv $* exited $rc"; cat err; }
	[ ! -s err ] || { fail "docconv $* printed:"; cat err; }
}

# epubcheck BOOK: no fatal error, no error, no warning.
epubcheck() {
	java -jar "$epubcheck_jar" "$1" --failonwarnings -j "$1.json" > "$1.log" 2>&1
	status=$?
	for count in nFatal nError nWarning; do
		n=$(sed -n "s/.*\"$count\" : \([0-9]*\).*/\1/p" "$1.json")
		[ "$n" = 0 ] || fail "epubcheck $1: $count is '${n:-missing}'"
	done
	[ $status -eq 0 ] || { fail "epubcheck $1 exited $status"; cat "$1.log"; }
}

# The zip: mimetype first, stored, exactly "application/epub+zip"; the
# manifest lists every file but mimetype, container and package document,
# and every file it lists is there.
check_zip() {
	zipinfo -1 "$1" > files || fail "zipinfo $1"
	[ "$(head -n 1 files)" = mimetype ] || fail "$1: mimetype is not the first entry"
	zipinfo "$1" mimetype | grep -q ' stor ' || fail "$1: mimetype is compressed"
	[ "$(unzip -p "$1" mimetype)" = application/epub+zip ] || fail "$1: mimetype content"
	unzip -p "$1" EPUB/package.opf > opf.xml
	sed -n 's/.*<item [^>]*href="\([^"]*\)".*/EPUB\/\1/p' opf.xml | sort > listed
	grep -v -e '^mimetype$' -e '^META-INF/container.xml$' -e '^EPUB/package.opf$' files | sort > present
	diff -u listed present || fail "$1: manifest and files differ"
}

# The content documents of BOOK in spine order, extracted as spine-N.xhtml.
spine() {
	unzip -p "$1" EPUB/package.opf > opf.xml
	n=0
	for idref in $(sed -n 's/.*<itemref idref="\([^"]*\)".*/\1/p' opf.xml); do
		href=$(sed -n "s/.*<item id=\"$idref\" href=\"\([^\"]*\)\".*/\1/p" opf.xml)
		n=$((n + 1))
		unzip -p "$1" "EPUB/$href" > "spine-$n.xhtml"
	done
	echo $n
}

# The text of the toc navigation's links, one per line.
nav_titles() {
	unzip -p "$1" EPUB/nav.xhtml | sed -n '/<nav epub:type="toc"/,/<\/nav>/p' |
		sed -n 's/.*<a href="[^"]*">\(.*\)<\/a>.*/\1/p'
}

# The headings of the spine documents (h1 to h6, in order).
headings() {
	i=1
	while [ -f "spine-$i.xhtml" ]; do
		"$xmltext" "spine-$i.xhtml" h1 h2 h3 h4 h5 h6 || fail "spine-$i.xhtml is not well-formed"
		i=$((i + 1))
	done
}

# The reference's paragraphs, white space at line ends dropped.
reference_paragraphs() {
	sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$reference" | grep -v '^$'
}

case $case_name in
markdown)
	# Every Markdown fixture, one chapter each, in one book (some name
	# images that are not there: warned about, written as their alt
	# text; one names a cover that is not there, an error, so it is
	# left out); and the one with a table, a footnote and an image.
	"$docconv" $(grep -L '^cover-image:' "$src"/fixtures/markdown/*.md) \
		-o md.epub 2>err ||
		{ fail "docconv exited $?"; cat err; }
	epubcheck md.epub
	check_zip md.epub
	convert "$src/fixtures/markdown/figures.md" -o figures.epub
	epubcheck figures.epub
	check_zip figures.epub
	unzip -l figures.epub | grep -q 'EPUB/.*\.png' || fail "figures.epub carries no image"
	;;
fixtures)
	# Every text fixture, one chapter each, in one book.
	ls "$src"/fixtures/text/*.txt "$src"/fixtures/pdf/*.txt > inputs
	"$docconv" $(cat inputs) -o all.epub 2>err || { fail "docconv exited $?"; cat err; }
	epubcheck all.epub
	check_zip all.epub
	[ "$(spine all.epub)" -ge "$(wc -l < inputs)" ] || fail "fewer content documents than inputs"
	;;
reference)
	convert "$reference" -o ref.epub
	epubcheck ref.epub
	check_zip ref.epub
	[ "$(spine ref.epub)" -eq 1 ] || fail "one short input is one content document"
	"$xmltext" spine-1.xhtml p > paras || fail "not well-formed"
	reference_paragraphs > want
	diff -u want paras || fail "paragraph text differs from the input"
	grep -q '<html [^>]*lang="en" xml:lang="en"' spine-1.xhtml || fail "no lang and xml:lang"
	grep -q '<dc:title id="title">000_7b4caa0f675dee39</dc:title>' opf.xml ||
		fail "title of last resort is not the file name"
	grep -q '<dc:language>en</dc:language>' opf.xml || fail "default language"
	grep -q '<dc:identifier id="uid">urn:uuid:[0-9a-f-]\{36\}</dc:identifier>' opf.xml ||
		fail "no name-based identifier"
	;;
bundle)
	printf 'Title: Alpha\n\nFirst\n=====\n\nOne.\n' > a.txt
	printf 'Beta chapter\n============\n\nTwo.\n\nSub\n---\n\nMore.\n' > b.txt
	printf 'no heading here\n' > c.txt
	convert a.txt b.txt c.txt "$reference" "$src"/fixtures/pdf/*.txt \
		--author 'Ann Author' --title 'The Book' -M publisher=P -M rights=R \
		-M description=D -M subject=S -M date=2024-05-01 --lang en-GB -o book.epub
	epubcheck book.epub
	check_zip book.epub
	n=$(spine book.epub)
	[ "$n" -eq $((4 + $(ls "$src"/fixtures/pdf/*.txt | wc -l))) ] || fail "want one content document per input, got $n"
	# Spine order is input order: each document's first heading.
	for i in 1 2 3 4; do "$xmltext" "spine-$i.xhtml" h1 | head -n 1; done > titles
	printf 'Alpha\nBeta chapter\nc\n000_7b4caa0f675dee39\n' > want
	diff -u want titles || fail "spine order or chapter titles"
	headings > heads
	nav_titles book.epub > nav
	diff -u heads nav || fail "navigation entries differ from the headings"
	"$xmltext" spine-4.xhtml p > paras
	reference_paragraphs > want
	diff -u want paras || fail "the reference's text changed in the bundle"
	for field in '<dc:creator id="creator-1">Ann Author</dc:creator>' \
		'<dc:title id="title">The Book</dc:title>' '<dc:publisher>P</dc:publisher>' \
		'<dc:rights>R</dc:rights>' '<dc:description>D</dc:description>' \
		'<dc:subject>S</dc:subject>' '<dc:date>2024-05-01</dc:date>' \
		'<dc:language>en-GB</dc:language>'; do
		grep -qF "$field" opf.xml || fail "package lacks $field"
	done
	grep -q 'lang="en-GB" xml:lang="en-GB"' spine-3.xhtml || fail "lang on every document"
	;;
large)
	# About 5 MB without a heading: cut into parts of about 256 KB.
	i=0; : > big.txt
	while [ $(wc -c < big.txt) -lt 5000000 ]; do
		cat "$reference" "$reference" "$reference" "$reference" >> big.txt
		i=$((i + 1))
	done
	convert big.txt -o big.epub
	epubcheck big.epub
	check_zip big.epub
	n=$(spine big.epub)
	[ "$n" -ge 18 ] || fail "5 MB in $n content documents"
	for f in spine-*.xhtml; do
		[ $(wc -c < "$f") -le 300000 ] || fail "$f is larger than about 256 KB"
	done
	cat spine-*.xhtml > all.xhtml
	[ "$(grep -c '<p>' all.xhtml)" -eq "$(grep -c . big.txt)" ] || fail "paragraphs lost"
	;;
split)
	# A long chapter is cut at its headings.
	awk 'BEGIN { for (s = 1; s <= 12; s++) { printf "Section %d\n----------\n\n", s;
		for (p = 0; p < 600; p++) printf "Paragraph %d of section %d, long enough to count for something in the size of the part.\n\n", p, s } }' > long.txt
	printf 'Short\n=====\n\nText.\n' > short.txt
	convert short.txt long.txt -o split.epub
	epubcheck split.epub
	check_zip split.epub
	n=$(spine split.epub)
	[ "$n" -ge 4 ] || fail "a long chapter was not split ($n documents)"
	for i in $(seq 3 "$n"); do
		head -n 12 "spine-$i.xhtml" | grep -q '<h[12][ >]' || fail "spine-$i.xhtml does not start at a heading"
	done
	headings > heads
	nav_titles split.epub > nav
	diff -u heads nav || fail "navigation entries differ from the headings"
	convert --toc-depth 1 short.txt long.txt -o shallow.epub
	[ "$(nav_titles shallow.epub | wc -l)" -eq 2 ] || fail "--toc-depth 1: chapters only"
	;;
cover_css)
	printf 'p { color: #333; }\n' > extra.css
	convert --cover "$src/fixtures/images/red.png" --css extra.css "$reference" -o c.epub
	epubcheck c.epub
	check_zip c.epub
	grep -q 'properties="cover-image"' opf.xml || fail "no cover-image item"
	grep -q 'media-type="image/png"' opf.xml || fail "cover media type"
	unzip -p c.epub EPUB/images/cover-image.png | cmp -s - "$src/fixtures/images/red.png" || fail "cover bytes"
	unzip -p c.epub EPUB/user-1.css | cmp -s - extra.css || fail "stylesheet not copied"
	[ "$(spine c.epub)" -eq 2 ] || fail "cover page + one chapter"
	grep -q 'href="user-1.css"' spine-2.xhtml || fail "stylesheet not linked"
	;;
deterministic)
	SOURCE_DATE_EPOCH=1700000000 convert "$reference" "$src"/fixtures/pdf/*.txt -o a.epub
	sleep 1
	SOURCE_DATE_EPOCH=1700000000 convert "$reference" "$src"/fixtures/pdf/*.txt -o b.epub
	cmp -s a.epub b.epub || fail "two runs differ"
	unzip -p a.epub EPUB/package.opf > opf.xml
	grep -q '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' opf.xml ||
		fail "dcterms:modified is not SOURCE_DATE_EPOCH"
	TZ=UTC zipinfo a.epub | grep -v '23-Nov-14' | grep -c ' defX \| stor ' | grep -qx 0 ||
		fail "zip entry times are not SOURCE_DATE_EPOCH"
	;;
spill)
	# Deflated files and the archive libzip builds wait in unnamed files
	# in TMPDIR, which is left empty; where none can be made they stay
	# in memory, and the book is the same.
	mkdir tmpdir
	SOURCE_DATE_EPOCH=0 TMPDIR=$tmp/tmpdir convert "$reference" -o spilled.epub
	check_zip spilled.epub
	epubcheck spilled.epub
	[ -z "$(ls -A tmpdir)" ] || fail "a spill file was left in TMPDIR"
	SOURCE_DATE_EPOCH=0 TMPDIR=$tmp/no/such/dir convert "$reference" -o kept.epub
	cmp -s spilled.epub kept.epub || fail "a book kept in memory is another book"
	# Spill files that stop taking bytes (a file size limit of 4 KB here;
	# a full disk alike) leave the rest in memory.  The output goes to a
	# pipe, which the limit does not bind.
	awk 'BEGIN { srand(7); for (i = 0; i < 3000; i++) printf "Paragraph %d, %d words and %d more.\n\n", i, int(rand() * 1e6), int(rand() * 1e6) }' > long.txt
	SOURCE_DATE_EPOCH=0 convert long.txt -o long.epub
	sh -c 'ulimit -f 8 && exec "$@"' sh env SOURCE_DATE_EPOCH=0 TMPDIR="$tmp/tmpdir" \
		"$docconv" long.txt -t epub -o - 2>err | cat > limited.epub
	[ ! -s err ] || { fail "a full spill file was reported:"; cat err; }
	cmp -s long.epub limited.epub || fail "a full spill file makes another book"
	[ "$(wc -c < long.epub)" -gt 20000 ] ||
		fail "long.txt no longer makes a book larger than the limit"
	;;
identifier)
	printf 'One text.\n' > one.txt; printf 'Another text.\n' > two.txt
	convert one.txt -o 1.epub; convert one.txt -o 1b.epub; convert two.txt -o 2.epub
	id() { unzip -p "$1" EPUB/package.opf | sed -n 's/.*<dc:identifier id="uid">\(.*\)<\/dc:identifier>.*/\1/p'; }
	[ "$(id 1.epub)" = "$(id 1b.epub)" ] || fail "same input, another identifier"
	[ "$(id 1.epub)" != "$(id 2.epub)" ] || fail "different input, same identifier"
	convert -M identifier=isbn:123 one.txt -o 3.epub
	[ "$(id 3.epub)" = isbn:123 ] || fail "given identifier not used"
	unzip -p 3.epub EPUB/toc.ncx | grep -q '<meta name="dtb:uid" content="isbn:123"/>' || fail "NCX uid"
	;;
bad_input)
	printf 'precious\n' > old.epub
	printf 'Text.\n' > ok.txt; printf 'not an image\n' > fake.png
	"$docconv" --cover missing.png ok.txt -o old.epub 2>err; rc=$?
	[ $rc -eq 66 ] || fail "unreadable cover: status $rc, want 66"
	grep -qx 'missing.png: error: cannot read cover image: No such file or directory' err || { fail "cover message"; cat err; }
	"$docconv" --cover fake.png ok.txt -o old.epub 2>err; rc=$?
	[ $rc -eq 65 ] || fail "cover not an image: status $rc, want 65"
	grep -qx 'fake.png: error: cover image is not an image (PNG, JPEG, GIF, WebP or SVG)' err || { fail "cover message"; cat err; }
	"$docconv" --css missing.css ok.txt -o old.epub 2>err; rc=$?
	[ $rc -eq 66 ] || fail "unreadable stylesheet: status $rc, want 66"
	grep -qx 'missing.css: error: cannot read stylesheet: No such file or directory' err || { fail "css message"; cat err; }
	"$docconv" ok.txt missing.txt -o old.epub 2>err; rc=$?
	[ $rc -eq 66 ] || fail "missing input of a bundle: status $rc, want 66"
	grep -q '^missing.txt: error: cannot open input' err || { fail "input message"; cat err; }
	[ "$(cat old.epub)" = precious ] || fail "a failed run changed the target"
	[ "$(ls -A | grep -c '^\.old')" -eq 0 ] || fail "a temporary file was left"
	"$docconv" ok.txt -o new.epub --css missing.css 2>/dev/null
	[ ! -e new.epub ] || fail "a failed run left a book"
	# A book is binary: not written to a terminal.
	if command -v script >/dev/null 2>&1; then
		script -qec "'$docconv' ok.txt -t epub" /dev/null > out 2>&1
		[ $? -eq 64 ] || fail "EPUB to a terminal"
	fi
	;;
*)
	echo "unknown case $case_name"; exit 2 ;;
esac
[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
