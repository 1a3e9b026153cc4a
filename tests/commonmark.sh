#!/bin/sh
# The CommonMark specification's examples (npm package commonmark-spec,
# which ships spec.txt and its examples as JSON) through docconv's HTML
# writer; see commonmark.js for the comparison.
#
# usage: commonmark.sh install DIR
#        (the CTest fixture: npm installs the package under DIR)
#        commonmark.sh run DIR DOCCONV FORMAT MIN
#        (fails unless at least MIN of the 652 examples pass; fails, does
#        not skip, when the package or node is missing)
set -u
version=0.31.2
mode=$1 dir=$2
module=$dir/node_modules/commonmark-spec

if [ "$mode" = install ]; then
	if [ -f "$module/package.json" ] &&
	   grep -q "\"version\": \"$version\"" "$module/package.json"; then
		exit 0
	fi
	command -v npm >/dev/null 2>&1 || {
		echo "FAIL: npm is needed to install commonmark-spec"; exit 1; }
	mkdir -p "$dir" &&
	npm install --no-audit --no-fund --prefix "$dir" \
		"commonmark-spec@$version" || {
		echo "FAIL: npm install commonmark-spec@$version"; exit 1; }
	exit 0
fi

docconv=$3 format=$4 min=$5
if [ ! -f "$module/package.json" ]; then
	echo "FAIL: $module is missing (the commonmark.install test puts it there)"
	exit 1
fi
command -v node >/dev/null 2>&1 || { echo "FAIL: node is needed"; exit 1; }
exec node "$(dirname "$0")/commonmark.js" "$module" "$docconv" "$format" "$min"
