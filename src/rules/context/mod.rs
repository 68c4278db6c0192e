//! `context`: confusion sets decided by the context model. At each word of a
//! set ("affect" of affect/effect) the words on either side are looked up in
//! the bigram model, and the word written is flagged when another member of
//! its set fits them far better: "a large *affect* on" (effect).
//!
//! The bigram list keeps only frequent pairs, so a pair missing from it is
//! not a pair never seen. The model is read to favour the writer: a missing
//! pair of the written word counts as seen as often as any missing pair can
//! have been; a missing pair of the alternative counts as barely seen. Only
//! when the alternative still fits `min-odds` times better is it reported,
//! and only when at least one of its pairs is actually in the list.

pub mod model;
mod words;

use std::borrow::Cow;
use std::collections::HashMap;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec, match_case, with_lowercase};
use crate::diagnostic::Applicability;
use crate::document::{Document, Word};
use crate::rules::fnv::BuildFnv;
use crate::source::to_u32;
use model::Model;
use words::{WordIndex, neighbours_of};

params! {
    /// The parameters of this kind.
    struct Params {
        /// the confusion sets: each a string of two or more words separated
        /// by `/` (`"affect/effect"`); list each inflection as a set of its
        /// own (`"affects/effects"`)
        sets: Option<Spanned<Vec<Spanned<String>>>>,
        /// `true`: instead of sets, check every word the model counts at
        /// least `min-count` times against each word as common that is one
        /// letter away (added, dropped, changed or two swapped), except its
        /// own inflections: a general real-word detector, slow and noisy
        neighbours: Option<Spanned<bool>>,
        /// with `neighbours`, how often (in the model's Google Books
        /// counts) a word must have been seen to be judged or suggested
        /// (default 1000000)
        min_count: Option<Spanned<f64>>,
        /// how many times better another member must fit the words around
        /// the one written before it is flagged (default 50)
        min_odds: Option<Spanned<f64>>,
        /// `safe`, `unsafe` (default) or `display-only`
        applicability: Option<Spanned<Applicability>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "context",
    summary: "a word of a confusion set that the context model says should be another member; fixable",
    params: Params::DOCS,
    vars: &[
        ("match", "the word found"),
        (
            "replacement",
            "the member that fits the context better, in the case of the word found",
        ),
        ("odds", "how many times better it fits, rounded"),
    ],
    build,
    honours_sic: true,
};

/// The members of a rule's sets (lowercase), each once, with the other
/// members of the sets it is in, held flat: a rule of a few hundred sets
/// is built without an allocation per member.
#[derive(Default)]
struct Members {
    /// The members' spellings, one after another.
    text: String,
    /// Where each member's spelling ends in `text`.
    ends: Vec<u32>,
    /// The other members of each member's sets, as indexes, in the order
    /// the sets give them; member `i`'s end at `others_ends[i]`.
    others: Vec<u32>,
    others_ends: Vec<u32>,
    /// Each member's id in the model and its alternatives' (with their
    /// spellings), looked up when the member is first met in a text: a run
    /// that meets none of a rule's words never touches the model for them.
    ids: Vec<std::sync::OnceLock<MemberIds>>,
}

/// A member's id in the model, and its alternatives' with their spellings.
type MemberIds = (u32, Vec<(String, u32)>);

impl Members {
    fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        start..ends[i] as usize
    }

    fn word(&self, i: usize) -> &str {
        &self.text[Self::span(&self.ends, i)]
    }

    fn others(&self, i: usize) -> &[u32] {
        &self.others[Self::span(&self.others_ends, i)]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Member `i`'s model ids and its alternatives'.
    fn ids(&self, i: usize, model: &Model) -> &MemberIds {
        self.ids[i].get_or_init(|| {
            let id = |w: &str| {
                model
                    .id(w)
                    .expect("set members are known to the model (checked when built eagerly)")
            };
            let others = self
                .others(i)
                .iter()
                .map(|&o| {
                    let other = self.word(o as usize);
                    (other.to_string(), id(other))
                })
                .collect();
            (id(self.word(i)), others)
        })
    }
}

struct ContextRule {
    /// Every member of a set, once.
    members: Members,
    /// Member by its lowercase spelling's key.
    index: WordIndex,
    /// With `neighbours`: ln of the least count of a word judged or
    /// suggested.
    neighbours: Option<f32>,
    /// The sets as read, for `galley explain`.
    sets: String,
    log_min_odds: f32,
    min_odds: f64,
    applicability: Applicability,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let model = model::english();
    let neighbours = p.neighbours.as_ref().is_some_and(|n| *n.as_ref());
    let no_sets: Vec<Spanned<String>> = Vec::new();
    let given = p.sets.as_ref().map_or(&no_sets, |s| s.as_ref());
    if given.is_empty() && !neighbours {
        return Err(PackError::at(
            spec.id.span(),
            "a context rule needs `sets` (or `neighbours = true`): it has nothing to decide between",
        ));
    }
    // Every member once, in the order the sets give them, each with the
    // other members of every set it is in; and the sets as read.
    let listed = given.len() * 2;
    let mut number: HashMap<Cow<str>, u32, BuildFnv> =
        HashMap::with_capacity_and_hasher(listed, BuildFnv::default());
    let mut members = Members::default();
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(2 * listed);
    let mut set_members: Vec<u32> = Vec::new();
    let mut sets = String::new();
    for set in given {
        if set.as_ref().split('/').nth(1).is_none() {
            return Err(PackError::at(
                set.span(),
                format!(
                    "the set `{}` has one member: separate its words with `/`",
                    set.as_ref()
                ),
            ));
        }
        set_members.clear();
        for member in set.as_ref().split('/').map(lowercase) {
            // Checked for a user's pack; a built-in one is checked by the tests.
            if !spec.lazy && model.id(&member).is_none() {
                return Err(PackError::at(
                    set.span(),
                    format!(
                        "the context model does not know `{member}`: it can only decide between words it has counts for"
                    ),
                ));
            }
            sets.push_str(match (sets.is_empty(), set_members.is_empty()) {
                (true, _) => "",
                (false, true) => ", ",
                (false, false) => "/",
            });
            sets.push_str(&member);
            let i = match number.get(&*member) {
                Some(&i) => i,
                None => {
                    members.text.push_str(&member);
                    members.ends.push(to_u32(members.text.len()));
                    let i = to_u32(members.ends.len() - 1);
                    number.insert(member, i);
                    i
                }
            };
            set_members.push(i);
        }
        for &i in &set_members {
            pairs.extend(set_members.iter().filter(|&&j| j != i).map(|&j| (i, j)));
        }
    }
    let min_odds = p.min_odds.as_ref().map_or(50.0, |o| *o.as_ref());
    if !(min_odds >= 1.0 && min_odds.is_finite()) {
        let span = p.min_odds.as_ref().expect("a value was given").span();
        return Err(PackError::at(
            span,
            format!("`min-odds` is {min_odds}: use a number of 1 or more"),
        ));
    }
    // By member, each member's pairs in the order made (a stable sort),
    // a member met in two sets with the same word kept once.
    pairs.sort_by_key(|&(i, _)| i);
    let mut pairs = pairs.into_iter().peekable();
    for i in 0..to_u32(members.len()) {
        let from = members.others.len();
        while let Some((_, j)) = pairs.next_if(|&(at, _)| at == i) {
            if !members.others[from..].contains(&j) {
                members.others.push(j);
            }
        }
        members.others_ends.push(to_u32(members.others.len()));
    }
    members.ids = std::iter::repeat_with(std::sync::OnceLock::new)
        .take(members.len())
        .collect();
    let index = WordIndex::new((0..members.len()).map(|i| members.word(i).as_bytes()));
    Ok(Box::new(ContextRule {
        members,
        index,
        neighbours: neighbours.then(|| {
            p.min_count
                .as_ref()
                .map_or(1e6, |c| *c.as_ref())
                .max(1.0)
                .ln() as f32
        }),
        sets,
        log_min_odds: min_odds.ln() as f32,
        min_odds,
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Unsafe, |a| *a.as_ref()),
    }))
}

/// A set member as written, trimmed and lowercased (borrowed when it
/// already is).
fn lowercase(member: &str) -> Cow<'_, str> {
    let member = member.trim();
    if member.is_ascii() && !member.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(member)
    } else {
        Cow::Owned(member.to_lowercase())
    }
}

/// A pair missing from the list counts as this share of the most it can
/// have been seen (the list keeps every pair seen more often) for the word
/// written, and as a tenth of that for the alternative: doubt favours the
/// writer. Measured on the shared real-word error sets and clean news
/// (bench/accuracy.py).
const UNSEEN_WRITTEN: f32 = 0.1;
const UNSEEN_ALTERNATIVE: f32 = 0.01;

/// ln of how much better `alt` than `written` fits between `left` and
/// `right`: P(alt | left) P(right | alt) over P(written | left) P(right |
/// written), with P(x) for the first factor when there is no left word.
/// A side where neither pair is in the list says nothing and counts as even.
/// `None` when no pair of `alt` is in the list: the model knows nothing of it
/// here.
fn log_odds(
    m: &Model,
    left: Option<u32>,
    written: u32,
    alt: u32,
    right: Option<u32>,
) -> Option<f32> {
    let unseen =
        |given: u32, share: f32| (share.ln() + m.log_floor() - m.log_count(given)).min(0.0);
    let mut seen = false;
    let mut side = |w_pair: Option<f32>, w_given: u32, a_pair: Option<f32>, a_given: u32| -> f32 {
        match (w_pair, a_pair) {
            (None, None) => 0.0,
            (w, a) => {
                seen |= a.is_some();
                let pa = a.map_or_else(
                    || unseen(a_given, UNSEEN_ALTERNATIVE),
                    |c| c - m.log_count(a_given),
                );
                let pw = w.map_or_else(
                    || unseen(w_given, UNSEEN_WRITTEN),
                    |c| c - m.log_count(w_given),
                );
                pa - pw
            }
        }
    };
    let mut odds = match left {
        Some(l) => side(m.log_pair(l, written), l, m.log_pair(l, alt), l),
        None => m.log_prob(alt) - m.log_prob(written),
    };
    if let Some(r) = right {
        odds += side(m.log_pair(written, r), written, m.log_pair(alt, r), alt);
    }
    seen.then_some(odds)
}

/// The model's id of a neighbouring word, if nothing but space separates it
/// from the word at `range` (a comma or a quotation mark ends the context).
fn neighbour(m: &Model, text: &str, word: &Word, gap: std::ops::Range<usize>) -> Option<u32> {
    if word.placeholder || !text[gap].chars().all(char::is_whitespace) {
        return None;
    }
    let w = &text[word.range()];
    // A name or an acronym tells the model nothing it has counts for.
    if w.chars().skip(1).any(char::is_uppercase) {
        return None;
    }
    with_lowercase(w, |lower| m.id(lower))
}

/// Punctuation that ends the context of a word.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '.' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '—' | '–' | '…' | '/'
    )
}

impl Check for ContextRule {
    fn fix(&self) -> Option<Applicability> {
        Some(self.applicability)
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let (words, pairs) = model::english().size();
        vec![
            ("Sets", self.sets.clone()),
            (
                "Threshold",
                format!(
                    "flags a word when another member fits the words around it at least {} times better",
                    self.min_odds
                ),
            ),
            (
                "Model",
                format!(
                    "{words} words and {pairs} bigrams of English (Google Books Ngram data, by way of symspellpy)"
                ),
            ),
        ]
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let m = model::english();
        let keys = cx.shared.word_keys(doc);
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            let words = &doc.words[block.words()];
            let sentences = &doc.sentences[block.sentences()];
            for (k, &key) in keys[block.words()].iter().enumerate() {
                // No key: a placeholder, or a word no rule looks up. Most
                // words are turned away here, by their key alone.
                if key == 0 || (self.neighbours.is_none() && !self.index.may_contain(key)) {
                    continue;
                }
                let word = &words[k];
                let bytes = text.as_bytes()[word.range()].as_ref();
                // Members are lowercase: a word in any case matches its own.
                let member = self.index.get(key, |i| {
                    self.members.word(i).as_bytes().eq_ignore_ascii_case(bytes)
                });
                let (w, others) = match member {
                    Some(member) => {
                        let (id, others) = self.members.ids(member, m);
                        (*id, Cow::Borrowed(others.as_slice()))
                    }
                    None => match self.neighbours {
                        Some(floor) => {
                            // Only a word of ASCII letters is judged.
                            let written = &text[word.range()];
                            let judged = written.len() > 2
                                && written.bytes().all(|b| b.is_ascii_alphabetic());
                            let found = judged.then(|| {
                                with_lowercase(written, |lower| {
                                    let id = m.id(lower).filter(|&id| m.log_count(id) >= floor)?;
                                    Some((id, neighbours_of(m, lower, floor)))
                                })
                            });
                            let Some((id, others)) = found.flatten() else {
                                continue;
                            };
                            (id, Cow::Owned(others))
                        }
                        None => continue,
                    },
                };
                let at = block.words().start + k;
                let s = sentences.partition_point(|s| s.words().end <= at);
                let Some(sentence) = sentences.get(s).filter(|s| s.words().contains(&at)) else {
                    continue;
                };
                let first = at == sentence.words().start;
                let written = &text[word.range()];
                // Names and acronyms: capitalised inside a sentence, or in
                // capitals throughout.
                let mut chars = written.chars();
                let first_upper = chars.next().is_some_and(char::is_uppercase);
                if (!first && first_upper) || chars.any(char::is_uppercase) {
                    continue;
                }
                let left = (!first).then(|| &words[k - 1]).and_then(|prev| {
                    neighbour(m, text, prev, prev.range().end..word.range().start)
                });
                // At the end of a clause the model cannot see what follows
                // ("a brief test there."): judged by one side only, it would
                // be wrong. Before a word it has no counts for ("could loose
                // $2 million") the left side decides alone.
                let Some(next) = words
                    .get(k + 1)
                    .filter(|_| at + 1 < sentence.words().end)
                    .filter(|next| {
                        !text[word.range().end..next.range().start].contains(ends_clause)
                    })
                else {
                    continue;
                };
                let right = neighbour(m, text, next, word.range().end..next.range().start);
                if left.is_none() && right.is_none() {
                    continue;
                }
                let best = others
                    .iter()
                    .filter_map(|(other, id)| Some((other, log_odds(m, left, w, *id, right)?)))
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                let Some((other, log_odds)) = best.filter(|(_, lo)| *lo >= self.log_min_odds)
                else {
                    continue;
                };
                let replacement = match_case(written, other);
                let odds = format!("{:.0}", f64::from(log_odds).exp().min(1e9));
                let span = block.prose.to_source(word.range());
                let vars = [
                    ("match", written),
                    ("replacement", replacement.as_str()),
                    ("odds", odds.as_str()),
                ];
                let mut finding = Finding::new(span, &vars);
                finding.label = Some(format!(
                    "`{replacement}` fits the words around it about {odds} times better"
                ));
                finding.fix =
                    block.replace_fix(word.range(), replacement.clone(), self.applicability);
                cx.report(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::model;
    use super::words::{inflection, neighbours_of};
    use crate::rules::test_support::{flagged, rule};

    fn affect() -> crate::rules::Rule {
        rule(
            "context",
            "sets = ['affect/effect', 'affects/effects', 'loose/lose']\nmin-odds = 20",
        )
    }

    #[test]
    fn the_member_that_fits_better_is_suggested() {
        let r = affect();
        assert_eq!(
            flagged("The new law will have an affect on prices.", &r),
            ["affect"]
        );
        assert_eq!(
            flagged("The company could loose money this year.", &r),
            ["loose"]
        );
    }

    #[test]
    fn correct_uses_names_and_capitals_are_left_alone() {
        let r = affect();
        assert!(flagged("The new law will affect prices.", &r).is_empty());
        assert!(flagged("The new law will have an effect on prices.", &r).is_empty());
        assert!(flagged("The screw came loose on Monday.", &r).is_empty());
        assert!(flagged("Officials met Anne Affect on Monday.", &r).is_empty());
        assert!(flagged("THE AFFECT ON PRICES.", &r).is_empty());
    }

    #[test]
    fn neighbours_are_common_words_one_edit_away_less_inflections() {
        let m = model::english();
        let floor = 1e6_f64.ln() as f32;
        let found: Vec<String> = neighbours_of(m, "week", floor)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        for near in ["weak", "seek", "peek", "wee"] {
            assert!(found.iter().any(|w| w == near), "{near} not in {found:?}");
        }
        assert!(!found.iter().any(|w| w == "weeks"), "{found:?}");
        assert!(inflection("sign", "signed") && inflection("study", "studies"));
        assert!(!inflection("week", "weak") && !inflection("form", "from"));
    }

    /// A word in the sets of two built-in rules would get two findings with
    /// different suggestions; in one rule its sets are weighed together.
    #[test]
    fn no_word_is_in_two_built_in_rules() {
        let pack: toml::Table =
            toml::from_str(include_str!("../../../rules/context.toml")).unwrap();
        let mut owner: std::collections::HashMap<String, String> = Default::default();
        for rule in pack["rule"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            for set in rule
                .get("sets")
                .and_then(|s| s.as_array())
                .into_iter()
                .flatten()
            {
                for word in set.as_str().unwrap().split('/') {
                    let first = owner
                        .entry(word.to_string())
                        .or_insert_with(|| id.to_string());
                    assert_eq!(first, id, "`{word}` is in {first} and {id}");
                }
            }
        }
        assert!(owner.len() > 600, "{} words", owner.len());
    }

    #[test]
    fn a_rule_with_neither_sets_nor_neighbours_is_refused() {
        let err = crate::rules::test_support::build_error("context", "min-odds = 20");
        assert!(err.contains("needs `sets`"), "{err}");
    }

    #[test]
    fn a_set_the_model_cannot_decide_is_refused() {
        let err = crate::rules::test_support::build_error("context", "sets = ['affect/qqqxzy']");
        assert!(err.contains("does not know `qqqxzy`"), "{err}");
        let err = crate::rules::test_support::build_error("context", "sets = ['affect']");
        assert!(err.contains("one member"), "{err}");
    }
}
