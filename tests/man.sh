#!/bin/sh
# A man page must render with no warning from groff (via man -l); given
# the program too, the page must describe every format of its table.
#
# usage: man.sh PAGE [DOCCONV]
set -u
page=$1
docconv=${2:-}
if ! command -v man >/dev/null 2>&1; then
	echo "FAIL: man is needed (apt-get install man-db groff-base)"; exit 1
fi
out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=all -l "$page" 2>&1 >/dev/null)
if [ -n "$out" ]; then
	echo "FAIL: $page renders with warnings:"; echo "$out"; exit 1
fi
# It must say something: a NAME section at least.
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q NAME || {
	echo "FAIL: $page renders empty"; exit 1; }
if [ -n "$docconv" ]; then
	formats=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null |
		  sed -n '/^FORMATS/,/^[A-Z]/p')
	for f in $("$docconv" --list-formats | awk 'NR > 1 { print $1 }'); do
		printf '%s\n' "$formats" | grep -Eq "^ {7}$f( |\$)" || {
			echo "FAIL: FORMATS in $page lacks $f"; exit 1; }
	done
fi
exit 0
