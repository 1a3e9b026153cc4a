#!/bin/sh
# Check a PDF written by docconv with real tools:
#  - qpdf --check finds no error and no warning;
#  - every stream has a /Filter (nothing is left uncompressed);
#  - pdffonts and pdftotext print nothing on standard error (poppler warns
#    there about broken fonts, CMaps, CID collections), and pdffonts shows
#    every font embedded, subset and with a ToUnicode map (emb/sub/uni yes);
#  - every TrueType font mutool extracts passes pdf_glyphs (no composite
#    glyph refers to a component that was left out of the subset).
# A missing tool is a failure, never a skip: it names the Debian package.
#
# usage: pdf_check.sh PDF [PDF_GLYPHS]
#   PDF_GLYPHS: the pdf_glyphs program built from tests/pdf_glyphs.c
#   (default: $PDF_GLYPHS, else pdf_glyphs on the PATH).
# Exit status: 0 all passed, 1 a check failed, 64 usage error.
set -u

me=pdf_check
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $me.sh PDF [PDF_GLYPHS]" >&2
	exit 64
fi
pdf=$1
glyphs=${2:-${PDF_GLYPHS:-pdf_glyphs}}

fail() {
	echo "$me: FAIL: $pdf: $*"
	exit 1
}

# Every tool, before any check, so one run names all that is missing.
missing=
need() {  # need TOOL PACKAGE
	command -v "$1" >/dev/null 2>&1 ||
		missing="$missing $1 (apt-get install $2);"
}
need qpdf qpdf
need pdffonts poppler-utils
need pdftotext poppler-utils
need mutool mupdf-tools
command -v "$glyphs" >/dev/null 2>&1 ||
	missing="$missing $glyphs (build tests/pdf_glyphs.c, pass its path);"
[ -z "$missing" ] || fail "missing tools:$missing"

[ -f "$pdf" ] || fail "no such file"
case $pdf in
/*) abs=$pdf ;;
*) abs=$PWD/$pdf ;;
esac
case $glyphs in
*/*) glyphs=$(cd "$(dirname "$glyphs")" && pwd)/$(basename "$glyphs") ;;
esac

tmp=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT

# Every check runs, so one run shows every problem; each failure is one
# line "pdf_check: FAIL: PDF: what", after the tool's own output.
failed=0
check_failed() {
	echo "$me: FAIL: $pdf: $*"
	failed=1
}

# TOOL's status and standard error: both must be clean.
quiet_run() {  # quiet_run NAME OUTFILE COMMAND...
	name=$1 out=$2
	shift 2
	"$@" >"$out" 2>"$out.err"
	status=$?
	if [ -s "$out.err" ]; then
		cat "$out.err"
		check_failed "$name wrote to standard error (above)"
	elif [ $status -ne 0 ]; then
		check_failed "$name exited with status $status"
	fi
}

# qpdf: 0 clean, 2 errors, 3 warnings -- only clean passes.
if ! qpdf --check "$abs" >"$tmp/qpdf" 2>&1; then
	cat "$tmp/qpdf"
	check_failed "qpdf --check reports errors or warnings (above)"
fi

# Every stream is compressed: pages and fonts by libdeflate (deflate.c),
# images by libharu.  libharu writes no object streams, so each stream's
# dictionary is in the file as it is.
streams=$(grep -a -o 'endstream' "$abs" | wc -l)
filtered=$(grep -a -o '/Filter \(\[ \)\{0,1\}/[A-Za-z]*Decode' "$abs" | wc -l)
[ "$streams" -gt 0 ] && [ "$filtered" -eq "$streams" ] ||
	check_failed "$filtered of $streams streams are compressed"

quiet_run pdffonts "$tmp/fonts" pdffonts "$abs"
# Columns from the right: emb sub uni objnum gen (names and types may
# contain spaces, so count from the end); the first two lines are titles.
bad=$(awk 'NR > 2 && NF >= 7 &&
	   !($(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes")' \
	  "$tmp/fonts")
if [ -n "$bad" ]; then
	sed -n '1,2p' "$tmp/fonts"
	echo "$bad"
	check_failed "pdffonts: a font is not embedded, subset and" \
		"mapped to Unicode (emb/sub/uni above)"
fi

quiet_run pdftotext "$tmp/text" pdftotext "$abs" -

# mutool writes font-NNNN.ttf (and other kinds) into the current directory;
# it may warn on standard error about things unrelated to fonts.
mkdir "$tmp/fonts.d" || fail "cannot make a temporary directory"
if ! (cd "$tmp/fonts.d" && mutool extract "$abs") >"$tmp/extract" 2>&1; then
	cat "$tmp/extract"
	check_failed "mutool extract failed (above)"
fi
set -- "$tmp/fonts.d"/*.ttf
if [ -e "$1" ] &&
   ! (cd "$tmp/fonts.d" && "$glyphs" ./*.ttf) >"$tmp/glyphs" 2>&1; then
	cat "$tmp/glyphs"
	check_failed "pdf_glyphs: composite glyphs in the embedded fonts" \
		"lack components (above)"
fi

[ $failed -eq 0 ] || exit 1
echo "$me: OK: $pdf"
exit 0
