//! `substitution`: a pattern that should be written another way. Matching is
//! word-boundary aware; the replacement may use capture groups (`$1`) and
//! takes the case of the text it replaces ("Recieve" → "Receive").

use super::matcher::Matcher;
use super::prefilter::literal_triggers;
use toml::Spanned;

use super::matcher::LazyRegex;
use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec, match_case};
use crate::diagnostic::Applicability;
use crate::document::Document;

params! {
    /// The parameters of this kind.
    struct Params {
        /// regex to find (word boundaries are added at word-character edges)
        pattern: Spanned<String>,
        /// what to write instead; `$1`, `${name}` refer to capture groups
        replacement: Spanned<String>,
        /// match regardless of case (default true); the fix keeps the writer's case
        ignore_case: Option<Spanned<bool>>,
        /// `safe` (default), `unsafe` or `display-only`: when --fix applies it
        applicability: Option<Spanned<Applicability>>,
        /// regex matched against the text right after a match (anchored
        /// there) that leaves the match alone: `'\s+old\b'` spares "3 years
        /// old"
        unless_after: Option<Spanned<String>>,
        /// regex the text right before a match must end with, for the match
        /// to count: `'\p{Lu}\p{Ll}+'` asks for a capitalised word before
        /// ", Governor of"
        only_after: Option<Spanned<String>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "substitution",
    summary: "a word or phrase that the house writes another way; fixable",
    params: Params::DOCS,
    vars: &[
        ("match", "the text found"),
        (
            "replacement",
            "the replacement, in the case of the text found",
        ),
    ],
    build,
    honours_sic: false,
};

struct Substitution {
    matcher: Matcher,
    triggers: Option<Vec<String>>,
    /// Give the replacement the case of the text found (with `ignore-case`).
    keep_case: bool,
    replacement: String,
    applicability: Applicability,
    unless_after: Option<LazyRegex>,
    only_after: Option<LazyRegex>,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let pattern = &p.pattern;
    let replacement = &p.replacement;
    let ignore_case = p.ignore_case.as_ref().is_none_or(|s| *s.as_ref());
    // A replacement that refers to groups needs the regex's captures.
    let literal_ok = !replacement.as_ref().contains('$');
    Ok(Box::new(Substitution {
        matcher: Matcher::with(pattern, ignore_case, literal_ok, spec.lazy)?,
        triggers: literal_triggers(pattern.as_ref(), ignore_case),
        keep_case: ignore_case,
        replacement: replacement.as_ref().clone(),
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Safe, |a| *a.as_ref()),
        unless_after: anchored(&p.unless_after, "^(?:{})", ignore_case, spec.lazy)?,
        only_after: anchored(&p.only_after, "(?:{})$", ignore_case, spec.lazy)?,
    }))
}

/// A context regex, anchored by `shape` (`{}` stands for the pattern).
fn anchored(
    pattern: &Option<Spanned<String>>,
    shape: &str,
    ignore_case: bool,
    lazy: bool,
) -> Result<Option<LazyRegex>, PackError> {
    pattern
        .as_ref()
        .map(|p| {
            let anchored = Spanned::new(p.span(), shape.replace("{}", p.as_ref()));
            LazyRegex::new(&anchored, ignore_case, lazy)
        })
        .transpose()
}

impl Check for Substitution {
    fn triggers(&self) -> Option<Vec<String>> {
        self.triggers.clone()
    }

    fn fix(&self) -> Option<Applicability> {
        Some(self.applicability)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            let found: Vec<(std::ops::Range<usize>, String)> = match self.matcher.regex() {
                Some(regex) => regex
                    .captures_iter(text)
                    .filter_map(|caps| {
                        let whole = caps.get(0).expect("group 0 always matches");
                        let mut expanded = String::new();
                        caps.expand(&self.replacement, &mut expanded);
                        (!whole.is_empty()).then(|| (whole.range(), expanded))
                    })
                    .collect(),
                None => self
                    .matcher
                    .find_iter(text)
                    .map(|range| (range, self.replacement.clone()))
                    .collect(),
            };
            for (range, expanded) in found {
                if self.unless_after.as_ref().is_some_and(|u| {
                    let after = &text[range.end..];
                    u.for_text(after).is_match(after)
                }) {
                    continue;
                }
                if let Some(only) = &self.only_after {
                    // The last 200 bytes before the match are enough.
                    let mut from = range.start.saturating_sub(200);
                    while !text.is_char_boundary(from) {
                        from += 1;
                    }
                    let before = &text[from..range.start];
                    if !only.for_text(before).is_match(before) {
                        continue;
                    }
                }
                let whole = &text[range.clone()];
                let replacement = if self.keep_case {
                    match_case(whole, &expanded)
                } else {
                    expanded
                };
                if replacement == whole {
                    continue;
                }
                let span = block.prose.to_source(range.clone());
                let vars = [("match", whole), ("replacement", replacement.as_str())];
                let mut finding = Finding::new(span, &vars);
                finding.fix = block.replace_fix(range, replacement.clone(), self.applicability);
                cx.report(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fixed, flagged, rule};

    #[test]
    fn replaces_with_case_kept_and_groups() {
        let r = rule(
            "substitution",
            "pattern = 'e-?mail(s?)'\nreplacement = 'email$1'",
        );
        assert_eq!(
            fixed("Send E-mails and e-mail.", &r),
            "Send Emails and email."
        );
    }

    #[test]
    fn unless_after_spares_a_match() {
        let r = rule(
            "substitution",
            "pattern = '3 (years)'\nreplacement = 'three $1'\nunless-after = '\\s+old\\b'",
        );
        assert_eq!(
            flagged("It took 3 years. She is 3 years old.", &r),
            ["3 years"]
        );
    }

    #[test]
    fn only_after_asks_for_a_word_before() {
        let r = rule(
            "substitution",
            "pattern = ', Governor of'\nreplacement = ', governor of'\nignore-case = false\nonly-after = '\\p{Lu}\\p{Ll}+'",
        );
        assert_eq!(
            flagged(
                "Li Wei, Governor of Ohio, spoke. In a statement, Governor of Ohio Li Wei spoke.",
                &r
            ),
            [", Governor of"]
        );
    }

    #[test]
    fn respects_word_boundaries() {
        let r = rule("substitution", "pattern = 'teh'\nreplacement = 'the'");
        assert_eq!(flagged("Tehran is teh capital.", &r), ["teh"]);
    }

    #[test]
    fn ignore_case_false_is_exact() {
        let r = rule(
            "substitution",
            "pattern = 'Internet'\nreplacement = 'internet'\nignore-case = false",
        );
        assert_eq!(flagged("the Internet and the internet", &r), ["Internet"]);
    }
}
