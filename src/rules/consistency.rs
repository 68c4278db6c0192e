//! `consistency`: one spelling of a term per article. Either a list of
//! variants ("e-mail" / "email": the less used one is flagged, with the first
//! use of the other labelled), or, with `case-clash = true`, any phrase of a
//! few words that the article writes in two capitalisations ("CPC Central
//! Committee" / "CPC central committee").

use super::matcher::Matcher;
use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Document, Sentence};
use crate::lang::fnv::fnv1a;
use crate::source::Span;

params! {
    /// The parameters of this kind.
    struct Params {
        /// the spellings of one term; whichever is used less is flagged
        variants: Option<Spanned<Vec<String>>>,
        /// `true`: flag phrases written in two capitalisations (instead of `variants`)
        case_clash: Option<Spanned<bool>>,
        /// with `case-clash`, the shortest phrase compared (default 3)
        min_words: Option<Spanned<usize>>,
        /// `true`: uses inside a proper name (a capitalised use next to another capitalised word,
        /// "Research Centre") are not compared
        ignore_names: Option<Spanned<bool>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "consistency",
    summary: "two spellings (or capitalisations) of the same term in one article",
    params: Params::DOCS,
    vars: &[
        ("match", "the minority spelling as written"),
        ("other", "the spelling used more (or first)"),
    ],
    build,
    honours_sic: false,
};

struct Consistency {
    /// Variant spellings, with a matcher each; empty in case-clash mode.
    variants: Vec<(String, Matcher)>,
    min_words: usize,
    /// Uses inside a proper name ("Research Centre") are not compared.
    ignore_names: bool,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let case_clash = p.case_clash.as_ref().is_some_and(|c| *c.as_ref());
    let min_words = p.min_words.as_ref().map_or(3, |m| *m.as_ref()).max(2);
    if case_clash {
        if let Some(v) = &p.variants {
            return Err(PackError::at(
                v.span(),
                "use `variants` or `case-clash`, not both",
            ));
        }
        return Ok(Box::new(Consistency {
            variants: Vec::new(),
            min_words,
            ignore_names: false,
        }));
    }
    let list = spec.required("variants", &p.variants)?;
    if list.as_ref().len() < 2 {
        return Err(PackError::at(list.span(), "give at least two variants"));
    }
    let mut variants = Vec::new();
    for v in list.as_ref() {
        let escaped = toml::Spanned::new(list.span(), regex::escape(v));
        variants.push((v.clone(), Matcher::new(&escaped, true, true)?));
    }
    let ignore_names = p.ignore_names.as_ref().is_some_and(|v| *v.as_ref());
    Ok(Box::new(Consistency {
        variants,
        min_words,
        ignore_names,
    }))
}

impl Check for Consistency {
    fn check(&self, doc: &Document, cx: &mut Context) {
        if self.variants.is_empty() {
            self.case_clashes(doc, cx);
        } else {
            self.spelling_variants(doc, cx);
        }
    }
}

impl Consistency {
    fn spelling_variants(&self, doc: &Document, cx: &mut Context) {
        // Every use of every variant, in order.
        let mut uses: Vec<Vec<(Span, String)>> = vec![Vec::new(); self.variants.len()];
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            for (i, (_, matcher)) in self.variants.iter().enumerate() {
                for range in matcher.find_iter(text) {
                    if self.ignore_names && in_proper_name(text, range.clone()) {
                        continue;
                    }
                    uses[i].push((
                        block.prose.to_source(range.clone()),
                        text[range].to_string(),
                    ));
                }
            }
        }
        report_minorities(cx, &uses);
    }

    fn case_clashes(&self, doc: &Document, cx: &mut Context) {
        // Every phrase with a hash of its lowercase form, sorted by that
        // hash, so that the uses of a phrase lie together. A phrase always
        // written the same way, nearly every one, is passed over at a glance.
        let mut all: Vec<(u64, &str, Span)> = Vec::new();
        let mut key = String::new();
        for (_, block) in cx.blocks(doc) {
            for sentence in doc.block_sentences(block) {
                phrases_of(doc, sentence, self.min_words, |form, span| {
                    lowercase_into(form, &mut key);
                    all.push((fnv1a(key.as_bytes()), form, span));
                });
            }
        }
        // Stable: each phrase's uses stay in document order.
        all.sort_by_key(|&(hash, _, _)| hash);
        let mut clashes: Vec<Vec<Vec<(Span, String)>>> = Vec::new();
        for group in all.chunk_by(|a, b| a.0 == b.0) {
            if group.iter().all(|&(_, form, _)| form == group[0].1) {
                continue;
            }
            // Forms differ. Equal hashes may still be different phrases:
            // sort by the lowercase form, then by the form as written.
            let mut uses: Vec<(String, &str, Span)> = group
                .iter()
                .map(|&(_, form, span)| (form.to_lowercase(), form, span))
                .collect();
            uses.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            for phrase in uses.chunk_by(|a, b| a.0 == b.0) {
                let forms: Vec<Vec<(Span, String)>> = phrase
                    .chunk_by(|a, b| a.1 == b.1)
                    .map(|form| form.iter().map(|u| (u.2, u.1.to_string())).collect())
                    .collect();
                if forms.len() > 1 {
                    clashes.push(forms);
                }
            }
        }
        // Longer phrases contain shorter ones: report a clash once, by its
        // first place, the shortest phrase first.
        clashes.sort_by_key(|c| {
            c.iter()
                .filter_map(|uses| uses.first())
                .map(|(s, _)| (s.start, s.end))
                .min()
        });
        let mut reported: Vec<Span> = Vec::new();
        for uses in clashes {
            let mut local = Vec::new();
            let mut sub = Context {
                meta: cx.meta,
                body: cx.body,
                out: &mut local,
                hits: None,
                shared: cx.shared,
                interner: cx.interner,
            };
            report_minorities(&mut sub, &uses);
            for d in local {
                if !reported
                    .iter()
                    .any(|r| r.start < d.span.end && d.span.start < r.end)
                {
                    reported.push(d.span);
                    cx.out.push(d);
                }
            }
        }
    }
}

/// A capitalised use with a capitalised word just before or after it, in
/// the same line: part of a name such as "Neural Engineering Research
/// Centre" or "Center Point".
fn in_proper_name(text: &str, range: std::ops::Range<usize>) -> bool {
    let capitalised =
        |w: Option<&str>| w.is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !capitalised(Some(&text[range.clone()])) {
        return false;
    }
    let before = text[..range.start].trim_end_matches([' ', '\u{a0}']);
    let word_before = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .filter(|_| before.ends_with(char::is_alphanumeric));
    let after = text[range.end..].trim_start_matches([' ', '\u{a0}']);
    let word_after = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .filter(|w| !w.is_empty());
    capitalised(word_before) || capitalised(word_after)
}

/// Phrases of `n` words (n from `min` to `min + 2`) that start with a
/// capitalised word or an acronym not at the start of the sentence: their
/// form as written and its span, given to `each` in order.
fn phrases_of<'d>(
    doc: &'d Document,
    sentence: &Sentence,
    min: usize,
    mut each: impl FnMut(&'d str, Span),
) {
    let words = &doc.words[sentence.words()];
    let block = &doc.blocks[sentence.block()];
    let text = block.text();
    for start in 1..words.len() {
        let first = &text[words[start].range()];
        if words[start].placeholder() || !first.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        for n in min..=min + 2 {
            let Some(run) = words.get(start..start + n) else {
                break;
            };
            // Only words separated by plain spaces form a phrase.
            let joined_by_spaces = run.windows(2).all(|w| {
                !w[1].placeholder()
                    && text[w[0].range().end..w[1].range().start]
                        .chars()
                        .all(|c| c == ' ')
            });
            if !joined_by_spaces {
                break;
            }
            let range = run[0].range().start..run[n - 1].range().end;
            each(&text[range.clone()], block.prose.to_source(range));
        }
    }
}

/// `form` lowercased into `key` (the same as `str::to_lowercase`).
fn lowercase_into(form: &str, key: &mut String) {
    key.clear();
    if form.is_ascii() {
        key.push_str(form);
        key.make_ascii_lowercase();
    } else {
        key.push_str(&form.to_lowercase());
    }
}

/// Given the uses of each variant (in document order within each), flags
/// every use of the variants used less than the most used one (ties: the one
/// used first wins), pointing at the first use of the winner.
fn report_minorities(cx: &mut Context, uses: &[Vec<(Span, String)>]) {
    let used: Vec<usize> = (0..uses.len()).filter(|&i| !uses[i].is_empty()).collect();
    if used.len() < 2 {
        return;
    }
    let first_at = |i: usize| uses[i][0].0.start;
    let winner = *used
        .iter()
        .max_by(|&&a, &&b| {
            uses[a]
                .len()
                .cmp(&uses[b].len())
                .then(first_at(b).cmp(&first_at(a)))
        })
        .expect("two or more variants are used");
    let (other_span, other_text) = uses[winner][0].clone();
    for &i in used.iter().filter(|&&i| i != winner) {
        for (span, text) in &uses[i] {
            let vars = [("match", text.as_str()), ("other", other_text.as_str())];
            let mut finding = Finding::new(*span, &vars);
            finding.related.push(Related {
                span: other_span,
                message: format!("`{other_text}` is used here").into(),
            });
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{flagged, rule};

    #[test]
    fn the_less_used_variant_is_flagged() {
        let r = rule("consistency", "variants = ['e-mail', 'email']");
        assert_eq!(
            flagged("Send an email. The email came. An E-mail left.", &r),
            ["E-mail"]
        );
        assert!(flagged("Send an email. The email came.", &r).is_empty());
    }

    #[test]
    fn proper_names_can_be_left_out() {
        let r = rule(
            "consistency",
            "variants = ['centre', 'center']\nignore-names = true",
        );
        let text = "The Neural Engineering Research Centre met the Innovation Center. The center opened. The centre closed. The center grew.";
        assert_eq!(flagged(text, &r), ["centre"]);
    }

    #[test]
    fn case_clashes_of_a_phrase() {
        let r = rule("consistency", "case-clash = true");
        let text =
            "He leads the CPC Central Committee now. It met the CPC central committee in May.";
        assert_eq!(flagged(text, &r), ["CPC central committee"]);
        assert!(
            flagged(
                "He met the CPC Central Committee. The CPC Central Committee agreed.",
                &r
            )
            .is_empty()
        );
    }

    #[test]
    fn sentence_starts_and_short_phrases_do_not_clash() {
        let r = rule("consistency", "case-clash = true");
        assert!(flagged("Officials said so. Later the officials said no.", &r).is_empty());
        assert!(
            flagged(
                "Courses in Intelligent Medicine. Work in intelligent medicine.",
                &r
            )
            .is_empty()
        );
    }

    #[test]
    fn a_clash_in_a_longer_phrase_is_reported_once_by_the_shortest() {
        // The three- and four-word phrases clash at the same place; which
        // one was reported used to depend on a hash map's order.
        let r = rule("consistency", "case-clash = true");
        let text = "The CPC Central Committee met today. The CPC Central Committee met in May. \
                    Later the CPC central committee met again.";
        for _ in 0..20 {
            assert_eq!(flagged(text, &r), ["CPC central committee"]);
        }
    }
}
