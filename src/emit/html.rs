//! The html format: one self-contained page for an editor to read in a
//! browser. Each article is shown as it is written, every finding marked in
//! place (severity colour, rule, message, help, the fix as before → after),
//! under a summary by rule and severity, with filters and keyboard
//! navigation. No network: the style and script are inline. Every piece of
//! article text, file name and message is escaped.
//!
//! Articles are rendered as they arrive and kept until the end, when the
//! summary (which needs every finding) is written above them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use super::{Emitter, Stream, Summary, positions};
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

pub struct Html<'w> {
    out: Stream<'w>,
    /// Each article's section, rendered.
    articles: Vec<String>,
    errors: Vec<(String, String)>,
    /// Findings per rule: severity and count.
    by_rule: BTreeMap<String, (Severity, usize)>,
    /// Findings so far: the next finding's number.
    next: usize,
}

impl<'w> Html<'w> {
    pub(super) fn new(out: Stream<'w>) -> Self {
        Html {
            out,
            articles: Vec::new(),
            errors: Vec::new(),
            by_rule: BTreeMap::new(),
            next: 0,
        }
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element content and
/// attribute values alike; controls and bidi overrides are shown as
/// escapes (line ends kept), as in the terminal formats.
pub(crate) fn escape(text: &str) -> String {
    let text = super::visible::terminal_safe_lines(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The spans to mark, as properly nested ranges: a span that starts inside
/// an earlier one and runs past its end is cut at that end.
fn nested(diagnostics: &[Diagnostic]) -> Vec<(usize, Span)> {
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| {
        let s = diagnostics[i].span;
        (s.start, std::cmp::Reverse(s.end), i)
    });
    let mut open: Vec<Span> = Vec::new();
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        let mut span = diagnostics[i].span;
        while open
            .last()
            .is_some_and(|o| o.end <= span.start && o.start < span.start)
        {
            open.pop();
        }
        if let Some(parent) = open.last() {
            span.end = span.end.min(parent.end);
        }
        open.push(span);
        out.push((i, span));
    }
    out
}

fn severity_name(s: Severity) -> &'static str {
    s.as_str()
}

impl Html<'_> {
    fn render(&mut self, report: &FileReport) -> String {
        let source = &report.source;
        let text = &source.text;
        let path = source.path.display().to_string();
        let first = self.next;
        self.next += report.diagnostics.len();
        let id = |i: usize| first + i;
        let mut html = String::new();
        let _ = write!(
            html,
            "<section class=\"article\" aria-labelledby=\"a{first}\">\n<h2 id=\"a{first}\">{}</h2>\n<p class=\"counts\">{}</p>\n",
            escape(&path),
            counts_phrase(&report.diagnostics)
        );
        // The text, with each finding marked where it is.
        let spans = nested(&report.diagnostics);
        // (offset, what, order, finding): what is 0 for an end, 1 for an
        // empty span (opened and closed at once), 2 for a start. Ends come
        // first at an offset, inner before outer; starts outer first.
        let mut events: Vec<(usize, u8, isize, usize)> = Vec::new();
        for (order, &(i, span)) in spans.iter().enumerate() {
            let order = order as isize;
            if span.is_empty() {
                events.push((span.start, 1, order, i));
            } else {
                events.push((span.start, 2, order, i));
                events.push((span.end, 0, -order, i));
            }
        }
        events.sort_unstable();
        html.push_str("<pre class=\"text\">");
        let mut at = 0;
        for (offset, what, _, i) in events {
            html.push_str(&escape(&text[at..offset]));
            at = offset;
            let d = &report.diagnostics[i];
            if what == 0 {
                html.push_str("</mark>");
                continue;
            }
            let sev = severity_name(d.severity);
            let _ = write!(
                html,
                "<mark class=\"finding {sev}\" id=\"f{n}\" data-n=\"{n}\" data-rule=\"{rule}\" data-severity=\"{sev}\" tabindex=\"0\" title=\"{sev}[{rule}]: {msg}\">",
                n = id(i),
                rule = escape(&d.rule),
                msg = escape(&d.message),
            );
            if what == 1 {
                html.push_str("</mark>");
            }
        }
        html.push_str(&escape(&text[at..]));
        html.push_str("</pre>\n");
        if !report.diagnostics.is_empty() {
            html.push_str("<ol class=\"notes\">\n");
            for (i, d) in report.diagnostics.iter().enumerate() {
                html.push_str(&note(source, d, id(i)));
            }
            html.push_str("</ol>\n");
        }
        html.push_str("</section>\n");
        html
    }
}

/// "2 errors, 1 warning" for one article.
fn counts_phrase(diagnostics: &[Diagnostic]) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "note"),
    ]
    .into_iter()
    .filter_map(|(s, word)| {
        let n = count(s);
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    if parts.is_empty() {
        "No problems found.".to_string()
    } else {
        parts.join(", ")
    }
}

/// The note of a finding under its article: place, rule, message, label,
/// help, the fix as before → after, and the related places.
fn note(source: &SourceFile, d: &Diagnostic, n: usize) -> String {
    let (start, _) = positions(source, d.span);
    let sev = severity_name(d.severity);
    let mut html = format!(
        "<li id=\"n{n}\" class=\"note {sev}\" data-n=\"{n}\" data-rule=\"{rule}\" data-severity=\"{sev}\"><a href=\"#f{n}\">{line}:{col}</a> <span class=\"badge {sev}\">{sev}</span> <code>{rule}</code> {msg}",
        rule = escape(&d.rule),
        line = start.line,
        col = start.column,
        msg = escape(&d.message),
    );
    if let Some(label) = &d.label {
        let _ = write!(html, " <span class=\"label\">({})</span>", escape(label));
    }
    if let Some(help) = &d.help {
        let _ = write!(html, "<div class=\"help\">help: {}</div>", escape(help));
    }
    if let Some(fix) = &d.fix
        && let (Some(first), Some(last)) = (fix.edits.first(), fix.edits.last())
    {
        let whole = Span::new(first.span.start, last.span.end);
        let before = &source.text[whole.range()];
        let mut after = String::new();
        let mut at = whole.start;
        for edit in &fix.edits {
            after.push_str(&source.text[at..edit.span.start]);
            after.push_str(&edit.replacement);
            at = edit.span.end;
        }
        let _ = write!(
            html,
            "<div class=\"fix\">fix ({}): <del>{}</del> → <ins>{}</ins></div>",
            fix.applicability.as_str(),
            escape(&visible(before)),
            escape(&visible(&after)),
        );
    }
    for related in &d.related {
        let (at, _) = positions(source, related.span);
        let _ = write!(
            html,
            "<div class=\"related\">{}:{}: {}</div>",
            at.line,
            at.column,
            escape(&related.message)
        );
    }
    html.push_str("</li>\n");
    html
}

/// Whitespace a reader cannot see, shown: a no-break space as `⍽`, an
/// empty text as `∅`.
fn visible(text: &str) -> String {
    if text.is_empty() {
        return "∅".to_string();
    }
    text.replace('\u{a0}', "⍽")
}

impl Emitter for Html<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for d in &report.diagnostics {
            let entry = self
                .by_rule
                .entry(d.rule.to_string())
                .or_insert((d.severity, 0));
            entry.1 += 1;
        }
        let section = self.render(report);
        self.articles.push(section);
        Ok(())
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        self.errors
            .push((path.display().to_string(), reason.to_string()));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let out = &mut self.out;
        write!(out, "{HEAD}")?;
        let total = summary.errors + summary.warnings + summary.infos;
        writeln!(
            out,
            "<header><h1>galley report</h1><p id=\"summary\" data-errors=\"{e}\" data-warnings=\"{w}\" data-infos=\"{i}\">{total} finding{s} in {files} file{fs}: {e} error{es}, {w} warning{ws}, {i} note{is}.</p></header>",
            e = summary.errors,
            w = summary.warnings,
            i = summary.infos,
            s = if total == 1 { "" } else { "s" },
            files = summary.files_checked,
            fs = if summary.files_checked == 1 { "" } else { "s" },
            es = if summary.errors == 1 { "" } else { "s" },
            ws = if summary.warnings == 1 { "" } else { "s" },
            is = if summary.infos == 1 { "" } else { "s" },
        )?;
        writeln!(out, "<main>")?;
        // The summary table and the filters.
        writeln!(
            out,
            "<section aria-labelledby=\"by-rule\"><h2 id=\"by-rule\">Findings by rule</h2>\n<table>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>"
        )?;
        for (rule, (severity, count)) in &self.by_rule {
            let sev = severity_name(*severity);
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td><span class=\"badge {sev}\">{sev}</span></td><td>{count}</td></tr>",
                escape(rule)
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")?;
        writeln!(
            out,
            "<form class=\"filters\" aria-label=\"Filters\" onsubmit=\"return false\"><fieldset><legend>Show</legend>"
        )?;
        for sev in ["error", "warning", "info"] {
            writeln!(
                out,
                "<label><input type=\"checkbox\" name=\"severity\" value=\"{sev}\" checked> {sev}</label>"
            )?;
        }
        writeln!(
            out,
            "<label for=\"rule\">rule</label> <select id=\"rule\"><option value=\"\">all rules</option>"
        )?;
        for rule in self.by_rule.keys() {
            let rule = escape(rule);
            writeln!(out, "<option value=\"{rule}\">{rule}</option>")?;
        }
        writeln!(
            out,
            "</select></fieldset><p class=\"keys\"><button type=\"button\" id=\"prev\">previous finding</button> <button type=\"button\" id=\"next\">next finding</button> Keys: <kbd>n</kbd>/<kbd>j</kbd> next, <kbd>p</kbd>/<kbd>k</kbd> previous. <span id=\"shown\" aria-live=\"polite\"></span></p></form>"
        )?;
        if !self.errors.is_empty() {
            writeln!(
                out,
                "<section aria-labelledby=\"unread\"><h2 id=\"unread\">Files not checked</h2><ul>"
            )?;
            for (path, reason) in &self.errors {
                writeln!(out, "<li>{}: {}</li>", escape(path), escape(reason))?;
            }
            writeln!(out, "</ul></section>")?;
        }
        for article in &self.articles {
            out.write_all(article.as_bytes())?;
        }
        writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>")?;
        out.flush()
    }
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>galley report</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .2rem .6rem; text-align: left; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 15px/1.6 Georgia, serif; background: #fafafa; border: 1px solid #ddd; padding: 1rem; }
mark.finding { color: inherit; border-bottom: 3px solid; padding: 0 1px; }
mark.finding:empty::after { content: "‸"; }
mark.error { background: #fde2e1; border-color: #b3261e; }
mark.warning { background: #fff1c2; border-color: #8a5a00; }
mark.info { background: #e3ecfd; border-color: #1a56b8; }
mark.finding:focus { outline: 3px solid #1a1a1a; }
mark.finding.off { background: none; border-bottom: 0; }
.badge { font-size: .8rem; font-weight: bold; padding: 0 .3rem; border-radius: 3px; color: #fff; }
.badge.error { background: #b3261e; } .badge.warning { background: #7a4f00; } .badge.info { background: #1a56b8; }
ol.notes li { margin: .4rem 0; } li.off { display: none; }
.help, .fix, .related { margin-left: 1.5rem; color: #333; }
del { background: #fde2e1; } ins { background: #dff5e1; text-decoration: none; }
.filters fieldset { border: 1px solid #ccc; } .filters label { margin-right: 1rem; }
@media print {
  .filters { display: none; }
  mark.finding { background: none; }
  pre.text { border: 0; }
}
</style>
</head>
<body>
"#;

const SCRIPT: &str = r#"
(function () {
  var marks = Array.prototype.slice.call(document.querySelectorAll('mark.finding'));
  var notes = Array.prototype.slice.call(document.querySelectorAll('li.note'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=severity]'));
  var select = document.getElementById('rule');
  var shown = document.getElementById('shown');
  function wanted(el) {
    var sev = el.getAttribute('data-severity');
    var on = boxes.some(function (b) { return b.checked && b.value === sev; });
    return on && (!select.value || select.value === el.getAttribute('data-rule'));
  }
  function apply() {
    var count = 0;
    marks.forEach(function (m) { var on = wanted(m); m.classList.toggle('off', !on); if (on) { count++; } });
    notes.forEach(function (n) { n.classList.toggle('off', !wanted(n)); });
    shown.textContent = count + ' of ' + marks.length + ' findings shown';
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  select.addEventListener('change', apply);
  function go(step) {
    var visible = marks.filter(function (m) { return !m.classList.contains('off'); });
    if (!visible.length) { return; }
    var at = visible.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : visible.length - 1) : (at + step + visible.length) % visible.length;
    visible[next].focus();
    visible[next].scrollIntoView({ block: 'center' });
  }
  document.getElementById('next').addEventListener('click', function () { go(1); });
  document.getElementById('prev').addEventListener('click', function () { go(-1); });
  document.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'SELECT' || e.target.tagName === 'INPUT')) { return; }
    if (e.key === 'n' || e.key === 'j') { go(1); e.preventDefault(); }
    if (e.key === 'p' || e.key === 'k') { go(-1); e.preventDefault(); }
  });
  apply();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn diag(start: usize, end: usize) -> Diagnostic {
        Diagnostic {
            rule: "r".into(),
            severity: Severity::Warning,
            message: "m".into(),
            span: Span::new(start, end),
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x & \"y\"')</script>"),
            "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn overlapping_spans_are_nested() {
        let got = nested(&[diag(0, 10), diag(5, 15), diag(2, 4)]);
        let spans: Vec<(usize, usize)> = got.iter().map(|(_, s)| (s.start, s.end)).collect();
        assert_eq!(spans, [(0, 10), (2, 4), (5, 10)]);
    }
}
