#!/usr/bin/env bash
# update.sh vendors axe-core (npm, MPL-2.0) into this directory:
# axe.min.js, LICENSE and LICENSE-3RD-PARTY.txt. The browsertest package
# embeds axe.min.js and injects it into pages to audit them.
#
# To upgrade, change VERSION and INTEGRITY (npm view axe-core@X dist.integrity),
# run it, and run go test ./internal/browsertest/.
set -euo pipefail

VERSION=4.14.1
INTEGRITY='sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=='

dest=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "axe-core@$VERSION" >/dev/null)
tgz="$tmp/axe-core-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [[ "$got" != "$INTEGRITY" ]]; then
	echo "integrity mismatch: got $got, want $INTEGRITY" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$tmp"
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$tmp/package/LICENSE-3RD-PARTY.txt" "$dest/"
echo "$VERSION" >"$dest/VERSION"
echo "axe-core $VERSION vendored into $dest"
