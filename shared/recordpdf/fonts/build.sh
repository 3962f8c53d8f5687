#!/bin/sh
# Builds the two fonts recordpdf embeds: DejaVu Sans (regular, bold) merged with a CJK subset of
# Droid Sans Fallback, gzipped. Needs the Debian packages fonts-dejavu-core and
# fonts-droid-fallback and Python's fonttools 4.55.3 (pip install fonttools==4.55.3).
# The files are kept in the repository, so a build needs none of this.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 cjk_chars.py "$tmp/unicodes.txt"
pyftsubset /usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf --unicodes-file="$tmp/unicodes.txt" \
	--output-file="$tmp/cjk.ttf" --no-hinting --layout-features='' --name-IDs='*'
python3 merge.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$tmp/cjk.ttf" "$tmp/PortalSans.ttf" "Portal Sans" "$tmp"
python3 merge.py /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$tmp/cjk.ttf" "$tmp/PortalSans-Bold.ttf" "Portal Sans Bold" "$tmp"
gzip -9 -n -c "$tmp/PortalSans.ttf" > PortalSans.ttf.gz
gzip -9 -n -c "$tmp/PortalSans-Bold.ttf" > PortalSans-Bold.ttf.gz
