#!/usr/bin/env python3
"""Rebuild rules/model/en-bigrams.bin, the context model of the `context` rule kind.

    python3 scripts/build-context-model.py [--wheel PATH]

Source: the unigram and bigram frequency lists that ship in the PyPI package
symspellpy 6.10.1 (MIT; derived from Google Books Ngram data, CC BY 3.0, and
SCOWL). Without --wheel the wheel is downloaded with `pip download` into
target/model-src/ and checked against its known SHA-256, so the same input
always gives the same bytes out.

Layout of the output (all integers little-endian; see src/rules/context/model.rs,
which reads it in place with no parsing at start-up):

    magic        8 bytes  b"GLYLM\\x00\\x00\\x02"
    n_words      u32      words, sorted bytewise
    n_bigrams    u32      bigrams, sorted by (left id, right id)
    log_total    f32      ln(sum of all word counts)
    log_floor    f32      ln(the smallest bigram count kept, rescaled): the
                          most an unlisted bigram can have been seen
    n_slots      u32      slots of the hash table (a power of two)
    (4 bytes of padding)
    slots        u32 × n_slots         word id + 1 at slot FNV-1a(word) mod
                                       n_slots, linear probing; 0 is empty
    offsets      u32 × (n_words + 1)   byte offsets of each word in `text`
    rows         u32 × (n_words + 1)   index of each word's first bigram
    word_logc    f32 × n_words         ln(count) of each word
    right        u32 × n_bigrams       right id of each bigram, ascending
                                       within the row of its left word
    pair_logc    f32 × n_bigrams       ln(count / scale) of each bigram
    text         the words, concatenated

The bigram list counts on a larger scale than the word list (its counts of a
word's continuations add up to many times the word's own count). `scale` is
the smallest factor that brings the listed continuations of every frequent
word (count > 1e8) within that word's count; it is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEEL = "symspellpy-6.10.1-py3-none-any.whl"
SHA256 = "a653a6c125839a21ada87c3e044d690fc3b39872efbd7b7270db3de9471315e1"
UNIGRAMS = "symspellpy/frequency_dictionary_en_82_765.txt"
BIGRAMS = "symspellpy/frequency_bigramdictionary_en_243_342.txt"
OUT = ROOT / "rules" / "model" / "en-bigrams.bin"


def fnv1a(data: bytes) -> int:
    """64-bit FNV-1a, as src/rules/context/model.rs computes it."""
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def fetch_wheel() -> Path:
    dest = ROOT / "target" / "model-src"
    wheel = dest / WHEEL
    if not wheel.exists():
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(dest), "symspellpy==6.10.1"],
            check=True,
        )
    return wheel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="a local copy of " + WHEEL)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    wheel = args.wheel or fetch_wheel()
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{wheel}: SHA-256 {digest}, expected {SHA256}")

    with zipfile.ZipFile(wheel) as z:
        uni_lines = z.read(UNIGRAMS).decode("utf-8").splitlines()
        bi_lines = z.read(BIGRAMS).decode("utf-8").splitlines()

    counts: dict[str, int] = {}
    for line in uni_lines:
        word, count = line.split()
        counts[word.lower()] = counts.get(word.lower(), 0) + int(count)
    bigrams: dict[tuple[str, str], int] = {}
    for line in bi_lines:
        a, b, count = line.split()
        a, b = a.lower(), b.lower()
        # A bigram of a word the word list lacks cannot be normalised.
        if a in counts and b in counts:
            bigrams[(a, b)] = bigrams.get((a, b), 0) + int(count)

    rows: dict[str, int] = {}
    for (a, _), c in bigrams.items():
        rows[a] = rows.get(a, 0) + c
    scale = max(rows[a] / counts[a] for a in rows if counts[a] > 1e8)

    words = sorted(counts, key=lambda w: w.encode("utf-8"))
    ids = {w: i for i, w in enumerate(words)}
    pairs = sorted(((ids[a] << 32) | ids[b], c) for (a, b), c in bigrams.items())
    text = b"".join(w.encode("utf-8") for w in words)
    offsets, at = [], 0
    for w in words:
        offsets.append(at)
        at += len(w.encode("utf-8"))
    offsets.append(at)

    n_slots = 1
    while n_slots < 2 * len(words):
        n_slots *= 2
    slots = [0] * n_slots
    for i, w in enumerate(words):
        at = fnv1a(w.encode("utf-8")) & (n_slots - 1)
        while slots[at]:
            at = (at + 1) & (n_slots - 1)
        slots[at] = i + 1
    rows = [0] * (len(words) + 1)
    for key, _ in pairs:
        rows[(key >> 32) + 1] += 1
    for i in range(len(words)):
        rows[i + 1] += rows[i]

    floor = min(bigrams.values()) / scale
    out = bytearray(b"GLYLM\x00\x00\x02")
    out += struct.pack("<IIffII", len(words), len(pairs), math.log(sum(counts.values())), math.log(floor), n_slots, 0)
    out += struct.pack(f"<{n_slots}I", *slots)
    out += struct.pack(f"<{len(offsets)}I", *offsets)
    out += struct.pack(f"<{len(rows)}I", *rows)
    out += struct.pack(f"<{len(words)}f", *(math.log(counts[w]) for w in words))
    out += struct.pack(f"<{len(pairs)}I", *(k & 0xFFFFFFFF for k, _ in pairs))
    out += struct.pack(f"<{len(pairs)}f", *(math.log(c / scale) for _, c in pairs))
    out += text
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(out)
    print(
        f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: "
        f"{len(words):,} words, {len(pairs):,} bigrams, scale {scale:.1f}, {len(out):,} bytes"
    )


if __name__ == "__main__":
    main()
