#!/usr/bin/env bash
# Packs the release binary for one target into dist/: an archive named
# galley-VERSION-TARGET.tar.gz (.zip on Windows) holding the binary, the
# README, the licence notices and the CHANGELOG, and beside it its SHA-256
# in a .sha256 file ("<hex>  <archive name>"), as the action expects.
#
#   scripts/release/package.sh VERSION TARGET [BINARY]
set -euo pipefail
version="$1"
target="$2"
case "$target" in
    *windows*) exe=galley.exe ext=zip ;;
    *) exe=galley ext=tar.gz ;;
esac
binary="${3:-target/$target/release/$exe}"
stage="$(mktemp -d)/galley-${version}-${target}"
mkdir -p "$stage" dist
cp "$binary" "$stage/$exe"
cp README.md CHANGELOG.md "$stage/"
cp rules/model/LICENSE-cmusphinx "$stage/"
name="galley-${version}-${target}.${ext}"
(
    cd "$(dirname "$stage")"
    case "$ext" in
        zip) 7z a -tzip "$OLDPWD/dist/$name" "$(basename "$stage")" >/dev/null ;;
        *) tar -czf "$OLDPWD/dist/$name" "$(basename "$stage")" ;;
    esac
)
(
    cd dist
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$name" > "$name.sha256"
    else
        shasum -a 256 "$name" > "$name.sha256"
    fi
)
echo "dist/$name"
