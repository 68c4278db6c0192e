//! `furniture`: bylines, credits and datelines must follow the house format.
//! Blocks in the rule's scope (and matching `select`, if given) must match
//! `expect`; `pattern` and `replacement` describe the fix, which is offered
//! only when the fixed text does match the house format.

use super::matcher::LazyRegex;
use crate::document::ascii_regex::{IsMatch, LineRegex};
use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Applicability;
use crate::document::{Document, PARTICLES};

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
        /// the house form of the line's first word (`By`, `BY`): a line
        /// that starts otherwise is told so
        prefix: Option<Spanned<String>>,
        /// how the house writes the names after the prefix: `title` (Jane
        /// Doe, the default) or `upper` (JANE DOE); a line in another case is
        /// offered recased, as an unsafe fix
        names: Option<Spanned<NameCase>>,
        /// the house format in words, for the help (`By First Last`)
        form: Option<Spanned<String>>,
    }
}

/// How a house writes names in a byline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameCase {
    #[default]
    Title,
    Upper,
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
    /// Only asked whether a block matches (see [`IsMatch`]).
    select: Option<LazyRegex<IsMatch>>,
    expect: LazyRegex<IsMatch>,
    fix: Option<(LazyRegex<LineRegex>, String)>,
    applicability: Applicability,
    prefix: Option<String>,
    names: NameCase,
    form: Option<String>,
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
        prefix: p.prefix.map(Spanned::into_inner),
        names: p.names.map(Spanned::into_inner).unwrap_or_default(),
        form: p.form.map(Spanned::into_inner),
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
                .is_some_and(|s| !s.for_text(text).is_match(text))
                || self.expect.for_text(text).is_match(text)
            {
                continue;
            }
            let whole = lead..lead + text.len();
            let mut range = whole.clone();
            let mut fixed = text.to_string();
            let mut fix = None;
            if let Some((pattern, replacement)) = &self.fix
                && let Some(caps) = pattern.for_text(text).captures(text)
            {
                let m = caps.get_match().expect("a match has group 0").range();
                let mut new = String::new();
                caps.interpolate_string_into(text, replacement, &mut new);
                let candidate = format!("{}{new}{}", &text[..m.start], &text[m.end..]);
                if self.expect.for_text(&candidate).is_match(&candidate) {
                    // The smallest edit: what the match and its
                    // replacement share at either end stays ("By: " → "By "
                    // deletes the colon), and the finding underlines the edit.
                    let written = &text[m.clone()];
                    let head = common_prefix(written, &new);
                    let tail = common_suffix(&written[head..], &new[head..]);
                    let edit = lead + m.start + head..lead + m.end - tail;
                    range = edit.clone();
                    if range.is_empty() {
                        // An insertion: underline the character before it.
                        let before = text[..range.start - lead].chars().next_back();
                        range.start -= before.map_or(0, char::len_utf8);
                    }
                    let new = new[head..new.len() - tail].to_string();
                    fix = block.replace_fix(edit, new, self.applicability);
                    fixed = candidate;
                }
            }
            // Names in another case than the house's ("BY ROBERT CHEN",
            // "By: jane doe") are offered recased, when that gives the house
            // format; unsafe, as a name may be cased its own way.
            if fix.is_none()
                && let Some(recased) = recase(text, self.prefix.as_deref(), self.names)
            {
                let recased = match &self.fix {
                    Some((pattern, replacement)) => {
                        pattern.for_text(&recased).replace(&recased, replacement)
                    }
                    None => recased,
                };
                if self.expect.for_text(&recased).is_match(&recased) {
                    fix = block.replace_fix(whole.clone(), recased.clone(), Applicability::Unsafe);
                    fixed = recased;
                }
            }
            let vars = [("text", text), ("fixed", fixed.as_str())];
            let mut finding = Finding::new(block.prose.to_source(range), &vars);
            let wrong = self.prefix.as_deref().and_then(|p| wrong_prefix(text, p));
            finding.label = Some(match (&wrong, &fix) {
                (Some(wrong), _) => wrong.clone().into(),
                (None, Some(_)) => "not in the house format".into(),
                (None, None) => "this line does not match the house format".into(),
            });
            if fix.is_none() {
                // The template's `{fixed}` would repeat the line it flags:
                // say what to change instead.
                let form = self
                    .form
                    .as_deref()
                    .map_or(String::new(), |f| format!(" `{f}`"));
                finding.help = Some(format!("rewrite the line in the house format{form}"));
            }
            finding.fix = fix;
            cx.report(finding);
        }
    }
}

/// Length in bytes of the longest common prefix of `a` and `b`, on
/// character boundaries.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Length in bytes of the longest common suffix of `a` and `b`.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// What is wrong with the way `text` starts, for the house prefix
/// `prefix`: "`BY` should be `By`", "`Written by` should be `By`", "no colon
/// after `By`". `None` when it starts as the house has it.
fn wrong_prefix(text: &str, prefix: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let bare = |w: &str| w.trim_end_matches([':', '：']).to_string();
    // The written prefix runs to its "by" ("Written by"), or is one word.
    let n = words
        .iter()
        .take(3)
        .position(|w| bare(w).eq_ignore_ascii_case("by"))
        .map_or(1, |i| i + 1);
    let written = words
        .get(..n)?
        .iter()
        .map(|w| bare(w))
        .collect::<Vec<_>>()
        .join(" ");
    if written != prefix {
        return Some(format!("`{written}` should be `{prefix}`"));
    }
    let colon = words.get(n - 1).is_some_and(|w| w.ends_with([':', '：']))
        || words.get(n).is_some_and(|w| w.starts_with([':', '：']));
    colon.then(|| format!("no colon after `{prefix}`"))
}

/// `text` with its first word as the house `prefix` (or recased like the
/// names) and the names recased to `names`. For title case the names must be
/// all in capitals or all in lowercase (mixed case is the writer's choice):
/// each word is capitalised, particles after the first word stay lowercase.
fn recase(text: &str, prefix: Option<&str>, names: NameCase) -> Option<String> {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let letters = || rest.chars().filter(|c| c.is_alphabetic());
    letters().next()?;
    let title_word = |word: &str| {
        let low = word.to_lowercase();
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
    };
    let rest = match names {
        NameCase::Upper => rest.to_uppercase(),
        NameCase::Title => {
            let upper = letters().all(char::is_uppercase);
            let lower = letters().all(char::is_lowercase);
            if !(upper || lower) {
                return None;
            }
            rest.split(' ')
                .map(|word| {
                    let low = word.to_lowercase();
                    if PARTICLES.contains(&low.as_str()) {
                        low
                    } else {
                        title_word(word)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    let colon = &first[first.trim_end_matches([':', '：']).len()..];
    let first = match (prefix, names) {
        (Some(p), _) if first.trim_end_matches([':', '：']).eq_ignore_ascii_case(p) => {
            p.to_string()
        }
        (_, NameCase::Upper) => first.trim_end_matches([':', '：']).to_uppercase(),
        (_, NameCase::Title) => title_word(first.trim_end_matches([':', '：'])),
    };
    Some(format!("{first}{colon} {rest}"))
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
        assert_eq!(findings("By: Liu Ziqi and Zhang Xuan\n", &r)[0].0, ":");
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
        let title = |t| super::recase(t, Some("By"), super::NameCase::Title);
        assert_eq!(
            title("BY ANA DE LA CRUZ-O'NEIL").as_deref(),
            Some("By Ana de la Cruz-O'Neil")
        );
        assert_eq!(title("By Jane DOE"), None);
        let upper = |t| super::recase(t, Some("BY"), super::NameCase::Upper);
        assert_eq!(upper("By Jane Doe").as_deref(), Some("BY JANE DOE"));
    }

    #[test]
    fn says_what_is_wrong_with_the_prefix() {
        use super::wrong_prefix;
        assert_eq!(
            wrong_prefix("BY ROBERT CHEN", "By").as_deref(),
            Some("`BY` should be `By`")
        );
        assert_eq!(
            wrong_prefix("Written by Jane Roe", "By").as_deref(),
            Some("`Written by` should be `By`")
        );
        assert_eq!(
            wrong_prefix("By: Jane Roe", "By").as_deref(),
            Some("no colon after `By`")
        );
        assert_eq!(wrong_prefix("By Jane Roe", "By"), None);
    }

    /// The built-in `byline-format` rule.
    fn house_byline() -> crate::rules::Rule {
        let (_, text) = super::super::builtin::BUILTIN_PACKS
            .iter()
            .find(|(path, _)| path.ends_with("furniture.toml"))
            .expect("the furniture pack is built in");
        let pack = crate::rules::Pack::parse(text).expect("the furniture pack parses");
        pack.rules
            .into_iter()
            .find(|r| &*r.meta.id == "byline-format")
            .expect("byline-format is in the pack")
    }

    #[test]
    fn every_name_particle_is_part_of_the_name() {
        let r = house_byline();
        for particle in crate::document::PARTICLES {
            for line in [
                format!("By Rosa {particle} Marquez"),
                format!("By Tom Hale and Rosa {particle} la Marquez"),
                format!("By Rosa {particle} Marquez, Reuters"),
            ] {
                assert!(findings(&format!("{line}\n"), &r).is_empty(), "{line}");
            }
        }
        for line in [
            "By Maria de los Santos and Pieter van der Berg",
            "By Ines St Clair and Omar al-Rashid",
            "By Lena ter Horst, Jan ten Brink and Ali ibn Yusuf",
        ] {
            assert!(findings(&format!("{line}\n"), &r).is_empty(), "{line}");
        }
        // A particle does not excuse what is off the house format.
        for line in [
            "By: Maria de los Santos",
            "By maria de los Santos",
            "Written by Pieter van der Berg",
            "By Maria De los santos",
        ] {
            assert_eq!(findings(&format!("{line}\n"), &r).len(), 1, "{line}");
        }
        assert_eq!(
            fixed("BY MARIA DE LOS SANTOS\n", &r),
            "By Maria de los Santos\n"
        );
    }

    #[test]
    fn house_format_passes() {
        let r = byline();
        assert!(findings("By Liu Ziqi and Zhang Xuan\n", &r).is_empty());
        assert!(findings("Photo: Chen Xiaojin\n", &r).is_empty());
    }
}
