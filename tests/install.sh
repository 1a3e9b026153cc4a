#!/bin/sh
# libdocconv as its users get it: `cmake --install` into a prefix (then
# moved elsewhere: the pkg-config and CMake files must follow), programs
# built against what is installed there, and their output compared byte
# for byte with the installed docconv program's for the same input.
#
# usage: install.sh CASE SOURCE_DIR [BUILD_DIR]
# Without BUILD_DIR the project is configured and built in a temporary
# folder first.  Cases:
#   pkgconfig  tests/lib/example.c (the README's) built with
#              `pkg-config --cflags --libs docconv`, against libdocconv.so
#   cmake      the same program built by tests/lib/CMakeLists.txt with
#              find_package(docconv) and docconv::docconv
#   static     the same program linked with libdocconv.a and
#              `pkg-config --static --libs docconv`
#   api        tests/lib/api.c: option errors, a conversion in memory,
#              conversions (HTML, PDF, in memory) in four threads at once
#   exports    libdocconv.so exports docconv_* and nothing else, has its
#              SONAME; the header is the only one installed and compiles
#              alone as strict C11
set -u
case_name=$1 src=$(cd "$2" && pwd) || exit 1
build=${3:-}
[ -z "$build" ] || build=$(cd "$build" && pwd) || exit 1
reference=$src/fixtures/text/000_7b4caa0f675dee39.txt
cc=${CC:-cc}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# A step the rest depends on: stop the case here.
die() { echo "FAIL: $*"; echo "1 failure(s) in $case_name"; exit 1; }

for tool in cmake pkg-config nm readelf "$cc"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool is needed (see tools/deps.sh)"
done

if [ -z "$build" ]; then
	build=$tmp/build
	cmake -S "$src" -B "$build" -DBUILD_TESTING=OFF >configure.log 2>&1 ||
		{ cat configure.log; die "cannot configure $src"; }
	cmake --build "$build" >build.log 2>&1 ||
		{ tail -50 build.log; die "cannot build $src"; }
fi

# A library built with the sanitizers wants its runtime in the programs.
flags=
grep -Eq '^DOCCONV_(SANITIZE|FUZZ):BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null &&
	flags="-fsanitize=address,undefined"

cmake --install "$build" --prefix "$tmp/stage" >install.log 2>&1 ||
	{ cat install.log; die "cmake --install failed"; }
mv "$tmp/stage" "$tmp/prefix" || die "cannot move the installed tree"
prefix=$tmp/prefix
pc=$(find "$prefix" -name docconv.pc)
[ -n "$pc" ] || die "no docconv.pc installed"
export PKG_CONFIG_PATH="${pc%/*}"
libdir=$(pkg-config --variable=libdir docconv) || die "pkg-config cannot read $pc"
[ -f "$libdir/libdocconv.so" ] || die "docconv.pc's libdir $libdir has no libdocconv.so"
docconv=$prefix/bin/docconv
[ -x "$docconv" ] || die "no docconv program installed"
cp "$reference" ref.txt || die "cannot copy $reference"

# same_as_docconv PROGRAM FORMAT...: PROGRAM ref.txt got.EXT writes what
# `docconv ref.txt -o want.EXT` does.
same_as_docconv() {
	program=$1; shift
	for ext in "$@"; do
		"$docconv" ref.txt -o "want.$ext" 2>want.err ||
			{ cat want.err; fail "docconv cannot write .$ext"; continue; }
		"$program" ref.txt "got.$ext" 2>got.err ||
			{ cat got.err; fail "$program failed to write .$ext"; continue; }
		[ ! -s got.err ] && [ ! -s want.err ] ||
			{ cat got.err want.err; fail "warnings for the reference (.$ext)"; }
		cmp -s "want.$ext" "got.$ext" ||
			fail "$program's .$ext differs from docconv's"
	done
}

case $case_name in
pkgconfig)
	# The README's example is this program, from its #include on.
	sed -n '/^## Using docconv from C/,/^```$/p' "$src/README.md" |
		sed -n '/^#include/,/^}$/p' >readme.c
	sed -n '/^#include/,$p' "$src/tests/lib/example.c" >example.c
	cmp -s readme.c example.c ||
		fail "README.md's example differs from tests/lib/example.c"
	# shellcheck disable=SC2046  # the flags are words
	$cc -std=c11 -Wall -Wextra -Werror $flags -o example \
		"$src/tests/lib/example.c" $(pkg-config --cflags --libs docconv) \
		-Wl,-rpath,"$libdir" || die "cannot build example.c with pkg-config"
	readelf -d example | grep -q 'NEEDED.*\[libdocconv\.so\.' ||
		fail "example is not linked with libdocconv.so"
	same_as_docconv ./example dbk html
	;;
cmake)
	cmake -S "$src/tests/lib" -B user -DCMAKE_PREFIX_PATH="$prefix" \
		-DCMAKE_C_FLAGS="$flags" >user.log 2>&1 ||
		{ cat user.log; die "find_package(docconv) failed"; }
	cmake --build user >>user.log 2>&1 ||
		{ cat user.log; die "cannot build against docconv::docconv"; }
	same_as_docconv user/example dbk html
	;;
static)
	libs=$(pkg-config --static --libs docconv) || die "pkg-config --static failed"
	case " $libs " in *" -ldocconv "*) ;; *) die "no -ldocconv in: $libs" ;; esac
	# -l:libdocconv.a: the archive, though the shared library is beside it.
	libs=$(printf ' %s ' "$libs" | sed 's/ -ldocconv / -l:libdocconv.a /')
	# shellcheck disable=SC2046,SC2086
	$cc -std=c11 -Wall -Wextra -Werror $flags -o example \
		"$src/tests/lib/example.c" $(pkg-config --cflags docconv) $libs ||
		die "cannot link example.c with libdocconv.a and pkg-config --static"
	! readelf -d example | grep -q 'NEEDED.*libdocconv' ||
		fail "example needs libdocconv.so though linked with libdocconv.a"
	same_as_docconv ./example dbk html
	;;
api)
	# shellcheck disable=SC2046
	$cc -std=c11 -Wall -Wextra -Werror $flags -pthread -o api \
		"$src/tests/lib/api.c" $(pkg-config --cflags --libs docconv) \
		-Wl,-rpath,"$libdir" || die "cannot build api.c"
	mkdir out || exit 1
	# The PDFs' dates: the same in the program's and the threads'.
	export SOURCE_DATE_EPOCH=1700000000
	./api ref.txt out || fail "api reported failures"
	"$docconv" ref.txt -o want.html && "$docconv" ref.txt -o want.pdf ||
		die "docconv cannot write HTML or PDF"
	for n in 0 1 2 3; do
		for got in file-$n.html file-$n.pdf buffer-$n.html; do
			cmp -s "want.${got##*.}" "out/$got" ||
				fail "thread $n's $got differs from docconv's"
		done
	done
	;;
exports)
	so=$libdir/libdocconv.so
	nm -D --defined-only "$so" | awk '{ print $NF }' | sort >exported
	grep -q '^docconv_convert_files$' exported ||
		fail "docconv_convert_files is not exported"
	if grep -v '^docconv_' exported >others; then
		fail "libdocconv.so exports more than docconv_*:"; cat others
	fi
	readelf -d "$so" | grep -q 'SONAME.*\[libdocconv\.so\.[0-9]*\]' ||
		fail "libdocconv.so has no SONAME libdocconv.so.N"
	[ -f "$libdir/libdocconv.a" ] || fail "no libdocconv.a installed"
	headers=$(cd "$prefix/include" && find . -type f | sort)
	[ "$headers" = "./docconv.h" ] ||
		fail "installed headers are [$headers], want docconv.h alone"
	printf '#include <docconv.h>\n' >alone.c
	$cc -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only \
		-I"$prefix/include" alone.c || fail "docconv.h does not compile alone"
	;;
*)
	echo "unknown case $case_name"; exit 2
	;;
esac

[ $failures -eq 0 ] || { echo "$failures failure(s) in $case_name"; exit 1; }
exit 0
