#!/usr/bin/env python3
"""galley's output-identity check: two builds must give the same findings.

    python3 bench/identity.py --baseline /tmp/galley-before [--galley target/release/galley]
                              [--data ../shared/data] [--bench-mb 10]

A speed change must not change what galley reports. This runs both
binaries with `check --no-config --format json --max-file-size 0` (the
default check, as bench/accuracy.py runs it) on:

* the example article (examples/tianjin-2017.txt, or the shared copy);
* each shared corpus of the data folder (see its README): the clean
  Wikinews articles, the edited news, Harper's rule tests and the
  real-word error sets (one case per file, as bench/accuracy.py writes
  them), the AP title-case inputs;
* the benchmark corpus bench/bench.py generates (target/bench/corpus-10mb,
  generated with the corpus generator if missing);

each once with the default packs and once with every pack both builds know enabled, and
compares standard output byte for byte (and the exit status). It prints
one line per case and, for the first case that differs, the first
differing finding. Exit status 0 when every case is identical, 1 when one
differs, 2 when a case could not be run. Needs no network.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from accuracy import write_cases  # noqa: E402  (one way of writing cases for both commands)

FLAGS = ["check", "--no-config", "--format", "json", "--max-file-size", "0"]


def packs(galley: str) -> list[str]:
    """Every pack the build knows, for the every-pack-enabled run."""
    out = subprocess.run([galley, "rules", "--format", "json", "--no-config"], capture_output=True, check=True)
    return sorted({r["pack"] for r in json.loads(out.stdout)["rules"] if r.get("pack")})


def cannot_run(message: str) -> None:
    """A case that could not be run: status 2, not the 1 of "outputs differ"."""
    print(f"identity: {message}", file=sys.stderr)
    sys.exit(2)


def run(galley: str, args: list[str]) -> tuple[int, bytes, float]:
    start = time.perf_counter()
    out = subprocess.run([galley, *FLAGS, *args], capture_output=True)
    took = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stderr.decode("utf-8", "replace")[:2000])
        cannot_run(f"{galley} exited with {out.returncode} on {args}")
    return out.returncode, out.stdout, took


def first_difference(a: bytes, b: bytes) -> str:
    """The first finding (or byte) where two JSON outputs part."""
    try:
        da, db = json.loads(a), json.loads(b)
    except ValueError:
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"byte {at}: {a[at:at + 120]!r} vs {b[at:at + 120]!r}"
    fa, fb = da.get("diagnostics", []), db.get("diagnostics", [])
    for i, (x, y) in enumerate(zip(fa, fb)):
        if x != y:
            return f"finding {i}:\n  baseline: {json.dumps(x)[:600]}\n  galley:   {json.dumps(y)[:600]}"
    if len(fa) != len(fb):
        extra, who = (fa[len(fb):], "baseline") if len(fa) > len(fb) else (fb[len(fa):], "galley")
        return f"{len(fa)} findings vs {len(fb)}; first extra in {who}: {json.dumps(extra[0])[:600]}"
    if da.get("summary") != db.get("summary"):
        return f"summary: {da.get('summary')} vs {db.get('summary')}"
    return "same findings, different bytes (key order or spacing)"


def cases(data: Path, tmp: Path, bench_mb: int) -> list[tuple[str, Path]]:
    """(name, path) of every input: files or folders."""
    out: list[tuple[str, Path]] = []
    example = ROOT / "examples/tianjin-2017.txt"
    out.append(("example article", example if example.exists() else data.parent / "examples/tianjin-2017.txt"))
    for key in ("wikinews-clean", "edited-news-dev"):
        if (data / key).is_dir():
            out.append((key, data / key))
        else:
            print(f"identity: {data / key} is missing; skipped", file=sys.stderr)
    harper = data / "harper-rule-tests/weir_rule_tests.json"
    if harper.exists():
        folder = tmp / "harper"
        folder.mkdir()
        items = json.loads(harper.read_text(encoding="utf-8"))
        write_cases(folder, [c["input"] for c in items] + [c["expected"] for c in items if c.get("expected")])
        out.append(("harper-rule-tests", folder))
    for name in ["en_natural_train", "en_artificial_noun", "en_artificial_token"]:
        path = data / f"realword-errors-wikipedia/{name}.jsonl"
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        fixed = [r["sentence"][: r["offset"]] + r["correct"] + r["sentence"][r["offset"] + len(r["wrong"]):] for r in rows]
        folder = tmp / name
        folder.mkdir()
        write_cases(folder, [r["sentence"] for r in rows] + fixed)
        out.append((f"realword {name}", folder))
    ap = data / "ap-title-case/ap_style_title_case_cases.json"
    if ap.exists():
        folder = tmp / "ap-title-case"
        folder.mkdir()
        items = json.loads(ap.read_text(encoding="utf-8"))["cases"]
        write_cases(folder, [c["input"] for c in items] + [c["expected"] for c in items])
        out.append(("ap-title-case", folder))
    out.append((f"benchmark corpus {bench_mb} MB", bench_corpus(bench_mb)))
    return out


def bench_corpus(size_mb: int) -> Path:
    """bench/bench.py's corpus of this size, generated if missing."""
    path = ROOT / "target/bench" / f"corpus-{size_mb}mb"
    if not (path / ".done").exists():
        gen = ROOT / "target/release/examples/gen_corpus"
        if not gen.exists():
            subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--example", "gen_corpus"],
                           cwd=ROOT, check=True)
        subprocess.run([str(gen), str(path), str(size_mb)], check=True, stdout=subprocess.DEVNULL)
        (path / ".done").touch()
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, help="the galley binary to compare against (the build before)")
    ap.add_argument("--galley", default=str(ROOT / "target/release/galley"), help="the galley binary under test")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    ap.add_argument("--bench-mb", type=int, default=10, help="size of the benchmark corpus (MB)")
    args = ap.parse_args()
    for binary in (args.baseline, args.galley):
        if not os.access(binary, os.X_OK):
            cannot_run(f"{binary} is not an executable")
    # Only the packs both builds know: a pack one of them lacks is an
    # `--enable` error for it, not a difference in findings.
    before, after = set(packs(args.baseline)), set(packs(args.galley))
    if before != after:
        print(f"packs in one build only (not enabled): {', '.join(sorted(before ^ after))}")
    all_packs = sorted(before & after)
    enable_all = [a for p in all_packs for a in ("--enable", p)]
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in cases(args.data, Path(tmp), args.bench_mb):
            for mode, extra in (("default packs", []), ("every pack", enable_all)):
                code_a, out_a, t_a = run(args.baseline, extra + [str(path)])
                code_b, out_b, t_b = run(args.galley, extra + [str(path)])
                n = len(json.loads(out_a).get("diagnostics", [])) if out_a else 0
                same = out_a == out_b and code_a == code_b
                print(f"{'identical' if same else 'DIFFERENT':>9}  {name}, {mode}: {n} findings, "
                      f"{len(out_a)} bytes (wall {t_a:.2f} s vs {t_b:.2f} s)")
                if not same:
                    if not differ:
                        if code_a != code_b:
                            print(f"  exit status {code_a} vs {code_b}")
                        print("  " + first_difference(out_a, out_b))
                    differ += 1
    print(f"\n{'every case identical' if not differ else f'{differ} case(s) differ'}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
