#!/bin/sh
# Reproducible output, for one writer (the CASE): with SOURCE_DATE_EPOCH
# set, the same inputs converted twice must give the same bytes, once from
# folder A with relative paths, as the user running the test, in the C
# locale and UTC, and once from folder B (a copy of the inputs, deeper and
# named otherwise) with absolute paths, as the user nobody, in another
# locale and time zone.  No output may hold a folder's name, the user's or
# the host's name, or today's date.
#
# usage: repro.sh CASE DOCCONV SOURCE_DIR
set -u
case_name=$1 docconv=$2 src=$3
epoch=1000000000	# 2001-09-09T01:46:40Z

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

case $case_name in
pdf | epub | html | docbook | ast) ;;
*) echo "unknown case $case_name"; exit 2 ;;
esac
command -v qpdf >/dev/null 2>&1 || { echo "FAIL: qpdf is needed"; exit 1; }
command -v unzip >/dev/null 2>&1 || { echo "FAIL: unzip is needed"; exit 1; }

# Another locale than C, if one is installed.
other_locale=C
for l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8 de_DE.UTF-8 de_DE.utf8; do
	locale -a 2>/dev/null | grep -qx "$l" && { other_locale=$l; break; }
done
[ "$other_locale" != C ] || echo "note: no locale but C installed; both runs use C"

# Another user for the second run: only root can become one.
as_other=
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_other="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	elif command -v runuser >/dev/null 2>&1; then
		as_other="runuser -u nobody --"
	else
		echo "FAIL: running as root, but neither setpriv nor runuser is there"
		exit 1
	fi
else
	echo "note: not root, so both runs are by $(id -un): the user part is skipped"
fi

# The inputs, under the names the fixtures have relative to each other
# (the Markdown and DocBook figures point at ../images/red.png, and so
# does the cover of the DocBook metadata: a DocBook or ast output names
# it, an EPUB embeds it).
a=$tmp/reproalpha
b=$tmp/reprozeta/deeper/nested
for dir in "$a" "$b"; do
	mkdir -p "$dir/in/text" "$dir/in/markdown" "$dir/in/docbook" "$dir/in/images" "$dir/out"
	cp "$src/fixtures/text/000_7b4caa0f675dee39.txt" "$dir/in/text/reference.txt"
	cp "$src/fixtures/markdown/figures.md" "$dir/in/markdown/"
	cp "$src/fixtures/docbook/figures.xml" "$src/fixtures/docbook/info.xml" "$dir/in/docbook/"
	cp "$src/fixtures/images/red.png" "$dir/in/images/"
done
chmod -R a+rX "$tmp"
chmod a+w "$b/out"
inputs="in/text/reference.txt in/markdown/figures.md in/docbook/figures.xml in/docbook/info.xml"

# The jobs: the three inputs as one document, and (for the text formats)
# each input alone.  One job a line: OUTPUT-NAME INPUT...
jobs() {
	echo "bundle.$case_name $inputs"
	case $case_name in
	pdf | epub) ;;
	*) for i in $inputs; do echo "$(basename "$i").$case_name $i"; done ;;
	esac
}

# run DIR PREFIX ENV-AND-COMMAND...: every job, with inputs and output
# named PREFIX/in/... and PREFIX/out/..., from DIR.
run() {
	dir=$1 prefix=$2; shift 2
	jobs | while read -r out ins; do
		args=
		for i in $ins; do args="$args $prefix$i"; done
		# shellcheck disable=SC2086
		(cd "$dir" && "$@" "$docconv" -q -t "$case_name" $args -o "${prefix}out/$out") ||
			echo "FAIL: docconv -t $case_name$args exited $?"
	done
}

run "$a" "" env SOURCE_DATE_EPOCH=$epoch LC_ALL=C TZ=UTC > a.log 2>&1
# shellcheck disable=SC2086
run "$b" "$b/" env SOURCE_DATE_EPOCH=$epoch LC_ALL=$other_locale TZ=Asia/Tokyo $as_other > b.log 2>&1
cat a.log b.log
grep -q FAIL a.log b.log && failures=$((failures + 1))

# The text of an output, with what is compressed uncompressed.
text() {
	case $case_name in
	pdf) qpdf --qdf --object-streams=disable "$1" - 2>/dev/null ;;
	epub) for entry in $(unzip -Z1 "$1"); do unzip -p "$1" "$entry"; done ;;
	*) cat "$1" ;;
	esac
}

year=$(date -u +%Y) today=$(date -u +%Y-%m-%d) today_pdf=$(date -u +%Y%m%d)
host=$(hostname)
for out in $(jobs | cut -d ' ' -f 1); do
	[ -s "$a/out/$out" ] && [ -s "$b/out/$out" ] || { fail "$out: not written"; continue; }
	cmp "$a/out/$out" "$b/out/$out" || fail "$out: the two runs differ"
	text "$a/out/$out" > a.txt
	text "$b/out/$out" > b.txt
	[ -s a.txt ] || fail "$out: nothing to search"
	for leak in "$tmp" reproalpha reprozeta deeper nested "$src" \
		"$today" "D:$today_pdf" "$year-"; do
		grep -a -q -F -e "$leak" a.txt b.txt && fail "$out holds '$leak'"
	done
	# User names as words: "root" is no leak in "rootfile".
	for leak in "$(id -un)" nobody; do
		grep -a -q -w -F -e "$leak" a.txt b.txt && fail "$out holds the user name '$leak'"
	done
	# A short host name (like 'vm') is found by chance in font data: only
	# as a word, and only when it is not part of the inputs.
	if [ ${#host} -ge 4 ]; then
		grep -a -q -F -e "$host" a.txt b.txt && fail "$out holds the host name '$host'"
	elif ! cat "$a"/in/*/* | grep -a -q -w -F -e "$host"; then
		grep -a -w -F -e "$host" a.txt b.txt | grep -a -v -e '^stream' |
			grep -a -q -w -F -e "$host" && echo "note: '$host' (the host name) appears as a word in $out; check by hand"
	fi
done

# SOURCE_DATE_EPOCH reached the dated formats: 2001, not today.
case $case_name in
pdf)
	text "$a/out/bundle.pdf" | grep -a -q '/CreationDate (D:20010909014640' ||
		fail "the PDF's creation date is not SOURCE_DATE_EPOCH"
	;;
epub)
	unzip -p "$a/out/bundle.epub" EPUB/package.opf |
		grep -q '<meta property="dcterms:modified">2001-09-09T01:46:40Z</meta>' ||
		fail "dcterms:modified is not SOURCE_DATE_EPOCH"
	n=$(TZ=UTC unzip -Z "$a/out/bundle.epub" | grep -c ' defN\| defX\| stor ')
	m=$(TZ=UTC unzip -Z "$a/out/bundle.epub" | grep ' defN\| defX\| stor ' | grep -c ' 01-Sep-09 01:46 ')
	[ "$n" -gt 0 ] && [ "$n" = "$m" ] ||
		fail "$((n - m)) of $n zip entry times are not SOURCE_DATE_EPOCH"
	# The cover, named relative to info.xml, was found from both folders.
	for dir in "$a" "$b"; do
		unzip -p "$dir/out/bundle.epub" EPUB/images/cover-image.png |
			cmp -s - "$src/fixtures/images/red.png" ||
			fail "$dir: the cover is not in the book"
	done
	;;
docbook)
	# Paths as the input wrote them, whatever folder it was read from.
	sed -n '/<cover>/,/<\/cover>/p' "$a/out/info.xml.docbook" |
		grep -q 'fileref="\.\./images/red\.png"' ||
		fail "the cover is not named as info.xml names it"
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
