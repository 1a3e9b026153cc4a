#!/bin/sh
# Markdown to DocBook beside pandoc -f gfm: a thin wrapper of the
# benchmark harness, run.sh, which says how it measures.
#
# usage: tests/bench/markdown.sh [DOCCONV] [MEGABYTES]  (default build/release/docconv, 10)
exec sh "$(dirname "$0")/run.sh" --kinds md --writers docbook \
	--sizes "${2:-10}" --pandoc-max "${2:-10}" ${1:+"$1"}
