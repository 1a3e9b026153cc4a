#!/bin/sh
# A man page must render with no warning from groff (via man -l).
set -u
page=$1
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
exit 0
