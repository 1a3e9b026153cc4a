#!/bin/sh
# One golden test: convert fixture INPUT to FORMAT and compare with the
# expected file beside it (NAME.EXT); diagnostics must equal NAME.err, or be
# empty.  HTML is written with --fragment.  DocBook output must also be
# valid against the DocBook 5.0 RELAX NG schema (jing).  With DOCCONV_UPDATE_GOLDEN=1 the expected files are
# rewritten from the actual output instead (review the diff!).
#
# usage: golden.sh DOCCONV INPUT FORMAT EXT
set -u
docconv=$1 input=$2 format=$3 ext=$4
dir=$(dirname "$input")
file=$(basename "$input")
name=${file%.*}
expected=$dir/$name.$ext
expected_err=$dir/$name.err
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# HTML goldens hold the body's content only (--fragment): the page
# around it, the same for every fixture, is tested by html.sh.
extra=
[ "$format" = html ] && extra=--fragment
# Run from the fixture's directory so diagnostics name it as NAME.txt.
(cd "$dir" && "$docconv" -t "$format" $extra "$file" -o "$tmp/out") 2>"$tmp/err"
status=$?
if [ $status -ne 0 ]; then
	echo "docconv failed with status $status:"; cat "$tmp/err"; exit 1
fi

if [ "${DOCCONV_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$tmp/out" "$expected"
	if [ -s "$tmp/err" ]; then cp "$tmp/err" "$expected_err"
	else rm -f "$expected_err"; fi
	echo "updated $expected"
	exit 0
fi

fail=0
if ! diff -u "$expected" "$tmp/out"; then
	echo "FAIL: output differs from $expected"; fail=1
fi
if [ -f "$expected_err" ]; then
	diff -u "$expected_err" "$tmp/err" || {
		echo "FAIL: diagnostics differ from $expected_err"; fail=1; }
elif [ -s "$tmp/err" ]; then
	echo "FAIL: unexpected diagnostics:"; cat "$tmp/err"; fail=1
fi
if [ "$format" = docbook ]; then
	if ! command -v jing >/dev/null 2>&1 || [ ! -f "$schema" ]; then
		echo "FAIL: jing and docbook5-xml are needed (apt-get install jing docbook5-xml)"
		exit 1
	fi
	jing "$schema" "$tmp/out" || { echo "FAIL: jing rejects the output"; fail=1; }
fi
exit $fail
