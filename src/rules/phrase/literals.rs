//! Which sentences a phrase rule tokenizes: those whose words include a
//! word of each of the pattern's literal groups, as a word of its own, and,
//! for a pattern that starts with a word and the word or class after it
//! ("a PLURAL", "its [a, the]"), two words that are such a pair. Found
//! from where those words are in the document's word index, made once for
//! every rule: no rule reads the sentences that lack its words.

use super::pattern::Node;
use crate::document::{Document, Word};
use crate::lang::fnv::word_key;
use crate::lang::lexicon::{self, Class};
use crate::lang::word_index::{WordIndex, folded_key};

/// Groups of words such that every match holds, as a token, a word of
/// each group (folded as the tokens are): `had [went, came]` gives `[had]`
/// and `[went, came]`. Unlike the prefilter's triggers, the words are
/// whole and of any length: `[a, an] PLURAL` gives `[a, an]`.
pub(super) fn required_groups(node: &Node) -> Vec<Vec<&str>> {
    match node {
        Node::Seq(items) => items.iter().flat_map(required_groups).collect(),
        Node::Filter(steps) => steps.first().map(required_groups).unwrap_or_default(),
        other => one_of(other).into_iter().collect(),
    }
}

/// What `find` gives for each of `children` (the branches of an
/// alternation), joined; `None` if it gives nothing for one of them.
fn each<'n, T>(children: &'n [Node], find: impl Fn(&'n Node) -> Option<Vec<T>>) -> Option<Vec<T>> {
    let mut all = Vec::new();
    for child in children {
        all.extend(find(child)?);
    }
    Some(all)
}

/// Words one of which every match of `node` holds as a token, if there is
/// such a list.
fn one_of(node: &Node) -> Option<Vec<&str>> {
    match node {
        Node::Word(w) => Some(vec![w.as_str()]),
        Node::Forms(forms) => Some(forms.iter().map(String::as_str).collect()),
        Node::Alt(children) => each(children, one_of),
        // Of the items' lists, the one whose shortest word is longest,
        // then the shortest list: the likeliest to rule a sentence out.
        Node::Seq(items) => items.iter().filter_map(one_of).max_by_key(|set| {
            let shortest = set.iter().map(|w| w.len()).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        }),
        Node::Filter(steps) => one_of(steps.first()?),
        Node::Space | Node::Punct(_) | Node::Class(_) | Node::Not(_) | Node::Any => None,
    }
}

/// The ways a match of `node` can start with two words: a word of one
/// list, whitespace, then a word of another list or of a class (a class
/// that takes no punctuation). `None` when some match may start otherwise.
pub(super) fn start_pairs(node: &Node) -> Option<Vec<(Vec<&str>, Then<'_>)>> {
    match node {
        Node::Filter(steps) => start_pairs(steps.first()?),
        Node::Alt(children) => each(children, start_pairs),
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
fn one_token(node: &Node) -> Option<Vec<&str>> {
    match node {
        Node::Word(w) => Some(vec![w.as_str()]),
        Node::Forms(forms) => Some(forms.iter().map(String::as_str).collect()),
        Node::Alt(children) => each(children, one_token),
        _ => None,
    }
}

/// What follows the first word of a [`start_pairs`] pair.
#[derive(Debug)]
pub(super) enum Then<'n> {
    Words(Vec<&'n str>),
    Class(Class),
}

/// A pattern's literal groups by the keys of their words ([`word_key`]),
/// and the pairs of words its matches start with, if known.
#[derive(Debug)]
pub(super) struct WordGroups {
    /// The keys of each group's words.
    groups: Vec<KeySet>,
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
    fn new(words: &[&str]) -> KeySet {
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
        groups: &[Vec<&str>],
        pairs: Option<Vec<(Vec<&str>, Then)>>,
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
        Some(WordGroups {
            groups: groups.iter().map(|g| KeySet::new(g)).collect(),
            pairs,
        })
    }

    /// The sentences of `doc` that may hold a match, in order: those that
    /// hold a word of each group and, when the matches start with a pair,
    /// two words one after the other, with only whitespace between, that
    /// make a pair; and those whose tokens are split again, whatever their
    /// words. Found from where the words are in `index`, not by reading
    /// every sentence; `keys` are the document's words' keys
    /// (`Shared::word_keys`).
    pub(super) fn candidates(&self, doc: &Document, index: &WordIndex, keys: &[u32]) -> Vec<usize> {
        let mut scratch = String::new();
        let sentence_of = |word: usize| {
            let s = doc.sentences.partition_point(|s| s.words().end <= word);
            let found = doc.sentences.get(s)?;
            found.words().contains(&word).then_some(s)
        };
        // The folded form's key of word `at`, if it is not a placeholder.
        let key_of = |at: usize, scratch: &mut String| {
            let word = &doc.words[at];
            folded_key(
                doc.blocks[doc.word_block(word)].text(),
                word,
                keys[at],
                false,
                scratch,
            )
        };
        let count = |set: &KeySet| set.keys.iter().map(|&k| index.count(k)).sum::<usize>();
        let mut found = Vec::new();
        match &self.pairs {
            Some(pairs) => {
                for (first, then) in pairs {
                    // From the rarer of the two words' occurrences.
                    let from_second = match then {
                        Next::Words(second) => count(second) < count(first),
                        Next::Class(_) => false,
                    };
                    let starts = if from_second { then_words(then) } else { first };
                    for word in starts.keys.iter().flat_map(|&key| index.words(key)) {
                        let Some(s) = sentence_of(word) else {
                            continue;
                        };
                        let sentence = doc.sentences[s].words();
                        let (before, after) = match from_second {
                            true if word > sentence.start => (word - 1, word),
                            false if word + 1 < sentence.end => (word, word + 1),
                            _ => continue,
                        };
                        let (Some(first_key), Some(key)) =
                            (key_of(before, &mut scratch), key_of(after, &mut scratch))
                        else {
                            continue;
                        };
                        let text = doc.blocks[doc.sentences[s].block()].text();
                        let (before, after) = (&doc.words[before], &doc.words[after]);
                        if first.has(first_key)
                            && then_ok(then, text, before, after, key, &mut scratch)
                        {
                            found.push(s);
                        }
                    }
                }
            }
            None => {
                // The sentences holding a word of the group whose words
                // the document holds fewest of.
                if let Some(rarest) = self.groups.iter().min_by_key(|g| count(g)) {
                    found.extend(
                        rarest
                            .keys
                            .iter()
                            .flat_map(|&key| index.words(key))
                            .filter_map(sentence_of),
                    );
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        let all = u64::MAX >> (64 - self.groups.len());
        found.retain(|&s| {
            let mut seen = 0;
            for at in doc.sentences[s].words() {
                let Some(key) = key_of(at, &mut scratch) else {
                    continue;
                };
                for (g, group) in self.groups.iter().enumerate() {
                    if group.has(key) {
                        seen |= 1 << g;
                    }
                }
                if seen == all {
                    return true;
                }
            }
            false
        });
        if !index.resplit().is_empty() {
            found.extend(index.resplit());
            found.sort_unstable();
            found.dedup();
        }
        found
    }
}

/// The words a pair's second word is one of.
fn then_words(then: &Next) -> &KeySet {
    match then {
        Next::Words(words) => words,
        Next::Class(_) => unreachable!("only a pair of two words is found from its second"),
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
        let groups = required_groups(&node);
        groups
            .iter()
            .map(|g| g.iter().map(|w| w.to_string()).collect())
            .collect()
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
        let verdicts = |pattern: &str| verdicts(&doc, pattern);
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

    /// For each sentence of `doc`, whether the test of `pattern`'s words
    /// lets it through (its words' keys as `Shared::word_keys` makes them).
    fn verdicts(doc: &Document, pattern: &str) -> Vec<bool> {
        let keys = crate::lang::word_index::word_keys(doc, || false);
        let node = super::super::pattern::parse(pattern, &Default::default()).unwrap();
        let test = WordGroups::new(&required_groups(&node), start_pairs(&node)).unwrap();
        let index = WordIndex::new(doc, &keys, || false);
        let found = test.candidates(doc, &index, &keys);
        (0..doc.sentences.len())
            .map(|i| found.contains(&i))
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
        let verdicts = |pattern: &str| verdicts(&doc, pattern);
        assert_eq!(doc.sentences.len(), 4);
        assert_eq!(verdicts("it"), [false, false, false, true]);
        assert_eq!(verdicts("[a, an] hour"), [false, true, false, false]);
        assert_eq!(verdicts("couldn't"), [false, true, false, false]);
        assert_eq!(verdicts("été"), [false, false, true, false]);
        assert_eq!(verdicts("its aim"), [true, false, false, false]);
        assert_eq!(verdicts("its ran"), [false, false, false, false]);
    }
}
