#!/usr/bin/env bash
# Installs galley from this clone with `cargo install` (into ~/.cargo/bin):
# on Linux with glibc, linked statically for a faster start
# (scripts/release-flags.sh says why; GALLEY_DYNAMIC=1 turns it off).
# Extra arguments go to `cargo install`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-flags.sh
cargo install --locked --path . ${GALLEY_TARGET_ARGS[@]+"${GALLEY_TARGET_ARGS[@]}"} "$@"
