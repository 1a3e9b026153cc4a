#!/bin/sh
# PROGRAM ARGS... under valgrind's memcheck, for the suite built with
# -DDOCCONV_VALGRIND=ON: any memory error, and any leak of docconv's own
# (definite or indirect), makes the status 99, which no test expects.
# The report goes to a file of its own (valgrind-PID.log in
# $DOCCONV_VALGRIND_LOGS, else the temporary folder; every user the tests
# run as must be able to write there: one test runs as nobody), so that
# tests that read docconv's standard error still see only docconv's.
logs=${DOCCONV_VALGRIND_LOGS:-${TMPDIR:-/tmp}}
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect \
	--log-file="$logs/valgrind-%p.log" "$@"
