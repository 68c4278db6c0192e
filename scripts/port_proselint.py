#!/usr/bin/env python3
"""Ports proselint's redundancy and cliché lists into two galley packs.

Reads a checkout of https://github.com/amperser/proselint (BSD-3-Clause) and
writes rules/redundancy.toml and rules/cliche.toml, both off by default.

Usage:
  python3 scripts/port_proselint.py PROSELINT_CHECKOUT [--commit SHA]
      [--write-good-licence PATH]   # write-good's LICENSE (MIT), kept beside

Only lists whose licence allows it are copied: Garner's lists and the
small dictionaries in proselint's own code (BSD-3-Clause), and write-good's
clichés (MIT). GNU diction's clichés (GPL) and After the Deadline's
redundancies (LGPL) are left out. Entries that are regular expressions are
skipped and counted.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN = re.compile(r"^[A-Za-z0-9' .,-]+$")


def dict_literals(path: Path) -> list[dict[str, str]]:
    """The `items={...}` dictionaries of a proselint check module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "items" and isinstance(node.value, ast.Dict):
            out.append(ast.literal_eval(node.value))
    return out


def pattern_of(phrase: str) -> str:
    """A phrase as a galley phrase pattern: its words, spaces as written."""
    return "(" + " ".join(phrase.split()) + ")"


def toml(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


HEADER = """\
# {what}, ported from proselint by scripts/port_proselint.py.
# Source: amperser/proselint, proselint/checks/{folder}, commit {commit}.
# Licence: BSD-3-Clause (rules/proselint/LICENSE-proselint); {sources}.
# {counts}
# Do not edit by hand: rerun the script.
[pack]
name = "{name}"
description = "{description}"
default = false

"""


def redundancy(src: Path, commit: str) -> str:
    folder = src / "proselint/checks/redundancy"
    pairs: dict[str, str] = {}
    for line in (folder / "garner").read_text(encoding="utf-8").splitlines():
        if "," in line:
            bad, good = line.split(",", 1)
            pairs[bad.strip()] = good.strip()
    for path in (folder / "misc.py", folder / "ras_syndrome.py"):
        for items in dict_literals(path):
            pairs.update(items)
    kept = {b: g for b, g in pairs.items() if PLAIN.match(b)}
    skipped = len(pairs) - len(kept)
    body = [
        "[[rule]]",
        'id = "redundancy"',
        'kind = "phrase"',
        'severity = "info"',
        'message = "`{match}` says the same thing twice"',
        'help = "write `{replacement}`"',
        'description = "Redundant phrases from Garner\'s Modern American Usage and proselint (adequate enough, sworn affidavit, ATM machine, PIN number)."',
        "pattern = " + toml("[" + ", ".join(pattern_of(b) for b in sorted(kept)) + "]"),
        "corrections = { " + ", ".join(f"{toml(b.lower())} = {toml(g)}" for b, g in sorted(kept.items())) + " }",
        'applicability = "unsafe"',
        'bad = [{ text = "The two sides reached mutual agreement.", fixed = "The two sides reached agreement." }, { text = "Enter your PIN number.", fixed = "Enter your PIN." }]',
        'good = ["The two sides reached agreement.", "Enter your PIN."]',
    ]
    head = HEADER.format(
        what="Redundant phrases", folder="redundancy", commit=commit,
        sources="lists from Garner and proselint's own checks; After the Deadline's list (LGPL) is not copied",
        counts=f"{len(kept)} phrases; {skipped} regular-expression entries skipped",
        name="redundancy", description="redundant phrases (adequate enough, PIN number), from proselint; off by default",
    )
    return head + "\n".join(body) + "\n"


def cliches(src: Path, commit: str) -> str:
    folder = src / "proselint/checks/cliches"
    rules = []
    total = skipped = 0
    for source, fname, rid, bad, good in [
        ("Garner's Modern American Usage", "garner", "cliche-garner",
         "At the end of the day, the vote failed.", "In the end, the vote failed."),
        ("write-good (MIT)", "write-good", "cliche-write-good",
         "The mayor said it was a blessing in disguise.", "The mayor said it helped."),
    ]:
        phrases = [p.strip() for p in (folder / fname).read_text(encoding="utf-8").splitlines() if p.strip()]
        kept = sorted({p.lower() for p in phrases if PLAIN.match(p)})
        total += len(kept)
        skipped += len(phrases) - len(kept)
        rules.append("\n".join([
            "[[rule]]",
            f"id = {toml(rid)}",
            'kind = "phrase"',
            'severity = "info"',
            'message = "`{match}` is a cliché"',
            'help = "say it plainly"',
            f"description = {toml('Clichés listed in ' + source + ', via proselint.')}",
            "pattern = " + toml("[" + ", ".join(pattern_of(p) for p in kept) + "]"),
            f"bad = [{toml(bad)}]",
            f"good = [{toml(good)}]",
        ]) + "\n")
    head = HEADER.format(
        what="Clichés", folder="cliches", commit=commit,
        sources="Garner's list (BSD via proselint) and write-good's (MIT, rules/proselint/LICENSE-write-good); GNU diction's list (GPL) is not copied",
        counts=f"{total} phrases; {skipped} regular-expression entries skipped",
        name="cliche", description="clichés (at the end of the day, a blessing in disguise), from proselint; off by default",
    )
    return head + "\n".join(rules)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("proselint", type=Path)
    ap.add_argument("--commit")
    ap.add_argument("--write-good-licence", type=Path, help="write-good's LICENSE file, copied beside")
    args = ap.parse_args()
    commit = args.commit or subprocess.run(
        ["git", "-C", str(args.proselint), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip() or "unknown"
    (ROOT / "rules/redundancy.toml").write_text(redundancy(args.proselint, commit), encoding="utf-8")
    (ROOT / "rules/cliche.toml").write_text(cliches(args.proselint, commit), encoding="utf-8")
    (ROOT / "rules/proselint").mkdir(exist_ok=True)
    (ROOT / "rules/proselint/LICENSE-proselint").write_text(
        (args.proselint / "LICENSE.md").read_text(encoding="utf-8"), encoding="utf-8")
    if args.write_good_licence:
        (ROOT / "rules/proselint/LICENSE-write-good").write_text(
            args.write_good_licence.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    main()
