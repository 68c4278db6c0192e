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
        /// `sentence-start`: report only matches that begin a sentence, as galley splits
        /// sentences (the period of `Feb. 18` or `Mr. Li` ends none)
        at: Option<Spanned<String>>,
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
    /// Only matches at the start of a sentence.
    sentence_start: bool,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let pattern = &p.pattern;
    let ignore_case = p.ignore_case.as_ref().is_none_or(|s| *s.as_ref());
    let sentence_start = match &p.at {
        None => false,
        Some(at) if at.as_ref() == "sentence-start" => true,
        Some(at) => {
            return Err(PackError::at(
                at.span(),
                format!("unknown `at` value `{}`: use `sentence-start`", at.as_ref()),
            ));
        }
    };
    Ok(Box::new(Existence {
        matcher: Matcher::with(pattern, ignore_case, true, spec.lazy)?,
        triggers: literal_triggers(pattern.as_ref(), ignore_case),
        sentence_start,
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
            let starts: Vec<usize> = if self.sentence_start {
                doc.block_sentences(block)
                    .iter()
                    .map(|s| s.range().start)
                    .collect()
            } else {
                Vec::new()
            };
            for range in flagged {
                if self.sentence_start && !starts.contains(&range.start) {
                    continue;
                }
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
    fn at_sentence_start_follows_the_sentence_splitter() {
        let r = rule("existence", "pattern = '\\d+'\nat = 'sentence-start'");
        assert_eq!(
            flagged("12 people came on Feb. 18 at 3. 5 stayed; Mr. 7 left.", &r),
            ["12", "5"]
        );
    }

    #[test]
    fn an_unknown_at_value_is_a_pack_error() {
        let text = "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\nat = \"line-end\"\n";
        let err = crate::rules::Pack::parse(text).expect_err("refused");
        assert_eq!(
            err.message,
            "unknown `at` value `line-end`: use `sentence-start`"
        );
        assert_eq!(&text[err.span.unwrap()], "\"line-end\"");
    }

    #[test]
    fn never_matches_inside_urls() {
        let r = rule("existence", "pattern = 'unique'");
        assert!(flagged("See https://unique.example/unique for more.", &r).is_empty());
    }
}
