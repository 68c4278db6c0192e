#!/usr/bin/env python3
"""Ports Harper's Weir rules and dictionary word classes into galley.

Reads a checkout of https://github.com/Automattic/harper (Apache-2.0) and
writes:

  rules/harper.toml        one `phrase` rule per Weir rule, with Harper's
                           wording as its description and Harper's own tests
                           (a few of each) as the rule's bad/good examples,
                           and for a rule with no `allows` test the good
                           examples of galley's own in rules/harper/good.tsv;
  rules/harper/words.txt   word -> word classes, from harper-core's
                           dictionary.dict expanded with annotations.json.

Usage:
  python3 scripts/port_harper.py HARPER_CHECKOUT [--commit SHA]
      [--galley target/release/galley]

With --galley, every example is run through galley and the ones it does not
meet are dropped from the pack (with a count in the pack's header comment),
so that `galley test` and the test suite stay green while the port is honest
about what it covers. Rules none of whose bad examples pass are left out and
listed in the header comment.

The bad examples come out without span marks: afterwards run
`GALLEY_MARK_SPANS=1 cargo test mark_spans -- --ignored`, which marks each
where the rule fires, and read the marks (CONTRIBUTING.md).

Weir's expression syntax is galley's phrase pattern syntax, so patterns are
copied as written; `@name` references become the rule's `define` table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BAD = 4
MAX_GOOD = 3

# What a finding of each Harper lint kind says is wrong (galley's wording:
# lowercase, no trailing period).
KIND_MESSAGE = {
    "Agreement": "`{match}` does not agree",
    "BoundaryError": "`{match}` splits or joins words wrongly",
    "Capitalization": "`{match}` is capitalised wrongly",
    "Eggcorn": "`{match}` is an eggcorn",
    "Enhancement": "`{match}` can be put better",
    "Grammar": "`{match}` is ungrammatical here",
    "Malapropism": "`{match}` is a malapropism",
    "Miscellaneous": "`{match}` looks wrong here",
    "Nonstandard": "`{match}` is nonstandard",
    "Punctuation": "`{match}` is punctuated wrongly",
    "Redundancy": "`{match}` is redundant",
    "Repetition": "`{match}` repeats itself",
    "Spelling": "`{match}` is misspelt",
    "Style": "`{match}` reads better another way",
    "Typo": "`{match}` looks like a typo",
    "Usage": "`{match}` is the wrong word here",
    "WordChoice": "`{match}` is the wrong word here",
}
# Rules ported but off even when the pack is on: Harper's own defaults
# (harper-core/default_config.json), plus those that contradict AP style,
# which galley's news users follow. Each can still be turned on by its id.
NEWS_OFF = {
    "OkToOkay": "AP style writes OK, not okay",
}

SEVERITY = {"Typo": "error", "Spelling": "error", "Eggcorn": "error", "Malapropism": "error"}


# ---------------------------------------------------------------- Weir files


def weir_strings(text: str) -> list[str]:
    """The double-quoted strings of a statement, in order."""
    out, i = [], 0
    while True:
        i = text.find('"', i)
        if i < 0:
            return out
        j, buf = i + 1, []
        while j < len(text) and text[j] != '"':
            if text[j] == "\\" and j + 1 < len(text):
                j += 1
            buf.append(text[j])
            j += 1
        out.append("".join(buf))
        i = j + 1


def parse_weir(path: Path) -> dict:
    rule = {"name": path.stem, "exprs": {}, "vars": {}, "tests": [], "allows": []}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "expr":
            name, _, body = rest.strip().partition(" ")
            rule["exprs"][name] = body.strip()
        elif word == "let":
            name, _, value = rest.strip().partition(" ")
            value = value.strip()
            strings = weir_strings(value)
            rule["vars"][name] = strings if value.startswith("[") else strings[0]
        elif word == "test":
            rule["tests"].append(tuple(weir_strings(rest)[:2]))
        elif word == "allows":
            rule["allows"].append(weir_strings(rest)[0])
        else:
            raise SystemExit(f"{path}: unknown statement {word!r}")
    return rule


def kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def harper_defaults(harper: Path) -> dict[str, bool]:
    """Rule name -> on by default, from Harper's default configuration."""
    out: dict[str, bool] = {}

    def walk(x) -> None:
        if isinstance(x, dict):
            if "Bool" in x:
                out[x["Bool"]["name"]] = x["Bool"]["state"]
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(json.loads((harper / "harper-core/default_config.json").read_text(encoding="utf-8")))
    return out


def rule_toml(rule: dict, bad: list, good: list, enabled: bool = True) -> str:
    v = rule["vars"]
    kind = v.get("kind", "Miscellaneous")
    replace = v["becomes"] if isinstance(v["becomes"], list) else [v["becomes"]]
    refs = {k: e for k, e in rule["exprs"].items() if k != "main"}
    lines = [
        "[[rule]]",
        f"id = {toml_str(kebab(rule['name']))}",
        'kind = "phrase"',
        f"severity = {toml_str(SEVERITY.get(kind, 'warning'))}",
        f"message = {toml_str(KIND_MESSAGE.get(kind, KIND_MESSAGE['Miscellaneous']))}",
        'help = "write {suggestions}"',
        f"description = {toml_str(v['description'] + ' (Harper: ' + rule['name'] + ')')}",
        f"pattern = {toml_str(rule['exprs']['main'])}",
    ]
    if refs:
        lines.append("define = { " + ", ".join(f"{k} = {toml_str(e)}" for k, e in refs.items()) + " }")
    lines.append("replace = [" + ", ".join(toml_str(r) for r in replace) + "]")
    if len(replace) > 1:
        # Harper offers every text; galley's fix is the one most like the text found.
        lines.append('choose = "closest"')
    if v.get("strategy") == "Exact":
        lines.append("keep-case = false")
    lines.append(f"within = {toml_str('sentence' if v.get('scope') == 'Sentence' else 'clause')}")
    lines.append("applicability = \"unsafe\"")
    if not enabled:
        lines.append("enabled = false")
    lines.append("bad = [")
    for text, fixed in bad:
        lines.append(f"  {{ text = {toml_str(text)}, fixed = {toml_str(fixed)} }},")
    lines.append("]")
    lines.append("good = [" + ", ".join(toml_str(g) for g in good) + "]")
    return "\n".join(lines) + "\n"


HEADER = """\
# Harper's Weir rules, ported to galley's `phrase` kind by scripts/port_harper.py.
# Source: Automattic/harper, harper-core/src/linting/weir_rules, commit {commit}.
# Licence: Apache-2.0 (rules/harper/LICENSE-harper); the rules' patterns,
# messages and example sentences are Harper's (but the good examples from
# rules/harper/good.tsv), the ported form is galley's.
# Do not edit by hand: rerun the script, then mark the bad examples' spans
# (GALLEY_MARK_SPANS=1 cargo test mark_spans -- --ignored).
#
# {counts}
{skipped}
[pack]
name = "harper"
description = "grammar, usage and typo phrase rules ported from the Harper grammar checker (off by default)"
default = false

"""


def rust_debug_str(s: str) -> str:
    """Decodes a Rust `{:?}` string literal (without its quotes)."""
    s = re.sub(r"\\u\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(m.group(1), m.group(1)), s)


def galley_failures(galley: str, pack_text: str) -> dict[str, set[str]]:
    """Runs `galley test` over a pack; returns rule id -> failing example texts."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "harper-port.toml").write_text(
            pack_text.replace('name = "harper"', 'name = "harper-port"', 1).replace('\nid = "', '\nid = "port-'),
            encoding="utf-8",
        )
        cfg = Path(tmp, "galley.toml")
        cfg.write_text('packs = ["harper-port.toml"]\nenable = ["harper-port"]\n', encoding="utf-8")
        out = subprocess.run([galley, "test", "--config", str(cfg)], capture_output=True, text=True, cwd=tmp)
    if out.returncode not in (0, 1):
        raise SystemExit(f"galley test failed to run:\n{out.stderr}")
    failing: dict[str, set[str]] = {}
    for line in out.stdout.splitlines():
        m = re.match(r'FAIL port-([a-z0-9-]+): "((?:[^"\\]|\\.)*)": ', line)
        if m:
            failing.setdefault(m.group(1), set()).add(rust_debug_str(m.group(2)))
    return failing


def own_good_examples() -> dict[str, list[str]]:
    """rules/harper/good.tsv: rule id -> good examples written for galley."""
    own: dict[str, list[str]] = {}
    path = ROOT / "rules/harper/good.tsv"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line and not line.startswith("#"):
            rule_id, text = line.split("\t", 1)
            own.setdefault(rule_id, []).append(text)
    return own


def port_rules(harper: Path, commit: str, galley: str | None) -> str:
    rules_dir = harper / "harper-core/src/linting/weir_rules"
    rules = [parse_weir(p) for p in sorted(rules_dir.glob("*.weir"))]
    # With a galley to verify them, every test is a candidate and the first
    # ones galley meets are kept; without, the first few are taken as they are.
    limit = (None, None) if galley else (MAX_BAD, MAX_GOOD)
    own = own_good_examples()
    chosen = {
        r["name"]: (r["tests"][: limit[0]], (r["allows"] or own.get(kebab(r["name"]), []))[: limit[1]])
        for r in rules
    }
    defaults = harper_defaults(harper)
    enabled = {r["name"]: defaults.get(r["name"], True) and r["name"] not in NEWS_OFF for r in rules}
    skipped: list[str] = []
    dropped = 0
    if galley:
        draft = "".join(rule_toml(r, *chosen[r["name"]]) + "\n" for r in rules if chosen[r["name"]][0])
        failing = galley_failures(galley, HEADER.format(commit=commit, counts="", skipped="") + draft)
        for r in rules:
            bad, good = chosen[r["name"]]
            bad_ok = [b for b in bad if b[0] not in failing.get(kebab(r["name"]), set())]
            good_ok = [g for g in good if g not in failing.get(kebab(r["name"]), set())]
            dropped += len(bad) - len(bad_ok) + len(good) - len(good_ok)
            chosen[r["name"]] = (bad_ok[:MAX_BAD], good_ok[:MAX_GOOD])
    body = []
    for r in rules:
        bad, good = chosen[r["name"]]
        if not bad:
            skipped.append(r["name"])
            continue
        body.append(rule_toml(r, bad, good, enabled[r["name"]]))
    counts = (
        f"{len(body)} of {len(rules)} rules ported; {dropped} of Harper's tests for them are not "
        f"met by galley and were not taken as examples" if galley else f"{len(body)} of {len(rules)} rules ported (examples not verified)"
    )
    off = [n for n, on in enabled.items() if not on]
    skipped_text = f"# off unless enabled by id (Harper's defaults; {', '.join(f'{k}: {v}' for k, v in NEWS_OFF.items())}): {', '.join(off)}\n"
    skipped_text += "".join(
        f"# left out (no test in Harper, or none that galley meets): {', '.join(skipped[i:i + 6])}\n"
        for i in range(0, len(skipped), 6)
    )
    return HEADER.format(commit=commit, counts=counts, skipped=skipped_text) + "\n".join(body)


# ------------------------------------------------------------ word classes

# Bits, in the order galley's `phrase` kind reads them (src/lang/lexicon.rs).
CLASSES = ["NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "DET", "PRON", "ADP", "CONJ", "PROG", "PAST", "PLURAL"]


def classes_of(meta: dict) -> set[str]:
    out = set()
    noun = meta.get("noun")
    if noun is not None:
        out.add("PROPN" if noun.get("is_proper") else "NOUN")
        if noun.get("is_plural"):
            out.add("PLURAL")
    verb = meta.get("verb")
    if verb is not None:
        out.add("AUX" if verb.get("is_auxiliary") else "VERB")
        form = verb.get("verb_form")
        if form == "PROGRESSIVE":
            out.add("PROG")
        if form in ("PAST", "PRETERITE", "PAST_PARTICIPLE"):
            out.add("PAST")
    for key, cls in (("adjective", "ADJ"), ("adverb", "ADV"), ("determiner", "DET"),
                     ("pronoun", "PRON"), ("conjunction", "CONJ")):
        if meta.get(key) is not None:
            out.add(cls)
    if meta.get("preposition"):
        out.add("ADP")
    return out


def merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def build_lexicon(harper: Path) -> dict[str, set[str]]:
    ann = json.loads((harper / "harper-core/annotations.json").read_text(encoding="utf-8"))
    affixes, props = ann["affixes"], ann["properties"]
    words: dict[str, set[str]] = {}

    def add(word: str, meta: dict) -> None:
        word = word.lower()
        if not word or not re.fullmatch(r"[a-z][a-z'’.-]*", word):
            return
        words.setdefault(word, set()).update(classes_of(meta))

    for raw in (harper / "harper-core/dictionary.dict").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or "/" not in line and line.isdigit():
            continue
        word, _, flags = line.partition("/")
        flags = flags.split()[0] if flags.strip() else ""
        base: dict = {}
        for f in flags:
            if f in props:
                base = merge(base, props[f].get("metadata", {}))
        add(word, base)
        for f in flags:
            aff = affixes.get(f)
            if not aff:
                continue
            for rep in aff["replacements"]:
                cond = rep["condition"]
                if aff["kind"] == "suffix":
                    if not re.search(f"(?:{cond})$", word):
                        continue
                    stem = word[: len(word) - len(rep["remove"])] if rep["remove"] else word
                    form = stem + rep["add"]
                else:
                    if not re.match(f"(?:{cond})", word):
                        continue
                    form = rep["add"] + word[len(rep["remove"]):]
                meta: dict = {}
                for target in aff.get("target", []):
                    cond_base = target.get("if_base")
                    if cond_base is None or any(k in base for k in cond_base):
                        meta = merge(meta, target["metadata"])
                add(form, meta)
    return words


def write_lexicon(words: dict[str, set[str]], path: Path, commit: str) -> None:
    lines = [
        f"# word classes from Automattic/harper harper-core/dictionary.dict + annotations.json, commit {commit}",
        "# (Apache-2.0, see LICENSE-harper); generated by scripts/port_harper.py. Columns: word, classes",
        "# as a bit set in hex, bits in this order: " + " ".join(CLASSES),
    ]
    for word in sorted(words, key=lambda w: w.encode()):
        bits = sum(1 << CLASSES.index(c) for c in words[word])
        if bits:
            lines.append(f"{word}\t{bits:x}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("harper", type=Path, help="a checkout of Automattic/harper")
    ap.add_argument("--commit", default=None, help="the checkout's commit (default: asks git)")
    ap.add_argument("--galley", default=None, help="a galley binary to verify the examples with")
    ap.add_argument("--skip-lexicon", action="store_true")
    args = ap.parse_args()
    commit = args.commit or subprocess.run(
        ["git", "-C", str(args.harper), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip() or "unknown"
    if not args.skip_lexicon:
        words = build_lexicon(args.harper)
        write_lexicon(words, ROOT / "rules/harper/words.txt", commit)
        print(f"rules/harper/words.txt: {len(words)} words", file=sys.stderr)
    galley = str(Path(args.galley).resolve()) if args.galley else None
    text = port_rules(args.harper, commit, galley)
    (ROOT / "rules/harper.toml").write_text(text, encoding="utf-8")
    print(f"rules/harper.toml: {text.splitlines()[6][2:]}", file=sys.stderr)


if __name__ == "__main__":
    main()
