#!/bin/sh
# EPUB beside pandoc on plain text: a thin wrapper of the benchmark
# harness, run.sh, which says how it measures.
#
# usage: tests/bench/epub.sh [DOCCONV] [MEGABYTES]  (default build/release/docconv, 10)
exec sh "$(dirname "$0")/run.sh" --kinds txt --writers epub \
	--sizes "${2:-10}" --pandoc-max "${2:-10}" ${1:+"$1"}
