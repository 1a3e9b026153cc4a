#!/bin/sh
# The benchmark harness (issue 9).  A benchmark, not a test: it prints
# figures measured in one run beside their targets; it fails only when
# something it runs fails (or, with --check, when a target is missed).
#
# usage: tests/bench/run.sh [OPTION]... [DOCCONV]   (default build/release/docconv)
#   --sizes "1 10 100"  input sizes in MB (10^6 bytes)
#   --runs N            timed docconv runs per figure, the median reported (5)
#   --kinds "txt md"    input kinds: plain text, Markdown
#   --writers "docbook html epub pdf"
#   --no-pandoc         no pandoc comparison
#   --pandoc-max MB     run pandoc only on inputs up to MB (10: at 100 MB it
#                       takes hours and many GB)
#   --pandoc-runs N     pandoc runs per figure (default: --runs below 10 MB,
#                       1 from 10 MB: it takes minutes there)
#   --callgrind         also count instructions per writer on the 1 MB
#                       input (valgrind --tool=callgrind), top 10 functions
#   --work DIR          keep inputs and outputs in DIR, reuse inputs found
#                       there (default: a temporary directory, removed)
#   --check             exit 1 when a target is missed
#
# What it does, for each kind, size and writer, on the same input in the
# same run:
#  - inputs from gen.awk (fixed seed: the same bytes on every machine and
#    awk; their cksum is printed), made once per run: prose-like plain
#    text (docconv(5)) and GitHub Markdown, words from the reference text;
#  - docconv: one untimed run under GNU time for the peak RSS (%M), which
#    also warms the page cache, then --runs timed runs, wall time to the
#    microsecond (bash's EPOCHREALTIME read just before the process is
#    started and just after it is reaped; GNU time's own %e has
#    hundredths, and `date +%s%N` around the process counts two date
#    processes too: /bin/true measured 2.6 ms that way, 1.1 ms this way);
#    the median; MB/s; pages/s for PDF (pages from pdfinfo).
#    Every run writes a new file: the output of the run before is removed
#    first, outside the time, because replacing a file frees its blocks,
#    10 ms and more for a 15 MB file on ext4, which is the file system's
#    time, not the converter's;
#  - pandoc (not for PDF: pandoc makes PDF through LaTeX, another
#    program): Markdown read with `-f gfm`, the flavour docconv reads.
#    Plain text is no pandoc input format: pandoc reads it as
#    `-f commonmark`, the fairest reader, since gen.awk writes text whose
#    structure CommonMark reads the same (setext headings, the same list
#    indentation, indented code, thematic breaks; only bare URLs stay text
#    and the metadata header a paragraph); `-f markdown` would add pandoc's
#    slower extensions.  Writers: `-t docbook5 -s`, `-t html5 -s`,
#    `-t epub3`.  New files the same way; each run under GNU time, for
#    its peak RSS and, with `date +%s%N` around it, its wall time (a few
#    milliseconds in seconds); the ratio is pandoc's time over docconv's;
#  - targets (issue 9): DocBook and HTML at least 100 MB/s and 200 times
#    faster than pandoc; EPUB at least 30 MB/s; PDF at least 1,000
#    pages/s; peak RSS under 3 x input + 30 MB for every writer; time
#    linear from the smallest size to the largest, taken as: time per MB
#    at the largest size at most 1.25 times that at the smallest.
#
# Output: one Markdown table on standard output (progress on standard
# error), notes below it, a linearity table when there are two sizes or
# more, and with --callgrind the instruction counts and top functions.
#
# Needs: POSIX sh and awk, bash, GNU date and time (apt: time), pdfinfo
# (poppler-utils) for PDF; optionally pandoc and valgrind.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
reference=$root/fixtures/text/000_7b4caa0f675dee39.txt

sizes="1 10 100" runs=5 kinds="txt md" writers="docbook html epub pdf"
pandoc=pandoc pandoc_max=10 pandoc_runs='' callgrind=0 work='' check=0
usage() { sed -n '/^# usage:/,/^#   --check/s/^# \{0,1\}//p' "$0" >&2; exit 64; }
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift ;;
	--runs) runs=$2; shift ;;
	--kinds) kinds=$2; shift ;;
	--writers) writers=$2; shift ;;
	--no-pandoc) pandoc= ;;
	--pandoc-max) pandoc_max=$2; shift ;;
	--pandoc-runs) pandoc_runs=$2; shift ;;
	--callgrind) callgrind=1 ;;
	--work) work=$2; shift ;;
	--check) check=1 ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
	shift
done
[ $# -le 1 ] || usage
docconv=${1:-$root/build/release/docconv}
case $docconv in /*) ;; *) docconv=$(pwd)/$docconv ;; esac
for n in $sizes $runs $pandoc_max $pandoc_runs; do
	case $n in ''|*[!0-9]*|0) echo "run.sh: not a positive whole number: $n" >&2; exit 64 ;; esac
done
for k in $kinds; do
	case $k in txt|md) ;; *) echo "run.sh: no input kind $k (txt, md)" >&2; exit 64 ;; esac
done
for w in $writers; do
	case $w in docbook|html|epub|pdf) ;; *) echo "run.sh: no writer $w" >&2; exit 64 ;; esac
done

die() { echo "run.sh: $*" >&2; exit 1; }
[ -x "$docconv" ] || die "no $docconv: build it first (cmake -DCMAKE_BUILD_TYPE=Release)"
/usr/bin/time -f %M -o /dev/null true 2>/dev/null || die "needs GNU time (apt-get install time)"
case $(date +%N) in *[!0-9]*|'') die "needs GNU date (date +%N)" ;; esac
command -v bash >/dev/null || die "needs bash (for its EPOCHREALTIME)"
case " $writers " in *" pdf "*)
	command -v pdfinfo >/dev/null || die "needs pdfinfo (apt-get install poppler-utils)" ;;
esac
pandoc_note=
if [ -n "$pandoc" ] && ! command -v pandoc >/dev/null 2>&1; then
	pandoc='' pandoc_note="pandoc is not installed (apt-get install pandoc): no comparison"
fi
[ -n "$pandoc" ] || [ -n "$pandoc_note" ] || pandoc_note="no pandoc comparison (--no-pandoc)"
if [ "$callgrind" = 1 ]; then
	{ command -v valgrind && command -v callgrind_annotate; } >/dev/null ||
		die "--callgrind needs valgrind (apt-get install valgrind)"
fi

if [ -n "$work" ]; then
	mkdir -p "$work"; work=$(cd "$work" && pwd)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/docconv-bench.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi
results=$work/results
: > "$results"

# input KIND MB: the path of the generated input, made if not there.
input() {
	f=$work/in-$2mb.$1
	if [ ! -s "$f" ]; then
		echo "making $2 MB of $1..." >&2
		LC_ALL=C awk -v kind="$1" -v size=$(($2 * 1000000)) -f "$here/gen.awk" \
			"$reference" > "$f.tmp"
		mv "$f.tmp" "$f"
	fi
	echo "$f"
}

# timed CMD...: its wall time in microseconds; its output and errors go
# to $work/stdout and $work/stderr; fails as it fails.
timed() {
	# shellcheck disable=SC2016
	bash -c 'out=$1 err=$2; shift 2
		t0=$EPOCHREALTIME
		"$@" > "$out" 2> "$err" || exit
		t1=$EPOCHREALTIME
		echo $((${t1//[!0-9]/} - ${t0//[!0-9]/}))' \
		timed "$work/stdout" "$work/stderr" "$@"
}
# peak CMD...: its peak resident set in KiB (GNU time %M).
peak() {
	/usr/bin/time -f %M -o "$work/rss" "$@" > "$work/stdout" 2> "$work/stderr" || return
	tail -n 1 "$work/rss"
}
median() { sort -n | awk '{ v[NR] = $1 } END {
	if (NR) print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

ext() { case $1 in docbook) echo xml ;; html) echo html ;; epub) echo epub ;; pdf) echo pdf ;; esac; }
pandoc_to() { case $1 in docbook) echo "-t docbook5 -s" ;; html) echo "-t html5 -s" ;; epub) echo "-t epub3" ;; esac; }

inputs_note=
for size in $sizes; do
	for kind in $kinds; do
		in=$(input "$kind" "$size")
		bytes=$(wc -c < "$in" | tr -d ' ')
		inputs_note="$inputs_note $kind:$size:$bytes:$(cksum < "$in" | cut -d' ' -f1)"
		case $kind in txt) from=text pfrom=commonmark ;; md) from=markdown pfrom=gfm ;; esac
		for writer in $writers; do
			out=$work/out-$size.$kind.$(ext "$writer")
			echo "$kind $size MB -> $writer: docconv..." >&2
			set -- "$docconv" -f "$from" -t "$writer" "$in" -o "$out"
			rss=$(peak "$@") || die "failed (status $?): $*: $(head -n 3 "$work/stderr")"
			if [ -s "$work/stderr" ]; then
				echo "  warnings from docconv (the input should have none):" >&2
				head -n 3 "$work/stderr" >&2
			fi
			pages=0
			[ "$writer" != pdf ] || pages=$(pdfinfo "$out" | awk '/^Pages:/ { print $2 }')
			i=0
			while [ $i -lt "$runs" ]; do
				rm -f "$out"
				timed "$@" || die "failed (status $?): $*"
				i=$((i + 1))
			done > "$work/times"
			us=$(median < "$work/times")
			rm -f "$out"
			# pandoc: "-" with a reason in place of figures when it is not run.
			p_us=- p_rss=- p_runs=0 p_why=-
			if [ "$writer" = pdf ]; then
				p_why=pdf
			elif [ -z "$pandoc" ]; then
				p_why=off
			elif [ "$size" -gt "$pandoc_max" ]; then
				p_why=max
			else
				p_runs=${pandoc_runs:-$([ "$size" -lt 10 ] && echo "$runs" || echo 1)}
				echo "$kind $size MB -> $writer: pandoc ($p_runs run(s))..." >&2
				pout=$work/pandoc-$size.$kind.$(ext "$writer")
				# shellcheck disable=SC2046
				set -- pandoc -f "$pfrom" $(pandoc_to "$writer") "$in" -o "$pout"
				: > "$work/ptimes"; p_rss=0; i=0
				while [ $i -lt "$p_runs" ]; do
					rm -f "$pout"
					t0=$(date +%s%N)
					if r=$(peak "$@"); then
						t1=$(date +%s%N)
						echo $(((t1 - t0) / 1000)) >> "$work/ptimes"
						[ "$r" -le "$p_rss" ] || p_rss=$r
					else
						p_why="failed-$?"; break
					fi
					i=$((i + 1))
				done
				if [ "$p_why" = - ]; then
					p_us=$(median < "$work/ptimes")
				else
					p_rss=- p_runs=0
					echo "  pandoc failed: $(tail -n 1 "$work/stderr")" >&2
				fi
				rm -f "$pout"
			fi
			echo "$kind $size $bytes $writer $us $rss $pages $p_us $p_rss $p_runs $p_why" >> "$results"
		done
	done
done

# Instruction counts on the 1 MB input, per kind and writer.
if [ "$callgrind" = 1 ]; then
	for kind in $kinds; do
		in=$(input "$kind" 1)
		case $kind in txt) from=text ;; md) from=markdown ;; esac
		for writer in $writers; do
			echo "$kind 1 MB -> $writer: callgrind..." >&2
			cg=$work/callgrind.$kind.$writer
			valgrind --tool=callgrind --callgrind-out-file="$cg" \
				"$docconv" -f "$from" -t "$writer" "$in" -o "$work/cg.out" \
				> /dev/null 2> "$work/stderr" || die "callgrind failed: $(tail -n 3 "$work/stderr")"
			callgrind_annotate "$cg" > "$cg.txt"
		done
	done
fi

# The report.
{
	echo "machine $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "$("$docconv" --version 2>/dev/null | head -n 1) ($docconv)," \
		"source $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')," \
		"build type $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$docconv")/CMakeCache.txt" 2>/dev/null | grep . || echo '?')"
	[ -z "$pandoc" ] || pandoc --version | head -n 1
} > "$work/about"
status=0
awk -v runs="$runs" -v pandoc_runs="$pandoc_runs" -v pandoc_max="$pandoc_max" \
    -v pandoc_note="$pandoc_note" -v inputs="$inputs_note" -v about="$work/about" \
    -v callgrind="$callgrind" -v cgdir="$work" -v kinds="$kinds" -v writers="$writers" \
    -v status_file="$work/status" '
function yn(ok) { if (!ok) missed++; return ok ? "met" : "**missed**" }
function mb(kib) { return kib * 1024 / 1e6 }
function fmt_s(us) { return sprintf("%.3f", us / 1e6) }
function commas(n,   s) {
	s = sprintf("%.0f", n)
	while (s ~ /[0-9][0-9][0-9][0-9]/)
		sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s)
	return s
}
{
	kind = $1; size = $2; bytes = $3; w = $4; us = $5; rss = $6; pages = $7
	p_us = $8; p_rss = $9; p_runs = $10; why = $11
	if (!(size in seen)) { seen[size] = 1; order[++nsizes] = size }
	secs = us / 1e6; if (secs <= 0) secs = 1e-6
	rate = bytes / 1e6 / secs
	key = kind " " w
	msper[key, size] = secs * 1000 / (bytes / 1e6)
	if (w == "pdf") {
		speed = sprintf("%.0f pages/s (%d pages, %.1f MB/s)", pages / secs, pages, rate)
		target = "≥ 1000 pages/s: " yn(pages / secs >= 1000)
	} else if (w == "epub") {
		speed = sprintf("%.1f MB/s", rate)
		target = "≥ 30 MB/s: " yn(rate >= 30)
	} else {
		speed = sprintf("%.1f MB/s", rate)
		target = "≥ 100 MB/s: " yn(rate >= 100)
	}
	bound = 3 * bytes / 1e6 + 30
	mem = sprintf("%.1f", mb(rss))
	memok = sprintf("%.1f: %s", bound, yn(mb(rss) < bound))
	if (why == "-") {
		pt = fmt_s(p_us) " (" (p_runs > 1 ? "median of " p_runs : "1 run") ")"
		pm = sprintf("%.1f", mb(p_rss))
		ratio = p_us / (us > 0 ? us : 1)
		rs = sprintf("%.0f", ratio)
		rt = (w == "docbook" || w == "html") ? "≥ 200: " yn(ratio >= 200) : "—"
	} else {
		pm = "—"; rs = "—"
		pt = why == "pdf" ? "— (no PDF writer of its own)" : \
		     why == "max" ? "skipped (over --pandoc-max " pandoc_max " MB)" : \
		     why == "off" ? "not run" : "failed (status " substr(why, 8) ")"
		rt = (w == "docbook" || w == "html") ? "≥ 200: not measured" : "—"
	}
	rows[++nrows] = sprintf("| %s %s MB | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
		kind, size, w, fmt_s(us), speed, target, mem, memok, pt, pm, rs, rt)
}
END {
	while ((getline line < about) > 0) print "<!-- " line " -->"
	print ""
	print "| input | writer | docconv s (median of " runs ") | speed | speed target | peak RSS MB | bound 3×in+30 MB | pandoc s | pandoc peak MB | × pandoc | ratio target |"
	print "|---|---|--:|--:|---|--:|---|--:|--:|--:|---|"
	for (i = 1; i <= nrows; i++) print rows[i]
	print ""
	print "MB = 10^6 bytes; wall time from the start of the process to its end, measured to the microsecond; peak RSS from GNU time (%M) in a run of its own before the timed ones."
	if (pandoc_note != "") print pandoc_note "."
	else {
		print "pandoc reads Markdown as `-f gfm` and the plain text as `-f commonmark` (it reads its structure the same); " \
		      (pandoc_runs != "" ? pandoc_runs " run(s) per figure." : "median of " runs " runs below 10 MB, one run from 10 MB (it takes minutes).") \
		      " Inputs over " pandoc_max " MB: no pandoc run (--pandoc-max)."
	}
	n = split(inputs, inp, " ")
	s = "Inputs (tests/bench/gen.awk, fixed seed): "
	for (i = 1; i <= n; i++) {
		split(inp[i], f, ":")
		s = s (i > 1 ? "; " : "") f[1] " " f[2] " MB = " f[3] " bytes, cksum " f[4]
	}
	print s "."
	if (nsizes >= 2) {
		print ""
		h = "| input → writer |"; r = "|---|"
		for (j = 1; j <= nsizes; j++) { h = h " ms/MB at " order[j] " MB |"; r = r "--:|" }
		print h " " order[nsizes] " MB ÷ " order[1] " MB | linear (≤ 1.25) |"
		print r "--:|---|"
		nk = split(kinds, K, " "); nw = split(writers, W, " ")
		for (a = 1; a <= nk; a++) for (b = 1; b <= nw; b++) {
			key = K[a] " " W[b]; line = "| " K[a] " → " W[b] " |"
			for (j = 1; j <= nsizes; j++) line = line sprintf(" %.2f |", msper[key, order[j]])
			q = msper[key, order[nsizes]] / msper[key, order[1]]
			print line sprintf(" %.2f | %s |", q, yn(q <= 1.25))
		}
	}
	if (callgrind) {
		print ""
		print "Instructions (valgrind --tool=callgrind) on the 1 MB inputs:"
		print ""
		print "| input → writer | instructions | per input byte |"
		print "|---|--:|--:|"
		nk = split(kinds, K, " "); nw = split(writers, W, " ")
		for (a = 1; a <= nk; a++) for (b = 1; b <= nw; b++) {
			file = cgdir "/callgrind." K[a] "." W[b]; total = 0
			while ((getline line < file) > 0)
				if (line ~ /^summary:/) { split(line, f, " "); total = f[2] }
			close(file)
			cmd = "wc -c < " cgdir "/in-1mb." K[a]; cmd | getline inbytes; close(cmd)
			printf "| %s → %s | %s | %.0f |\n", K[a], W[b], commas(total), total / inbytes
			tot[a, b] = total
		}
		for (a = 1; a <= nk; a++) for (b = 1; b <= nw; b++) {
			print ""
			print "Top 10 functions, " K[a] " → " W[b] " (callgrind_annotate, self cost):"
			print ""
			print "| Ir | % | function | object |"
			print "|--:|--:|---|---|"
			file = cgdir "/callgrind." K[a] "." W[b] ".txt"; on = 0; n = 0
			while ((getline line < file) > 0) {
				if (line ~ /file:function/) { on = 1; continue }
				if (!on || line ~ /^-+$/ || line !~ /[0-9]/) { if (on && n) on = 0; continue }
				if (++n > 10) { on = 0; continue }
				# "12,345 ( 5.84%)  file:function [object]"
				ir = line; sub(/^ */, "", ir); sub(/ .*/, "", ir)
				pct = line; sub(/^[^(]*\( */, "", pct); sub(/\).*/, "", pct)
				fn = line; sub(/^[^)]*\) */, "", fn)
				obj = ""
				if (match(fn, / \[[^]]*\]$/)) { obj = substr(fn, RSTART + 2, RLENGTH - 3); fn = substr(fn, 1, RSTART - 1) }
				sub(/.*\//, "", obj)
				sub(/^\?\?\?:/, "", fn); sub(/^.*\/[^\/:]*:/, "", fn)
				gsub(/\|/, "\\|", fn)
				printf "| %s | %s | `%s` | %s |\n", ir, pct, fn, obj
			}
			close(file)
		}
	}
	print missed + 0 > status_file
}' "$results"
missed=$(cat "$work/status")
if [ "$missed" -gt 0 ]; then
	echo "run.sh: $missed target(s) missed" >&2
	[ "$check" = 0 ] || status=1
fi
exit $status
