//! `furniture`: bylines, credits and datelines must follow the house format.
//! Blocks in the rule's scope (and matching `select`, if given) must match
//! `expect`; `pattern` and `replacement` describe the fix, which is offered
//! only when the fixed text does match the house format.

use super::matcher::LazyRegex;
use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Applicability;
use crate::document::Document;

params! {
    /// The parameters of this kind.
    struct Params {
        /// regex choosing which blocks in scope are checked (default: all)
        select: Option<Spanned<String>>,
        /// regex the whole block must match: the house format
        expect: Spanned<String>,
        /// regex for the part to rewrite when fixing
        pattern: Option<Spanned<String>>,
        /// what the pattern's match becomes (`$1` for groups)
        replacement: Option<Spanned<String>>,
        /// `safe` (default), `unsafe` or `display-only`
        applicability: Option<Spanned<Applicability>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "furniture",
    summary: "a byline, credit or dateline that does not follow the house format; fixable",
    params: Params::DOCS,
    vars: &[
        ("text", "the block as written"),
        (
            "fixed",
            "the block after the fix (the text as written if there is no fix)",
        ),
    ],
    build,
    honours_sic: false,
};

struct Furniture {
    select: Option<LazyRegex>,
    expect: LazyRegex,
    fix: Option<(LazyRegex, String)>,
    applicability: Applicability,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let lazy = spec.lazy;
    let expect = LazyRegex::new(&p.expect, false, lazy)?;
    let select = p
        .select
        .as_ref()
        .map(|s| LazyRegex::new(s, false, lazy))
        .transpose()?;
    let fix = match (&p.pattern, &p.replacement) {
        (Some(pattern), Some(replacement)) => Some((
            LazyRegex::new(pattern, false, lazy)?,
            replacement.as_ref().clone(),
        )),
        (None, None) => None,
        (Some(p), None) => return Err(PackError::at(p.span(), "`pattern` needs a `replacement`")),
        (None, Some(r)) => return Err(PackError::at(r.span(), "`replacement` needs a `pattern`")),
    };
    Ok(Box::new(Furniture {
        select,
        expect,
        fix,
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Safe, |a| *a.as_ref()),
    }))
}

impl Check for Furniture {
    fn fix(&self) -> Option<Applicability> {
        self.fix.as_ref().map(|_| self.applicability)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let raw = block.text();
            let lead = raw.len() - raw.trim_start().len();
            let text = raw.trim();
            if self
                .select
                .as_ref()
                .is_some_and(|s| !s.get().is_match(text))
                || self.expect.get().is_match(text)
            {
                continue;
            }
            let whole = lead..lead + text.len();
            let mut range = whole.clone();
            let mut fixed = text.to_string();
            let mut fix = None;
            if let Some((pattern, replacement)) = &self.fix
                && let Some(caps) = pattern.get().captures(text)
            {
                let m = caps.get(0).expect("group 0 always matches");
                let mut new = String::new();
                caps.expand(replacement, &mut new);
                let candidate = format!("{}{new}{}", &text[..m.start()], &text[m.end()..]);
                if self.expect.get().is_match(&candidate) {
                    let edit = lead + m.start()..lead + m.end();
                    let shown = text[m.range()].trim_end();
                    range = edit.start..edit.start + shown.len().max(1).min(m.len());
                    fix = block.replace_fix(edit, new, self.applicability);
                    fixed = candidate;
                }
            }
            // Names in capitals or in lowercase ("BY ROBERT CHEN", "By:
            // jane doe") are offered in title case, when that gives the
            // house format; unsafe, as a name may be cased its own way.
            if fix.is_none()
                && let Some(recased) = title_case(text)
            {
                let recased = match &self.fix {
                    Some((pattern, replacement)) => pattern
                        .get()
                        .replace(&recased, replacement.as_str())
                        .into_owned(),
                    None => recased,
                };
                if self.expect.get().is_match(&recased) {
                    fix = block.replace_fix(whole.clone(), recased.clone(), Applicability::Unsafe);
                    fixed = recased;
                }
            }
            let vars = [("text", text), ("fixed", fixed.as_str())];
            let mut finding = Finding::new(block.prose.to_source(range), &vars);
            finding.label = Some(if fix.is_some() {
                "not in the house format".to_string()
            } else {
                "this line does not match the house format".to_string()
            });
            if fix.is_none() {
                // The template's `{fixed}` would repeat the line it flags.
                finding.help = Some("rewrite the line in the house format".to_string());
            }
            finding.fix = fix;
            cx.report(finding);
        }
    }
}

/// Name particles written in lowercase inside a name ("Ana de la Cruz").
const PARTICLES: &[&str] = &[
    "de", "la", "del", "della", "der", "den", "van", "von", "da", "di", "du", "dos", "das", "le",
    "ten", "ter", "bin", "ibn", "y",
];

/// `text` with each word capitalised and the rest lowercased (particles
/// after the first word stay lowercase), when the words after the first
/// (the names) are all in capitals or all in lowercase; `None` otherwise
/// (mixed case is the writer's choice).
fn title_case(text: &str) -> Option<String> {
    let names = text.split_once(' ').map_or("", |(_, rest)| rest);
    let letters = || names.chars().filter(|c| c.is_alphabetic());
    let upper = letters().all(char::is_uppercase);
    let lower = letters().all(char::is_lowercase);
    if !(upper || lower) || letters().next().is_none() {
        return None;
    }
    let words: Vec<String> = text
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            let low = word.to_lowercase();
            if i > 0 && PARTICLES.contains(&low.as_str()) {
                return low;
            }
            let mut out = String::new();
            let mut start = true;
            for c in low.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    start = false;
                } else {
                    out.push(c);
                    start = matches!(c, '-' | '\'' | '’');
                }
            }
            out
        })
        .collect();
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, rule};

    fn byline() -> crate::rules::Rule {
        rule(
            "furniture",
            r#"scope = ["byline"]
expect = '^By \p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*(?:(?:, | and )\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*)*$'
pattern = '^By\s*:\s*'
replacement = 'By '"#,
        )
    }

    #[test]
    fn colon_after_by_is_fixed() {
        let r = byline();
        assert_eq!(findings("By: Liu Ziqi and Zhang Xuan\n", &r)[0].0, "By:");
        assert_eq!(
            fixed("By: Liu Ziqi and Zhang Xuan\n", &r),
            "By Liu Ziqi and Zhang Xuan\n"
        );
    }

    #[test]
    fn mixed_case_is_flagged_without_a_fix_or_a_help_that_repeats_it() {
        let r = byline();
        let got = findings("By: liu ZIQI\n", &r);
        assert_eq!(got[0].0, "By: liu ZIQI");
        assert_eq!(fixed("By: liu ZIQI\n", &r), "By: liu ZIQI\n");
        assert_eq!(
            got[0].1.as_deref(),
            Some("rewrite the line in the house format")
        );
    }

    #[test]
    fn capitals_and_lowercase_are_offered_in_title_case() {
        let r = byline();
        assert_eq!(fixed("BY ROBERT CHEN\n", &r), "By Robert Chen\n");
        assert_eq!(fixed("By: jane doe\n", &r), "By Jane Doe\n");
        assert_eq!(
            fixed("Council Votes\n\nBy JANE DOE\n", &r),
            "Council Votes\n\nBy Jane Doe\n"
        );
        assert_eq!(
            super::title_case("BY ANA DE LA CRUZ-O'NEIL").as_deref(),
            Some("By Ana de la Cruz-O'Neil")
        );
        assert_eq!(super::title_case("By Jane DOE"), None);
    }

    #[test]
    fn house_format_passes() {
        let r = byline();
        assert!(findings("By Liu Ziqi and Zhang Xuan\n", &r).is_empty());
        assert!(findings("Photo: Chen Xiaojin\n", &r).is_empty());
    }
}
