#!/usr/bin/env bash
# Vendor KaTeX from the npm registry: the renderer that hooks/math.py runs at build
# time (katex.min.js, kept here, outside the site) and the stylesheet and woff2
# fonts that pages with math load (docs/assets/katex/, part of the site).
# Usage: bash docs/overrides/katex/vendor.sh 0.16.47
set -euo pipefail
version=${1:?usage: vendor.sh KATEX_VERSION}
here=$(cd "$(dirname "$0")" && pwd)
site_assets="$here/../../assets/katex"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "katex@$version" >/dev/null && tar xzf "katex-$version.tgz")
dist="$work/package/dist"
cp "$dist/katex.min.js" "$here/katex.min.js"
cp "$work/package/LICENSE" "$here/LICENSE"
rm -rf "$site_assets" && mkdir -p "$site_assets/fonts"
cp "$dist"/fonts/*.woff2 "$site_assets/fonts/"
cp "$work/package/LICENSE" "$site_assets/LICENSE"
# font-display: swap (text stays visible while a font loads); woff2 only, which
# every browser that renders this site reads, so no woff or ttf is shipped.
sed -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)//g' \
  "$dist/katex-swap.min.css" > "$site_assets/katex.min.css"
if grep -qE '\.(woff|ttf)\)' "$site_assets/katex.min.css"; then
  echo "vendor.sh: the stylesheet still names woff or ttf fonts; update the sed expression" >&2
  exit 1
fi
echo "$version" > "$here/VERSION"
echo "vendored KaTeX $version"
