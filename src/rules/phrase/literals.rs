//! The cheap test a phrase rule makes before tokenizing a sentence: whether
//! its words include a word of each of the pattern's literal groups, as a
//! word of its own, looked up by the words' keys the document computes
//! once for every rule (no text is scanned again); then, for a pattern
//! that starts with a word and the word or class after it ("a PLURAL",
//! "its [a, the]"), whether two words of the sentence are such a pair.

use super::pattern::Node;
use crate::document::{Document, Word};
use crate::lang::fnv::word_key;
use crate::lang::lexicon::{self, Class};

/// Groups of words such that every match holds, as a token, a word of
/// each group (folded as the tokens are): `had [went, came]` gives `[had]`
/// and `[went, came]`. Unlike the prefilter's triggers, the words are
/// whole and of any length: `[a, an] PLURAL` gives `[a, an]`.
pub(super) fn required_groups(node: &Node) -> Vec<Vec<String>> {
    match node {
        Node::Seq(items) => items.iter().flat_map(required_groups).collect(),
        Node::Filter(steps) => steps.first().map(required_groups).unwrap_or_default(),
        other => one_of(other).into_iter().collect(),
    }
}

/// Words one of which every match of `node` holds as a token, if there is
/// such a list.
fn one_of(node: &Node) -> Option<Vec<String>> {
    match node {
        Node::Word(w) => Some(vec![w.clone()]),
        Node::Forms(forms) => Some(forms.clone()),
        Node::Alt(children) => {
            let mut all = Vec::new();
            for child in children {
                all.extend(one_of(child)?);
            }
            Some(all)
        }
        // Of the items' lists, the one whose shortest word is longest,
        // then the shortest list: the likeliest to rule a sentence out.
        Node::Seq(items) => items.iter().filter_map(one_of).max_by_key(|set| {
            let shortest = set.iter().map(String::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        }),
        Node::Filter(steps) => one_of(steps.first()?),
        Node::Space | Node::Punct(_) | Node::Class(_) | Node::Not(_) | Node::Any => None,
    }
}

/// The ways a match of `node` can start with two words: a word of one
/// list, whitespace, then a word of another list or of a class (a class
/// that takes no punctuation). `None` when some match may start otherwise.
pub(super) fn start_pairs(node: &Node) -> Option<Vec<(Vec<String>, Then)>> {
    match node {
        Node::Filter(steps) => start_pairs(steps.first()?),
        Node::Alt(children) => {
            let mut all = Vec::new();
            for child in children {
                all.extend(start_pairs(child)?);
            }
            Some(all)
        }
        Node::Seq(items) => match items.as_slice() {
            [first, Node::Space, then, ..] => {
                let then = match then {
                    Node::Class(class) if !class.admits(lexicon::PUNCTUATION) => {
                        Then::Class(*class)
                    }
                    other => Then::Words(one_token(other)?),
                };
                Some(vec![(one_token(first)?, then)])
            }
            _ => None,
        },
        _ => None,
    }
}

/// The words `node` matches, when it matches one word token.
fn one_token(node: &Node) -> Option<Vec<String>> {
    match node {
        Node::Word(w) => Some(vec![w.clone()]),
        Node::Forms(forms) => Some(forms.clone()),
        Node::Alt(children) => {
            let mut all = Vec::new();
            for child in children {
                all.extend(one_token(child)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// What follows the first word of a [`start_pairs`] pair.
#[derive(Debug)]
pub(super) enum Then {
    Words(Vec<String>),
    Class(Class),
}

/// A pattern's literal groups by the keys of their words ([`word_key`]),
/// and the pairs of words its matches start with, if known.
#[derive(Debug)]
pub(super) struct WordGroups {
    /// (key, a bit per group holding a word of that key), by key.
    keys: Vec<(u32, u64)>,
    /// A bit per key's low six bits: most words are turned away by it.
    bloom: u64,
    /// A bit per group.
    all: u64,
    /// The pairs of [`start_pairs`]: a match starts with one.
    pairs: Option<Vec<(KeySet, Next)>>,
}

/// What follows the first word of a pair, by keys.
#[derive(Debug)]
enum Next {
    Words(KeySet),
    Class(Class),
}

/// Words by their keys.
#[derive(Debug)]
struct KeySet {
    keys: Vec<u32>,
    bloom: u64,
}

impl KeySet {
    fn new(words: &[String]) -> KeySet {
        let mut keys: Vec<u32> = words.iter().map(|w| word_key(w.as_bytes())).collect();
        keys.sort_unstable();
        keys.dedup();
        KeySet {
            bloom: keys.iter().fold(0, |b, &k| b | 1 << (k & 63)),
            keys,
        }
    }

    fn has(&self, key: u32) -> bool {
        self.bloom & 1 << (key & 63) != 0 && self.keys.binary_search(&key).is_ok()
    }
}

/// The key of `word`'s folded form (as the tokens fold it), from its key
/// in the document (`key`, of the word ASCII-lowercased: its folded form
/// when it is ASCII; `ascii` when the word is known to be); `None` for a
/// placeholder.
fn folded_key(text: &str, word: &Word, key: u32, ascii: bool, scratch: &mut String) -> Option<u32> {
    let bytes = &text.as_bytes()[word.range()];
    if key != 0 && (ascii || bytes.is_ascii()) {
        return Some(key);
    }
    if word.placeholder() {
        return None;
    }
    // A word of one letter ("a", "I") has no key in the document.
    if let [byte] = *bytes {
        return Some(word_key(&[byte.to_ascii_lowercase()]));
    }
    scratch.clear();
    lexicon::fold_into(&text[word.range()], scratch);
    Some(word_key(scratch.as_bytes()))
}

/// Every class a token of `word` can have: its lexicon classes, a name's
/// if it is capitalised, a number's if it has no letter (a token's classes
/// are one of these, narrowed by its neighbours).
fn classes_at_most(word: &str, scratch: &mut String) -> u32 {
    scratch.clear();
    lexicon::fold_into(word, scratch);
    let mut classes = lexicon::classes(scratch);
    if word.chars().next().is_some_and(char::is_uppercase) {
        classes |= lexicon::NAME;
    }
    if !word.chars().any(char::is_alphabetic) {
        classes |= lexicon::NUMBER;
    }
    classes
}

impl WordGroups {
    /// The groups of [`required_groups`], at most 64 (the rest are not
    /// tested), and the pairs of [`start_pairs`]; `None` when there are
    /// no groups.
    pub(super) fn new(
        groups: &[Vec<String>],
        pairs: Option<Vec<(Vec<String>, Then)>>,
    ) -> Option<WordGroups> {
        let groups = &groups[..groups.len().min(64)];
        if groups.is_empty() {
            return None;
        }
        let pairs = pairs.map(|pairs| {
            pairs
                .iter()
                .map(|(first, then)| {
                    let next = match then {
                        Then::Words(words) => Next::Words(KeySet::new(words)),
                        Then::Class(class) => Next::Class(*class),
                    };
                    (KeySet::new(first), next)
                })
                .collect()
        });
        let mut keys: Vec<(u32, u64)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, words)| words.iter().map(move |w| (word_key(w.as_bytes()), 1 << g)))
            .collect();
        keys.sort_unstable();
        // Words of one key (the same word in two groups, or a collision)
        // stand for all their groups.
        keys.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 |= next.1;
            }
            same
        });
        Some(WordGroups {
            bloom: keys.iter().fold(0, |b, &(k, _)| b | 1 << (k & 63)),
            keys,
            all: u64::MAX >> (64 - groups.len()),
            pairs,
        })
    }

    fn groups_of(&self, key: u32) -> u64 {
        if self.bloom & 1 << (key & 63) == 0 {
            return 0;
        }
        match self.keys.binary_search_by_key(&key, |&(k, _)| k) {
            Ok(i) => self.keys[i].1,
            Err(_) => 0,
        }
    }

    /// Whether sentence `index` of `doc` may hold a match: whether its
    /// words include a word of each group, and two words one after the
    /// other, with only whitespace between, that make a pair. `keys` are the document's
    /// words' keys (`Shared::word_keys`); `scratch` is room to fold a word
    /// into. A sentence whose tokens are not its words as the document
    /// split them (see `Toks::fill_of_words`) may always match.
    pub(super) fn may_match(
        &self,
        doc: &Document,
        index: usize,
        keys: &[u32],
        scratch: &mut String,
    ) -> bool {
        let sentence = &doc.sentences[index];
        let block = &doc.blocks[sentence.block()];
        let (range, text) = (sentence.range(), block.text());
        let first = sentence.words().start;
        let words = &doc.words[sentence.words()];
        // The words are in order: all are inside when the first and the
        // last are.
        let inside = |w: &Word| range.start <= w.range().start && w.range().end <= range.end;
        let before = (first > block.words().start).then(|| &doc.words[first - 1]);
        let aligned = words.first().is_none_or(inside) && words.last().is_none_or(inside);
        if !(aligned && before.is_none_or(|w| w.range().end <= range.start)) {
            return true;
        }
        // In an ASCII sentence every word's key is its folded form's.
        let ascii = text[range].is_ascii();
        let mut seen = 0;
        // Whether a pair is found (or none is needed), else the word
        // before, if it starts a pair.
        let mut paired = self.pairs.is_none();
        let mut starts_pair: Option<(&Word, u32)> = None;
        for (word, &key) in words.iter().zip(&keys[sentence.words()]) {
            let Some(key) = folded_key(text, word, key, ascii, scratch) else {
                starts_pair = None;
                continue;
            };
            seen |= self.groups_of(key);
            if let Some(pairs) = self.pairs.as_ref().filter(|_| !paired) {
                if let Some((before, before_key)) = starts_pair {
                    paired = pairs.iter().any(|(first, then)| {
                        first.has(before_key) && then_ok(then, text, before, word, key, scratch)
                    });
                }
                starts_pair = pairs
                    .iter()
                    .any(|(first, _)| first.has(key))
                    .then_some((word, key));
            }
            if paired && seen == self.all {
                return true;
            }
        }
        false
    }
}

/// Whether `word` (of folded key `key`), after `before`, is what `then`
/// wants after the first word of a pair.
fn then_ok(
    then: &Next,
    text: &str,
    before: &Word,
    word: &Word,
    key: u32,
    scratch: &mut String,
) -> bool {
    let gap = &text[before.range().end..word.range().start];
    if gap.is_empty() || !gap.chars().all(char::is_whitespace) {
        return false;
    }
    match then {
        Next::Words(words) => words.has(key),
        Next::Class(class) => class.admits(classes_at_most(&text[word.range()], scratch)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;

    fn groups(pattern: &str) -> Vec<Vec<String>> {
        let node = super::super::pattern::parse(pattern, &Default::default()).unwrap();
        required_groups(&node)
    }

    #[test]
    fn groups_are_whole_words_of_any_length() {
        assert_eq!(
            groups("had [went, came]"),
            [vec!["had"], vec!["went", "came"]]
        );
        assert_eq!(
            groups("<(had [went, came]), [went, came]>"),
            [vec!["had"], vec!["went", "came"]]
        );
        assert_eq!(groups("DET [(ab cdx), ef]"), [["cdx", "ef"]]);
        assert_eq!(groups("<([a, an] PLURAL), PLURAL>"), [["a", "an"]]);
        assert_eq!(groups("[(very ), ()]good"), [["good"]]);
        assert_eq!(groups("[(it is), (it's)] NOUN"), [["is", "it's"]]);
        assert!(groups("NOUN * VERB").is_empty());
    }

    #[test]
    fn matches_start_with_known_pairs() {
        let pairs = |pattern: &str| {
            let node = super::super::pattern::parse(pattern, &Default::default()).unwrap();
            start_pairs(&node).map(|p| p.len())
        };
        assert_eq!(pairs("<([a, an, every] PLURAL), PLURAL>"), Some(1));
        assert_eq!(pairs("[<(its own), its>, <([of, in] its), its>]"), Some(2));
        assert_eq!(pairs("[a, (one more)] PLURAL"), None);
        assert_eq!(pairs("its PUNCT"), None);
        assert_eq!(pairs("its, a"), None);
        assert_eq!(pairs("NOUN its"), None);
    }

    /// A sentence that holds the words of a pair but not one after the
    /// other is ruled out; one that holds the pair, in any case, is not.
    #[test]
    fn sentences_are_tested_by_their_pairs() {
        let text = "A plan for cats. A cats’ show. ITS BOOKS were, a books \
                    stall. Its own way. Of its, own.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys = keys_of(&doc);
        let verdicts = |pattern: &str| -> Vec<bool> {
            let node = super::super::pattern::parse(pattern, &Default::default()).unwrap();
            let test = WordGroups::new(&required_groups(&node), start_pairs(&node)).unwrap();
            let mut scratch = String::new();
            (0..doc.sentences.len())
                .map(|i| test.may_match(&doc, i, &keys, &mut scratch))
                .collect()
        };
        assert_eq!(doc.sentences.len(), 5);
        assert_eq!(
            verdicts("<([a, an] PLURAL), PLURAL>"),
            [false, true, true, false, false]
        );
        assert_eq!(
            verdicts("[<(its own), its>, <(of its), its>]"),
            [false, false, false, true, true]
        );
        assert_eq!(verdicts("its books"), [false, false, true, false, false]);
    }

    /// The keys `Shared::word_keys` gives the words of `doc`.
    fn keys_of(doc: &Document) -> Vec<u32> {
        doc.words
            .iter()
            .map(|w| {
                let bytes = &doc.blocks[w.block()].text().as_bytes()[w.range()];
                if (2..32).contains(&bytes.len()) {
                    word_key(bytes)
                } else {
                    0
                }
            })
            .collect()
    }

    /// Sentences are ruled out by whole words, whatever their case or
    /// apostrophe, and never one holding a word of each group.
    #[test]
    fn sentences_are_tested_by_their_whole_words() {
        let text = "Its aim is an Italy trip. They couldn’t AN hour. \
                    Émile had ÉTÉ there. It ran.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys = keys_of(&doc);
        let verdicts = |pattern: &str| -> Vec<bool> {
            let node = super::super::pattern::parse(pattern, &Default::default()).unwrap();
            let test = WordGroups::new(&required_groups(&node), start_pairs(&node)).unwrap();
            let mut scratch = String::new();
            (0..doc.sentences.len())
                .map(|i| test.may_match(&doc, i, &keys, &mut scratch))
                .collect()
        };
        assert_eq!(doc.sentences.len(), 4);
        assert_eq!(verdicts("it"), [false, false, false, true]);
        assert_eq!(verdicts("[a, an] hour"), [false, true, false, false]);
        assert_eq!(verdicts("couldn't"), [false, true, false, false]);
        assert_eq!(verdicts("été"), [false, false, true, false]);
        assert_eq!(verdicts("its aim"), [true, false, false, false]);
        assert_eq!(verdicts("its ran"), [false, false, false, false]);
    }
}
