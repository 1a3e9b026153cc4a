#!/bin/sh
# Benchmarks, not tests: figures measured in one run, to read, not to
# assert (machines here are shared and noisy).
#
#  - PDF typesetting speed (pages per second) and peak memory on 1 MB and
#    10 MB of plain text made from the reference document, and how time
#    grows from 1 MB to 10 MB;
#  - DocBook output beside pandoc's on the same input, as a ratio, when
#    pandoc is installed.
#
# usage: tests/bench/bench.sh [DOCCONV]   (default build/release/docconv)
set -eu
cd "$(dirname "$0")/../.."
docconv=${1:-build/release/docconv}
reference=fixtures/text/000_7b4caa0f675dee39.txt
[ -x "$docconv" ] || { echo "no $docconv: build it first (sh tools/demo.sh)"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# SIZE bytes of whole paragraphs of the reference.
make_input() {
	: > "$2"
	while [ "$(wc -c < "$2" 2>/dev/null || echo 0)" -lt "$1" ]; do
		cat "$reference" >> "$2"
	done
}
make_input 1000000 "$tmp/1mb.txt"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/1mb.txt"; done > "$tmp/10mb.txt"

# run LABEL CMD...: the best wall time of three runs, and the peak memory.
run() {
	label=$1; shift
	best=
	for i in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>&1 ||
			{ echo "$label failed: $*" >&2; exit 1; }
		t=$(cut -d' ' -f1 "$tmp/time"); m=$(cut -d' ' -f2 "$tmp/time")
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; mem=$m; fi
	done
	echo "$label $best $mem"
}

echo "input   seconds  peak-MB  pages  pages/s  memory-bound-MB"
for size in 1mb 10mb; do
	set -- $(run $size "$docconv" "$tmp/$size.txt" -o "$tmp/$size.pdf")
	pages=$(pdfinfo "$tmp/$size.pdf" | awk '/^Pages:/ { print $2 }')
	bytes=$(wc -c < "$tmp/$size.txt")
	awk -v l="$1" -v s="$2" -v m="$3" -v p="$pages" -v b="$bytes" 'BEGIN {
		printf "%-7s %7.2f %8.1f %6d %8.0f %8.1f\n", l, s, m / 1024, p,
		       p / s, (4 * b) / 1e6 + 30 }'
	eval "secs_$size=$2"
done
awk -v a="$secs_1mb" -v b="$secs_10mb" 'BEGIN {
	printf "10 MB takes %.1f times as long as 1 MB (linear: 10)\n", b / a }'

if command -v pandoc >/dev/null 2>&1; then
	set -- $(run docconv "$docconv" "$tmp/1mb.txt" -t docbook -o "$tmp/d.xml")
	d=$2
	# pandoc has no plain-text reader: Markdown is the nearest.
	set -- $(run pandoc pandoc -f markdown -t docbook5 -s "$tmp/1mb.txt" -o "$tmp/p.xml")
	awk -v d="$d" -v p="$2" 'BEGIN {
		printf "1 MB to DocBook: docconv %.2f s, pandoc %.2f s: %.0f times faster\n",
		       d, p, p / (d > 0.005 ? d : 0.005) }'
else
	echo "pandoc is not installed: no ratio (apt-get install pandoc)"
fi
