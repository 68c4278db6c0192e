//! Vale's check types that measure the whole document: `metric` (a
//! `formula` over its counts, compared by a `condition`) and `readability`
//! (the average of named grade formulas against a `grade`). Like Vale,
//! both read the document's "summary" — its paragraphs, list items and
//! block quotes, not its headings — whatever their `scope`, and report
//! once, at its start (line 1, column 1), the value in `%s` with two
//! decimals. Words are Vale's (`(?:[A-Z]\.){2,}|[\p{N}\p{L}']+`), sentences
//! and syllables galley's, so readability figures may differ from Vale's in
//! the last places.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::pattern::format_message;
use super::{Check, Context, Finding, PackError};
use crate::document::{BlockKind, Document};
use crate::lang::syllables::syllables;
use crate::source::Span;
use crate::vale::formula::{self, Expr, Value};
use crate::vale::{Definition, Placed};

/// The counts a `metric` formula may name.
pub const VARIABLES: [&str; 17] = [
    "words",
    "sentences",
    "characters",
    "syllables",
    "complex_words",
    "long_words",
    "polysyllabic_words",
    "paragraphs",
    "pre",
    "list",
    "blockquote",
    "heading_h1",
    "heading_h2",
    "heading_h3",
    "heading_h4",
    "heading_h5",
    "heading_h6",
];

/// The grade formulas a `readability` rule may average.
const GRADES: [&str; 5] = [
    "Flesch-Kincaid",
    "Gunning Fog",
    "Coleman-Liau",
    "SMOG",
    "Automated Readability",
];

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[A-Z]\.){2,}|[\p{N}\p{L}']+").expect("a valid regex"));

/// The document's counts, by Vale's variable names; empty when the
/// summary has no words (Vale then reports nothing). Counts so far when
/// `stopped` says stop.
pub fn counts(doc: &Document, stopped: impl Fn() -> bool) -> HashMap<&'static str, f64> {
    let mut c: HashMap<&'static str, f64> = VARIABLES.iter().map(|v| (*v, 0.0)).collect();
    let mut add = |name: &'static str, n: f64| *c.get_mut(name).expect("a variable") += n;
    for block in doc
        .blocks
        .iter()
        .filter(|b| b.field.is_none())
        .take_while(|_| !stopped())
    {
        match block.kind {
            BlockKind::Title => add("heading_h1", 1.0),
            BlockKind::Heading => add(heading_level(doc, block.span.start), 1.0),
            BlockKind::ListItem => add("list", 1.0),
            BlockKind::Quote | BlockKind::PullQuote => add("blockquote", 1.0),
            _ => {}
        }
        if matches!(block.kind, BlockKind::Title | BlockKind::Heading) {
            continue;
        }
        add("paragraphs", 1.0);
        let text = block.text();
        for sentence in doc.block_sentences(block) {
            let words: Vec<&str> = WORD
                .find_iter(&text[sentence.range()])
                .map(|m| m.as_str())
                .collect();
            if words.is_empty() {
                continue;
            }
            add("sentences", 1.0);
            for word in words {
                add("words", 1.0);
                let chars = word.chars().filter(|c| c.is_alphanumeric()).count();
                add("characters", chars as f64);
                if word.len() > 6 {
                    add("long_words", 1.0);
                }
                let n = syllables(word);
                add("syllables", n as f64);
                if n > 2 {
                    add("polysyllabic_words", 1.0);
                }
                let lower = word.to_lowercase();
                let suffixed = ["es", "ed", "ing"].iter().any(|s| lower.ends_with(s));
                if n - usize::from(suffixed) > 2 {
                    add("complex_words", 1.0);
                }
            }
        }
    }
    add("pre", code_blocks(&doc.source.text) as f64);
    if c["words"] == 0.0 {
        c.clear();
    }
    c
}

/// `heading_hN` for the heading that starts at `at`: its `#`s in the
/// source (a setext heading, underlined, is an h2 unless `=`).
fn heading_level(doc: &Document, at: usize) -> &'static str {
    let text = &doc.source.text;
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let hashes = text[line_start..]
        .trim_start()
        .bytes()
        .take_while(|b| *b == b'#')
        .count();
    let underline = text[at..]
        .split('\n')
        .nth(1)
        .is_some_and(|l| l.trim().starts_with('='));
    match (hashes, underline) {
        (0, true) | (1, _) => "heading_h1",
        (0, false) | (2, _) => "heading_h2",
        (3, _) => "heading_h3",
        (4, _) => "heading_h4",
        (5, _) => "heading_h5",
        _ => "heading_h6",
    }
}

/// Fenced code blocks in a Markdown source (Vale's `pre`).
fn code_blocks(text: &str) -> usize {
    let fences = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            l.len() - t.len() < 4 && (t.starts_with("```") || t.starts_with("~~~"))
        })
        .count();
    fences.div_ceil(2)
}

/// Reports `value` at the document's start, as Vale does.
fn report(doc: &Document, cx: &mut Context, message: &str, value: f64) {
    let value = format!("{value:.2}");
    let message = format_message(message, &[&value]);
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = doc.source.text.chars().next().map_or(0, char::len_utf8);
    let vars = [("message", message.as_str())];
    cx.report(Finding::new(Span::new(0, first), &vars));
}

fn located(place: &Placed, message: String) -> PackError {
    PackError::at(place.span.clone(), message)
}

/// `metric`: a formula over the document's counts.
struct Metric {
    formula: Expr,
    condition: String,
    message: String,
}

pub fn metric(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let Some(formula) = &def.formula else {
        return Err(PackError::at(
            def.extends_span.clone(),
            "a `metric` rule needs a `formula`",
        ));
    };
    let Some(condition) = &def.condition else {
        return Err(PackError::at(
            def.extends_span.clone(),
            "a `metric` rule needs a `condition`",
        ));
    };
    let expr = formula::parse(&formula.text).map_err(|(at, e)| {
        // A plain scalar is the formula byte for byte: point at the
        // fault; a quoted or block one, at the whole formula.
        let span = if formula.span.len() == formula.text.len() {
            formula.span.start + at..formula.span.start + at + 1
        } else {
            formula.span.clone()
        };
        PackError::at(span, format!("bad formula: {e}"))
    })?;
    if let Some(unknown) = expr
        .variables()
        .into_iter()
        .find(|v| !VARIABLES.contains(v))
    {
        return Err(located(
            formula,
            format!(
                "the formula names `{unknown}`, which is not one of Vale's counts ({})",
                VARIABLES.join(", ")
            ),
        ));
    }
    // The condition is read after the value, as Vale reads it: a test
    // value shows whether it parses and gives a truth value.
    let probe = format!("0.000000 {}", condition.text);
    match formula::parse(&probe).map(|e| e.eval(&HashMap::new())) {
        Ok(Ok(Value::Bool(_))) => {}
        _ => {
            return Err(located(
                condition,
                format!(
                    "bad condition `{}`: write a comparison such as `> 8`",
                    condition.text.trim()
                ),
            ));
        }
    }
    Ok(Box::new(Metric {
        formula: expr,
        condition: condition.text.clone(),
        message: def.message.clone(),
    }))
}

impl Check for Metric {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let counts = counts(doc, || cx.stopped());
        if counts.is_empty() {
            return;
        }
        let Ok(Value::Num(value)) = self.formula.eval(&counts) else {
            return;
        };
        // Vale prints the value with six decimals into the condition.
        let test = format!("{value:.6} {}", self.condition);
        let fires = formula::parse(&test)
            .ok()
            .and_then(|e| e.eval(&HashMap::new()).ok());
        if fires == Some(Value::Bool(true)) {
            report(doc, cx, &self.message, value);
        }
    }
}

/// `readability`: the average of grade formulas.
struct Readability {
    metrics: Vec<&'static str>,
    grade: f64,
    message: String,
}

pub fn readability(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let mut metrics = Vec::new();
    for m in &def.metrics {
        let Some(name) = GRADES.iter().find(|g| **g == m.text.trim()) else {
            return Err(located(
                m,
                format!(
                    "unknown readability metric `{}`: use {}",
                    m.text,
                    GRADES.join(", ")
                ),
            ));
        };
        metrics.push(*name);
    }
    if metrics.is_empty() {
        return Err(PackError::at(
            def.extends_span.clone(),
            "a `readability` rule needs `metrics`",
        ));
    }
    Ok(Box::new(Readability {
        metrics,
        grade: def.grade.unwrap_or(0.0),
        message: def.message.clone(),
    }))
}

/// One grade formula over the counts (those of Vale's `summarize`).
fn grade(name: &str, c: &HashMap<&'static str, f64>) -> f64 {
    let (w, s) = (c["words"], c["sentences"]);
    match name {
        "Flesch-Kincaid" => 0.39 * w / s + 11.8 * c["syllables"] / w - 15.59,
        "Gunning Fog" => 0.4 * (w / s + 100.0 * (c["complex_words"] / w)),
        "Coleman-Liau" => 0.0588 * (c["characters"] / w) * 100.0 - 0.296 * (s / w) * 100.0 - 15.8,
        "SMOG" => 1.0430 * (c["polysyllabic_words"] * 30.0 / s).sqrt() + 3.1291,
        _ => 4.71 * (c["characters"] / w) + 0.5 * (w / s) - 21.43,
    }
}

impl Check for Readability {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let counts = counts(doc, || cx.stopped());
        if counts.is_empty() {
            return;
        }
        let sum: f64 = self.metrics.iter().map(|m| grade(m, &counts)).sum();
        let average = sum / self.metrics.len() as f64;
        if average > self.grade {
            report(doc, cx, &self.message, average);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;

    fn counted(text: &str) -> HashMap<&'static str, f64> {
        let source = SourceFile::new("t.md", text);
        let doc = Document::parse(&source, Format::MARKDOWN, &ArticleSettings::default());
        counts(&doc, || false)
    }

    #[test]
    fn the_summary_counts_paragraphs_lists_and_quotes_not_headings() {
        let c = counted(
            "# Title\n\n## Part\n\n### Sub\n\nThe cat sat. It slept on the mat.\n\n- one item\n- another\n\n> A quoted line.\n\n```\ncode\n```\n",
        );
        assert_eq!(c["heading_h1"], 1.0);
        assert_eq!(c["heading_h2"], 1.0);
        assert_eq!(c["heading_h3"], 1.0);
        assert_eq!(c["list"], 2.0);
        assert_eq!(c["blockquote"], 1.0);
        assert_eq!(c["pre"], 1.0);
        assert_eq!(c["paragraphs"], 4.0);
        // "The cat sat" + "It slept on the mat" + "one item" + "another"
        // + "A quoted line": headings and code are not counted.
        assert_eq!(c["words"], 3.0 + 5.0 + 2.0 + 1.0 + 3.0);
        assert_eq!(c["sentences"], 5.0);
        assert_eq!(c["long_words"], 1.0, "another");
    }

    #[test]
    fn words_are_vales_and_syllables_are_counted() {
        let c = counted("The U.S.A. agreed, don't you think? Unbelievable.\n");
        // U.S.A. is one word; "don't" keeps its apostrophe.
        assert_eq!(c["words"], 7.0);
        assert_eq!(c["sentences"], 2.0);
        assert_eq!(c["characters"], 3.0 + 3.0 + 6.0 + 4.0 + 3.0 + 5.0 + 12.0);
        assert_eq!(c["polysyllabic_words"], 1.0, "unbelievable");
        assert_eq!(c["complex_words"], 1.0);
    }

    #[test]
    fn a_document_without_words_has_no_counts() {
        assert!(counted("# Only a heading\n").is_empty());
        assert!(counted("").is_empty());
    }

    #[test]
    fn grades_follow_vales_formulas() {
        let c: HashMap<&'static str, f64> = [
            ("words", 6.0),
            ("sentences", 1.0),
            ("syllables", 6.0),
            ("characters", 18.0),
            ("complex_words", 0.0),
            ("polysyllabic_words", 0.0),
        ]
        .into_iter()
        .collect();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(
            grade("Flesch-Kincaid", &c),
            0.39 * 6.0 + 11.8 - 15.59
        ));
        assert!(close(grade("Gunning Fog", &c), 2.4));
        assert!(close(grade("SMOG", &c), 3.1291));
        assert!(close(
            grade("Automated Readability", &c),
            4.71 * 3.0 + 3.0 - 21.43
        ));
        assert!(close(
            grade("Coleman-Liau", &c),
            0.0588 * 300.0 - 0.296 * 100.0 / 6.0 - 15.8
        ));
    }
}
