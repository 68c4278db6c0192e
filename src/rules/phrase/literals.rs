//! The cheap test a phrase rule makes before tokenizing a sentence: whether
//! its words include a word of each of the pattern's literal groups, as a
//! word of its own, looked up by the words' keys the document computes
//! once for every rule (no text is scanned again).

use super::pattern::Node;
use crate::document::{Document, Word};
use crate::lang::fnv::word_key;
use crate::lang::lexicon;

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

/// A pattern's literal groups by the keys of their words ([`word_key`]).
#[derive(Debug)]
pub(super) struct WordGroups {
    /// (key, a bit per group holding a word of that key), by key.
    keys: Vec<(u32, u64)>,
    /// A bit per key's low six bits: most words are turned away by it.
    bloom: u64,
    /// A bit per group.
    all: u64,
}

impl WordGroups {
    /// The groups of [`required_groups`], at most 64 (the rest are not
    /// tested); `None` when there are none.
    pub(super) fn new(groups: &[Vec<String>]) -> Option<WordGroups> {
        let groups = &groups[..groups.len().min(64)];
        if groups.is_empty() {
            return None;
        }
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
    /// words include a word of each group. `keys` are the document's
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
        let inside = |w: &Word| range.start <= w.range().start && w.range().end <= range.end;
        let before = (first > block.words().start).then(|| &doc.words[first - 1]);
        if !(words.iter().all(inside) && before.is_none_or(|w| w.range().end <= range.start)) {
            return true;
        }
        let mut seen = 0;
        for (word, &key) in words.iter().zip(&keys[sentence.words()]) {
            let bytes = &text.as_bytes()[word.range()];
            // The document's key is of the word ASCII-lowercased, which is
            // its folded form when it is ASCII; other words are folded.
            let key = if key != 0 && bytes.is_ascii() {
                key
            } else if word.placeholder() {
                continue;
            } else {
                scratch.clear();
                lexicon::fold_into(&text[word.range()], scratch);
                word_key(scratch.as_bytes())
            };
            seen |= self.groups_of(key);
            if seen == self.all {
                return true;
            }
        }
        false
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

    /// Sentences are ruled out by whole words, whatever their case or
    /// apostrophe, and never one holding a word of each group.
    #[test]
    fn sentences_are_tested_by_their_whole_words() {
        let text = "Its aim is an Italy trip. They couldn’t AN hour. \
                    Émile had ÉTÉ there. It ran.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys: Vec<u32> = doc
            .words
            .iter()
            .map(|w| {
                let bytes = &doc.blocks[w.block()].text().as_bytes()[w.range()];
                if (2..32).contains(&bytes.len()) {
                    word_key(bytes)
                } else {
                    0
                }
            })
            .collect();
        let verdicts = |pattern: &str| -> Vec<bool> {
            let test = WordGroups::new(&groups(pattern)).unwrap();
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
