# shellcheck shell=bash
# Sourced by the scripts that build galley for people to run
# (scripts/install.sh, scripts/build-wheel.sh, bench/bench.py's build): on
# Linux with glibc the binary links the C library statically.
#
# Why: a run's start-up is most of a pre-commit hook's time, and mapping
# the shared libraries (libc, libm, libgcc_s and the loader) costs more
# than the instructions galley runs on a short file: checking a two-word
# file took 4.4 ms dynamically linked and 3.0 ms static, the example
# article 7.8 and 5.8 ms (bench/README.md, "Start-up"). Nothing galley calls needs
# the C library's dynamic parts (no name service, no locales, no dlopen).
#
# `+crt-static` must not reach build scripts and proc macros (they are
# loaded as shared objects), so it goes with an explicit `--target`, where
# RUSTFLAGS apply to the target's crates only; `relocation-model=static`
# keeps the binary position-dependent, as build.rs links it (-no-pie), so
# the C library's code, like galley's, is at a fixed address (the stack and
# the heap keep their randomisation).
#
# Not musl: its start-up runs none of the 68 `cpuid` glibc's does (0.5 ms
# on a virtual machine), but musl's malloc made an article slower; with
# mimalloc in its place the article gained 0.1-0.4 ms while the corpus
# took 5 % more CPU time (musl's memcpy and memcmp) and a 10 MB document
# 24 MB more memory (docs/src/performance.md, "One article's start-up
# (eleventh round)").
#
# Sets GALLEY_TARGET to the target triple when the static build applies
# (empty elsewhere), GALLEY_TARGET_ARGS to the cargo arguments that select
# it, and exports RUSTFLAGS accordingly.

GALLEY_HOST="$(rustc -vV | sed -n 's/^host: //p')"
GALLEY_TARGET=""
GALLEY_TARGET_ARGS=()
case "$GALLEY_HOST" in
    *-linux-gnu)
        if [ -z "${GALLEY_DYNAMIC:-}" ]; then
            GALLEY_TARGET="$GALLEY_HOST"
            GALLEY_TARGET_ARGS=(--target "$GALLEY_HOST")
            export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static -C relocation-model=static"
        fi
        ;;
esac
