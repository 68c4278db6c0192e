//! `context`: real-word slips decided by the trigram model. At each word of
//! a confusion set ("affect" of affect/effect), or with `neighbours`, at each
//! common word and the common words one edit from it, the trigrams that hold
//! the position are scored with each alternative in its place, and the word
//! written is flagged when an alternative makes them at least `min-odds`
//! times more probable: "he *sighed* the agreement" (signed).
//!
//! The model is read to favour the writer: a word it cannot read (a number,
//! a name it lacks, part of a hyphenated word) cuts the n-grams at it rather
//! than guessing, names and capitals are never judged, and the thresholds
//! of the built-in rules were set on hundreds of thousands of words of
//! edited news (docs/src/context-model.md, bench/README.md).

mod build;
mod candidates;
mod guards;
mod members;
mod number;
mod sets;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, Reads, match_case};
use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::lang::case::with_lowercase;
use crate::lang::lexicon;
use crate::lang::model::neighbours::{self, Alternative};
use crate::lang::model::score::{BREAK, NO_PAIR, Pairs, Window, gain_of};
use crate::lang::model::tokens::{Tokens, Unseen, bigram_of};
use crate::lang::model::words::{ListIndex, ascii_lowercase, joined};
use crate::lang::model::{self, Lookups};
use candidates::Candidates;
use guards::{both_sides, capitalised};
use members::Members;

params! {
    /// The parameters of this kind.
    struct Params {
        /// the confusion sets: each a string of two or more words separated
        /// by `/` (`"affect/effect"`); list each inflection as a set of its
        /// own (`"affects/effects"`). `"it's>its"` judges only the first
        /// word, against the second; a set ending in `:odds`
        /// (`"brake/break:1000"`) has odds of its own in place of `min-odds`
        sets: Option<Spanned<Vec<Spanned<String>>>>,
        /// `true`: instead of sets, weigh every common word against the
        /// common words one letter away (added, dropped, changed or two
        /// swapped), except its own inflections and spelling variants and
        /// the words a built-in confusion set lists: a general real-word
        /// detector
        neighbours: Option<Spanned<bool>>,
        /// with `neighbours`, weigh a noun only against its other number
        /// (year/years) right after a word that fixes it ("these year")
        number: Option<Spanned<bool>>,
        /// with `neighbours`, how common a word must be to be judged or
        /// suggested, in uses per million words of the model (default 1)
        min_frequency: Option<Spanned<f64>>,
        /// with `neighbours`, the odds for a pair in which either word is a
        /// function word (of, in, has, this…), whose choice is grammar
        /// that a trigram sees poorly (default 30000)
        function_word_min_odds: Option<Spanned<f64>>,
        /// with `neighbours`, the odds for a function word against a content
        /// word written ("wars" for was), never suggested after a determiner
        /// or modal (default: as `function-word-min-odds`)
        content_to_function_min_odds: Option<Spanned<f64>>,
        /// with `neighbours`, the odds for a function word against a content
        /// word written when the words before it and the words after it
        /// each make the function word at least twice as probable and the
        /// model has never seen the word written before the next ("tired
        /// hand felt"), unless it is a noun before a noun ("width tables";
        /// default: as `content-to-function-min-odds`)
        content_to_function_agreed_min_odds: Option<Spanned<f64>>,
        /// with `neighbours`, also judge a sentence's first word when it is
        /// three or more letters, a capital and lowercase ("Tee", "Thy"),
        /// the lexicon does not know it as a name, no punctuation follows
        /// it, its line is not in title case and it is not a verb before a
        /// determiner or pronoun (an imperative); a name is never suggested
        /// for it
        sentence_start: Option<Spanned<bool>>,
        /// how many times more probable the words around the one written
        /// must be with another member in its place before it is flagged
        /// (default 100)
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
        (
            "odds",
            "how many times more probable the words around it are with the replacement, rounded",
        ),
    ],
    build: build::build,
    honours_sic: true,
};

struct ContextRule {
    /// Every member of a set, once.
    members: Members,
    /// Member by its lowercase spelling's key.
    index: ListIndex,
    /// With `neighbours`: log10 of the least unigram probability of a word
    /// judged or suggested.
    neighbours: Option<f32>,
    /// With `neighbours`: candidates are the word's other number only.
    number: bool,
    /// With `neighbours`: a sentence's capitalised first word is judged.
    sentence_start: bool,
    /// With `neighbours`: log10 of the odds for a function word against a
    /// content word written that both sides agree on.
    agreed_gain: f32,
    /// With `neighbours`: log10 of the odds for a pair with a function word
    /// written, and for a function word against a content word written.
    function_word_gain: (f32, f32),
    /// With `neighbours`: each word's candidates (by model id), found when
    /// the word is first judged; empty for a word that is never judged.
    candidates: Candidates,
    /// The sets as read, for `galley explain`.
    sets: std::borrow::Cow<'static, str>,
    /// log10 of `min_odds`.
    min_gain: f32,
    min_odds: f64,
    applicability: Applicability,
}

impl Check for ContextRule {
    fn fix(&self) -> Option<Applicability> {
        Some(self.applicability)
    }

    fn reads(&self) -> Reads {
        // The general detector reads no keys (see `ContextRule::keyless`).
        match self.keyless() {
            true => Reads::MODEL_IDS,
            false => Reads::MODEL_IDS.and(Reads::WORD_KEYS),
        }
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let (words, bigrams, trigrams) = model::english().size();
        let mut out = Vec::new();
        if !self.sets.is_empty() {
            out.push(("Sets", self.sets.to_string()));
        }
        out.push((
            "Threshold",
            format!(
                "flags a word when the words around it are at least {} times more probable with another in its place",
                self.min_odds
            ),
        ));
        out.push((
            "Model",
            format!(
                "a backoff trigram model of US English: {words} words, {bigrams} bigrams, {trigrams} trigrams (CMU Sphinx)"
            ),
        ));
        out
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // The words' model ids and the document's tokens and bigrams, made
        // by the first context rule and held while the rule reads them
        // (the tokens take the thread's look-ups themselves).
        let ids = cx.shared.model_ids(doc);
        let tokens = cx.shared.model_tokens(doc);
        // The thread's cache of the model's look-ups, taken once.
        model::english().with_lookups(|lk| self.check_with(doc, cx, (&ids, &tokens), lk));
    }
}

impl ContextRule {
    /// The general detector (of every word, not of number): it turns
    /// words away by the bigrams beside them, and judges only words that
    /// have a key, which their length tells (`Tokens::unseen`). It holds
    /// no keys while it runs, the longest rule of a long document: they
    /// are let go once the other rules that read them are done.
    fn keyless(&self) -> bool {
        self.members.len() == 0 && !self.number && self.neighbours.is_some()
    }

    fn check_with(
        &self,
        doc: &Document,
        cx: &mut Context,
        (ids, tokens): (&[u32], &Tokens),
        lk: &mut Lookups,
    ) {
        let m = model::english();
        let held = (!self.keyless()).then(|| cx.shared.word_keys(doc));
        let keys: Option<&[u32]> = held.as_deref().map(Vec::as_slice);
        // The general detector (of every word, not of number) leaves most
        // words as soon as it finds them seen beside both neighbours.
        let seen_first = self.members.len() == 0 && !self.number;
        let determiners = number::determiner_keys();
        // The sentence of the last window scored, its token, and the
        // bigrams it read (its pairs `i - 2` to `i + 1`).
        let mut last_pairs = (usize::MAX, 0, [NO_PAIR; 4]);
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            let words = &doc.words[block.words()];
            let sentences = &doc.sentences[block.sentences()];
            // The first sentence that does not end before the word: the
            // words are read in order, so it only moves forward.
            let mut s = 0;
            // (None for the general detector: see `keyless`.)
            let block_keys: &[u32] = keys.map_or(&[], |keys| &keys[block.words()]);
            // Most words are turned away in a loop of their own, before
            // the tests below (which the words passed ask again): a set
            // rule's by their key, a number rule's by the key of the word
            // before. The general detector judges only a word the model
            // reads and has not seen beside both its neighbours: a slip
            // makes a pair that is rarely written; a word seen on both
            // sides is left alone. Those are left 64 at a time, by a bit
            // found once for the document.
            let positions = if self.number {
                Positions::AfterDeterminer(block_keys, 1, determiners)
            } else if self.neighbours.is_none() {
                Positions::Members(block_keys, 0, &self.index)
            } else if seen_first {
                Positions::Unseen(tokens.unseen(block.words()))
            } else {
                Positions::All(0..words.len())
            };
            for k in positions {
                // (The general detector's words, `Tokens::unseen`, all
                // have a key: it reads none.)
                let key = block_keys.get(k).copied().unwrap_or(u32::MAX);
                // No key: a placeholder, or a word no rule looks up. Most
                // words are turned away here, by their key alone.
                if key == 0 || (self.neighbours.is_none() && !self.index.may_contain(key)) {
                    continue;
                }
                // A number rule judges only a word after a determiner: the
                // rest are turned away before any look-up.
                if self.number
                    && !(k > 0
                        && determiners.may_be(block_keys[k - 1])
                        && number::after_determiner(text, words, k))
                {
                    continue;
                }
                let at = block.words().start + k;
                if ids[at] == BREAK {
                    continue;
                }
                let word = &words[k];
                // Its bytes: its text is sliced (at character boundaries)
                // only where it is read as characters.
                let written = &text.as_bytes()[word.range()];
                let lower = ascii_lowercase(text.as_bytes(), word.range());
                // (A rule of `neighbours` alone has no members to look up.)
                let member = (self.members.len() > 0)
                    .then(|| {
                        self.index.get(key, |i| {
                            self.members
                                .word(i)
                                .as_bytes()
                                .eq_ignore_ascii_case(written)
                        })
                    })
                    .flatten();
                // The general detector's candidates are found only for a
                // word it judges here (below): most words are seen beside
                // both their neighbours, and finding the candidates of
                // each reads much of the model.
                let (w, others): (u32, &[Alternative]) = match (member, self.neighbours) {
                    (Some(member), _) => match self.members.ids(member, m) {
                        Some((id, others)) => (*id, others),
                        None => continue,
                    },
                    // Lowercase words of ASCII letters only: a capital may
                    // start a name, even at a sentence's start (unless
                    // `sentence-start`: see below).
                    (None, Some(floor))
                        if lower || (self.sentence_start && capitalised(written)) =>
                    {
                        if !self.candidates.judged(m, ids[at], floor, self.number) {
                            continue;
                        }
                        (ids[at], &[])
                    }
                    (None, _) => continue,
                };
                let later = member.is_none();
                if (others.is_empty() && !later) || joined(text, word.range()) {
                    continue;
                }
                while sentences.get(s).is_some_and(|s| s.words().end <= at) {
                    s += 1;
                }
                let Some(sentence) = sentences.get(s).filter(|s| s.words().contains(&at)) else {
                    continue;
                };
                let first = at == sentence.words().start;
                // Names and acronyms: capitalised inside a sentence, or in
                // capitals throughout.
                // (A word of lowercase ASCII letters has no capital to look for.)
                let (first_upper, upper_after) = if lower {
                    (false, false)
                } else {
                    let mut chars = text[word.range()].chars();
                    let first_upper = chars.next().is_some_and(char::is_uppercase);
                    (first_upper, chars.any(char::is_uppercase))
                };
                if (!first && first_upper) || upper_after {
                    continue;
                }
                // A capitalised first word (`sentence-start`) only when the
                // lexicon does not know it as a name ("Mark", "Will").
                if first_upper && member.is_none() && lexicon::can_be_name(m.word(w)) {
                    continue;
                }
                let b = block.words().start;
                let (from, to) = (sentence.words().start - b, sentence.words().end - b);
                // A number slip: only after a word that fixes the number
                // (asked before the sentence's ids are gathered).
                let Some(factor) = number::factor(self.number, text, words, k, from, to) else {
                    continue;
                };
                let index = block.sentences().start + s;
                let seen = tokens.pairs(index, sentence.words());
                let i = at - sentence.words().start + 1;
                // (None for a sentence not read: the check is stopping.)
                if seen.len() <= i {
                    continue;
                }
                // The sentence's tokens `i - 2` to `i + 2`: the word's
                // window, the word at 2 (the sentence's tokens are not
                // gathered).
                let toks = tokens.window(&ids[sentence.words()], i);
                // A two-letter word ("lo", "en", "of") is grammar: judged by
                // the general detector only right before a word the model
                // reads (see `guards::spaced_from_next`).
                if member.is_none()
                    && written.len() == 2
                    && (toks[3] == BREAK || !guards::spaced_from_next(text, words, k))
                {
                    continue;
                }
                // Seen beside both neighbours (as above, for a word that is
                // no member of a rule that has sets too; here `w` is the
                // word written, `toks[2]`).
                if member.is_none() && !self.number && seen.has(i - 1) && seen.has(i) {
                    continue;
                }
                if first_upper
                    && member.is_none()
                    && guards::start_left_alone(text, words, from, to)
                {
                    continue;
                }
                let found_now;
                let others = match self.neighbours {
                    Some(floor) if later => {
                        found_now = self.candidates.find(
                            m,
                            w,
                            floor,
                            (self.min_gain, self.function_word_gain),
                            self.number,
                        );
                        if found_now.is_empty() {
                            continue;
                        }
                        &found_now[..]
                    }
                    _ => others,
                };
                // Only an alternative the model has seen beside a neighbour
                // is scored (`Window::seen_beside` below), and most are seen
                // beside neither: a word none of whose alternatives is, is
                // left before its window is built, and the alternatives
                // before the first that is are not asked again. (The same
                // look-ups as the window's, through the thread's cache.)
                let Some(first_seen) = others
                    .iter()
                    .position(|alt| beside_either(lk, &toks, alt.id))
                else {
                    continue;
                };
                let others = &others[first_seen..];
                // The bigrams the window reads (pairs `i - 2` to `i + 1` of
                // the sentence, 0 to 3 of `toks`), those the last window of
                // the sentence read taken from it.
                let mut window_pairs = [NO_PAIR; 4];
                for (l, pair) in window_pairs.iter_mut().enumerate() {
                    let Some(j) = (i + l).checked_sub(2) else {
                        continue;
                    };
                    let (of, last_i, kept) = last_pairs;
                    *pair = if of == index && j + 2 >= last_i && j < last_i + 2 {
                        kept[j + 2 - last_i]
                    } else {
                        bigram_of(seen, j, (toks[l], toks[l + 1]), lk)
                    };
                }
                last_pairs = (index, i, window_pairs);
                let pairs = Pairs(&window_pairs);
                let window = Window::with_pairs(lk, &toks, 2, pairs);
                // The word written's terms, made when an alternative first
                // needs them (most alternatives are never seen beside either
                // neighbour, and need none).
                let mut written_terms = None;
                let mut terms_of_written = |lk: &mut Lookups| {
                    *written_terms.get_or_insert_with(|| {
                        if w == toks[2] {
                            window.terms_written(lk, &toks, 2, pairs)
                        } else {
                            window.terms(lk, w)
                        }
                    })
                };
                // The best alternative that passes its threshold (no function
                // word where a content word goes).
                // Only an alternative that is a function word for a content
                // word asks what the slot is (a member's never is).
                let for_content = others.iter().any(|alt| alt.function_for_content);
                let content = for_content
                    && k > from
                    && with_lowercase(&text[words[k - 1].range()], neighbours::content_slot);
                let compound =
                    for_content && member.is_none() && guards::compound(text, words, k, to);
                // The ids of the words before and after in the sentence,
                // which most alternatives are not.
                let beside = (
                    (k > from).then(|| ids[b + k - 1]),
                    (k + 1 < to).then(|| ids[b + k + 1]),
                );
                let best = others
                    .iter()
                    .filter(|alt| !(content && alt.function_for_content))
                    .filter(|alt| {
                        // A neighbour that has another model id is another
                        // word (the model's words are ASCII, and an ASCII
                        // word's id is its spelling's in any case): its
                        // text is compared only when it has none or this.
                        let may_be = |j: usize| ids[b + j] == BREAK || ids[b + j] == alt.id;
                        let may = |n: Option<u32>| n.is_some_and(|n| n == BREAK || n == alt.id);
                        let same = |w: &[u8]| m.is_word(alt.id, w);
                        !((may(beside.0) || may(beside.1))
                            && guards::echoes_neighbour(text, words, k, (from, to), may_be, same))
                    })
                    // No name for a first word ("Frown said": not "Brown").
                    .filter(|alt| !(first_upper && lexicon::is_known_name(m.word(alt.id))))
                    .filter_map(|alt| {
                        // Only an alternative the model has seen beside a
                        // neighbour is scored; first by a bound with no
                        // trigram look-up, which the gain never exceeds
                        // (`least` below is never under `lowest`).
                        let beside = window.seen_beside(lk, alt.id)?;
                        let written_terms = terms_of_written(lk);
                        let lowest = if alt.function_for_content {
                            alt.min_gain.min(self.agreed_gain)
                        } else {
                            alt.min_gain
                        };
                        if window.gain_at_most(lk, &written_terms, beside) < lowest + factor {
                            return None;
                        }
                        let gained = gain_of(lk, &window, &written_terms, beside);
                        // A function word for a content word that the words
                        // on both sides agree on, where the word written was
                        // never seen before the next, needs less.
                        // Not in a compound of nouns ("width tables").
                        let agreed = alt.function_for_content
                            && !compound
                            && !written_terms[1].1
                            && both_sides(&gained);
                        let least = if agreed {
                            alt.min_gain.min(self.agreed_gain)
                        } else {
                            alt.min_gain
                        };
                        // The spread (a count of the model's neighbours)
                        // only for an alternative that passes without it.
                        let min = || {
                            least
                                + factor
                                + if alt.spread {
                                    let floor = self.neighbours.unwrap_or(f32::NEG_INFINITY);
                                    neighbours::spread(m, alt.id, floor)
                                } else {
                                    0.0
                                }
                        };
                        (gained.total >= least + factor && gained.total >= min())
                            .then_some((m.word(alt.id), gained))
                    })
                    .max_by(|a, b| a.1.total.total_cmp(&b.1.total));
                let Some((other, gained)) = best else {
                    continue;
                };
                let written = &text[word.range()];
                let replacement = match_case(written, other);
                let odds = format!("{:.0}", 10f64.powf(f64::from(gained.total)).min(1e9));
                let span = block.prose.to_source(word.range());
                let vars = [
                    ("match", written),
                    ("replacement", replacement.as_str()),
                    ("odds", odds.as_str()),
                ];
                let mut finding = Finding::new(span, &vars);
                finding.label =
                    Some(format!("the words around it make `{replacement}` likelier").into());
                // The words that decide most, when they are words.
                let base = sentence.words().start;
                let around: Vec<usize> = match gained.decisive {
                    0 => vec![at.wrapping_sub(2), at.wrapping_sub(1)],
                    1 => vec![at + 1],
                    _ => vec![at + 1, at + 2],
                }
                .into_iter()
                .filter(|&j| j >= base && j < sentence.words().end && ids[j] != BREAK)
                .collect();
                if let (Some(&a), Some(&b)) = (around.first(), around.last()) {
                    let (a, b) = (a - block.words().start, b - block.words().start);
                    let range = words[a].range().start..words[b].range().end;
                    finding.related.push(crate::diagnostic::Related {
                        span: block.prose.to_source(range.clone()),
                        message: format!("`{}` suggests `{replacement}`", &text[range]).into(),
                    });
                }
                finding.fix =
                    block.replace_fix(word.range(), replacement.clone(), self.applicability);
                cx.report(finding);
            }
        }
    }
}

/// Whether the model has seen word `x` beside a neighbour of the window
/// `toks` (tokens `i - 2` to `i + 2`, the word at 2): the bigram of the
/// token before and `x`, or of `x` and the token after, as
/// `Window::seen_beside` looks them up (never across a [`BREAK`]).
#[inline]
fn beside_either(lk: &mut Lookups, toks: &[u32; 5], x: u32) -> bool {
    (toks[1] != BREAK && lk.bigram(toks[1], x).is_some())
        || (toks[3] != BREAK && lk.bigram(x, toks[3]).is_some())
}

/// The words of a block that a rule reads further, by their offset in the
/// block, each found by its own cheapest test (never turning away a word
/// that the rule's tests pass).
enum Positions<'a> {
    /// Every word.
    All(std::ops::Range<usize>),
    /// The words the model reads and has not seen beside both neighbours.
    Unseen(Unseen<'a>),
    /// The words of the block's keys, from the offset on, that have a key
    /// and may be in the index.
    Members(&'a [u32], usize, &'a ListIndex),
    /// The words of the block's keys, from the offset on, after a word
    /// that may be a determiner.
    AfterDeterminer(&'a [u32], usize, &'static number::DeterminerKeys),
}

impl Iterator for Positions<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Positions::All(all) => all.next(),
            Positions::Unseen(unseen) => unseen.next(),
            Positions::Members(keys, next, index) => {
                let rest = keys.get(*next..)?;
                let found = rest
                    .iter()
                    .position(|&key| index.may_contain(key) && key != 0);
                let k = *next + found.unwrap_or(rest.len());
                *next = k + 1;
                found.map(|_| k)
            }
            Positions::AfterDeterminer(keys, next, determiners) => {
                // Word `k` after word `k - 1`.
                let before = keys.get(*next - 1..keys.len().saturating_sub(1))?;
                let found = before.iter().position(|&key| determiners.may_be(key));
                let k = *next + found.unwrap_or(before.len());
                *next = k + 1;
                found.map(|_| k)
            }
        }
    }
}

#[cfg(test)]
mod tests;
