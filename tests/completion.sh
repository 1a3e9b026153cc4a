#!/bin/sh
# The bash completion (completions/docconv.bash), sourced in bash, its
# function called as bash would call it, for one CASE.  Option names are
# compared with what docconv --help lists, and formats with what
# docconv --list-formats lists, so the two cannot drift apart.
#
# usage: completion.sh CASE DOCCONV SOURCE_DIR
set -u
case_name=$1 docconv=$2 src=$3
script=$src/completions/docconv.bash

command -v bash >/dev/null 2>&1 || { echo "FAIL: bash is needed"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# comp WORD...: the words of a command line, the last the one being
# completed; prints the completions, one a line, sorted.
comp() {
	bash -c '
		. "$0" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_docconv docconv "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
		printf "%s\n" "${COMPREPLY[@]}"
	' "$script" "$docconv" "$@" | sed '/^$/d' | LC_ALL=C sort
}

# What docconv says, sorted.
writers() { "$docconv" --list-formats | awk 'NR > 1 && $2 ~ /w/ { print $1 }' | LC_ALL=C sort; }
readers() { "$docconv" --list-formats | awk 'NR > 1 && $2 ~ /r/ { print $1 }' | LC_ALL=C sort; }
# --help's long options, with '=' when they take a value.
long_options() {
	"$docconv" --help | grep -o -e '--[a-z][a-z-]*=\{0,1\}' | LC_ALL=C sort -u
}
short_options() {
	"$docconv" --help | sed -n 's/^  \(-[a-zA-Z]\),.*/\1/p' | LC_ALL=C sort -u
}

# same WHAT EXPECTED-FILE ACTUAL-FILE
same() { diff -u "$2" "$3" > diff.out || { fail "$1"; cat diff.out; }; }

case $case_name in
to)
	writers > want
	for pdf in pdf epub html docbook ast; do
		grep -qx "$pdf" want || fail "--list-formats has no writer $pdf"
	done
	comp --to= > got; same "docconv --to=" want got
	comp --to = '' > got; same "docconv --to = ''" want got
	comp -t '' > got; same "docconv -t ''" want got
	comp -t e > got; [ "$(cat got)" = epub ] || fail "docconv -t e gave '$(cat got)'"
	;;
from)
	readers > want
	comp --from= > got; same "docconv --from=" want got
	comp -f '' > got; same "docconv -f ''" want got
	;;
options)
	long_options > want
	[ "$(wc -l < want)" -ge 20 ] || fail "--help lists only $(wc -l < want) long options"
	comp -- > got; same "docconv -- (against --help)" want got
	comp --pa > got; [ "$(cat got)" = --paper= ] || fail "docconv --pa gave '$(cat got)'"
	short_options > want
	[ "$(wc -l < want)" -ge 5 ] || fail "--help lists only $(wc -l < want) short options"
	comp - > got; same "docconv - (against --help)" want got
	;;
values)
	comp --paper= > got
	printf '%s\n' a4 a5 legal letter > want; same "docconv --paper=" want got
	comp --toc-depth = 3 > got; [ "$(cat got)" = 3 ] || fail "--toc-depth = 3 gave '$(cat got)'"
	comp --toc-depth=3 > got; [ "$(cat got)" = 3 ] || fail "--toc-depth=3 gave '$(cat got)'"
	comp -M ti > got; [ "$(cat got)" = title= ] || fail "-M ti gave '$(cat got)'"
	comp --title '' > got; [ ! -s got ] || fail "--title offered '$(cat got)'"
	;;
files)
	mkdir -p sub/dir; : > notes.txt; : > nope.md; : > style.css; : > sub/in.md
	comp not > got; [ "$(cat got)" = notes.txt ] || fail "an input: '$(cat got)'"
	comp -o su > got; [ "$(cat got)" = sub ] || fail "-o su gave '$(cat got)'"
	comp --css = st > got; [ "$(cat got)" = style.css ] || fail "--css = st gave '$(cat got)'"
	comp --css=st > got; [ "$(cat got)" = style.css ] || fail "--css=st gave '$(cat got)'"
	comp --cover sub/ > got; [ "$(cat got)" = "$(printf 'sub/dir\nsub/in.md')" ] || fail "--cover sub/ gave '$(cat got)'"
	;;
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
