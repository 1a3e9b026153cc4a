#!/bin/sh
# A benchmark, not a test: a 10 MB plain-text input (the reference
# document repeated) made into an EPUB by docconv and by pandoc
# (`pandoc -f markdown in.txt -o out.epub`) in the same run: wall time
# (best of three for docconv, one run for pandoc, which takes long) and
# peak memory, and the ratios.  The goal: at least 100 times faster, at
# most a tenth of pandoc's memory.
#
# usage: tests/bench/epub.sh [DOCCONV] [MEGABYTES]  (default build/release/docconv, 10)
set -eu
cd "$(dirname "$0")/../.."
docconv=${1:-build/release/docconv}
megabytes=${2:-10}
reference=fixtures/text/000_7b4caa0f675dee39.txt
[ -x "$docconv" ] || { echo "no $docconv: build it first"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/in.txt"
while [ "$(wc -c < "$tmp/in.txt")" -lt $((megabytes * 1000000)) ]; do
	cat "$reference" "$reference" "$reference" "$reference" >> "$tmp/in.txt"
done

# run N CMD...: "SECONDS PEAK-KB", the best wall time of N runs.
run() {
	n=$1; shift
	best=
	for i in $(seq "$n"); do
		/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>&1 ||
			{ echo "failed: $*" >&2; exit 1; }
		t=$(cut -d' ' -f1 "$tmp/time"); m=$(cut -d' ' -f2 "$tmp/time")
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; mem=$m; fi
	done
	echo "$best $mem"
}

set -- $(run 3 "$docconv" "$tmp/in.txt" -o "$tmp/d.epub")
d_time=$1 d_mem=$2
echo "docconv: $d_time s, $((d_mem / 1024)) MB peak, $(wc -c < "$tmp/d.epub") bytes"
command -v pandoc >/dev/null 2>&1 || { echo "no pandoc: no comparison"; exit 0; }
set -- $(run 1 pandoc -f markdown "$tmp/in.txt" -o "$tmp/p.epub")
p_time=$1 p_mem=$2
echo "pandoc:  $p_time s, $((p_mem / 1024)) MB peak, $(wc -c < "$tmp/p.epub") bytes"
awk -v dt="$d_time" -v dm="$d_mem" -v pt="$p_time" -v pm="$p_mem" 'BEGIN {
	printf "docconv is %.0f times faster, with %.1f%% of pandoc'"'"'s memory\n",
	       pt / (dt > 0 ? dt : 0.01), 100 * dm / pm }'
