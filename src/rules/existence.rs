//! `existence`: a pattern that should not appear at all (a banned word, a
//! cliché, a house-style taboo). Reported, never fixed.

use super::matcher::Matcher;
use super::prefilter::literal_triggers;
use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::document::Document;

params! {
    /// The parameters of this kind.
    struct Params {
        /// regex to find (word boundaries are added at word-character edges); a group named `flag`
        /// narrows what is underlined
        pattern: Spanned<String>,
        /// match regardless of case (default true)
        ignore_case: Option<Spanned<bool>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "existence",
    summary: "a word or phrase that should not appear",
    params: Params::DOCS,
    vars: &[("match", "the text found")],
    build,
    honours_sic: false,
};

struct Existence {
    matcher: Matcher,
    triggers: Option<Vec<String>>,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let pattern = &p.pattern;
    let ignore_case = p.ignore_case.as_ref().is_none_or(|s| *s.as_ref());
    Ok(Box::new(Existence {
        matcher: Matcher::with(pattern, ignore_case, true, spec.lazy)?,
        triggers: literal_triggers(pattern.as_ref(), ignore_case),
    }))
}

impl Check for Existence {
    fn triggers(&self) -> Option<Vec<String>> {
        self.triggers.clone()
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            // A group named `flag` marks the part to underline: regexes have
            // no look-behind, so context before it must be matched too
            // ("a sentence starting with a numeral").
            let flagged: Vec<std::ops::Range<usize>> = match self.matcher.regex() {
                Some(regex) if regex.capture_names().any(|n| n == Some("flag")) => regex
                    .captures_iter(text)
                    .filter_map(|c| c.name("flag").map(|m| m.range()))
                    .filter(|r| !r.is_empty())
                    .collect(),
                _ => self.matcher.find_iter(text).collect(),
            };
            for range in flagged {
                let vars = [("match", &text[range.clone()])];
                cx.report(Finding::new(block.prose.to_source(range), &vars));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{flagged, rule};

    #[test]
    fn flags_every_occurrence() {
        let r = rule("existence", "pattern = 'very unique'");
        assert_eq!(
            flagged("A very unique, Very Unique idea.", &r),
            ["very unique", "Very Unique"]
        );
    }

    #[test]
    fn a_flag_group_narrows_the_span() {
        let r = rule("existence", "pattern = '(?:^|[.!?]\\s+)(?P<flag>\\d+)'");
        assert_eq!(
            flagged("12 people came. Then 30 left. 5 stayed.", &r),
            ["12", "5"]
        );
    }

    #[test]
    fn never_matches_inside_urls() {
        let r = rule("existence", "pattern = 'unique'");
        assert!(flagged("See https://unique.example/unique for more.", &r).is_empty());
    }
}
