#!/usr/bin/env python3
"""galley's accuracy command: recall on known errors and false alarms on clean news.

    python3 bench/accuracy.py [--galley target/release/galley] [--data ../shared/data]
                              [--enable PACK ...] [--disable RULE ...] [--json FILE]

Prints, for the sets in the shared data folder (see its README for sources
and licences):

* Harper's Weir rule tests: cases caught at the right place, cases whose
  expected correction is what galley's fixes give, by Harper's lint kind, and
  `allows` cases flagged (with the rules that flagged them);
* real-word errors from Wikipedia (natural, artificial noun, artificial
  token): recall, a finding covering the wrong word;
* clean Wikinews articles and professionally edited news (edited-news-dev):
  findings per 10,000 words, by rule; with --findings FILE, each finding
  with the text around it, one JSON object a line, for reading (the text of
  edited-news-dev is the BBC's: keep that file out of the repository).

Each set runs as one galley invocation over a folder of files (one case per
file), with the default packs plus any `--enable`d ones. Builds galley in
release mode first unless --galley is given. Needs no network.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_galley(galley: str, folder: Path, enable: list[str]) -> list[dict]:
    """galley's findings on a folder; `enable` names packs or rules to turn
    on, or, after a `-`, off (`-real-word-neighbours`)."""
    args = [galley, "check", "--no-config", "--format", "json", "--max-file-size", "0"]
    for pack in enable:
        args += ["--disable", pack[1:]] if pack.startswith("-") else ["--enable", pack]
    out = subprocess.run(args + [str(folder)], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"galley failed ({out.returncode}):\n{out.stderr[:2000]}")
    return json.loads(out.stdout)["diagnostics"]


def by_file(diags: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = collections.defaultdict(list)
    for d in diags:
        out[Path(d["path"]).name].append(d)
    return out


def write_cases(folder: Path, texts: list[str]) -> list[str]:
    names = []
    for i, text in enumerate(texts):
        name = f"case{i:05}.txt"
        (folder / name).write_text(text + "\n", encoding="utf-8")
        names.append(name)
    return names


def changed_region(a: bytes, b: bytes) -> tuple[int, int]:
    """The byte range of `a` that differs from `b` (common prefix and suffix removed)."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return p, len(a) - s


def apply(text: bytes, diags: list[dict]) -> bytes:
    edits = sorted(
        (e["byte_start"], e["byte_end"], e["replacement"].encode())
        for d in diags
        if d.get("fix") and d["fix"]["applicability"] != "display-only"
        for e in d["fix"]["edits"]
    )
    out, at = [], 0
    for start, end, rep in edits:
        if start < at:
            continue
        out += [text[at:start], rep]
        at = end
    out.append(text[at:])
    return b"".join(out)


def harper(galley: str, data: Path, enable: list[str], report: dict) -> None:
    cases = json.loads((data / "harper-rule-tests/weir_rule_tests.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        names = write_cases(Path(tmp), [c["input"] for c in cases])
        found = by_file(run_galley(galley, Path(tmp), enable))
    kinds: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    allows_flagged: list[tuple[str, str, str]] = []
    n_allows = 0
    for case, name in zip(cases, names):
        diags = found.get(name, [])
        text = (case["input"] + "\n").encode()
        if case["type"] == "allows":
            n_allows += 1
            if diags:
                allows_flagged.append((case["rule"], diags[0]["rule"], case["input"]))
            continue
        expected = (case["expected"] + "\n").encode()
        start, end = changed_region(text, expected)
        hits = [d for d in diags if d["byte_start"] <= max(end, start + 1) and d["byte_end"] >= start]
        k = kinds[case.get("kind") or "None"]
        k[0] += 1
        if hits:
            k[1] += 1
            if apply(text, hits) == expected:
                k[2] += 1
    total = [sum(k[i] for k in kinds.values()) for i in range(3)]
    print("\n## Harper's Weir rule tests (../shared/data/harper-rule-tests)\n")
    print("| kind | cases | caught at the place | fixed as expected |")
    print("|---|---:|---:|---:|")
    for kind, (n, caught, fixed) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
        print(f"| {kind} | {n} | {caught} | {fixed} |")
    print(f"| **all** | **{total[0]}** | **{total[1]} ({pct(total[1], total[0])})** "
          f"| **{total[2]} ({pct(total[2], total[0])})** |")
    print(f"\n`allows` cases flagged: {len(allows_flagged)} of {n_allows}")
    for harper_rule, rule, text in allows_flagged:
        print(f"- {rule} (Harper {harper_rule}): {text[:110]}")
    report["harper"] = {"cases": total[0], "caught": total[1], "fixed": total[2],
                        "allows": n_allows, "allows_flagged": len(allows_flagged)}


def realword(galley: str, data: Path, enable: list[str], report: dict) -> None:
    print("\n## Real-word errors from Wikipedia (../shared/data/realword-errors-wikipedia)\n")
    print("Caught: a finding covers the wrong word; its fix may be the word meant. Correct word flagged: in the same")
    print("sentence with the error corrected, a finding covers the correct word (a false alarm).\n")
    print("| set | errors | caught | recall | fix is the word meant | correct word flagged |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in ["en_natural_train", "en_artificial_noun", "en_artificial_token"]:
        rows = [json.loads(l) for l in (data / f"realword-errors-wikipedia/{name}.jsonl").open(encoding="utf-8")]
        fixed = [r["sentence"][: r["offset"]] + r["correct"] + r["sentence"][r["offset"] + len(r["wrong"]) :] for r in rows]
        with tempfile.TemporaryDirectory() as tmp:
            names = write_cases(Path(tmp), [r["sentence"] for r in rows] + fixed)
            found = by_file(run_galley(galley, Path(tmp), enable))
        caught = flagged = suggested = 0
        for row, fname, gname in zip(rows, names, names[len(rows) :]):
            start = len(row["sentence"][: row["offset"]].encode())
            covering = lambda f, n: [d for d in found.get(f, []) if d["byte_start"] < start + n and d["byte_end"] > start]
            hits = covering(fname, len(row["wrong"].encode()))
            caught += bool(hits)
            suggested += any(e["replacement"].lower() == row["correct"].lower()
                             for d in hits if d.get("fix") for e in d["fix"]["edits"])
            flagged += bool(covering(gname, len(row["correct"].encode())))
        print(f"| {name} | {len(rows)} | {caught} | {pct(caught, len(rows))} | {suggested} | {flagged} |")
        report[name] = {"errors": len(rows), "caught": caught, "suggested": suggested, "correct_flagged": flagged}


def clean_news(galley: str, data: Path, enable: list[str], report: dict, key: str, title: str,
               findings: Path | None) -> None:
    """Findings per 10,000 words, by rule, on a folder of clean articles: each is
    a false alarm or a real slip that got through (read them: --findings)."""
    folder = data / key
    files = sorted(folder.rglob("*.txt"))
    words = sum(len(re.findall(r"\w+", p.read_text(encoding="utf-8"))) for p in files)
    diags = run_galley(galley, folder, enable)
    rules = collections.Counter(d["rule"] for d in diags)
    print(f"\n## {title} (../shared/data/{key}): {len(files)} articles, {words} words\n")
    print("| rule | findings | per 10,000 words |")
    print("|---|---:|---:|")
    for rule, n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {rule} | {n} | {n * 10000 / words:.2f} |")
    print(f"| **all** | **{len(diags)}** | **{len(diags) * 10000 / words:.2f}** |")
    report[key] = {"words": words, "findings": len(diags), "by_rule": dict(rules)}
    if findings:
        texts: dict[str, bytes] = {}
        with findings.open("a", encoding="utf-8") as out:
            for d in sorted(diags, key=lambda d: (d["rule"], d["path"], d["byte_start"])):
                raw = texts.setdefault(d["path"], Path(d["path"]).read_bytes())
                lo, hi = max(0, d["byte_start"] - 80), min(len(raw), d["byte_end"] + 80)
                around = (raw[lo:d["byte_start"]].decode("utf-8", "replace") + "[["
                          + raw[d["byte_start"]:d["byte_end"]].decode("utf-8", "replace") + "]]"
                          + raw[d["byte_end"]:hi].decode("utf-8", "replace")).replace("\n", " ")
                out.write(json.dumps({"set": key, "rule": d["rule"], "path": str(Path(d["path"]).relative_to(data)),
                                      "line": d.get("line"), "message": d["message"], "context": around},
                                     ensure_ascii=False) + "\n")


def wikinews(galley: str, data: Path, enable: list[str], report: dict, findings: Path | None = None) -> None:
    clean_news(galley, data, enable, report, "wikinews-clean", "Clean news", findings)


def edited(galley: str, data: Path, enable: list[str], report: dict, findings: Path | None = None) -> None:
    clean_news(galley, data, enable, report, "edited-news-dev", "Edited news", findings)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--galley", help="the galley binary (default: build target/release/galley)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    ap.add_argument("--enable", action="append", default=[], help="also enable this pack or rule")
    ap.add_argument("--disable", action="append", default=[], help="turn this pack or rule off")
    ap.add_argument("--only", choices=["harper", "realword", "wikinews", "edited"], action="append")
    ap.add_argument("--findings", type=Path, help="write the findings on clean news here (JSON lines)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()
    galley = args.galley
    if not galley:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        galley = str(ROOT / "target/release/galley")
    enabled = ", ".join(args.enable) or "none"
    disabled = ", ".join(args.disable) or "none"
    print(f"# galley accuracy: default packs, plus enabled: {enabled}; disabled: {disabled}")
    args.enable += ["-" + d for d in args.disable]
    report: dict = {"enabled": [e for e in args.enable if not e.startswith("-")], "disabled": args.disable}
    if args.findings:
        args.findings.write_text("", encoding="utf-8")
    for part, fn in [("harper", harper), ("realword", realword), ("wikinews", wikinews), ("edited", edited)]:
        if not args.only or part in args.only:
            if part in ("wikinews", "edited"):
                fn(galley, args.data, args.enable, report, args.findings)
            else:
                fn(galley, args.data, args.enable, report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
