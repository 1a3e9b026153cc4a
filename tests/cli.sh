#!/bin/sh
# Command-line tests: exit statuses, standard input and output, several
# inputs, metadata options, diagnostics, atomic output.
#
# usage: cli.sh CASE DOCCONV XMLTEXT SOURCE_DIR
set -u
case_name=$1 docconv=$2 xmltext=$3 src=$4
reference=$src/fixtures/text/000_7b4caa0f675dee39.txt
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run CMD...: runs it with stdout in ./out, stderr in ./err, status in $rc.
run() { "$@" >out 2>err; rc=$?; }

expect_rc() {
	[ "$rc" -eq "$1" ] || { fail "exit status $rc, want $1"; cat err; }
}
expect_err() {  # the whole of stderr
	printf '%s\n' "$1" > want_err
	diff -u want_err err >/dev/null || { fail "stderr differs:"; diff -u want_err err; }
}
expect_err_has() { grep -qF -- "$1" err || { fail "stderr lacks '$1':"; cat err; }; }
expect_out_has() { grep -qF -- "$1" out || { fail "stdout lacks '$1'"; }; }
expect_no_err() { [ ! -s err ] || { fail "unexpected stderr:"; cat err; }; }
expect_valid() {
	command -v jing >/dev/null 2>&1 || { fail "jing is needed (apt-get install jing docbook5-xml)"; return; }
	jing "$schema" "$1" || fail "jing rejects $1"
}
# big_pdf_input: big.txt, whose PDF takes seconds to set once docconv
# has made its temporary output file.
big_pdf_input() {
	awk 'BEGIN { for (i = 0; i < 200000; i++)
		print "Paragraph " i " has words enough to fill a line or two of the page, and then some more words.\n" }' > big.txt
}
# wait_for_temp PID WHAT: wait (at most 2 minutes) until the run PID has
# made its temporary file for out.pdf; fail, saying WHAT, if it never does.
wait_for_temp() {
	tries=0
	while [ -z "$(find . -maxdepth 1 -name '.out.pdf.*')" ] &&
	      kill -0 "$1" 2>/dev/null && [ $tries -lt 1200 ]; do
		sleep 0.1; tries=$((tries + 1))
	done
	[ -n "$(find . -maxdepth 1 -name '.out.pdf.*')" ] ||
		fail "$2: no temporary file appeared"
}
expect_only_files() {  # the directory holds exactly these names
	want=$(printf '%s\n' "$@" | sort)
	got=$(ls -A | grep -v -e '^out$' -e '^err$' -e '^want_err$' | sort)
	[ "$want" = "$got" ] || fail "files are [$got], want [$want]"
}

printf 'Hello, world.\n' > hello.txt

case $case_name in
help)
	run "$docconv" --help; expect_rc 0; expect_no_err
	for opt in --from --to --output --metadata --title --author --lang \
		   --strict --quiet --verbose --list-formats --help --version \
		   --font --mono-font --paper --margin --font-size \
		   --no-justify --number-sections --fail-on-warnings \
		   --outdir --jobs --depfile; do
		expect_out_has "$opt"
	done
	run "$docconv" -h; expect_rc 0; expect_out_has "Usage: docconv"
	expect_out_has "  -j, --jobs=N"
	;;
version)
	run "$docconv" --version; expect_rc 0; expect_no_err
	grep -qE '^docconv [0-9]+\.[0-9]+\.[0-9]+$' out || fail "bad version: $(cat out)"
	;;
list_formats)
	run "$docconv" --list-formats; expect_rc 0; expect_no_err
	for f in text docbook ast; do expect_out_has "$f"; done
	grep -q '^text  *r ' out || fail "text is not listed as readable"
	grep -q '^docbook  *r\{0,1\}w ' out || fail "docbook is not listed as writable"
	;;
no_input)
	run "$docconv"; expect_rc 64
	expect_err "docconv: error: no input file; try 'docconv --help'"
	;;
bad_option)
	run "$docconv" --no-such-option hello.txt; expect_rc 64
	expect_err "docconv: error: unrecognized option '--no-such-option'; try 'docconv --help'"
	run "$docconv" hello.txt -o; expect_rc 64
	expect_err "docconv: error: option needs an argument '-o'; try 'docconv --help'"
	run "$docconv" -M =x hello.txt -t ast; expect_rc 64
	;;
unknown_format)
	run "$docconv" -t nope hello.txt; expect_rc 64
	expect_err "docconv: error: unknown output format 'nope'; see --list-formats"
	run "$docconv" -f nope -t ast hello.txt; expect_rc 64
	expect_err "docconv: error: unknown input format 'nope'; see --list-formats"
	run "$docconv" -t text hello.txt; expect_rc 64
	expect_err "docconv: error: cannot write text; see --list-formats"
	run "$docconv" -f ast -t docbook hello.txt; expect_rc 64
	expect_err "docconv: error: cannot read ast; see --list-formats"
	;;
missing_input)
	run "$docconv" no-such.txt -o out.xml; expect_rc 66
	expect_err "no-such.txt: error: cannot open input: No such file or directory"
	expect_only_files hello.txt
	;;
unreadable_input)
	printf 'secret\n' > secret.txt; chmod 000 secret.txt
	if [ "$(id -u)" -eq 0 ]; then
		# root reads anything: drop to nobody for this one run, with a
		# copy of the program that nobody may run wherever the build is.
		chmod 755 "$tmp"
		cp "$docconv" ./docconv-copy && chmod 755 docconv-copy
		run setpriv --reuid=65534 --regid=65534 --clear-groups \
			./docconv-copy secret.txt -t ast
	else
		run "$docconv" secret.txt -t ast
	fi
	expect_rc 66
	expect_err "secret.txt: error: cannot open input: Permission denied"
	;;
directory_input)
	mkdir adir
	run "$docconv" adir -t ast; expect_rc 66
	expect_err "adir: error: cannot read input: Is a directory"
	;;
output_dir_missing)
	run "$docconv" hello.txt -o no/such/dir/out.xml; expect_rc 73
	expect_err "no/such/dir/out.xml: error: cannot create output file: No such file or directory"
	;;
io_error)
	[ -c /dev/full ] || { fail "/dev/full is not a device"; exit 1; }
	run sh -c "'$docconv' hello.txt -t docbook > /dev/full"; expect_rc 74
	expect_err "<stdout>: error: cannot write output: No space left on device"
	# A device named by -o is written, not replaced by a renamed file.
	run "$docconv" hello.txt -t docbook -o /dev/full; expect_rc 74
	expect_err "/dev/full: error: cannot write output: No space left on device"
	[ -c /dev/full ] || fail "/dev/full was replaced"
	# An output of many blocks is written by a thread behind the writer:
	# its failure is the run's all the same.
	awk 'BEGIN { for (i = 0; i < 20000; i++) print "Line " i " of some text.\n" }' > long.txt
	run "$docconv" long.txt -t docbook -o /dev/full; expect_rc 74
	expect_err "/dev/full: error: cannot write output: No space left on device"
	run sh -c "'$docconv' long.txt -t html > /dev/full"; expect_rc 74
	expect_err "<stdout>: error: cannot write output: No space left on device"
	rm long.txt
	run "$docconv" hello.txt -t docbook -o /dev/null; expect_rc 0
	[ -c /dev/null ] || fail "/dev/null was replaced"
	mkfifo fifo
	cat fifo > fromfifo & reader=$!
	run "$docconv" hello.txt -t ast -o fifo; expect_rc 0
	wait $reader
	grep -q '"Hello, world."' fromfifo || fail "nothing came through the FIFO"
	;;
file_size_limit)
	# Past a file size limit (as on a full disk) the write fails: exit
	# 74 naming the output, no temporary file left, no target changed.
	awk 'BEGIN { for (i = 0; i < 2000; i++) print "Line " i " of some text.\n" }' > big.txt
	run sh -c "ulimit -f 10 && exec '$docconv' big.txt -o out.pdf"
	expect_rc 74
	expect_err "out.pdf: error: cannot write output: File too large"
	expect_only_files big.txt hello.txt
	printf 'precious\n' > old.pdf
	run sh -c "ulimit -f 10 && exec '$docconv' big.txt -o old.pdf"
	expect_rc 74
	[ "$(cat old.pdf)" = precious ] || fail "a failed run changed the target"
	expect_only_files big.txt hello.txt old.pdf
	;;
address_space_limit)
	# Under a limit on address space (ulimit -v), as some build machines
	# set: the nodes' pool reserves half of what is allowed, not 8 GiB
	# (pool.h), and every writer goes on working.
	for to in pdf epub docbook html; do
		run sh -c "ulimit -v 1000000 && exec '$docconv' '$reference' -t $to -o out.$to"
		expect_rc 0
		[ -s out.$to ] || fail "no $to under the limit"
	done
	# 100,000 paragraphs in 100 MB of address space (the pool has 50);
	# in 12 MB they do not fit: out of memory, said so, no output.
	awk 'BEGIN { for (i = 0; i < 100000; i++) print "Para " i ".\n" }' > many.txt
	run sh -c "ulimit -v 100000 && exec '$docconv' many.txt -t html -o many.html"
	expect_rc 0
	run sh -c "ulimit -v 12000 && exec '$docconv' many.txt -t html -o tight.html"
	expect_rc 70
	expect_err_has "error: out of memory"
	[ ! -e tight.html ] || fail "output left after running out of memory"
	;;
input_too_large)
	# Past 1 GiB an input is refused whole: 65, its size said, no output.
	# A sparse file costs no disk, and its size comes from fstat() before
	# a byte of it is read: the peak memory stays far under the size.
	truncate -s 1025M big.txt || { fail "cannot make a sparse file"; exit 1; }
	run "$docconv" big.txt -o big.xml; expect_rc 65
	expect_err "big.txt: error: input is larger than 1 GiB (1074790400 bytes)"
	expect_only_files big.txt hello.txt
	run /usr/bin/time -f '%M' -o peak "$docconv" -t ast hello.txt big.txt
	expect_rc 65; [ ! -s out ] || fail "output despite the error"
	peak=$(tail -n 1 peak)  # after "Command exited with non-zero status"
	[ "$peak" -lt 262144 ] || fail "peak memory $peak KiB: was the input read?"
	rm -f peak
	# Standard input from that file: its size is known as well.
	run sh -c "'$docconv' -t ast - < big.txt"; expect_rc 65
	expect_err "<stdin>: error: input is larger than 1 GiB (1074790400 bytes)"
	# From a pipe the size is not known: reading stops a byte past the
	# limit (about a second and a gigabyte of memory).
	run sh -c "head -c 1025M /dev/zero | '$docconv' -t ast -"; expect_rc 65
	expect_err "<stdin>: error: input is larger than 1 GiB (more than 1073741824 bytes)"
	[ ! -s out ] || fail "output despite the error"
	;;
signal_cleanup)
	# A signal during the write removes the temporary file and ends the
	# run as killed by that signal.  The input is large enough that the
	# PDF takes seconds to set once its temporary file exists, and the
	# signal is sent as soon as the file shows.
	big_pdf_input
	for sig in TERM:143 INT:130 HUP:129; do
		name=${sig%:*} want=${sig#*:}
		# A background job of a script starts with SIGINT ignored;
		# docconv (rightly) leaves an ignored signal ignored.
		env --default-signal "$docconv" big.txt -o out.pdf 2>err &
		pid=$!
		wait_for_temp $pid "SIG$name"
		kill -s "$name" $pid 2>/dev/null
		wait $pid; rc=$?
		expect_rc "$want"
		expect_no_err
		expect_only_files big.txt hello.txt
		rm -f out.pdf .out.pdf.*
	done
	;;
symlink_output)
	mkdir real
	printf 'old\n' > real/target.xml
	ln -s real/target.xml link.xml
	run "$docconv" hello.txt -o link.xml; expect_rc 0
	[ -L link.xml ] || fail "the link was replaced by a file"
	grep -q '<article' real/target.xml || fail "the link's target was not written"
	;;
output_permissions)
	# A new output has the permissions any new file gets: 0666 less the
	# umask, for a file written through a temporary one.
	for mask in 022 027 077; do
		rm -f perm.xml perm.pdf
		(umask $mask && "$docconv" hello.txt -o perm.xml &&
			"$docconv" hello.txt -o perm.pdf) 2>err || fail "umask $mask: docconv failed"
		want=$(printf '%o' $((0666 & ~0$mask)))
		for f in perm.xml perm.pdf; do
			got=$(stat -c %a "$f")
			[ "$got" = "$want" ] || fail "umask $mask: $f is $got, want $want"
		done
	done
	;;
output_is_input)
	cp hello.txt same.xml
	run "$docconv" -f text same.xml -o same.xml; expect_rc 64
	expect_err "same.xml: error: output is also an input; refusing to overwrite it"
	cmp -s hello.txt same.xml || fail "the input was changed"
	ln -s hello.txt link.txt
	run "$docconv" link.txt -t docbook -o hello.txt; expect_rc 64
	cmp -s hello.txt same.xml || fail "the input was changed through a link"
	;;
stdin_stdout)
	run sh -c "'$docconv' -t docbook - < '$reference'"; expect_rc 0; expect_no_err
	mv out fromstdin.xml
	run "$docconv" "$reference" -o -  -t docbook; expect_rc 0
	cmp -s out fromstdin.xml || fail "stdin and file input differ"
	expect_valid fromstdin.xml
	run sh -c "'$docconv' -t docbook '$reference' -o - | head -c 10"
	expect_rc 0
	;;
long_output)
	# Past its first 64 KiB an output is written by a thread behind the
	# writer: to a file, a pipe and a FIFO alike, whole and in order.
	awk 'BEGIN { for (i = 0; i < 20000; i++) print "Paragraph " i " of some text.\n" }' > long.txt
	run "$docconv" long.txt -t docbook -o long.xml; expect_rc 0; expect_no_err
	[ "$(wc -c < long.xml)" -gt 800000 ] || fail "the output is short"
	awk '/<para>Paragraph [0-9]+ of some text[.]<\/para>/ {
		sub(/.*Paragraph /, ""); sub(/ .*/, "")
		if ($0 != n++) { print "paragraph " $0 " where " n - 1 " was due"; exit 1 }
	} END { if (n != 20000) { print n " paragraphs of 20000"; exit 1 } }' long.xml ||
		fail "paragraphs lost or out of order"
	expect_valid long.xml
	run sh -c "'$docconv' long.txt -t docbook | cat"; expect_rc 0
	cmp -s out long.xml || fail "a pipe gets other bytes than a file"
	mkfifo fifo
	cat fifo > fromfifo & reader=$!
	run "$docconv" long.txt -t docbook -o fifo; expect_rc 0
	wait $reader
	cmp -s fromfifo long.xml || fail "a FIFO gets other bytes than a file"
	# Written, then given up: the thread stops and nothing is left.
	rm fifo fromfifo long.xml
	printf 'a \377\n' >> long.txt
	run "$docconv" --fail-on-warnings long.txt -o long.xml; expect_rc 65
	expect_only_files hello.txt long.txt
	;;
stdin_dash)
	printf 'a\377b\n' > bad.txt
	run sh -c "'$docconv' -t ast - < bad.txt"; expect_rc 0
	expect_err "<stdin>:1:2: warning: invalid UTF-8 byte 0xFF replaced by U+FFFD"
	printf 'One.\n' > one.txt
	run sh -c "'$docconv' -t ast one.txt - < hello.txt"; expect_rc 0
	expect_out_has 'chapter source="<stdin>"'
	expect_out_has '"Hello, world."'
	;;
several_inputs)
	printf 'First\n=====\n\nOne.\n' > a.txt
	printf 'Second\n======\n\nTwo.\n' > b.txt
	run "$docconv" a.txt b.txt hello.txt -o book.xml; expect_rc 0; expect_no_err
	expect_valid book.xml
	grep -q '<book' book.xml || fail "several inputs do not make a book"
	[ "$(grep -c '<chapter' book.xml)" -eq 3 ] || fail "want 3 chapters"
	"$xmltext" book.xml title > titles
	printf 'First\nSecond\nhello\n' > want
	diff -u want titles || fail "chapter titles"
	"$xmltext" book.xml para > paras
	printf 'One.\nTwo.\nHello, world.\n' > want
	diff -u want paras || fail "chapter order or content"
	;;
chapter_titles)
	printf 'Title: From header\n\nBody one.\n' > header.txt
	printf 'Intro.\n\nLate heading\n------------\n\nText.\n' > late.txt
	printf 'no heading here\n' > plain-name.txt
	run "$docconv" -t ast header.txt late.txt plain-name.txt; expect_rc 0
	grep -A2 '^  chapter' out | grep -F 'text "' > titles
	cat > want <<'EOS'
      text "From header"
      text "Late heading"
      text "plain-name"
EOS
	diff -u want titles || fail "chapter titles"
	grep -q '^meta$' out || fail "a chapter's title leaked into the book's"
	;;
metadata_options)
	printf 'Title: Header title\nAuthor: Header Author\nDate: 2001\n\nBody.\n' > m.txt
	run "$docconv" -t ast --title "CLI title" --author Ann --author Bob \
		--lang de -M keywords="k1, k2" -M x-custom=v m.txt
	expect_rc 0
	head -n 1 out > meta
	printf '%s\n' 'meta title="CLI title" author="Ann" author="Bob" date="2001" lang="de" keyword="k1" keyword="k2" x-custom="v"' > want
	diff -u want meta || fail "metadata precedence"
	run "$docconv" m.txt -o m.xml --lang fr; expect_rc 0
	expect_valid m.xml
	grep -q 'xml:lang="fr"' m.xml || fail "no xml:lang"
	;;
format_by_extension)
	run "$docconv" hello.txt -o a.xml; expect_rc 0; expect_valid a.xml
	run "$docconv" hello.txt -o a.dbk; expect_rc 0; cmp -s a.xml a.dbk || fail ".dbk"
	run "$docconv" hello.txt -o a.AST; expect_rc 0; grep -q '^document' a.AST || fail ".AST"
	cp hello.txt notes; cp hello.txt notes.weird
	run "$docconv" notes notes.weird -t ast; expect_rc 0
	[ "$(grep -c '"Hello, world."' out)" -eq 2 ] || fail "unknown extensions are read as text"
	run "$docconv" -f text hello.txt -t ast; expect_rc 0
	;;
no_output_format)
	run "$docconv" hello.txt; expect_rc 64
	expect_err "docconv: error: cannot tell the output format of '-'; use -t FORMAT"
	run "$docconv" hello.txt -o out.unknown; expect_rc 64
	expect_only_files hello.txt
	;;
failed_run_leaves_nothing)
	printf 'bad \377 byte\n' > bad.txt
	run "$docconv" --strict bad.txt -o new.xml; expect_rc 65
	expect_only_files bad.txt hello.txt
	printf 'precious\n' > old.xml
	run "$docconv" --strict bad.txt -o old.xml; expect_rc 65
	[ "$(cat old.xml)" = precious ] || fail "a failed run changed the target"
	expect_only_files bad.txt hello.txt old.xml
	run "$docconv" hello.txt missing.txt -o old.xml; expect_rc 66
	[ "$(cat old.xml)" = precious ] || fail "a failed run changed the target"
	expect_only_files bad.txt hello.txt old.xml
	run "$docconv" hello.txt -o old.xml; expect_rc 0
	expect_valid old.xml
	expect_only_files bad.txt hello.txt old.xml
	;;
strict_invalid_utf8)
	printf 'ab\377\n' > bad.txt
	run "$docconv" --strict bad.txt -t ast; expect_rc 65
	expect_err "bad.txt:1:3: error: invalid UTF-8 byte 0xFF replaced by U+FFFD"
	[ ! -s out ] || fail "output written despite the error"
	;;
warning_format)
	printf 'ok\nab\377\n' > bad.txt
	run "$docconv" bad.txt -o bad.xml; expect_rc 0
	expect_err "bad.txt:2:3: warning: invalid UTF-8 byte 0xFF replaced by U+FFFD"
	expect_valid bad.xml
	;;
quiet)
	printf 'ab\377\n' > bad.txt
	run "$docconv" -q bad.txt -t ast; expect_rc 0; expect_no_err
	run "$docconv" -v bad.txt -t ast; expect_rc 0
	expect_err_has "docconv: reading bad.txt as text"
	expect_err_has "bad.txt:1:3: warning:"
	;;
reference_document)
	cp "$reference" ref.txt
	run "$docconv" ref.txt -o out.xml; expect_rc 0; expect_no_err
	expect_valid out.xml
	grep -q '<article' out.xml || fail "one input is not an article"
	# The paragraphs' text equals the input's six paragraphs exactly
	# (leading and trailing white space of a line is layout).
	"$xmltext" out.xml para > paras || fail "xmltext"
	sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' ref.txt | grep -v '^$' > want
	[ "$(wc -l < want)" -eq 6 ] || fail "the reference has not six paragraphs"
	diff -u want paras || fail "paragraph text differs from the input"
	;;
deterministic)
	cp "$reference" ref.txt
	"$docconv" ref.txt hello.txt -o one.xml && "$docconv" ref.txt hello.txt -o two.xml
	cmp -s one.xml two.xml || fail "two runs differ"
	;;
batch)
	# Each input on its own, named after it, into a folder made for
	# them; one broken input does not stop the others, and the status is
	# the highest of the conversions' (66 beats 65).
	printf 'First\n=====\n\nOne.\n' > a.txt
	printf '# Second\n\nTwo.\n' > b.md
	printf '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><para>Three.</para></article>\n' > c.xml
	printf '<article xmlns="http://docbook.org/ns/docbook"><para>broken\n' > broken.xml
	mkdir in; printf 'Four.\n' > in/d.notes.txt
	run "$docconv" -t docbook --outdir dest/deep a.txt broken.xml b.md \
		missing.md c.xml in/d.notes.txt
	expect_rc 66
	expect_err_has "missing.md: error: cannot open input: No such file or directory"
	expect_err_has "broken.xml:2:1: error:"
	[ "$(grep -c 'error:' err)" -eq 2 ] || { fail "want two errors:"; cat err; }
	(cd dest/deep && ls -A) > got
	printf '%s\n' a.dbk b.dbk c.dbk d.notes.dbk > want
	diff -u want got || fail "outputs in dest/deep"
	for f in a b c d.notes; do expect_valid dest/deep/$f.dbk; done
	"$xmltext" dest/deep/b.dbk para > paras
	[ "$(cat paras)" = Two. ] || fail "b.dbk holds '$(cat paras)'"
	# Without a failure the status is 0; the folder may exist.
	run "$docconv" -t ast --outdir dest/deep a.txt b.md; expect_rc 0
	expect_no_err
	[ -s dest/deep/a.ast ] && [ -s dest/deep/b.ast ] || fail "no .ast outputs"
	;;
batch_jobs)
	# -j 1 and -j 4 write the same bytes, whatever order the children end
	# in; PDF with a fixed date, so the bytes can be compared.
	cp "$reference" ref.txt
	for i in 1 2 3 4 5 6; do printf '# Part %s\n\nText %s.\n' $i $i > p$i.md; done
	export SOURCE_DATE_EPOCH=1700000000
	run "$docconv" -t pdf --outdir one -j 1 ref.txt p1.md p2.md p3.md p4.md p5.md p6.md
	expect_rc 0; expect_no_err
	run "$docconv" -t pdf --outdir four --jobs=4 ref.txt p1.md p2.md p3.md p4.md p5.md p6.md
	expect_rc 0; expect_no_err
	[ "$(ls one | wc -l)" -eq 7 ] || fail "want 7 outputs, got $(ls one)"
	for f in one/*; do
		cmp -s "$f" "four/${f#one/}" || fail "-j 1 and -j 4 differ in ${f#one/}"
	done
	;;
batch_usage)
	# Refused before anything runs: no folder made, nothing written.
	cp hello.txt a.txt; mkdir x; cp hello.txt x/a.md
	run "$docconv" --outdir dest a.txt; expect_rc 64
	expect_err "docconv: error: --outdir needs -t FORMAT"
	run "$docconv" -t ast --outdir dest -o a.ast a.txt; expect_rc 64
	expect_err_has "-o and --outdir exclude each other"
	run "$docconv" -t ast --outdir dest a.txt - < hello.txt; expect_rc 64
	expect_err_has "standard input (-) has no name"
	run "$docconv" -t ast --outdir dest a.txt x/a.md; expect_rc 64
	expect_err "docconv: error: 'a.txt' and 'x/a.md' would both be written to dest/a.ast"
	run "$docconv" -t ast --outdir dest --depfile a.d a.txt; expect_rc 64
	run "$docconv" -t nope --outdir dest a.txt; expect_rc 64
	expect_err "docconv: error: unknown output format 'nope'; see --list-formats"
	for j in 0 -1 x 1025 ''; do
		run "$docconv" -t ast --outdir dest -j "$j" a.txt; expect_rc 64
	done
	expect_err_has "invalid -j '': want 1 to 1024"
	[ ! -e dest ] || fail "a refused batch made its folder"
	# A folder that cannot be made: 73.
	run "$docconv" -t ast --outdir hello.txt/sub a.txt; expect_rc 73
	expect_err "hello.txt/sub: error: cannot create output folder: Not a directory"
	;;
batch_lines)
	# Warnings of conversions running at once: every line whole, never
	# one child's inside another's.
	i=0
	while [ $i -lt 12 ]; do
		awk -v i=$i 'BEGIN { for (n = 0; n < 100; n++) printf "line %d of input %d \377 with a bad byte\n\n", n, i }' > w$i.txt
		i=$((i + 1))
	done
	run "$docconv" -t ast --outdir dest -j 4 w*.txt; expect_rc 0
	[ "$(wc -l < err)" -eq 1200 ] || fail "want 1200 warnings, got $(wc -l < err)"
	grep -Ev '^w[0-9]+\.txt:[0-9]+:[0-9]+: warning: invalid UTF-8 byte 0xFF replaced by U\+FFFD$' err > mangled
	[ ! -s mangled ] || { fail "mangled lines:"; head -n 5 mangled; }
	;;
warnings_capped)
	# The first 100 warnings are printed, the rest counted in one line;
	# --fail-on-warnings counts them all.
	awk 'BEGIN { for (n = 0; n < 250; n++) printf "bad \377 byte\n" }' > bad.txt
	run "$docconv" bad.txt -t ast -o out.ast; expect_rc 0
	[ "$(grep -c ': warning: invalid UTF-8 byte' err)" -eq 100 ] || fail "want 100 warnings printed"
	[ "$(tail -n 1 err)" = "docconv: warning: 150 more warnings not shown" ] || { fail "no count of the rest:"; tail -n 2 err; }
	run "$docconv" -q bad.txt -t ast -o out.ast; expect_rc 0; expect_no_err
	run "$docconv" --fail-on-warnings bad.txt -t ast -o out2.ast; expect_rc 65
	expect_err_has "250 warnings"
	;;
batch_progress)
	# No progress line in a pipe or a file, nor with -q on a terminal;
	# on a terminal (util-linux script), one line rewritten with \r and
	# cleared at the end.
	printf 'a \377\n' > a.txt; cp hello.txt b.txt; cp hello.txt c.txt
	run "$docconv" -t ast --outdir dest a.txt b.txt c.txt; expect_rc 0
	expect_err "a.txt:1:3: warning: invalid UTF-8 byte 0xFF replaced by U+FFFD"
	command -v script >/dev/null 2>&1 || { fail "script (util-linux) is needed"; exit 1; }
	script -qec "'$docconv' -t ast --outdir tty a.txt b.txt c.txt" /dev/null > tty.out 2>&1
	rc=$?; expect_rc 0
	grep -q 'docconv: 3/3 done' tty.out || { fail "no progress line on a terminal:"; od -c tty.out | head; }
	tr '\r' '\n' < tty.out | grep -q '^a.txt:1:3: warning:' || { fail "the warning is not on a line of its own:"; od -c tty.out | head -n 20; }
	# Cleared: the last thing on the terminal is blanks after a \r.
	tail -c 3 tty.out | od -c | grep -q ' \\r' || { fail "progress line not cleared:"; tail -c 60 tty.out | od -c; }
	script -qec "'$docconv' -q -t ast --outdir tty2 a.txt b.txt c.txt" /dev/null > tty.out 2>&1
	rc=$?; expect_rc 0
	[ ! -s tty.out ] || { fail "-q printed on a terminal:"; od -c tty.out | head; }
	;;
batch_signal)
	# A signal to the batch reaches every running conversion: each
	# removes its temporary file; the batch waits for them and ends as
	# killed by that signal.
	awk 'BEGIN { for (i = 0; i < 200000; i++)
		print "Paragraph " i " has words enough to fill a line or two of the page, and then some more words.\n" }' > big1.txt
	cp big1.txt big2.txt; cp big1.txt big3.txt
	for sig in TERM:143 INT:130 HUP:129; do
		name=${sig%:*} want=${sig#*:}
		env --default-signal "$docconv" -t pdf --outdir dest -j 2 big1.txt big2.txt big3.txt 2>err &
		pid=$!
		tries=0
		while [ "$(find dest -name '.big*.pdf.*' 2>/dev/null | wc -l)" -lt 2 ] &&
		      kill -0 $pid 2>/dev/null && [ $tries -lt 1200 ]; do
			sleep 0.1; tries=$((tries + 1))
		done
		[ "$(find dest -name '.big*.pdf.*' | wc -l)" -eq 2 ] ||
			fail "SIG$name: not two temporary files"
		kill -s "$name" $pid 2>/dev/null
		wait $pid; rc=$?
		expect_rc "$want"
		expect_no_err
		[ -z "$(ls -A dest)" ] || fail "SIG$name left: $(ls -A dest)"
		rm -rf dest
	done
	;;
fail_on_warnings)
	# All warnings printed, then 65, and no output: neither the file nor
	# its temporary, so make does not take the target for made.
	printf 'a \377\nb \377\n' > bad.txt
	run "$docconv" --fail-on-warnings bad.txt -o new.xml; expect_rc 65
	cat > want_err <<'EOS'
bad.txt:1:3: warning: invalid UTF-8 byte 0xFF replaced by U+FFFD
bad.txt:2:3: warning: invalid UTF-8 byte 0xFF replaced by U+FFFD
docconv: error: 2 warnings, and --fail-on-warnings; no output written
EOS
	diff -u want_err err || fail "stderr"
	expect_only_files bad.txt hello.txt
	run "$docconv" --fail-on-warnings bad.txt -o new.pdf; expect_rc 65
	expect_only_files bad.txt hello.txt
	# Without a warning, as without the option.
	run "$docconv" --fail-on-warnings hello.txt -o new.xml; expect_rc 0
	expect_no_err; expect_valid new.xml
	# In a batch, per conversion.
	run "$docconv" --fail-on-warnings -t ast --outdir dest bad.txt hello.txt
	expect_rc 65
	[ "$(ls dest)" = hello.ast ] || fail "batch outputs: $(ls -A dest)"
	;;
quiet_errors)
	# -q silences warnings, never errors.
	printf 'ab\377\n' > bad.txt
	run "$docconv" -q missing.txt -t ast; expect_rc 66
	expect_err "missing.txt: error: cannot open input: No such file or directory"
	run "$docconv" -q --fail-on-warnings bad.txt -t ast; expect_rc 65
	expect_err "docconv: error: 1 warning, and --fail-on-warnings; no output written"
	run "$docconv" -q --strict bad.txt -t ast; expect_rc 65
	expect_err "bad.txt:1:3: error: invalid UTF-8 byte 0xFF replaced by U+FFFD"
	run "$docconv" -q -t ast --outdir dest bad.txt missing.txt; expect_rc 66
	expect_err "missing.txt: error: cannot open input: No such file or directory"
	;;
cover_from_input)
	# A cover named in an input's header is found from that input's
	# folder, whatever the reader: plain text, Markdown, DocBook.
	mkdir -p t m d
	cp "$src/fixtures/images/red.png" t/k.png
	cp "$src/fixtures/images/red.png" m/k.png
	cp "$src/fixtures/images/red.png" d/k.png
	printf 'Title: T\nCover: k.png\n\nText.\n' > t/in.txt
	printf -- '---\ntitle: M\ncover-image: k.png\n---\n\nText.\n' > m/in.md
	printf '<article xmlns="http://docbook.org/ns/docbook"><info><title>D</title><cover><mediaobject><imageobject><imagedata fileref="k.png"/></imageobject></mediaobject></cover></info><para>Text.</para></article>\n' > d/in.xml
	for f in t/in.txt m/in.md d/in.xml; do
		run "$docconv" "$f" -o "$f.epub"
		expect_rc 0; expect_no_err
		unzip -l "$f.epub" | grep -q 'cover' || fail "$f: no cover in the EPUB"
	done
	;;
depfile)
	# The rule: the output, then the inputs, --css, the cover, the
	# images and the embedded fonts, escaped for make; an empty rule for
	# each dependency.
	mkdir 'my dir'
	cp "$src/fixtures/images/red.png" 'my dir/r#1$.png'
	cp "$src/fixtures/images/red.png" cover.png
	printf 'p { }\n' > style.css
	printf '# T\n\n![red](r#1$.png) ![red](https://example.org/x.png) ![again](./r#1$.png)\n' > 'my dir/doc.md'
	printf 'Second.\n' > two.txt
	run "$docconv" 'my dir/doc.md' two.txt --css style.css --cover cover.png \
		-o 'out put.epub' --depfile out.d
	expect_rc 0
	expect_err "my dir/doc.md:3:18: warning: remote image 'https://example.org/x.png' cannot be in an EPUB; its text written instead"
	cat > want <<'EOS'
out\ put.epub: \
 my\ dir/doc.md \
 two.txt \
 style.css \
 cover.png \
 my\ dir/r\#1$$.png
my\ dir/doc.md:
two.txt:
style.css:
cover.png:
my\ dir/r\#1$$.png:
EOS
	diff -u want out.d || fail "depfile for EPUB"
	# A cover named in an input: found from that input's folder.
	mkdir sub; cp "$src/fixtures/images/red.png" sub/c.png
	printf -- '---\ncover: c.png\n---\n\n# S\n' > sub/s.md
	run "$docconv" sub/s.md -o s.epub --depfile s.d; expect_rc 0
	grep -qxF ' sub/c.png' s.d || { fail "the cover of sub/s.md:"; cat s.d; }
	# PDF: the fonts it embeds, found by fontconfig, as absolute paths.
	run "$docconv" two.txt -o two.pdf --depfile two.pdf.d; expect_rc 0
	head -n 2 two.pdf.d > got
	printf '%s\n' 'two.pdf: \' ' two.txt \' > want
	diff -u want got || fail "depfile for PDF"
	grep -q '^ /.*/DejaVuSerif\.ttf$' two.pdf.d || { fail "no font in the PDF's depfile:"; cat two.pdf.d; }
	# Backslashes before a space doubled, and one more for the space;
	# a tab has no escape at all: 65, and neither output nor rule.
	cp "$src/fixtures/images/red.png" 'back\ slash.png'
	printf '![x](<back\\ slash.png>)\n' > back.md
	run "$docconv" back.md -o back.xml --depfile back.d; expect_rc 0
	grep -qxF ' back\\\ slash.png' back.d || { fail "backslash before a space:"; cat back.d; }
	run "$docconv" two.txt -o tab.ast --css "$(printf 'a\tb.css')" --depfile tab.d
	expect_rc 65
	expect_err_has "cannot name 'a"
	[ ! -e tab.ast ] && [ ! -e tab.d ] || fail "a rule that cannot be written left files"
	# Only on success: a failed run writes no rule, keeps the old one.
	printf 'old\n' > keep.d
	run "$docconv" missing.txt -o m.pdf --depfile keep.d; expect_rc 66
	[ "$(cat keep.d)" = old ] || fail "a failed run changed the depfile"
	printf 'a \377\n' > bad.txt
	run "$docconv" --fail-on-warnings bad.txt -o w.pdf --depfile w.d
	expect_rc 65
	[ ! -e w.d ] && [ ! -e w.pdf ] || fail "a failed run wrote a depfile"
	# Needs a named output.
	run "$docconv" two.txt -t ast --depfile x.d; expect_rc 64
	expect_err "docconv: error: --depfile needs -o FILE: the rule names the output"
	run "$docconv" two.txt -o x.xml --depfile x.xml; expect_rc 64
	expect_err "docconv: error: --depfile and -o name one file"
	run "$docconv" two.txt -o x.xml --depfile two.txt; expect_rc 64
	expect_err "two.txt: error: output is also an input; refusing to overwrite it"
	[ "$(cat two.txt)" = Second. ] || fail "the depfile overwrote an input"
	# A rule that cannot be written takes the output with it.
	run "$docconv" two.txt -o gone.xml --depfile no/such/dir.d; expect_rc 73
	[ ! -e gone.xml ] || fail "the output stayed without its rule"
	;;
input_cut_short)
	# An input file another program cuts short while docconv reads it
	# (mapped, src/mapped.h): the run ends killed by SIGBUS, 135, as it
	# reads a lost page, and leaves no temporary file.  As in
	# signal_cleanup, the PDF takes seconds once that file exists.
	big_pdf_input
	"$docconv" big.txt -o out.pdf 2>err &
	pid=$!
	wait_for_temp $pid "cut short"
	: > big.txt
	wait $pid; rc=$?
	expect_rc 135
	expect_only_files big.txt hello.txt
	;;
mapped_input)
	# An input file is mapped, not copied, and its pages are given back
	# as the reader, then the writer, go past them (src/mapped.h): the
	# peak memory is the nodes', not the nodes' and the input's.  The same
	# bytes from standard input are copied: that run's peak, less half
	# the input, is the most the file's may be.  Both peaks also hold
	# what does not grow with the input: up to four walks' steps not yet
	# given back (two reading a text's halves, two writing), and the
	# unused rest of the last huge page of each of up to four stretches
	# (the pool, its part, two arenas).  That is several MB, and 10 MB of
	# input came within 0.1 MB of the bound; 16 MB leave 4 MB or more.
	export SOURCE_DATE_EPOCH=1700000000  # the same dates in both
	for kind in md txt; do
		from=markdown; [ $kind = md ] || from=text
		LC_ALL=C awk -v kind=$kind -v size=16000000 \
			-f "$src/tests/bench/gen.awk" "$reference" > big.$kind
		# A page break does not make the text reader copy its input.
		[ $kind = md ] || printf '\fThe end.\n' >> big.$kind
		kib=$(($(wc -c < big.$kind) / 1024))
		for to in docbook html epub pdf; do
			run /usr/bin/time -f %M -o mapped.rss "$docconv" \
				big.$kind -t $to -o mapped.$to
			expect_rc 0
			run /usr/bin/time -f %M -o copied.rss sh -c \
				"exec '$docconv' -f $from -t $to -o copied.$to - < big.$kind"
			expect_rc 0
			cmp -s mapped.$to copied.$to ||
				fail "$kind to $to: mapped and copied differ"
			mapped=$(tail -n 1 mapped.rss)
			copied=$(tail -n 1 copied.rss)
			[ $((copied - mapped)) -ge $((kib / 2)) ] ||
				fail "$kind to $to: peak $mapped KiB mapped," \
				     "$copied KiB copied, for $kib KiB of input"
		done
	done
	# An input the reader must copy (CR LF line ends, no final LF,
	# notes blanked out of Markdown) is held once more, not again for
	# every text node: less than twice the input over the mapped run's
	# peak (three times it was).
	sed 's/$/\r/' big.txt > crlf.txt
	head -c -1 big.txt > nolf.txt
	{ cat big.md; printf 'A note.[^n]\n\n[^n]: The note.\n'; } > note.md
	for input in big.txt crlf.txt nolf.txt big.md note.md; do
		run /usr/bin/time -f %M -o peak.rss "$docconv" $input \
			-t html -o $input.html
		expect_rc 0
		# GNU time's last line: a failed run's has one before.
		eval "peak_${input%.*}_${input#*.}=$(tail -n 1 peak.rss)"
	done
	for input in crlf.txt nolf.txt note.md; do
		kib=$(($(wc -c < $input) / 1024))
		eval "peak=\$peak_${input%.*}_${input#*.}"
		eval "base=\$peak_big_${input#*.}"
		[ $((peak - base)) -lt $((2 * kib)) ] ||
			fail "$input: peak $peak KiB, $base KiB as read" \
			     "without a copy, for $kib KiB of input"
	done
	;;
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
