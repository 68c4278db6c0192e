//! The words of a document by the key of their folded form: where a word
//! occurs, found at once, for the rules that look for a few words (the
//! phrase rules), instead of each one reading every sentence.

use foldhash::{HashMap, HashMapExt};

use crate::document::{Document, Word};
use crate::lang::fnv::word_key;
use crate::lang::lexicon;

/// The document's words (not the placeholders) by their folded form's
/// key, made once per document: per key, its words chained in order.
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Per key: its first word, its last word and how many words have it,
    /// in a table of its own by open addressing. A key is a hash already,
    /// never 0: a general map hashed it again and probed groups of slots,
    /// some forty instructions a word, most of the index's making.
    keys: KeyTable,
    /// Per word, the way to the next word of its key (see [`Links`]).
    links: Links,
    /// The sentences whose phrase tokens are not made of the document's
    /// words (see `Toks::fill_of_words`): their words are split again.
    resplit: Vec<usize>,
}

/// A key's chain: the key (0 in an empty slot), its first word, its last
/// word and how many words have it.
#[derive(Debug, Clone, Copy, Default)]
struct Chain {
    key: u32,
    first: u32,
    last: u32,
    count: u32,
}

/// [`Chain`]s by key, in a power-of-two table at most half full, probed
/// one slot after another.
#[derive(Debug, Default)]
struct KeyTable {
    slots: Vec<Chain>,
    used: usize,
}

impl KeyTable {
    fn with_room(keys: usize) -> Self {
        KeyTable {
            slots: vec![Chain::default(); (keys * 2).next_power_of_two().max(16)],
            used: 0,
        }
    }

    /// Where `key` is, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9e37_79b1) as usize) & mask;
        loop {
            let held = self.slots[at].key;
            if held == key || held == 0 {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    fn get(&self, key: u32) -> Option<&Chain> {
        if self.slots.is_empty() || key == 0 {
            return None;
        }
        Some(&self.slots[self.slot(key)]).filter(|chain| chain.key == key)
    }

    /// Adds word `at` to the end of `key`'s chain; `links` links the
    /// words. Key 0 (no key) marks an empty slot and is never added.
    #[inline]
    fn add(&mut self, key: u32, at: u32, links: &mut Links) {
        debug_assert_ne!(key, 0, "key 0 marks an empty slot");
        let slot = self.slot(key);
        let chain = &mut self.slots[slot];
        if chain.key == key {
            links.link(chain.last, at);
            chain.last = at;
            chain.count += 1;
            return;
        }
        *chain = Chain {
            key,
            first: at,
            last: at,
            count: 1,
        };
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![Chain::default(); old.len() * 2];
        for chain in old.into_iter().filter(|c| c.key != 0) {
            let slot = self.slot(chain.key);
            self.slots[slot] = chain;
        }
    }
}

/// Per word, how many words on the next word of its key is: [`END`] after
/// the last, [`FAR`] when it is that many or more on (the next word is
/// then in `far`). Two bytes a word, where the next word's index took
/// four (7 MB for a 10 MB document, held while the phrase rules run): a
/// word's next is nearly always fewer than 65,535 words on.
#[derive(Debug, Default)]
struct Links {
    next: Vec<u16>,
    /// The next word of each word whose next is [`FAR`].
    far: HashMap<u32, u32>,
}

/// No next word.
const END: u16 = 0;
/// The next word is in [`Links::far`].
const FAR: u16 = u16::MAX;

impl Links {
    /// `words` words, none linked.
    fn new(words: usize) -> Self {
        Links {
            // Zeros: pages of a large table are not touched before a
            // word of them is linked.
            next: vec![END; words],
            far: HashMap::new(),
        }
    }

    /// Word `to` is the next of word `from` (before it).
    #[inline]
    fn link(&mut self, from: u32, to: u32) {
        let gap = to - from;
        self.next[from as usize] = match u16::try_from(gap) {
            Ok(gap) if gap != FAR => gap,
            _ => {
                self.far.insert(from, to);
                FAR
            }
        };
    }

    /// The word after `at` with its key, if any.
    #[inline]
    fn after(&self, at: u32) -> Option<u32> {
        match self.next[at as usize] {
            END => None,
            FAR => Some(self.far[&at]),
            gap => Some(at + u32::from(gap)),
        }
    }
}

/// The key of each word of `doc` ([`word_key`]), in the order of
/// `doc.words`: 0 for a placeholder and for a word of fewer than 2 or more
/// than 31 bytes. The rest stay 0 once `stopped` says so (a cancelled
/// check).
#[cfg(test)]
pub(crate) fn word_keys(doc: &Document, stopped: impl Fn() -> bool) -> Vec<u32> {
    let mut keys = vec![0; doc.words.len()];
    for block in doc.blocks.iter().take_while(|_| !stopped()) {
        let text = block.text().as_bytes();
        let range = block.words();
        for (key, word) in keys[range.clone()].iter_mut().zip(&doc.words[range]) {
            if has_key(word) {
                *key = word_key(&text[word.range()]);
            }
        }
    }
    keys
}

/// Whether `word` has a key (one that is not 0): no placeholder, and of 2
/// to 31 bytes ([`word_key`] is never 0).
#[inline]
pub(crate) fn has_key(word: &Word) -> bool {
    !word.placeholder() && (2..32).contains(&word.range().len())
}

impl WordIndex {
    /// The index of `doc`'s words; `keys` are their keys
    /// (`rules::Shared::word_keys`). Stops early, incomplete, once `stop`
    /// says so.
    pub fn new(doc: &Document, keys: &[u32], stop: impl Fn() -> bool) -> WordIndex {
        // Room for a news story's different words at once, spared the
        // first doublings (a long text repeats its words more).
        let room = (doc.words.len() / 2).min(1 << 12);
        let mut index = WordIndex {
            keys: KeyTable::with_room(room),
            links: Links::new(doc.words.len()),
            resplit: Vec::new(),
        };
        let mut scratch = String::new();
        for block in doc.blocks.iter().take_while(|_| !stop()) {
            let (text, range) = (block.text(), block.words());
            let ascii = text.is_ascii();
            let words = doc.words[range.clone()].iter().zip(&keys[range.clone()]);
            for (at, (word, &key)) in range.zip(words) {
                // The word's own key, for nearly every word, without a call
                // (an ASCII word of a block with a curly quote too).
                let own = key != 0 && (ascii || text.as_bytes()[word.range()].is_ascii());
                let key = match own {
                    true => key,
                    false => match folded_key(text, word, key, ascii, &mut scratch) {
                        Some(key) => key,
                        None => continue,
                    },
                };
                let at = u32::try_from(at).expect("fewer than 2^32 words");
                index.keys.add(key, at, &mut index.links);
            }
        }
        index.resplit = (0..doc.sentences.len())
            .filter(|&s| !words_are_tokens(doc, s))
            .collect();
        index
    }

    /// The indexes of the words whose folded form has the key `key` (and
    /// so, but for a clash of keys, is the word of that key), in order.
    pub fn words(&self, key: u32) -> impl Iterator<Item = usize> + '_ {
        let first = self.keys.get(key).map(|chain| chain.first);
        std::iter::successors(first, |&at| self.links.after(at)).map(|at| at as usize)
    }

    /// How many words have the key `key`.
    pub fn count(&self, key: u32) -> usize {
        self.keys.get(key).map_or(0, |chain| chain.count as usize)
    }

    /// The sentences whose phrase tokens are split from their text again,
    /// not made of the document's words, in order.
    pub fn resplit(&self) -> &[usize] {
        &self.resplit
    }
}

/// Whether the phrase tokens of sentence `index` of `doc` are its words as
/// the document split them (the test `Toks::fill_of_words` makes).
pub fn words_are_tokens(doc: &Document, index: usize) -> bool {
    let sentence = &doc.sentences[index];
    let block = &doc.blocks[sentence.block()];
    let first = sentence.words().start;
    let before = (first > block.words().start).then(|| &doc.words[first - 1]);
    crate::lang::tokens::words_align(&sentence.range(), &doc.words[sentence.words()], before)
}

/// The key of `word`'s folded form (as the phrase tokens fold it, see
/// [`lexicon::fold`]), from its key in the document (`key`, of the word
/// ASCII-lowercased: its folded form when it is ASCII; `ascii` when the
/// word is known to be); `None` for a placeholder. `scratch` is room to
/// fold a word into.
#[inline]
pub fn folded_key(
    text: &str,
    word: &Word,
    key: u32,
    ascii: bool,
    scratch: &mut String,
) -> Option<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;

    /// A text of thousands of different words finds
    /// each word where a scan of the words finds it.
    #[test]
    fn every_word_of_a_long_text_is_found_where_it_is() {
        let text: String = (0..9000).map(|i| format!("w{} ", i * 7 % 5003)).collect();
        let source = SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let spelling = |w: usize| {
            let word = &doc.words[w];
            doc.word_text(word)
        };
        let keys: Vec<u32> = (0..doc.words.len())
            .map(|w| word_key(spelling(w).as_bytes()))
            .collect();
        let index = WordIndex::new(&doc, &keys, || false);
        let mut by_key: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (w, &key) in keys.iter().enumerate() {
            by_key.entry(key).or_default().push(w);
        }
        assert!(by_key.len() > 5000, "{} different words", by_key.len());
        for (key, words) in by_key {
            assert_eq!(index.words(key).collect::<Vec<_>>(), words, "{key}");
            assert_eq!(index.count(key), words.len());
        }
    }

    /// The keys hashed as the document's words are found are the keys
    /// made from each word's bytes after (`word_keys`, through
    /// `fnv::word_key`): apostrophes, letters beyond ASCII, marks, digits,
    /// placeholders, words of one byte and of 32.
    #[test]
    fn the_keys_made_while_parsing_are_the_words_keys() {
        let long = "x".repeat(31) + " " + &"y".repeat(32);
        let texts = [
            "A cat’s hat. The CAT'S a cat, Été 2017.\n\nÉté again, a cat, don't.",
            "Visit https://example.com/a or `code` now; Zoë’s e\u{301}te 中文版 web.",
            &long,
            include_str!("../../examples/tianjin-2017.txt"),
        ];
        for text in texts {
            let source = SourceFile::new("t.md", text);
            let doc = Document::parse(&source, Format::MARKDOWN, &ArticleSettings::default());
            let keys = doc.take_word_keys();
            assert!(keys.contains(&0));
            assert_eq!(keys, word_keys(&doc, || false), "{text}");
        }
    }

    proptest::proptest! {
        /// The same, whatever the letters, cases and punctuation.
        #[test]
        fn the_keys_made_while_parsing_are_the_keys_of_any_text(
            text in "[aZ9'’ .,é\u{301}İ\u{FFFC}-]{0,40}"
        ) {
            let source = SourceFile::new("t.txt", &text);
            let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
            proptest::prop_assert_eq!(&doc.take_word_keys(), &word_keys(&doc, || false));
        }
    }

    /// The keys are taken from the document once; taken again (a second
    /// check of it), they are hashed again, the same.
    #[test]
    fn the_keys_taken_again_are_the_same() {
        let source = SourceFile::new("k.txt", "One `two` three, été a.\n\nFour.");
        let doc = Document::parse(&source, Format::MARKDOWN, &ArticleSettings::default());
        let keys = doc.take_word_keys();
        assert_eq!(keys.len(), doc.words.len());
        assert!(keys.contains(&0) && keys.iter().any(|&k| k != 0));
        assert_eq!(doc.take_word_keys(), keys);
    }

    /// Words of a key more than 65,535 words apart are found where they
    /// are, in order, through the far links, which only they need; the
    /// links take two bytes a word.
    #[test]
    fn words_far_apart_are_found_in_order() {
        let filler = "word ".repeat(70_000);
        let text = format!("Alpha {filler}alpha beta alpha {filler}beta. Alpha");
        let source = SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let index = WordIndex::new(&doc, &doc.take_word_keys(), || false);
        let found = |word: &str| index.words(word_key(word.as_bytes())).collect::<Vec<_>>();
        let last = doc.words.len() - 1;
        assert_eq!(found("alpha"), [0, 70_001, 70_003, last]);
        assert_eq!(found("beta"), [70_002, last - 1]);
        assert_eq!(found("word").len(), 140_000);
        assert_eq!(index.count(word_key(b"alpha")), 4);
        // Alpha's first and third links, beta's only one.
        assert_eq!(index.links.far.len(), 3);
        assert_eq!(
            std::mem::size_of_val(&index.links.next[..]),
            2 * doc.words.len()
        );
    }

    /// An index of no document finds nothing, for any key.
    #[test]
    fn an_empty_index_finds_nothing() {
        let index = WordIndex::default();
        for key in [0, 1, word_key(b"cat"), u32::MAX] {
            assert_eq!(index.words(key).count(), 0);
            assert_eq!(index.count(key), 0);
        }
    }

    /// Each word is found by the key of its folded form, and only where it
    /// is.
    #[test]
    fn words_are_found_by_their_folded_form() {
        let text = "A cat’s hat. The CAT'S a cat, Été.\n\nÉté again, a cat.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys = word_keys(&doc, || false);
        let index = WordIndex::new(&doc, &keys, || false);
        let spelled = |key: &str| -> Vec<String> {
            index
                .words(word_key(key.as_bytes()))
                .map(|w| {
                    let word = &doc.words[w];
                    doc.word_text(word).to_string()
                })
                .collect()
        };
        assert_eq!(spelled("cat's"), ["cat’s", "CAT'S"]);
        assert_eq!(spelled("a"), ["A", "a", "a"]);
        assert_eq!(spelled("été"), ["Été", "Été"]);
        assert_eq!(spelled("cat"), ["cat", "cat"]);
        assert!(spelled("dog").is_empty());
        assert_eq!(index.count(word_key(b"a")), 3);
        assert_eq!(index.count(word_key(b"dog")), 0);
        assert!(index.resplit().is_empty());
    }
}
