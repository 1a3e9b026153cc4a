#!/bin/sh
# Install, with apt, the Debian 12 packages docconv needs to build and to
# run its tests; packages already installed are left alone.
set -eu

packages="
build-essential
cmake
pkg-config
libexpat1-dev
libmd4c-dev
libyaml-dev
libhpdf-dev
libpng-dev
libfontconfig-dev
libfreetype-dev
libbrotli-dev
libunibreak-dev
libhyphen-dev
hyphen-en-us
zlib1g-dev
libzip-dev
libdeflate-dev
uuid-dev
epubcheck
unzip
fonts-dejavu-core
fonts-droid-fallback
qpdf
poppler-utils
mupdf-tools
fonts-inconsolata
time
jing
docbook5-xml
man-db
groff-base
util-linux
make
ninja-build
zsh
tzdata
"

missing=
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing="$missing $p"
done
# The CommonMark spec's examples come from the npm registry: npm (with
# Node.js) from Debian, unless the machine already has an npm of its own.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "tools/deps.sh: missing packages:$missing; run as root to install them" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
