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
		   --no-justify --number-sections; do
		expect_out_has "$opt"
	done
	run "$docconv" -h; expect_rc 0; expect_out_has "Usage: docconv"
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
signal_cleanup)
	# A signal during the write removes the temporary file and ends the
	# run as killed by that signal.  The input is large enough that the
	# PDF takes seconds to set once its temporary file exists, and the
	# signal is sent as soon as the file shows.
	awk 'BEGIN { for (i = 0; i < 200000; i++)
		print "Paragraph " i " has words enough to fill a line or two of the page, and then some more words.\n" }' > big.txt
	for sig in TERM:143 INT:130 HUP:129; do
		name=${sig%:*} want=${sig#*:}
		# A background job of a script starts with SIGINT ignored;
		# docconv (rightly) leaves an ignored signal ignored.
		env --default-signal "$docconv" big.txt -o out.pdf 2>err &
		pid=$!
		tries=0
		while [ -z "$(find . -maxdepth 1 -name '.out.pdf.*')" ] &&
		      kill -0 $pid 2>/dev/null && [ $tries -lt 1200 ]; do
			sleep 0.1; tries=$((tries + 1))
		done
		[ -n "$(find . -maxdepth 1 -name '.out.pdf.*')" ] ||
			fail "SIG$name: no temporary file appeared"
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
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
