#!/bin/sh
# --depfile in real build tools: a small project of two documents, each
# with its own image, built by make (including the .d files), by Ninja
# (depfile =) and by CMake (add_custom_command DEPFILE, Ninja generator);
# after a first build nothing is left to do, touching an image rebuilds
# only the document that shows it, touching an input only its output.
# Which documents were converted is read from a log the converter writes,
# not from timestamps.
#
# usage: make.sh CASE DOCCONV SOURCE_DIR
set -u
case_name=$1 docconv=$2 src=$3

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
need() { command -v "$1" >/dev/null 2>&1 || { echo "FAIL: $1 is needed (tools/deps.sh)"; exit 1; }; }

# The converter as the build tools call it: docconv, logging the output
# it was asked for.
cat > conv <<EOS
#!/bin/sh
for a; do case \$prev in -o) echo "\$a" >> "$tmp/built.log" ;; esac; prev=\$a; done
exec "$docconv" "\$@"
EOS
chmod +x conv

# The project: a.md shows img/a.png, b.md shows img/b.png ("my pic",
# a name make must read escaped).
mkdir -p proj/img
cp "$src/fixtures/images/red.png" proj/img/a.png
cp "$src/fixtures/images/red.png" 'proj/img/my pic.png'
printf '# A\n\n![a](img/a.png)\n' > proj/a.md
printf '# B\n\n![b](<img/my pic.png>)\n' > proj/b.md
cd proj || exit 1

# built WANT...: the outputs converted since the last call, sorted.
built() {
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
	got=$(sort "$tmp/built.log" 2>/dev/null)
	[ "$want" = "$got" ] || fail "$step: converted [$got], want [$want]"
	rm -f "$tmp/built.log"
}
# Everything an hour old after a build, so a file touched now is newer
# than every output, whatever the file system's time resolution, and
# nothing in the future (which make would warn about).  An hour, not
# years: CMake's own files must stay older than its build.ninja.
age() { find . -type f -exec touch -d '1 hour ago' {} +; }

# STEP BUILD WANT...: run the build function BUILD, and check it
# converted the outputs WANT.
step() {
	step=$1 build=$2; shift 2
	$build >log 2>&1 || { fail "$step: the build failed"; cat log; }
	built "$@"
	age
}
# STEP: the up-to-date function says nothing is left to do.
up_to_date() {
	$uptodate >log 2>&1 || { fail "$1: not up to date"; cat log; }
}

steps() {  # BUILD-FUNCTION
	step "first build" "$1" a.pdf b.pdf
	up_to_date "after the first build"
	step "nothing changed" "$1"
	touch img/a.png; step "image of a" "$1" a.pdf
	touch 'img/my pic.png'; step "image of b" "$1" b.pdf
	touch b.md; step "input b" "$1" b.pdf
	up_to_date "after input b"
	# An image no longer shown and deleted: no "no rule to make it".
	printf '# A\n\nNo picture.\n' > a.md; rm img/a.png
	step "image gone" "$1" a.pdf
	up_to_date "after the image went"
}

case $case_name in
make)
	need make
	cat > Makefile <<EOS
DOCS = a.pdf b.pdf
all: \$(DOCS)
%.pdf: %.md
	$tmp/conv -o \$@ --depfile \$*.d \$<
-include \$(DOCS:.pdf=.d)
EOS
	uptodate="make -q"
	steps make
	grep -q '^ img/my\\ pic.png' b.d || { fail "b.d does not name the image escaped:"; cat b.d; }
	;;
ninja)
	need ninja
	cat > build.ninja <<EOS
rule conv
  command = $tmp/conv -o \$out --depfile \$out.d \$in
  depfile = \$out.d
  deps = gcc
build a.pdf: conv a.md
build b.pdf: conv b.md
EOS
	ninja_idle() { ninja -n "$@" | tee /dev/stderr | grep -q 'no work to do'; }
	uptodate=ninja_idle
	steps ninja
	;;
cmake)
	# The man page's example, as written there.
	need cmake; need ninja
	cat > CMakeLists.txt <<EOS
cmake_minimum_required(VERSION 3.20)
project(docs NONE)
foreach(doc a b)
  add_custom_command(
    OUTPUT \${doc}.pdf
    COMMAND $tmp/conv -o \${doc}.pdf --depfile \${doc}.pdf.d
            \${CMAKE_CURRENT_SOURCE_DIR}/\${doc}.md
    DEPENDS \${doc}.md
    DEPFILE \${doc}.pdf.d)
  list(APPEND pdfs \${doc}.pdf)
endforeach()
add_custom_target(docs ALL DEPENDS \${pdfs})
EOS
	cmake -S . -B build -G Ninja >log 2>&1 || { fail "cmake"; cat log; exit 1; }
	cmake_build() { cmake --build build; }
	cmake_idle() { ninja -C build -n | tee /dev/stderr | grep -q 'no work to do'; }
	uptodate=cmake_idle
	steps cmake_build
	;;
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
