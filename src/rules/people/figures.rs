//! `figure-consistency`: a figure in the headline or a caption that the
//! story gives differently for the same thing ("25 counselors" above,
//! "24 counselors" below; "$4.2 million" above, "$4.7 million" below).

use std::sync::LazyLock;

use compact_str::{CompactString, format_compact};
use foldhash::{HashMap, HashSet};

use regex::Regex;

use super::report;
use crate::document::{Block, BlockKind, Document};
use crate::rules::Context;
use crate::source::Span;

/// A figure as written: an optional currency sign, digits (with thousands
/// commas and decimals), an optional multiplier or percent, and the word
/// after it.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<cur>[$£€¥])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?
        (?P<mult>\s?%|\s?per\ cent\b|\s?percent\b|\s(?:million|billion|trillion|thousand)\b|(?:bn|m|k)\b)?
        (?:\ (?P<noun>[a-z]{4,})\b)?",
    )
    .expect("the figure pattern is valid")
});

/// One figure of the story. A long story has thousands, all held while
/// they are compared: what it writes is lent by the block's text, and what
/// is made of it is held inline (a few bytes each), with no allocation.
struct Figure<'d> {
    /// As written, with its noun: "$4.2 million", "40 beds".
    written: &'d str,
    /// The digits without commas or point, and how many follow the point:
    /// what a slip changes.
    digits: CompactString,
    decimals: usize,
    /// The number itself.
    value: f64,
    /// What is counted: the currency, the multiplier and the noun
    /// ("$ million", " beds").
    unit: CompactString,
    /// The noun after the figure, if any.
    noun: &'d str,
    /// The verb or content word just before it, stemmed ("add" for "adds").
    before: Option<CompactString>,
    span: Span,
    approximate: bool,
}

impl Figure<'_> {
    /// Whether a figure above the body is compared with the body's: not an
    /// approximate one, nor one without a unit.
    fn compared(&self) -> bool {
        !self.approximate && !self.unit.trim().is_empty()
    }
}

/// Whether a block of `kind` is above the body: a headline or a caption,
/// whose figures are compared with the body's.
fn above(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Title | BlockKind::Caption)
}

/// A number in the headline or a caption that the body gives differently
/// for the same thing: the body never writes the headline's figure for it,
/// and writes one a slip away (one digit changed, two swapped), or one
/// after the same verb ("to add 40 beds" … "would add 38 beds").
pub(super) fn check_figures(doc: &Document, cx: &mut Context) {
    let blocks: Vec<_> = cx.blocks(doc).map(|(_, b)| b).collect();
    // Most stories have no figure above the body: nothing to compare.
    if !blocks
        .iter()
        .any(|b| above(b.kind) && b.text().bytes().any(|c| c.is_ascii_digit()))
    {
        return;
    }
    let (furniture, body) = figures_of(&blocks);
    let body: Vec<&Figure> = body.iter().collect();
    let body = BodyFigures::new(&body);
    for f in &furniture {
        if !f.compared() {
            continue;
        }
        // The body's figure, or one the headline rounds ("$28bn" for
        // "$28.3bn"): no contradiction.
        if body.gives(f) {
            continue;
        }
        let Some(other) = body.contradiction(f) else {
            continue;
        };
        let vars = [
            ("match", f.written),
            ("name", f.noun),
            ("spelling", ""),
            ("first", other.written),
        ];
        report(
            cx,
            f.span,
            vars,
            (other.span, format!("the body says {}", other.written)),
        );
    }
}

/// The figures of the headline and captions, and those of the body that
/// one of them may be compared with: a body figure of a unit none of them
/// counts is never looked at, so it is not held (a long story has tens of
/// thousands of figures, its headline and captions a few).
fn figures_of<'d>(blocks: &[&'d Block<'_>]) -> (Vec<Figure<'d>>, Vec<Figure<'d>>) {
    let mut furniture = Vec::new();
    for block in blocks.iter().filter(|b| above(b.kind)) {
        figures_in(
            block.text(),
            |range| block.prose.to_source(range),
            |_| true,
            &mut furniture,
        );
    }
    let units: HashSet<&str> = furniture
        .iter()
        .filter(|f| f.compared())
        .map(|f| f.unit.as_str())
        .collect();
    let mut body = Vec::new();
    if !units.is_empty() {
        for block in blocks.iter().filter(|b| b.kind.is_body()) {
            figures_in(
                block.text(),
                |range| block.prose.to_source(range),
                |unit| units.contains(unit),
                &mut body,
            );
        }
    }
    (furniture, body)
}

/// The body's figures, indexed so that a figure above the body is compared
/// in steps that do not grow with the body (a plain-text story of many
/// short lines, each taken for a caption, would otherwise take time
/// growing with the square of its length).
struct BodyFigures<'a> {
    figures: &'a [&'a Figure<'a>],
    /// By unit: the values, ascending, each with the most decimals it is
    /// written with.
    values: HashMap<&'a str, Vec<(f64, usize)>>,
    /// Where the figures that are not approximate first appear: by unit,
    /// decimals and digits, and by unit and the verb before them.
    by_digits: HashMap<(&'a str, usize, &'a str), usize>,
    by_verb: HashMap<(&'a str, &'a str), usize>,
    /// The units, decimals and numbers of digits written: a figure's slips
    /// are looked up only when the body has figures of their shape.
    shapes: HashSet<(&'a str, usize, usize)>,
}

impl<'a> BodyFigures<'a> {
    fn new(figures: &'a [&'a Figure<'a>]) -> Self {
        let mut values: HashMap<&str, Vec<(f64, usize)>> = HashMap::default();
        let mut by_digits = HashMap::default();
        let mut by_verb = HashMap::default();
        let mut shapes = HashSet::default();
        for (i, b) in figures.iter().enumerate() {
            values
                .entry(b.unit.as_str())
                .or_default()
                .push((b.value, b.decimals));
            if b.approximate {
                continue;
            }
            by_digits
                .entry((b.unit.as_str(), b.decimals, b.digits.as_str()))
                .or_insert(i);
            if let Some(verb) = &b.before {
                by_verb.entry((b.unit.as_str(), verb.as_str())).or_insert(i);
            }
            shapes.insert((b.unit.as_str(), b.decimals, b.digits.len()));
        }
        for list in values.values_mut() {
            list.retain(|(v, _)| !v.is_nan());
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            list.dedup_by_key(|(v, _)| *v);
        }
        BodyFigures {
            figures,
            values,
            by_digits,
            by_verb,
            shapes,
        }
    }

    /// Whether the body gives `f`'s unit a value within half its last
    /// digit, written with as many decimals or more. The values that close
    /// lie next to `f`'s in order, on either side; the walk stops at the
    /// first with enough decimals, and those with fewer are a step of at
    /// least ten times the distance apart: a few per decimal place.
    fn gives(&self, f: &Figure) -> bool {
        let Some(list) = self.values.get(f.unit.as_str()) else {
            return false;
        };
        let precision = 0.5 * 10f64.powi(-(f.decimals as i32));
        let close = |&&(v, _): &&(f64, usize)| (v - f.value).abs() < precision;
        let at = list.partition_point(|(v, _)| *v < f.value);
        let above = list[at..].iter().take_while(close);
        let below = list[..at].iter().rev().take_while(close);
        above.chain(below).any(|&(_, decimals)| {
            count_work(1);
            decimals >= f.decimals
        })
    }

    /// The first body figure of `f`'s unit that is not approximate and is
    /// a slip away from it (with as many decimals), or follows the same
    /// verb. "Over 900" may add up the body's 700 and 200: only such a
    /// figure is taken for a mistake.
    fn contradiction(&self, f: &Figure) -> Option<&'a Figure<'a>> {
        let unit = f.unit.as_str();
        let verb = f.before.as_deref().and_then(|verb| {
            count_work(1);
            self.by_verb.get(&(unit, verb)).copied()
        });
        let slip = if self.shapes.contains(&(unit, f.decimals, f.digits.len())) {
            slips(&f.digits)
                .filter_map(|s| {
                    count_work(1);
                    self.by_digits.get(&(unit, f.decimals, s.as_str())).copied()
                })
                .min()
        } else {
            None
        };
        let first = match (verb, slip) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(self.figures[first])
    }
}

/// Counts the steps `check_figures` takes, for the test that its work
/// grows linearly.
fn count_work(_steps: usize) {
    #[cfg(test)]
    WORK.with(|w| w.set(w.get() + _steps));
}

#[cfg(test)]
thread_local! {
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The figures of one block's text, in order; of those whose unit
/// `wanted` refuses, none.
fn figures_in<'d>(
    text: &'d str,
    to_source: impl Fn(std::ops::Range<usize>) -> Span,
    wanted: impl Fn(&str) -> bool,
    out: &mut Vec<Figure<'d>>,
) {
    for c in FIGURE.captures_iter(text) {
        let whole = c.get(0).expect("a match");
        // Part of a longer token: "A4", "2004-05", "v2.1".
        let glued = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric() || ch == '.');
        if glued(text[..whole.start()].chars().next_back())
            || glued(text[whole.end()..].chars().next()) && c.name("noun").is_none()
        {
            continue;
        }
        let int = c.name("int").map_or("", |m| m.as_str());
        let dec = c.name("dec").map_or("", |m| m.as_str());
        let cur = c.name("cur").map_or("", |m| m.as_str());
        let mult = c.name("mult").map_or("", |m| match m.as_str().trim() {
            "m" => "million",
            "bn" => "billion",
            "k" => "thousand",
            "per cent" | "percent" => "%",
            other => other,
        });
        let noun = c.name("noun").map_or("", |m| m.as_str());
        // An amount (money, a multiple, a share) is counted by its unit; a
        // bare number by the noun after it, if that is no little word.
        let amount = !cur.is_empty() || !mult.is_empty();
        let unit = if amount {
            format_compact!("{cur} {mult}")
        } else if LITTLE.contains(&noun) {
            CompactString::default()
        } else {
            format_compact!(" {noun}")
        };
        if !wanted(&unit) {
            continue;
        }
        let end = if amount || LITTLE.contains(&noun) {
            c.name("mult")
                .or(c.name("dec"))
                .or(c.name("int"))
                .map_or(whole.end(), |m| m.end())
        } else {
            whole.end()
        };
        let before = text[..whole.start()]
            .rsplit(|ch: char| !ch.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(3);
        let first_before = before.clone().next().map(str::to_lowercase);
        let approximate = first_before
            .as_deref()
            .is_some_and(|w| APPROXIMATE.contains(&w));
        let verb = before
            .map(str::to_lowercase)
            .find(|w| !LITTLE.contains(&w.as_str()) && !APPROXIMATE.contains(&w.as_str()))
            .map(|w| CompactString::from(stem(&w)));
        out.push(Figure {
            written: &text[whole.start()..end],
            digits: format_compact!("{}{dec}", int.replace(',', "")),
            decimals: dec.len(),
            value: format!("{}.{dec}0", int.replace(',', ""))
                .parse()
                .unwrap_or(f64::NAN),
            unit,
            noun: if amount { "" } else { noun },
            before: verb,
            span: to_source(whole.start()..end),
            approximate,
        });
    }
}

/// A verb without its ending: "adds", "added" and "adding" are "add".
fn stem(word: &str) -> &str {
    for ending in ["ing", "ed", "es", "s", "d"] {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.len() >= 3
        {
            return stem;
        }
    }
    word
}

/// Little words: not the noun a figure counts, nor the verb that says
/// what happens to it.
#[rustfmt::skip]
const LITTLE: &[&str] = &[
    "", "a", "an", "the", "of", "to", "by", "and", "or", "in", "on", "for", "at", "with", "from",
    "its", "their", "his", "her", "our", "would", "will", "could", "should", "may", "might",
    "can", "has", "have", "had", "is", "are", "was", "were", "be", "been", "this", "that",
    "than", "more", "less", "new", "into", "per", "each", "after", "before",
    "when", "while", "which", "who", "said", "says", "also", "just", "only", "some", "then",
];

/// The figures a slip away from `n`: one digit changed, or two neighbouring
/// digits swapped (25 → 24, 1250 → 1520).
fn slips(n: &str) -> impl Iterator<Item = String> + '_ {
    let digits = n.as_bytes();
    let changed = (0..digits.len()).flat_map(move |i| {
        (b'0'..=b'9')
            .filter(move |&d| d != digits[i])
            .map(move |d| {
                let mut v = digits.to_vec();
                v[i] = d;
                String::from_utf8(v).expect("digits are ASCII")
            })
    });
    let swapped = (1..digits.len())
        .filter(move |&i| digits[i] != digits[i - 1])
        .map(move |i| {
            let mut v = digits.to_vec();
            v.swap(i - 1, i);
            String::from_utf8(v).expect("digits are ASCII")
        });
    changed.chain(swapped)
}

/// Words that make the figure after them approximate.
#[rustfmt::skip]
const APPROXIMATE: &[&str] = &[
    "over", "than", "nearly", "about", "almost", "around", "some", "approximately", "roughly",
    "least", "to", "under", "upwards",
];

#[cfg(test)]
mod tests {
    use super::{WORK, figures_of, slips};
    use crate::document::{ArticleSettings, Document, Format};
    use crate::rules::test_support::{flagged, rule};
    use crate::source::SourceFile;

    #[test]
    fn only_body_figures_of_a_unit_above_the_body_are_held() {
        let text = "Clinic adds 41 beds\n\nThe clinic has 38 beds, 12 nurses and $4 million.\n\nIt will hire 3 doctors and add 40 beds.\n";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let blocks: Vec<_> = doc.blocks.iter().collect();
        let (furniture, body) = figures_of(&blocks);
        let written = |figures: &[super::Figure]| -> Vec<String> {
            figures.iter().map(|f| f.written.to_string()).collect()
        };
        assert_eq!(written(&furniture), ["41 beds"]);
        assert_eq!(written(&body), ["38 beds", "40 beds"]);
        // The body's other figures were never compared: the finding is
        // the slip of the beds alone.
        assert_eq!(
            flagged(text, &rule("people", "check = 'figures'")),
            ["41 beds"]
        );
    }

    /// The steps taken on a story of `n` short paragraphs, each read as a
    /// caption with a figure, between `n` body paragraphs with figures of
    /// the same unit; and its findings.
    fn work(n: usize) -> (usize, Vec<String>) {
        let mut text =
            String::from("Officials counted the beds in every clinic of the county on Monday.\n\n");
        for i in 1..=n {
            // Given by the body; two digits of the first body figure
            // swapped; neither.
            let (caption, beds) = match i % 3 {
                0 => (format!("Clinic adds {i} beds"), i.to_string()),
                1 if i == 1 => ("Clinic adds 4,581 beds".to_string(), "4,518".to_string()),
                _ => (format!("Clinic adds {} beds", 1_000_000 + i), i.to_string()),
            };
            text.push_str(&format!(
                "The ward {i} has {beds} beds now.\n\n{caption}\n\n"
            ));
        }
        WORK.with(|w| w.set(0));
        let found = flagged(&text, &rule("people", "check = 'figures'"));
        (WORK.with(|w| w.get()), found)
    }

    #[test]
    fn the_work_grows_linearly_with_captions_and_body_figures() {
        let (small, found) = work(500);
        assert_eq!(found, ["4,581 beds"]);
        assert!(small >= 500, "{small}");
        let (large, found) = work(1000);
        assert_eq!(found, ["4,581 beds"]);
        assert!(large < 3 * small, "{small} steps for 500, {large} for 1000");
    }

    /// Two figures of the same length differing in one digit or by two
    /// neighbouring digits swapped: the definition `slips` must meet.
    fn digit_slip(a: &str, b: &str) -> bool {
        if a.len() != b.len() || a == b {
            return false;
        }
        let diff: Vec<usize> = a
            .bytes()
            .zip(b.bytes())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .map(|(i, _)| i)
            .collect();
        match diff.as_slice() {
            [_] => true,
            [i, j] => {
                *j == i + 1
                    && a.as_bytes()[*i] == b.as_bytes()[*j]
                    && a.as_bytes()[*j] == b.as_bytes()[*i]
            }
            _ => false,
        }
    }

    #[test]
    fn slips_are_exactly_the_one_digit_and_swap_neighbours() {
        for a in ["25", "1250", "7", "1001"] {
            let found: std::collections::BTreeSet<String> = slips(a).collect();
            let width = a.len() as u32;
            for m in 0..10u32.pow(width) {
                let b = format!("{m:0width$}", width = a.len());
                assert_eq!(found.contains(&b), digit_slip(a, &b), "{a} {b}");
            }
        }
    }
}
