#!/bin/sh
# Install what is missing, build docconv, and convert the bundled sample
# into every output format docconv can write, in out/.
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)"

docconv=build/release/docconv
sample=fixtures/text/000_7b4caa0f675dee39.txt
mkdir -p out
# Every writable format, with its first extension, from the format table.
"$docconv" --list-formats | awk 'NR > 1 && $2 ~ /w/ { print $1, $3 }' |
while read -r format ext; do
	ext=${ext#.}
	ext=${ext%,}
	"$docconv" "$sample" -t "$format" -o "out/sample.$ext"
	echo "out/sample.$ext ($format)"
done
