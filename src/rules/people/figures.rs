//! `figure-consistency`: a number in the headline or a caption that the
//! story gives differently for the same thing ("25 counselors" above,
//! "24 counselors" below).

use super::report;
use crate::document::{BlockKind, Document};
use crate::rules::Context;
use crate::source::Span;

/// A number in the headline or a caption that the body gives differently
/// for the same thing: "25 counselors" above, "24 counselors" below.
pub(super) fn check_figures(doc: &Document, cx: &mut Context) {
    // (figure, the word after it, span of the figure, in the body).
    let mut figures: Vec<(String, String, Span, bool)> = Vec::new();
    for (_, block) in cx.blocks(doc) {
        let text = block.text();
        let body = block.kind.is_body();
        let furniture = matches!(block.kind, BlockKind::Title | BlockKind::Caption);
        if !body && !furniture {
            continue;
        }
        let words = &doc.words[block.words.clone()];
        for (i, pair) in words.windows(2).enumerate() {
            // "Over 900", "nearly 25": a round or approximate figure.
            let approximate = i > 0 && {
                let before = text[words[i - 1].range.clone()].to_lowercase();
                APPROXIMATE.contains(&before.as_str())
            };
            if approximate && !body {
                continue;
            }
            let (n, noun) = (&text[pair[0].range.clone()], &text[pair[1].range.clone()]);
            let gap = &text[pair[0].range.end..pair[1].range.start];
            if gap == " "
                && n.bytes().all(|b| b.is_ascii_digit())
                && noun.chars().all(char::is_lowercase)
                && noun.len() > 3
            {
                figures.push((
                    n.to_string(),
                    noun.to_string(),
                    block.prose.to_source(pair[0].range.clone()),
                    body,
                ));
            }
        }
    }
    for (n, noun, at, body) in &figures {
        if *body {
            continue;
        }
        let in_body: Vec<_> = figures.iter().filter(|f| f.3 && f.1 == *noun).collect();
        if in_body.is_empty() || in_body.iter().any(|f| f.0 == *n) {
            continue;
        }
        // "Over 900" may add up the body's 700 and 200: only a figure that
        // differs from the body's by a slip (one digit, or two swapped) is
        // taken for a mistake.
        let Some(other) = in_body.iter().find(|f| digit_slip(n, &f.0)) else {
            continue;
        };
        let vars = [
            ("match", n.as_str()),
            ("name", noun.as_str()),
            ("spelling", ""),
            ("first", other.0.as_str()),
        ];
        report(
            cx,
            *at,
            vars,
            (other.2, format!("the body says {} {noun}", other.0)),
        );
    }
}

/// Words that make the figure after them approximate.
#[rustfmt::skip]
const APPROXIMATE: &[&str] = &[
    "over", "than", "nearly", "about", "almost", "around", "some", "approximately", "roughly",
    "least", "to", "under", "upwards",
];

/// Two figures of the same length differing in one digit or by two
/// neighbouring digits swapped: 25 and 24, 1,250 and 1,520.
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
