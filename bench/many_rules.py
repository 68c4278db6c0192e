#!/usr/bin/env python3
"""What a big pack of regex rules costs: start-up time and peak memory.

    python3 bench/many_rules.py [--galley target/release/galley] [--rules 10000] [--runs 5]

It writes a pack of --rules regex rules (four shapes: an optional suffix,
a substitution with a capture group, a word class, a Unicode letter
class; none is a plain word, so none takes the literal path) into a
folder under target/bench/many-rules, with a galley.toml naming it, and
times `galley check` there on a short article (three sentences, two of
the pack's words in it) and on the bundled example, --runs times each. It
prints the median wall time and the largest peak memory (maximum
resident set size), with the same file checked without the pack as the
reference.
"""

import argparse
import resource
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench" / "many-rules"


def pack(rules: int) -> str:
    out = ['[pack]\nname = "many"\n']
    for i in range(rules):
        shape = i % 4
        if shape == 0:
            body = f"kind = \"existence\"\npattern = 'zq{i}(?:ing|ed|s)?'\nbad = [\"a zq{i}ing\"]"
        elif shape == 1:
            body = f"kind = \"substitution\"\npattern = 'e-?mail{i}(s?)'\nreplacement = 'email{i}$1'\nbad = [\"an e-mail{i}s\"]"
        elif shape == 2:
            body = f"kind = \"existence\"\npattern = 'wx{i}\\w*'\nbad = [\"a wx{i}abc\"]"
        else:
            body = f"kind = \"existence\"\npattern = 'Zed{i}\\p{{Lu}}\\p{{Ll}}+'\nignore-case = false\nbad = [\"a Zed{i}Abc\"]"
        out.append(f'[[rule]]\nid = "r{i}"\n{body}\nmessage = "m"\n')
    return "\n".join(out)


def run_once(cmd, cwd):
    """Wall time and peak RSS (KiB) of one run, measured in a child Python
    so that ru_maxrss of its children is this run's own."""
    code = (
        "import resource,subprocess,sys,time;"
        "s=time.perf_counter();"
        f"subprocess.run({cmd!r},cwd={str(cwd)!r},stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "w=time.perf_counter()-s;"
        "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(["python3", "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--galley")
    ap.add_argument("--rules", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    galley = str(Path(args.galley).resolve()) if args.galley else None
    if not galley:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
        galley = str(ROOT / "target" / "release" / "galley")

    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "many.toml").write_text(pack(args.rules), encoding="utf-8")
    (WORK / "galley.toml").write_text('packs = ["many.toml"]\n', encoding="utf-8")
    (WORK / "short.txt").write_text(
        "A short story\n\nThe council met on Monday. It sent an e-mail7s about zq4ing.\n\nThe vote was close.\n",
        encoding="utf-8",
    )
    example = ROOT / "examples" / "tianjin-2017.txt"
    if not example.exists():
        example = ROOT.parent / "shared" / "examples" / "tianjin-2017.txt"

    print(f"# a pack of {args.rules} regex rules: median of {args.runs} runs, peak memory the largest")
    print()
    print("| file | configuration | time | peak memory |")
    print("|---|---|---:|---:|")
    for name, path in [("short article", WORK / "short.txt"), ("tianjin-2017.txt", example)]:
        for label, extra in [("the pack", []), ("no pack (reference)", ["--no-config"])]:
            cmd = [galley, "check", "--format", "concise", *extra, str(path)]
            runs = [run_once(cmd, WORK) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            print(f"| {name} | {label} | {wall * 1000:.0f} ms | {rss / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
