#!/usr/bin/env python3
"""Rebuild rules/model/en-trigrams.bin, the trigram model of the `context` rule kind.

    python3 scripts/build-trigram-model.py [--wheel PATH | --deb PATH | --lm PATH]

Source: the CMU Sphinx US-English language model, `en-us.lm.bin`, a smoothed
backoff trigram model (72,547 words, 2,051,541 bigrams, 1,669,625 trigrams),
BSD-2-clause, Carnegie Mellon University (rules/model/LICENSE-cmusphinx). It
ships in the PyPI wheel `pocketsphinx==5.1.1` as
`pocketsphinx/model/en-us/en-us.lm.bin` and, byte for byte, in Debian's
`pocketsphinx-en-us` package. This script downloads nothing: get the wheel
with

    pip download --no-deps pocketsphinx==5.1.1 -d target/model-src

(any platform's wheel holds the same file) or Debian's package with
`apt-get download pocketsphinx-en-us`, and pass it. The model file is checked
against its known SHA-256, so the same input always gives the same bytes out.

The reader below follows pocketsphinx's trie layout (src/lm/ngram_model_trie.c,
lm_trie.c, lm_trie_quant.c): a header, 3 × 65,536 quantisation bins, the
unigrams (prob, backoff, first bigram), then bit-packed bigram entries (word,
16-bit prob and backoff codes, first trigram) and trigram entries (word,
16-bit prob code), then the words. The trie is stored *reversed*: the row of
word w holds the bigrams "h w" keyed by h, and under each the trigrams
"g h w" keyed by g. Values are in units of log base 1.0001. Its header
claims 2,051,547 bigrams, 6 more than the trie holds: the unigrams' row
pointers, not the header, say where the bigrams end.

Word ids: the output numbers the words by frequency, not in the source's
bytewise order: `<s>` is 0 (the source gives it a placeholder probability
of -99; it is the history of every sentence's first word), the others
follow by descending unigram probability, equal ones bytewise. An article
reads the id-indexed entries and the bigram rows of common words most, and
these sit together at the start of each section rather than spread over
the whole file. In a bigram row or under a context a word is found by its
*search key*, its id times 81,007 (odd, about 2^17 over the golden ratio)
in the word bits, one to one: the ids of a row crowd at the small ids of
the common words, which would defeat the reader's interpolation search;
the keys spread evenly.

Layout of the output (little-endian; src/lang/model/mod.rs reads it in
place, with no parsing at start-up):

    magic        8 bytes  b"GLYTRI\\x00\\x04"
    counts       u32 × 8  words, bigrams, trigrams, bigrams with trigrams
                          (contexts), hash slots, neighbour links, word bits,
                          context pointer bits
    sections     u32 × 13 byte offset of each of the 12 sections below, then
                          the end of the file
    slots        u32 × n_slots        a word's key is the top 32 bits of its
                                      FNV-1a (1 if that is 0), galley's word
                                      key; at key mod n_slots (linear
                                      probing), the key's top 32 - word bits
                                      bits, then its id + 1 in the word bits
                                      (n_slots is 2^word bits: the slot's
                                      place is the key's low bits, what it
                                      holds of the key the rest); 0 is an
                                      empty slot
    offsets      u32 × (words + 1)    byte offset of each word in `text`
    uni          f32 × 2 words        log10 P(w), then log10 backoff(w)
    rows         u32 × (words + 1)    first bigram of each word's row
    books        f32 × 3 × 256        bins: bigram prob, bigram backoff,
                                      trigram prob (log10)
    bigrams      bits × bigrams       h's search key (word bits), prob code
                                      (8), backoff code (8), ascending key
                                      within a row
    has_tri      u64 × ⌈bigrams/64⌉   bit i: bigram i has trigrams
    rank         u32 × ⌈bigrams/64⌉   set bits before each u64 of has_tri
    ctx          bits × (contexts+1)  first trigram of each context, in
                                      bigram order (context pointer bits)
    trigrams     bits × trigrams      g's search key (word bits), prob code
                                      (8), ascending key within a context
    nb           u32 × (words + 1)    first neighbour link of each word, then
                 bits × links         word ids one edit away (word bits):
                                      a letter added, dropped, changed or two
                                      neighbours swapped; ASCII letters only;
                                      in the words' bytewise order (the
                                      order the rules weigh them in)
    text         the words, concatenated, in id order

Every bit-packed section is followed by 8 bytes of padding, so a reader may
load 8 bytes at any entry.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import string
import struct
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHA256 = "db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6"
IN_WHEEL = "pocketsphinx/model/en-us/en-us.lm.bin"
IN_DEB = "./usr/share/pocketsphinx/model/en-us/en-us.lm.bin"
OUT = ROOT / "rules" / "model" / "en-trigrams.bin"
MAGIC = b"GLYTRI\x00\x04"
# Odd, about 2^17 / 1.618 (the golden ratio): the search keys of the ids
# 0, 1, 2, … spread over the word bits as evenly as any sequence does.
SEARCH_KEY = 81007
TO_LOG10 = math.log(1.0001) / math.log(10)
CODE_BITS = 8


def fnv1a(data: bytes) -> int:
    """64-bit FNV-1a, as src/lang/fnv.rs computes it."""
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def bits_for(n: int) -> int:
    return max(1, n.bit_length())


class Sphinx:
    """The decoded trie of a pocketsphinx trigram model."""

    def __init__(self, data: bytes):
        hdr = b"Trie Language Model"
        if data[: len(hdr)] != hdr:
            sys.exit("not a pocketsphinx trie language model")
        at = len(hdr)
        if data[at] != 3:
            sys.exit(f"order {data[at]}: only trigram models are read")
        at += 1
        n1, n2_header, n3 = struct.unpack_from("<3I", data, at)
        at += 12 + 4  # the counts, then a quantisation type nobody reads
        books = struct.unpack_from(f"<{3 * 65536}f", data, at)
        at += 4 * 3 * 65536
        bi_prob, bi_bo, tri_prob = books[:65536], books[65536:131072], books[131072:]
        ug = struct.unpack_from(f"<{3 * (n1 + 1)}I", data, at)
        at += 12 * (n1 + 1)
        as_f32 = lambda u: struct.unpack("<f", struct.pack("<I", u))[0]  # noqa: E731
        self.uni_prob = [as_f32(ug[3 * i]) * TO_LOG10 for i in range(n1)]
        self.uni_bo = [as_f32(ug[3 * i + 1]) * TO_LOG10 for i in range(n1)]
        self.rows = [ug[3 * i + 2] for i in range(n1 + 1)]
        n2 = self.rows[n1]
        word_bits = bits_for(n1)
        next_bits = bits_for(n3)
        mid_bits = word_bits + 32 + next_bits
        long_bits = word_bits + 16
        # Sized by the header's counts, which is how pocketsphinx allocates.
        msize = ((1 + n2_header) * mid_bits + 7) // 8 + 8
        lsize = ((1 + n3) * long_bits + 7) // 8 + 8
        mid, long = data[at : at + msize], data[at + msize : at + msize + lsize]
        at += msize + lsize
        (k,) = struct.unpack_from("<I", data, at)
        words = data[at + 4 : at + 4 + k].split(b"\0")
        if words[-1] != b"" or len(words) != n1 + 1 or at + 4 + k != len(data):
            sys.exit("the word list does not match the header")
        self.words = [w.decode("utf-8") for w in words[:-1]]
        wmask, nmask = (1 << word_bits) - 1, (1 << next_bits) - 1
        self.bw, self.bp, self.bb, self.bn = [], [], [], []
        for i in range(n2 + 1):
            bit = i * mid_bits
            v = int.from_bytes(mid[bit >> 3 : (bit >> 3) + 11], "little") >> (bit & 7)
            self.bn.append((v >> (word_bits + 32)) & nmask)
            if i < n2:
                q = (v >> word_bits) & 0xFFFFFFFF
                self.bw.append(v & wmask)
                self.bp.append(bi_prob[q >> 16] * TO_LOG10)
                self.bb.append(bi_bo[q & 0xFFFF] * TO_LOG10)
        if self.bn[n2] != n3:
            sys.exit(f"the last bigram ends at trigram {self.bn[n2]}, not {n3}")
        self.tw, self.tp = [], []
        for j in range(n3):
            bit = j * long_bits
            v = int.from_bytes(long[bit >> 3 : (bit >> 3) + 6], "little") >> (bit & 7)
            self.tw.append(v & wmask)
            self.tp.append(tri_prob[(v >> word_bits) & 0xFFFF] * TO_LOG10)
        if any(a >= b for r in range(n1) for a, b in zip(self.bw[self.rows[r] : self.rows[r + 1] - 1], self.bw[self.rows[r] + 1 : self.rows[r + 1]])):
            sys.exit("a bigram row is not in ascending order")
        # Two of the trigram rows hold their two entries in descending
        # order (pocketsphinx's interpolation search misses one of each):
        # sort every row, keeping each entry's probability with it.
        unsorted = 0
        for r in range(n2):
            lo, hi = self.bn[r], self.bn[r + 1]
            row = self.tw[lo:hi]
            if any(a >= b for a, b in zip(row, row[1:])):
                unsorted += 1
                pairs = sorted(zip(row, self.tp[lo:hi]))
                if any(a[0] == b[0] for a, b in zip(pairs, pairs[1:])):
                    sys.exit("a trigram row holds a word twice")
                self.tw[lo:hi] = [w for w, _ in pairs]
                self.tp[lo:hi] = [p for _, p in pairs]
        print(f"{unsorted} trigram rows sorted", file=sys.stderr)


def codebook(values: list[float], n: int) -> list[float]:
    """n evenly spaced bins from the least value to the greatest, ascending:
    no value is more than half a bin's width from its bin (equal-population
    bins, pocketsphinx's choice, leave the rare extreme values far off)."""
    lo, hi = min(values), max(values)
    step = (hi - lo) / (n - 1)
    return [struct.unpack("<f", struct.pack("<f", lo + i * step))[0] for i in range(n)]


def encode(book: list[float], x: float) -> int:
    """The index of the bin nearest to x."""
    import bisect

    i = bisect.bisect_left(book, x)
    if i == 0:
        return 0
    if i == len(book):
        return len(book) - 1
    return i if book[i] - x < x - book[i - 1] else i - 1


class Bits:
    """A little-endian bit-packed array of fixed-width entries."""

    def __init__(self) -> None:
        self.value = 0
        self.at = 0
        self.parts: list[int] = []

    def push(self, fields: list[tuple[int, int]]) -> None:
        for width, v in fields:
            assert 0 <= v < (1 << width), (v, width)
            self.value |= v << self.at
            self.at += width
        # Flush whole bytes now and then: big ints get slow.
        if self.at >= 4096:
            n = self.at // 8
            self.parts.append((self.value & ((1 << (8 * n)) - 1)).to_bytes(n, "little"))
            self.value >>= 8 * n
            self.at -= 8 * n

    def bytes(self) -> bytes:
        tail = self.value.to_bytes((self.at + 7) // 8, "little")
        return b"".join(self.parts) + tail + bytes(8)


def neighbours(words: list[str]) -> list[list[int]]:
    """For each word of ASCII letters, the ids of the words of ASCII letters one
    edit away (added, dropped, changed letter; two neighbours swapped), in
    the bytewise order of their spellings."""
    letters = string.ascii_lowercase
    ids = {w: i for i, w in enumerate(words) if w.isascii() and w.isalpha()}
    out: list[list[int]] = [[] for _ in words]
    for w, i in ids.items():
        found = set()
        for k in range(len(w) + 1):
            a, b = w[:k], w[k:]
            cands = [a + c + b for c in letters]
            if b:
                cands.append(a + b[1:])
                cands += [a + c + b[1:] for c in letters]
            if len(b) > 1:
                cands.append(a + b[1] + b[0] + b[2:])
            for c in cands:
                j = ids.get(c)
                if j is not None and j != i:
                    found.add(j)
        out[i] = sorted(found, key=lambda j: words[j].encode())
    return out


def frequency_order(s: Sphinx) -> list[int]:
    """The source's word ids in the order of the new ids: the sentence start
    `<s>` first (the source gives it a placeholder probability of -99, and
    it is the history of every sentence's first word), then by descending
    unigram probability, equal ones in bytewise order of their spelling."""
    start = s.words.index("<s>")
    rest = sorted((i for i in range(len(s.words)) if i != start), key=lambda i: (-s.uni_prob[i], s.words[i].encode()))
    return [start, *rest]


def search_key(word_id: int, mask: int) -> int:
    """The key by which a word is found in a bigram row or under a context,
    as src/lang/model/mod.rs computes it: its id times an odd constant, in
    the word bits (a one-to-one map). The ids of the words in a row crowd
    at the small ids of the common words; their keys spread evenly, which
    the reader's interpolation search needs."""
    return (word_id * SEARCH_KEY) & mask


def renumber(s: Sphinx, order: list[int]) -> None:
    """Gives word order[k] the id k: the words and their unigrams move, each
    bigram row goes with its word, and each row and each context holds the
    search keys of its words, in ascending order."""
    new = [0] * len(order)
    mask = (1 << bits_for(len(order) - 1)) - 1
    for k, old in enumerate(order):
        new[old] = search_key(k, mask)
    rows, bw, bp, bb, bn, tw, tp = [0], [], [], [], [0], [], []
    for old in order:
        row = sorted((new[s.bw[i]], i) for i in range(s.rows[old], s.rows[old + 1]))
        for h, i in row:
            bw.append(h)
            bp.append(s.bp[i])
            bb.append(s.bb[i])
            tri = sorted((new[s.tw[j]], s.tp[j]) for j in range(s.bn[i], s.bn[i + 1]))
            tw += [g for g, _ in tri]
            tp += [p for _, p in tri]
            bn.append(len(tw))
        rows.append(len(bw))
    s.words = [s.words[i] for i in order]
    s.uni_prob = [s.uni_prob[i] for i in order]
    s.uni_bo = [s.uni_bo[i] for i in order]
    s.rows, s.bw, s.bp, s.bb, s.bn, s.tw, s.tp = rows, bw, bp, bb, bn, tw, tp


def build(lm_bytes: bytes) -> bytes:
    s = Sphinx(lm_bytes)
    renumber(s, frequency_order(s))
    n1, n2, n3 = len(s.words), len(s.bw), len(s.tw)
    word_bits = bits_for(n1 - 1)
    ctx_bits = bits_for(n3)
    books = [codebook(s.bp, 1 << CODE_BITS), codebook(s.bb, 1 << CODE_BITS), codebook(s.tp, 1 << CODE_BITS)]
    for name, book, values in [("bigram", books[0], s.bp), ("backoff", books[1], s.bb), ("trigram", books[2], s.tp)]:
        worst = max(abs(book[encode(book, x)] - x) for x in values)
        print(f"{name} bins {book[0]:.2f} to {book[-1]:.2f}: worst log10 error {worst:.4f}", file=sys.stderr)

    text = b"".join(w.encode() for w in s.words)
    offsets, at = [], 0
    for w in s.words:
        offsets.append(at)
        at += len(w.encode())
    offsets.append(at)
    n_slots = 1 << (n1 - 1).bit_length()
    assert n_slots == 1 << word_bits and n1 < n_slots
    slots = [0] * n_slots
    for i, w in enumerate(s.words):
        key = max(1, fnv1a(w.encode()) >> 32)
        h = key & (n_slots - 1)
        while slots[h]:
            h = (h + 1) & (n_slots - 1)
        slots[h] = (key >> word_bits << word_bits) | (i + 1)

    bigrams = Bits()
    has_tri = [0] * ((n2 + 63) // 64)
    ctx = Bits()
    n_ctx = 0
    for i in range(n2):
        bigrams.push([(word_bits, s.bw[i]), (CODE_BITS, encode(books[0], s.bp[i])), (CODE_BITS, encode(books[1], s.bb[i]))])
        if s.bn[i + 1] > s.bn[i]:
            has_tri[i // 64] |= 1 << (i % 64)
            ctx.push([(ctx_bits, s.bn[i])])
            n_ctx += 1
    ctx.push([(ctx_bits, n3)])
    rank, seen = [], 0
    for word in has_tri:
        rank.append(seen)
        seen += bin(word).count("1")
    trigrams = Bits()
    for j in range(n3):
        trigrams.push([(word_bits, s.tw[j]), (CODE_BITS, encode(books[2], s.tp[j]))])
    near = neighbours(s.words)
    nb_rows, links = [0], Bits()
    for ids in near:
        for j in ids:
            links.push([(word_bits, j)])
        nb_rows.append(nb_rows[-1] + len(ids))

    sections = [
        struct.pack(f"<{n_slots}I", *slots),
        struct.pack(f"<{n1 + 1}I", *offsets),
        struct.pack(f"<{2 * n1}f", *s.uni_prob, *s.uni_bo),
        struct.pack(f"<{n1 + 1}I", *s.rows),
        struct.pack(f"<{3 << CODE_BITS}f", *books[0], *books[1], *books[2]),
        bigrams.bytes(),
        struct.pack(f"<{len(has_tri)}Q", *has_tri),
        struct.pack(f"<{len(rank)}I", *rank),
        ctx.bytes(),
        trigrams.bytes(),
        struct.pack(f"<{n1 + 1}I", *nb_rows) + links.bytes(),
        text,
    ]
    # The neighbour links' bit-packed ids start right after nb_rows.
    head = MAGIC + struct.pack("<8I", n1, n2, n3, n_ctx, n_slots, nb_rows[-1], word_bits, ctx_bits)
    start = len(head) + 4 * 13
    starts = []
    for sec in sections:
        starts.append(start)
        start += len(sec)
    starts.append(start)
    out = head + struct.pack("<13I", *starts) + b"".join(sections)
    print(
        f"{n1} words, {n2} bigrams ({n_ctx} with trigrams), {n3} trigrams, "
        f"{nb_rows[-1]} neighbour links: {len(out):,} bytes",
        file=sys.stderr,
    )
    return out


def read_source(args: argparse.Namespace) -> bytes:
    if args.lm:
        data = Path(args.lm).read_bytes()
    elif args.deb:
        data = from_deb(Path(args.deb))
    else:
        wheel = Path(args.wheel) if args.wheel else None
        if wheel is None:
            found = sorted((ROOT / "target" / "model-src").glob("pocketsphinx-5.1.1-*.whl"))
            if not found:
                sys.exit(
                    "no source given: run `pip download --no-deps pocketsphinx==5.1.1 -d target/model-src`"
                    " (or pass --wheel, --deb or --lm)"
                )
            wheel = found[0]
        with zipfile.ZipFile(wheel) as z:
            data = z.read(IN_WHEEL)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        sys.exit(f"en-us.lm.bin has SHA-256 {digest}, not the pinned {SHA256}")
    return data


def from_deb(deb: Path) -> bytes:
    """The model from a Debian package (an `ar` archive holding data.tar.*)."""
    raw = deb.read_bytes()
    if raw[:8] != b"!<arch>\n":
        sys.exit(f"{deb}: not a Debian package")
    at = 8
    while at < len(raw):
        name = raw[at : at + 16].decode().strip().rstrip("/")
        size = int(raw[at + 48 : at + 58].decode().strip())
        body = raw[at + 60 : at + 60 + size]
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as tar:
                member = tar.extractfile(IN_DEB)
                if member is None:
                    sys.exit(f"{deb}: no {IN_DEB}")
                return member.read()
        at += 60 + size + (size & 1)
    sys.exit(f"{deb}: no data archive")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--wheel", help="a pocketsphinx 5.1.1 wheel")
    src.add_argument("--deb", help="Debian's pocketsphinx-en-us package")
    src.add_argument("--lm", help="en-us.lm.bin itself")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    out = build(read_source(args))
    with tempfile.NamedTemporaryFile(dir=args.out.parent, delete=False) as tmp:
        tmp.write(out)
    Path(tmp.name).chmod(0o644)
    Path(tmp.name).replace(args.out)
    print(f"wrote {args.out} (SHA-256 {hashlib.sha256(out).hexdigest()})", file=sys.stderr)


if __name__ == "__main__":
    main()
