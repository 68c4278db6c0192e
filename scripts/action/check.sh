#!/usr/bin/env bash
# The step of galley's GitHub Action (action.yml): install the released
# galley for this runner, verified by its SHA-256, run `galley check` on the
# given paths with GitHub annotations, optionally write a SARIF report, and
# exit as `galley check` does (0 clean, 1 findings, 2 an error).
#
# Inputs come from the environment, never from text pasted into the script:
#   GALLEY_VERSION     the release to install (0.1.0), required
#   GALLEY_PATHS       files or folders, separated by spaces (default ".")
#   GALLEY_ARGS        more arguments for `galley check`, separated by spaces
#   GALLEY_SARIF       "true": also write $RUNNER_TEMP/galley.sarif
#   GALLEY_REPOSITORY  owner/name of the release (the action's repository)
#   GALLEY_ARCHIVE     a local archive instead of the download (its .sha256
#                      beside it); for tests and air-gapped runners
set -euo pipefail

version="${GALLEY_VERSION:?GALLEY_VERSION is required}"
work="${RUNNER_TEMP:-$(mktemp -d)}/galley-${version}"
mkdir -p "$work"

case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) target=x86_64-unknown-linux-gnu ;;
    Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-gnu ;;
    Darwin/x86_64) target=x86_64-apple-darwin ;;
    Darwin/arm64) target=aarch64-apple-darwin ;;
    MINGW* | MSYS* | CYGWIN* | Windows*) target=x86_64-pc-windows-msvc ;;
    *) echo "galley: no release for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac
case "$target" in
    *windows*) ext=zip exe=galley.exe ;;
    *) ext=tar.gz exe=galley ;;
esac
name="galley-${version}-${target}.${ext}"

if [ -n "${GALLEY_ARCHIVE:-}" ]; then
    archive="$GALLEY_ARCHIVE"
    sums="${GALLEY_ARCHIVE}.sha256"
else
    repo="${GALLEY_REPOSITORY:?GALLEY_REPOSITORY is required to download a release}"
    base="https://github.com/${repo}/releases/download/v${version}"
    archive="$work/$name"
    sums="$work/$name.sha256"
    curl --fail --silent --show-error --location --retry 3 -o "$archive" "$base/$name"
    curl --fail --silent --show-error --location --retry 3 -o "$sums" "$base/$name.sha256"
fi

# The checksum file holds "<hex>  <file name>"; compare the hex only, so the
# archive may sit anywhere.
want="$(cut -d' ' -f1 < "$sums")"
if command -v sha256sum >/dev/null 2>&1; then
    got="$(sha256sum "$archive" | cut -d' ' -f1)"
else
    got="$(shasum -a 256 "$archive" | cut -d' ' -f1)"
fi
if [ "$want" != "$got" ]; then
    echo "galley: $name does not match its SHA-256 ($got, expected $want)" >&2
    exit 2
fi

case "$ext" in
    zip) unzip -q -o "$archive" -d "$work" ;;
    *) tar -xzf "$archive" -C "$work" ;;
esac
galley="$(find "$work" -type f -name "$exe" | head -n 1)"
if [ -z "$galley" ]; then
    echo "galley: $name holds no $exe" >&2
    exit 2
fi
chmod +x "$galley"
"$galley" --version

read -r -a paths <<< "${GALLEY_PATHS:-.}"
read -r -a args <<< "${GALLEY_ARGS:-}"
status=0
"$galley" check --format github "${args[@]}" -- "${paths[@]}" || status=$?
if [ "${GALLEY_SARIF:-false}" = "true" ]; then
    "$galley" check --format sarif "${args[@]}" -- "${paths[@]}" \
        > "${RUNNER_TEMP:-$work}/galley.sarif" || true
fi
exit "$status"
