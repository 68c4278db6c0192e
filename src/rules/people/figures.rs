//! `figure-consistency`: a number in the headline or a caption that the
//! story gives differently for the same thing ("25 counselors" above,
//! "24 counselors" below).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

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
        let words = &doc.words[block.words()];
        for (i, pair) in words.windows(2).enumerate() {
            // Most words do not start with a digit: turned away by one byte.
            let first = text.as_bytes().get(pair[0].range().start);
            if !first.is_some_and(u8::is_ascii_digit) {
                continue;
            }
            let (n, noun) = (&text[pair[0].range()], &text[pair[1].range()]);
            let gap = &text[pair[0].range().end..pair[1].range().start];
            if gap != " "
                || !n.bytes().all(|b| b.is_ascii_digit())
                || !noun.chars().all(char::is_lowercase)
                || noun.len() <= 3
            {
                continue;
            }
            // "Over 900", "nearly 25": a round or approximate figure, not
            // compared outside the body.
            let approximate = i > 0 && {
                let before = &text[words[i - 1].range()];
                APPROXIMATE.iter().any(|a| a.eq_ignore_ascii_case(before))
            };
            if !approximate || body {
                figures.push((
                    n.to_string(),
                    noun.to_string(),
                    block.prose.to_source(pair[0].range()),
                    body,
                ));
            }
        }
    }
    // The body's figures by noun: where each figure first appears.
    let mut in_body: HashMap<(&str, &str), Span> = HashMap::new();
    let mut nouns: HashSet<&str> = HashSet::new();
    for (n, noun, at, body) in &figures {
        if *body {
            nouns.insert(noun);
            in_body.entry((noun, n)).or_insert(*at);
        }
    }
    for (n, noun, at, body) in &figures {
        if *body || !nouns.contains(noun.as_str()) || in_body.contains_key(&(noun, n)) {
            continue;
        }
        // "Over 900" may add up the body's 700 and 200: only a figure that
        // differs from the body's by a slip (one digit, or two swapped) is
        // taken for a mistake; of those, the first in the story.
        let Some((other, other_at)) = slips(n)
            .filter_map(|s| {
                let at = *in_body.get(&(noun.as_str(), s.as_str()))?;
                Some((s, at))
            })
            .min_by_key(|(_, at)| at.start)
        else {
            continue;
        };
        let vars = [
            ("match", n.as_str()),
            ("name", noun.as_str()),
            ("spelling", ""),
            ("first", other.as_str()),
        ];
        report(
            cx,
            *at,
            vars,
            (other_at, format!("the body says {other} {noun}")),
        );
    }
}

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
    use super::slips;

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
