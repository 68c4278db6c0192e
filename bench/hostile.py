#!/usr/bin/env python3
"""galley on hostile shapes of input: does time and memory grow linearly?

    python3 bench/hostile.py [--galley target/release/galley] [--sizes 1,2,4,8] [--runs 3]

For each shape below, at each size (MB), it generates the file under
target/bench/hostile, runs galley on it --runs times (default 3) and prints
the median wall time, the largest peak memory (maximum resident set size)
and the size of what galley printed, then the ratio of the largest size's time to the smallest's
against the ratio of their sizes (linear growth gives about the same
number). The reference measured in the same run is `cat` of the same file.

Shapes (issue 15's list):

- long-paragraph: one paragraph as long as the file, news-style on, human
  output (a finding's excerpt must stay a window of the line);
- short-paragraphs: thousands of short paragraphs (duplicate-caption,
  caption guessing);
- doubled-words --fix: a doubled word in every paragraph, fixed in place;
- a-dot: `a.\\n\\n` repeated (a block and a sentence per three bytes);
- one-letter-lines: `a\\n` repeated;
- many-findings sarif: a finding every few words, as SARIF;
- quoted-slips: slips inside quotations, which the rules that leave
  quotations alone drop (one at a time, they were quadratic);
- docx-paragraphs: a .docx of short paragraphs.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench" / "hostile"
MB = 1 << 20


def fill(size: int, piece) -> str:
    out, n, i = [], 0, 0
    while n < size:
        p = piece(i)
        out.append(p)
        n += len(p)
        i += 1
    return "".join(out)


WORDS = "the council said that mayor Li Wei met officials on Monday to vote on the budget for roads".split()


def long_paragraph(size):
    rnd = random.Random(1)
    body = fill(size, lambda i: rnd.choice(WORDS) + (" 5 percent of January 3 " if i % 40 == 0 else " "))
    return "Headline here\n\n" + body + ".\n"


def short_paragraphs(size):
    return fill(size, lambda i: f"Officials met in hall {i} on Monday.\n\nThe vote {i} passed\n\n")


def doubled_words(size):
    rnd = random.Random(3)
    return fill(size, lambda i: f"The {rnd.choice(WORDS)} {WORDS[i % len(WORDS)]} {WORDS[i % len(WORDS)]} went home.\n\n")


def a_dot(size):
    return "a.\n\n" * (size // 4)


def one_letter_lines(size):
    return "a\n" * (size // 2)


def many_findings(size):
    return fill(size, lambda i: "It was the the end, could of been a hour. ")


def quoted_slips(size):
    return fill(size, lambda i: 'He said "I could of gone, it was a hour late." ')


def one_sentence_of_matches(size):
    # No period: one sentence with a phrase match every few words.
    return "a cats " * (size // 7)


def docx(size, path: Path):
    paragraphs = fill(size, lambda i: f"<w:p><w:r><w:t>Officials met in hall {i} and the the vote passed.</w:t></w:r></w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + paragraphs
        + "</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", document)


SHAPES = [
    ("long-paragraph", "txt", long_paragraph, ["--enable", "news-style", "--color", "never"]),
    ("short-paragraphs", "txt", short_paragraphs, ["--format", "concise"]),
    ("doubled-words --fix", "txt", doubled_words, ["--fix", "--format", "concise"]),
    ("a-dot", "txt", a_dot, ["--format", "concise"]),
    ("one-letter-lines", "txt", one_letter_lines, ["--format", "concise"]),
    ("many-findings sarif", "txt", many_findings, ["--format", "sarif"]),
    ("quoted-slips", "txt", quoted_slips, ["--format", "concise"]),
    ("one-sentence-of-matches", "txt", one_sentence_of_matches, ["--format", "concise"]),
    ("docx-paragraphs", "docx", None, ["--format", "concise"]),
]


def run(cmd):
    """Wall time, peak RSS (MB) of the child, and bytes printed."""
    out = WORK / "out"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out, "wb") as sink:
        start = time.perf_counter()
        subprocess.run(cmd, stdout=sink, stderr=subprocess.DEVNULL, cwd=WORK)
        elapsed = time.perf_counter() - start
    # ru_maxrss of children is the largest so far: a fresh measurement per
    # run needs a fresh process, so each run goes through /usr/bin/time when
    # it is there.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024, out.stat().st_size


def measure(cmd):
    # Nothing left to write back from before (the last run's output, the
    # generated file): --fix syncs the file it writes, and that would wait
    # for the others too. The sink is a new file, not the old one truncated
    # (ext4 flushes a truncated file's blocks at the next sync).
    (WORK / "out").unlink(missing_ok=True)
    os.sync()
    if os.path.exists("/usr/bin/time"):
        out = WORK / "out"
        with open(out, "wb") as sink:
            start = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=sink, stderr=subprocess.PIPE, cwd=WORK)
            elapsed = time.perf_counter() - start
        peak_kb = int(p.stderr.decode().strip().splitlines()[-1])
        return elapsed, peak_kb / 1024, out.stat().st_size
    return run(cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--galley")
    ap.add_argument("--sizes", default="1,2,4,8")
    ap.add_argument("--runs", type=int, default=3, help="runs per shape and size; the median time and the largest peak are shown")
    args = ap.parse_args()
    galley = str(Path(args.galley).resolve()) if args.galley else None
    if not galley:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
        galley = str(ROOT / "target" / "release" / "galley")
    sizes = [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    print("| shape | MB | time | / cat | peak MB | printed MB | within 2 s and 500 MB |")
    print("|---|---:|---:|---:|---:|---:|---|")
    summary = []
    for name, ext, make, flags in SHAPES:
        times = []
        for mb in sizes:
            path = WORK / f"{name.split()[0]}-{mb}.{ext}"

            def write():
                if ext == "docx":
                    docx(mb * MB, path)
                else:
                    path.write_text(make(mb * MB), encoding="utf-8")

            write()
            cat, _, _ = measure(["cat", str(path)])
            runs = []
            for i in range(args.runs):
                if i > 0 and "--fix" in flags:
                    write()  # the last run fixed it
                runs.append(measure([galley, "check", "--no-config", "--max-file-size", "0", *flags, str(path)]))
            elapsed = sorted(r[0] for r in runs)[len(runs) // 2]
            peak = max(r[1] for r in runs)
            printed = runs[0][2]
            times.append(elapsed)
            over = [what for what, bad in (("time", elapsed > 2.0), ("memory", peak > 500)) if bad]
            within = "no (" + ", ".join(over) + ")" if over else "yes"
            print(f"| {name} | {mb} | {elapsed:.2f} s | {elapsed / max(cat, 1e-3):.0f} | {peak:.0f} | {printed / MB:.1f} | {within} |")
            sys.stdout.flush()
        summary.append((name, times[-1] / max(times[0], 1e-3)))
    print()
    print(f"| shape | time at {sizes[-1]} MB / time at {sizes[0]} MB (linear: {sizes[-1] / sizes[0]:.0f}) |")
    print("|---|---:|")
    for name, ratio in summary:
        print(f"| {name} | {ratio:.1f} |")


if __name__ == "__main__":
    main()
