#!/bin/sh
# A benchmark, not a test: Markdown to DocBook, docconv beside pandoc
# (`pandoc -f gfm -t docbook5 -s`) on the same generated input in the
# same run: wall time (median of five for docconv; one run for pandoc,
# which takes long), peak memory and the ratio.  The goal: at least 100
# times faster on 10 MB.
#
# usage: tests/bench/markdown.sh [DOCCONV] [MEGABYTES]
#        (default build/release/docconv, 10)
set -eu
cd "$(dirname "$0")/../.."
docconv=${1:-build/release/docconv}
megabytes=${2:-10}
[ -x "$docconv" ] || { echo "no $docconv: build it first"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 1; }
command -v pandoc >/dev/null || { echo "needs pandoc (apt-get install pandoc)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v size=$((megabytes * 1000000)) -f tests/bench/markdown.awk \
	fixtures/text/000_7b4caa0f675dee39.txt > "$tmp/in.md"

# run CMD...: "SECONDS PEAK-KB" of one run: the wall time to the
# millisecond (GNU time's %e has hundredths, a tenth of docconv's run).
run() {
	start=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tmp/time" "$@" >/dev/null 2>&1 ||
		{ echo "failed: $*" >&2; exit 1; }
	end=$(date +%s%N)
	echo "$(( (end - start) / 1000000 ))e-3 $(cat "$tmp/time")"
}
for i in 1 2 3 4 5; do
	run "$docconv" -f markdown -t docbook "$tmp/in.md" -o "$tmp/d.xml"
done | sort -n | sed -n 3p > "$tmp/docconv"
run pandoc -f gfm -t docbook5 -s "$tmp/in.md" -o "$tmp/p.xml" > "$tmp/pandoc"
read d dm < "$tmp/docconv"
read p pm < "$tmp/pandoc"
awk -v mb="$megabytes" -v d="$d" -v dm="$dm" -v p="$p" -v pm="$pm" 'BEGIN {
	printf "%d MB Markdown to DocBook\n", mb
	printf "  docconv %7.3f s %7.1f MB/s  peak %6.1f MB\n", d, mb / d, dm / 1024
	printf "  pandoc  %7.3f s %7.1f MB/s  peak %6.1f MB\n", p, mb / p, pm / 1024
	printf "  docconv is %.0f times faster (goal: 100)\n", p / (d > 0.005 ? d : 0.005)
}'
