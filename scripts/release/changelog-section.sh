#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version ("## 0.1.0" or
# "## [0.1.0]", up to the next "## "), for the GitHub release's notes.
# Fails when the CHANGELOG has no section for it: a release says what it
# changes.
#
#   scripts/release/changelog-section.sh 0.1.0
set -euo pipefail
version="$1"
awk -v v="$version" '
    /^## / { inside = ($2 == v || $2 == "[" v "]"); if (inside) { found = 1; next } }
    inside { print }
    END { if (!found) exit 1 }
' CHANGELOG.md || { echo "CHANGELOG.md has no section for $version" >&2; exit 1; }
