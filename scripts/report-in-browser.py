#!/usr/bin/env python3
"""Opens galley's HTML report in headless Chromium and checks it works.

    python3 scripts/report-in-browser.py REPORT.html --marks N --errors E \
        --warnings W [--hostile HOSTILE.html] [--axe axe.min.js] \
        [--screenshot OUT.png]

Checks, in a real browser (Debian's chromium, driven by Playwright for
Python; no browser download):

* the report shows N marks and a summary of E errors and W warnings;
* the severity and rule filters hide and show marks and notes;
* `n`/`p` move the focus from one finding to the next and back;
* with --hostile, the report of an article holding `<script>` and an
  `onerror` attribute runs none of it, and shows the text as written;
* with --axe, axe-core finds no serious or critical accessibility
  violation;
* with --screenshot, the page is saved as a PNG.

Exits 0 when all hold, 1 with the reason otherwise.
"""

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def fail(reason: str) -> None:
    print(f"report-in-browser: {reason}", file=sys.stderr)
    sys.exit(1)


def shown_marks(page) -> int:
    return page.locator("mark.finding:not(.off)").count()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path)
    ap.add_argument("--marks", type=int, required=True)
    ap.add_argument("--errors", type=int, required=True)
    ap.add_argument("--warnings", type=int, required=True)
    ap.add_argument("--hostile", type=Path)
    ap.add_argument("--axe", type=Path)
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        # No network: any request but the report itself is a failure.
        requests = []
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
        page.goto(args.report.resolve().as_uri())

        marks = page.locator("mark.finding").count()
        if marks != args.marks:
            fail(f"{marks} marks, expected {args.marks}")
        summary = page.locator("#summary")
        errors = int(summary.get_attribute("data-errors"))
        warnings = int(summary.get_attribute("data-warnings"))
        if (errors, warnings) != (args.errors, args.warnings):
            fail(f"summary says {errors} errors and {warnings} warnings")
        for word in (f"{args.errors} error", f"{args.warnings} warning"):
            if word not in summary.inner_text():
                fail(f"the summary does not read {word!r}: {summary.inner_text()!r}")
        if shown_marks(page) != marks:
            fail("not every mark is shown at first")

        # Severity filter: warnings off leaves the errors.
        page.locator("input[name=severity][value=warning]").uncheck()
        if shown_marks(page) != args.errors:
            fail(f"with warnings hidden, {shown_marks(page)} marks are shown, not {args.errors}")
        hidden_notes = page.locator("li.note.off").count()
        if hidden_notes != args.warnings:
            fail(f"with warnings hidden, {hidden_notes} notes are hidden, not {args.warnings}")
        page.locator("input[name=severity][value=warning]").check()
        # Rule filter: one rule's marks only.
        rules = page.eval_on_selector_all("mark.finding", "ms => ms.map(m => m.dataset.rule)")
        rule = max(set(rules), key=rules.count)
        page.select_option("#rule", rule)
        if shown_marks(page) != rules.count(rule):
            fail(f"rule filter {rule}: {shown_marks(page)} marks shown, not {rules.count(rule)}")
        page.select_option("#rule", "")
        if shown_marks(page) != marks:
            fail("clearing the rule filter does not show every mark again")

        # Keyboard: n goes to the first finding, then the second; p back.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        ids = page.eval_on_selector_all("mark.finding", "ms => ms.map(m => m.id)")
        page.keyboard.press("n")
        first = page.evaluate("document.activeElement.id")
        page.keyboard.press("n")
        second = page.evaluate("document.activeElement.id")
        page.keyboard.press("p")
        back = page.evaluate("document.activeElement.id")
        if [first, second, back] != [ids[0], ids[1], ids[0]]:
            fail(f"keys n, n, p focused {first}, {second}, {back}; expected {ids[0]}, {ids[1]}, {ids[0]}")

        if args.axe:
            page.add_script_tag(path=str(args.axe))
            result = page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
            bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
            if bad:
                fail("accessibility: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in bad))
            print(f"axe-core: {len(result['violations'])} minor or moderate violations, none serious")

        if args.screenshot:
            page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
            page.screenshot(path=str(args.screenshot), full_page=False)

        if args.hostile:
            page = browser.new_page()
            page.on("dialog", lambda d: (d.dismiss(), fail(f"a dialog opened: {d.message}")))
            page.goto(args.hostile.resolve().as_uri())
            page.wait_for_timeout(300)
            if page.evaluate("typeof window.__pwned") != "undefined":
                fail("script from the article ran")
            text = page.locator("pre.text").first.inner_text()
            if "<script>" not in text:
                fail("the article's <script> is not shown as text")
        if requests:
            fail(f"the report made network requests: {requests}")
        browser.close()
    print(f"report-in-browser: {marks} marks, {errors} errors, {warnings} warnings; filters, keys and escaping hold")


if __name__ == "__main__":
    main()
