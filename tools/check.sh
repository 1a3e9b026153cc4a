#!/bin/sh
# The whole test suite, as CI runs it: install what is missing, build with
# warnings as errors and run every test; then again under AddressSanitizer
# and UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build/check -DDOCCONV_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build/check -j "$jobs"
ctest --test-dir build/check --output-on-failure -j "$jobs"

cmake -S . -B build/sanitize -DDOCCONV_WERROR=ON -DDOCCONV_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug
cmake --build build/sanitize -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build/sanitize --output-on-failure -j "$jobs"
echo "check: all tests passed, plain and under the sanitizers"
