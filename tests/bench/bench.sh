#!/bin/sh
# PDF speed and memory on 1 MB and 10 MB of plain text, and DocBook beside
# pandoc on 1 MB: a thin wrapper of the benchmark harness, run.sh, which
# says how it measures.
#
# usage: tests/bench/bench.sh [DOCCONV]   (default build/release/docconv)
exec sh "$(dirname "$0")/run.sh" --kinds txt --writers "pdf docbook" \
	--sizes "1 10" --pandoc-max 1 "$@"
