#!/bin/sh
# The program is linked with the static archives of these libraries
# (DOCCONV_STATIC_DEPS, CMakeLists.txt): it must not load their shared
# libraries as well, or it starts no faster and carries two copies.
#
# usage: static_deps.sh DOCCONV NAME...   (NAME: fontconfig for libfontconfig)
set -u
docconv=$1
shift
dynamic=$(readelf -d "$docconv") ||
	{ echo "FAIL: readelf -d $docconv"; exit 1; }
# The C library is always loaded: without it, readelf read nothing.
echo "$dynamic" | grep -q 'NEEDED.*\[libc\.so' ||
	{ echo "FAIL: no NEEDED entry for libc in $docconv"; exit 1; }
failures=0
for name; do
	if echo "$dynamic" | grep -q "NEEDED.*\[lib$name[.-]"; then
		echo "FAIL: $docconv loads lib$name, whose archive it links"
		failures=$((failures + 1))
	fi
done
needed=$(echo "$dynamic" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p')
echo "$docconv loads:" $needed
[ "$failures" -eq 0 ]
