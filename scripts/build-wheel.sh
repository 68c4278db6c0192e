#!/usr/bin/env bash
# Builds the Python wheel with galley's binary inside (maturin, bindings =
# "bin"), as ruff and typos ship: `pip install` it and `galley` works with no
# Rust toolchain. Usage: scripts/build-wheel.sh [OUT_DIR] (default
# target/wheels). Installs maturin with pip when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/wheels}"
if ! command -v maturin >/dev/null 2>&1; then
    python3 -m pip install --quiet "maturin>=1.5,<2"
fi
# On Linux with glibc the binary inside links the C library statically
# (scripts/release-flags.sh): a wheel with no shared-library needs at all.
source scripts/release-flags.sh
# GALLEY_WHEEL_PROFILE picks another Cargo profile (the wheel test's).
maturin build --profile "${GALLEY_WHEEL_PROFILE:-release}" --locked ${GALLEY_TARGET_ARGS[@]+"${GALLEY_TARGET_ARGS[@]}"} --out "$out" >&2
ls -t "$out"/galley_lint-*.whl | head -n 1
