#!/usr/bin/env bash
# vendor-nhsuk.sh copies the compiled NHS.UK frontend (npm package
# nhsuk-frontend, MIT) into internal/web/static/nhsuk/, where the web package
# embeds it. Run it from anywhere in the repository; commit the result.
#
#   scripts/vendor-nhsuk.sh
#
# To upgrade, change VERSION and INTEGRITY (npm view nhsuk-frontend@X dist.integrity),
# run the script, and read what it prints about the CSS's url() references.
set -euo pipefail

VERSION=10.6.1
INTEGRITY='sha512-PZorqQZjZx/A26yJoskCL9z0ib6AtkAyF0o4K/RHr8zRrJyXrUOCnMbjy0VNXsGO4tfTNMwqlkwATKs4a0xayw=='

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/internal/web/static/nhsuk"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "npm pack nhsuk-frontend@$VERSION"
(cd "$tmp" && npm pack --silent "nhsuk-frontend@$VERSION" >/dev/null)
tgz="$tmp/nhsuk-frontend-$VERSION.tgz"

got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [[ "$got" != "$INTEGRITY" ]]; then
	echo "integrity mismatch: got $got, want $INTEGRITY" >&2
	exit 1
fi

tar -xzf "$tgz" -C "$tmp"
pkg="$tmp/package"
dist="$pkg/dist/nhsuk"

license=$(sed -n 's/^  "license": "\(.*\)",$/\1/p' "$pkg/package.json")
if [[ "$license" != "MIT" ]]; then
	echo "package.json licence is '$license', expected MIT: check before vendoring" >&2
	exit 1
fi

for f in nhsuk-frontend.min.css nhsuk-frontend.min.js assets/images assets/manifest.json; do
	if [[ ! -e "$dist/$f" ]]; then
		echo "missing dist/nhsuk/$f: the package layout changed" >&2
		exit 1
	fi
done

rm -rf "$dest"
mkdir -p "$dest/assets"
cp "$dist/nhsuk-frontend.min.css" "$dist/nhsuk-frontend.min.js" "$dest/"
# Drop the @font-face rules that load Frutiger from the NHS CDN. Frutiger is
# licensed to NHS organisations and learnwell is not one; its pages also load
# nothing from third parties (Content-Security-Policy font-src 'self'). Text
# falls back to Arial, as NHS.UK frontend's own font stack does.
sed -i -E 's/@font-face\{font-family:Frutiger W01;[^}]*\}//g' "$dest/nhsuk-frontend.min.css"
if grep -q 'assets\.nhs\.uk/fonts' "$dest/nhsuk-frontend.min.css"; then
	echo "the CSS still loads fonts from the NHS CDN: update the @font-face filter" >&2
	exit 1
fi
cp -R "$dist/assets/images" "$dest/assets/images"
cp "$dist/assets/manifest.json" "$dest/assets/manifest.json"
# The large text files are served precompressed (internal/web/assets.go).
(cd "$root" && go run scripts/precompress.go internal/web/static)

# The npm package has no LICENSE file (its README says MIT). This is the text
# of LICENSE in https://github.com/nhsuk/nhsuk-frontend.
cat >"$dest/LICENSE" <<'EOF'
MIT License

Copyright (c) 2019 NHS.UK

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

echo "$VERSION" >"$dest/VERSION"

cat >"$dest/README.md" <<EOF
# NHS.UK frontend $VERSION

Vendored by \`scripts/vendor-nhsuk.sh\` from the npm package
[nhsuk-frontend@$VERSION](https://www.npmjs.com/package/nhsuk-frontend/v/$VERSION)
(integrity \`$INTEGRITY\`), source https://github.com/nhsuk/nhsuk-frontend.
Licence: MIT (see LICENSE). Do not edit these files; run the script again.
One change from the package: the CSS's two @font-face rules that load Frutiger
from the NHS CDN are removed (learnwell is not an NHS organisation, and its
pages load nothing from third parties), so text uses Arial.

- \`nhsuk-frontend.min.css\`, \`nhsuk-frontend.min.js\` (an ES module: load it
  with \`type="module"\` and call \`initAll()\`) from \`dist/nhsuk/\`.
- \`assets/images/\` and \`assets/manifest.json\` from \`dist/nhsuk/assets/\`. The
  CSS asks for images at \`/assets/images/...\`; the web package serves them there.
- Source maps are left out; the JS still ends with its \`sourceMappingURL\`
  comment, which only matters to an open DevTools.
EOF

# Report what the CSS refers to: images must be under /assets/images/, fonts
# may come from the NHS CDN. Anything else needs a route or a decision.
echo "url() references in nhsuk-frontend.min.css:"
grep -o 'url([^)]*)' "$dest/nhsuk-frontend.min.css" | sort | uniq -c
unexpected=$(grep -o 'url([^)]*)' "$dest/nhsuk-frontend.min.css" |
	sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' |
	grep -v -e '^/assets/images/' -e '^https://assets\.nhs\.uk/fonts/' -e '^data:' || true)
if [[ -n "$unexpected" ]]; then
	echo "unexpected url() references (not /assets/images/ or the NHS font CDN):" >&2
	echo "$unexpected" >&2
	exit 1
fi
missing=0
for img in $(grep -o 'url(/assets/images/[^)]*)' "$dest/nhsuk-frontend.min.css" | sed -e 's/^url(\/assets\/images\///' -e 's/)$//' | sort -u); do
	if [[ ! -f "$dest/assets/images/$img" ]]; then
		echo "CSS refers to /assets/images/$img, which the package does not ship" >&2
		missing=1
	fi
done
exit $missing
