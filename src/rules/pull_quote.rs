//! `pull-quote`: a pull quote must quote the story. Its words (without the
//! attribution, the quotation marks and any ellipsis) must appear in order in
//! one block of the body; a pull quote left behind by an edit of the body is
//! reported, with the closest body sentence as the related place.

use foldhash::HashSet;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Document, is_dash_attribution, is_name_line, trailing_attribution};

params! {
    /// The parameters of this kind.
    struct Params {}
}

pub static KIND: KindInfo = KindInfo {
    name: "pull-quote",
    summary: "a pull quote that no longer matches the body it quotes",
    params: Params::DOCS,
    vars: &[],
    build,
    honours_sic: false,
};

struct PullQuote;

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let _: Params = spec.params()?;
    Ok(Box::new(PullQuote))
}

/// The words of `text`, lowercased, without punctuation; curly apostrophes
/// are straight.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']).replace('’', "'").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The quoted part of a pull quote, as runs of words split at each
/// ellipsis; `None` for a block that is only an attribution.
fn fragments(text: &str) -> Option<Vec<Vec<String>>> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_dash_attribution(l))
        .collect();
    let mut text = lines.join(" ");
    if let Some(at) = trailing_attribution(&text) {
        text.truncate(at);
    }
    let quoted = text.contains(['“', '”', '"']);
    if !quoted && is_name_line(&text) || text.is_empty() {
        return None;
    }
    let inner = match (text.find(['“', '"']), text.rfind(['”', '"'])) {
        // Quotation marks are one byte or three: skip the whole mark.
        (Some(open), Some(close)) if close > open => {
            let after = open + text[open..].chars().next().map_or(1, char::len_utf8);
            &text[after..close]
        }
        _ => text.as_str(),
    };
    let runs: Vec<Vec<String>> = inner
        .replace("...", "…")
        .replace(". . .", "…")
        .split('…')
        .map(words)
        .filter(|w| !w.is_empty())
        .collect();
    (!runs.is_empty()).then_some(runs)
}

/// The runs as the text looked for: words with a space on each side, so
/// that they match whole words.
fn needles(runs: &[Vec<String>]) -> Vec<String> {
    runs.iter()
        .map(|run| format!(" {} ", run.join(" ")))
        .collect()
}

/// Whether the runs' `needles` appear in order in `body` (its words joined
/// by spaces, with a space on each side).
fn appears_in(needles: &[String], body: &str) -> bool {
    let mut from = 0;
    for needle in needles {
        match body[from..].find(needle.as_str()) {
            Some(at) => from += at + needle.len() - 1,
            None => return false,
        }
    }
    true
}

impl Check for PullQuote {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let quotes: Vec<(usize, Vec<Vec<String>>)> = cx
            .blocks(doc)
            .filter_map(|(i, b)| fragments(b.text()).map(|f| (i, f)))
            .collect();
        if quotes.is_empty() {
            return;
        }
        let looked_for: Vec<Vec<String>> = quotes.iter().map(|(_, runs)| needles(runs)).collect();
        // Each quote is looked for in the whole story: each body block's
        // words are made once, looked through for every quote not found
        // yet, and dropped (held all at once, they took more room than the
        // text).
        let mut found = vec![false; quotes.len()];
        let body = || {
            doc.blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| b.kind.is_body())
        };
        let mut left = quotes.len();
        for (_, block) in body() {
            if cx.stopped() {
                return;
            }
            if left == 0 {
                break;
            }
            let text = format!(" {} ", words(block.text()).join(" "));
            for (found, needles) in found.iter_mut().zip(&looked_for) {
                if !*found && appears_in(needles, &text) {
                    *found = true;
                    left -= 1;
                }
            }
        }
        for ((index, runs), found) in quotes.into_iter().zip(found) {
            if cx.stopped() {
                return;
            }
            if found {
                continue;
            }
            // The body sentence most like the quote (Jaccard similarity of
            // their sets of words), if it shares at least a fifth of them.
            let quoted: HashSet<&str> = runs.iter().flatten().map(String::as_str).collect();
            let closest = body()
                .flat_map(|(_, b)| doc.block_sentences(b))
                .map(|s| {
                    let theirs = words(doc.sentence_text(s));
                    let theirs: HashSet<&str> = theirs.iter().map(String::as_str).collect();
                    let shared = theirs.intersection(&quoted).count();
                    let union = theirs.union(&quoted).count().max(1);
                    // In thousandths, to order without floats.
                    (shared * 1000 / union, s)
                })
                .filter(|(similarity, _)| *similarity >= 200)
                .max_by_key(|(similarity, s)| (*similarity, std::cmp::Reverse(s.range().start)));
            let block = &doc.blocks[index];
            let mut finding = Finding::new(block.trimmed_span(), &[]);
            finding.label = Some("not found in the story".into());
            if let Some((_, sentence)) = closest {
                finding.related.push(Related {
                    span: doc.sentence_span(sentence),
                    message: "the closest sentence of the story".into(),
                });
            }
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{appears_in, fragments, needles};
    use crate::rules::test_support::{flagged, rule};

    #[test]
    fn ellipsis_and_quote_marks_are_allowed_for() {
        let runs = needles(&fragments("“The budget is balanced … for now.”\n— Jane Doe").unwrap());
        assert!(appears_in(
            &runs,
            " the mayor said the budget is balanced at last for now and left "
        ));
        assert!(!appears_in(&runs, " for now the budget is balanced "));
        assert_eq!(fragments("— Jane Doe"), None);
        assert_eq!(fragments("Jane Doe"), None);
    }

    #[test]
    fn an_edited_body_leaves_the_pull_quote_behind() {
        let r = rule("pull-quote", "scope = ['pull-quote']");
        let text = "The mayor spoke on Monday. “We will rebuild the bridge by spring,” she said.\n\n“We will rebuild the bridge by summer.”\n— Jane Doe\n";
        assert_eq!(
            flagged(text, &r),
            ["“We will rebuild the bridge by summer.”\n— Jane Doe"]
        );
        let same = text.replace("by summer", "by spring");
        assert!(flagged(&same, &r).is_empty());
    }
}
