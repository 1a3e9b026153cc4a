#!/bin/sh
# The bash completion (completions/docconv.bash), sourced in bash, its
# function called as bash would call it, for one CASE; and (case zsh) the
# zsh completion (completions/_docconv), its specs printed by a stand-in
# _arguments.  Option names are
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

# The zsh completion's option specs: its _docconv run with _arguments
# replaced by one that prints them; the option of each spec (those with a
# [description]), long ones with '=' when they take a value.
zsh_specs() {
	zsh -f -c '_arguments() { printf "%s\n" "$@"; }; source "$0"' \
		"$src/completions/_docconv" | grep -F '[' |
		sed -e 's/^([^)]*)//' -e 's/^\*//' |
		grep -o -e '^--\{0,1\}[a-zA-Z][a-zA-Z-]*[=+]\{0,1\}' | sed 's/+$//'
}
# The formats the zsh completion offers: _docconv_formats WANT with
# _describe replaced by one that prints its list.
zsh_formats() {
	zsh -f -c '_describe() { print -l ${(P)4}; }; _arguments() { :; }
		source "$0"; words=("$1"); _docconv_formats "$2"' \
		"$src/completions/_docconv" "$docconv" "$1" | LC_ALL=C sort
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
zsh)
	# completions/_docconv: it parses, its options are --help's, its
	# formats --list-formats'.
	command -v zsh >/dev/null 2>&1 || { fail "zsh is needed (tools/deps.sh)"; exit 1; }
	zsh -n "$src/completions/_docconv" || fail "_docconv does not parse"
	long_options > want
	zsh_specs | grep -e '^--' | LC_ALL=C sort -u > got
	same "zsh long options (against --help)" want got
	short_options > want
	zsh_specs | grep -e '^-[a-zA-Z]$' | LC_ALL=C sort -u > got
	same "zsh short options (against --help)" want got
	writers > want; zsh_formats w > got; same "zsh formats of -t" want got
	readers > want; zsh_formats r > got; same "zsh formats of -f" want got
	;;
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
