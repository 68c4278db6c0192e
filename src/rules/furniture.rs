//! `furniture`: bylines, credits and datelines must follow the house format.
//! Blocks in the rule's scope (and matching `select`, if given) must match
//! `expect`; `pattern` and `replacement` describe the fix, which is offered
//! only when the fixed text does match the house format.

use super::matcher::LazyRegex;
use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::{Applicability, Fix};
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
                    fix = block
                        .prose
                        .to_source_exact(edit)
                        .map(|exact| Fix::replace(exact, new, self.applicability));
                    fixed = candidate;
                }
            }
            let vars = [("text", text), ("fixed", fixed.as_str())];
            let mut finding = Finding::new(block.prose.to_source(range), &vars);
            finding.label = Some(if fix.is_some() {
                "not in the house format".to_string()
            } else {
                "this line does not match the house format".to_string()
            });
            finding.fix = fix;
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, rule};

    fn byline() -> crate::rules::Rule {
        rule(
            "furniture",
            r#"scope = ["byline"]
expect = '^By \p{Lu}\p{L}*(?: \p{Lu}\p{L}*)*(?:(?:, | and )\p{Lu}\p{L}*(?: \p{Lu}\p{L}*)*)*$'
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
    fn lowercase_names_are_flagged_without_a_fix() {
        let r = byline();
        let got = findings("By: liu ziqi\n", &r);
        assert_eq!(got[0].0, "By: liu ziqi");
        assert_eq!(fixed("By: liu ziqi\n", &r), "By: liu ziqi\n");
    }

    #[test]
    fn house_format_passes() {
        let r = byline();
        assert!(findings("By Liu Ziqi and Zhang Xuan\n", &r).is_empty());
        assert!(findings("Photo: Chen Xiaojin\n", &r).is_empty());
    }
}
