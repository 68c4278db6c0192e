//! A sentence as phrase tokens: words (with their word classes), runs of
//! whitespace, and single punctuation marks, as the phrase patterns see it.

use std::cell::RefCell;
use std::ops::Range;

use super::lexicon;
use crate::document::segment_words;
use crate::document::{PLACEHOLDER, Range32, Word};

/// Classes not yet worked out (no word has every class bit set).
const UNKNOWN: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Number,
    Space,
    Punct(char),
    /// Stands for non-prose (code, a URL): matches nothing but `*`.
    Placeholder,
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub kind: TokKind,
    /// Range in the block's prose text.
    range: Range32,
    /// Where the word's folded form is in [`Toks::folded`] (words only).
    folded: Range32,
    /// A capitalised word inside the sentence: taken for a name.
    name: bool,
}

impl Tok {
    /// Its range in the block's prose text.
    pub fn range(&self) -> Range<usize> {
        self.range.get()
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokKind::Word | TokKind::Number)
    }
}

/// A sentence's tokens, with their word classes worked out on first use
/// (most sentences never need them: a rule's literal words rule them out).
///
/// One sentence's at a time: a rule fills one `Toks` with each sentence
/// it reads in turn ([`Toks::fill_of_words`]), reusing its room, so the
/// tokens of a document are never all held at once (they were some 9
/// bytes a byte of text).
#[derive(Debug, Default)]
pub struct Toks {
    pub toks: Vec<Tok>,
    /// Every word lowercased, apostrophes straightened, one after another.
    folded: String,
    /// Each token's classes in context, [`UNKNOWN`] until first asked for
    /// (empty until a class is first asked for): a rule that asks about
    /// one word ("a" then a plural) looks up that word and its neighbour,
    /// not the whole sentence.
    classes: RefCell<Vec<u32>>,
}

/// Whether `words` (in order, not overlapping), the words of `range`, are
/// its tokens as they stand: none of them crosses its edges, nor does
/// `before`, the word before them. Then [`Toks::fill_of_words`] takes them
/// without splitting `range` again.
pub fn words_align(range: &Range<usize>, words: &[Word], before: Option<&Word>) -> bool {
    // In order: all are inside when the first and the last are.
    let inside = |w: &Word| range.start <= w.range().start && w.range().end <= range.end;
    words.first().is_none_or(inside)
        && words.last().is_none_or(inside)
        && before.is_none_or(|w| w.range().end <= range.start)
}

impl Toks {
    /// The tokens of `text[range]`, its words split from it (Vale's
    /// sequence rules read a sentence this way, outside the document's
    /// word split).
    pub fn new(text: &str, range: Range<usize>) -> Toks {
        let mut toks = Toks::default();
        toks.fill(text, range, None);
        toks
    }

    /// The tokens of sentence `range` of a block's `text`, from the words
    /// the document's parse found in it (`words`, and `before`, the word
    /// before them in the block, if any), not split again: the same tokens
    /// as [`Toks::new`]. The splitter's only look past a place is at an
    /// apostrophe, which a word spanning the sentence's start or end
    /// shows; the sentence is then split again.
    #[cfg(test)]
    pub fn of_words(
        text: &str,
        range: Range<usize>,
        words: &[Word],
        before: Option<&Word>,
    ) -> Toks {
        let mut toks = Toks::default();
        toks.fill_of_words(text, range, words, before);
        toks
    }

    /// [`Toks::of_words`] into `self`, in place of what it held: its room
    /// is reused, sentence after sentence.
    pub fn fill_of_words(
        &mut self,
        text: &str,
        range: Range<usize>,
        words: &[Word],
        before: Option<&Word>,
    ) {
        let aligned = words_align(&range, words, before);
        self.fill(text, range, aligned.then_some(words));
    }

    /// The tokens of `text[range]` in place of what `self` held; `words`,
    /// when given, are its words (not split again).
    fn fill(&mut self, text: &str, range: Range<usize>, words: Option<&[Word]>) {
        self.toks.clear();
        self.folded.clear();
        self.classes.get_mut().clear();
        tokenize(text, range, words, &mut self.toks, &mut self.folded);
    }

    /// Token `i` lowercased with apostrophes straightened ("" if not a word).
    pub fn lower(&self, i: usize) -> &str {
        &self.folded[self.toks[i].folded.get()]
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn get(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The classes of token `i` in its context.
    pub fn classes(&self, i: usize) -> u32 {
        {
            let mut cache = self.classes.borrow_mut();
            if cache.is_empty() {
                cache.resize(self.toks.len(), UNKNOWN);
            }
            if cache[i] != UNKNOWN {
                return cache[i];
            }
        }
        let found = self.classes_in_context(i);
        self.classes.borrow_mut()[i] = found;
        found
    }

    /// Token `i`'s classes, narrowed by the words beside it.
    fn classes_in_context(&self, i: usize) -> u32 {
        let raw = self.raw_classes(i);
        if self.toks[i].kind != TokKind::Word || self.toks[i].name {
            return raw;
        }
        // The word next to `i`, before it (`back`) or after it.
        let neighbour = |back: bool| {
            let mut j = i;
            loop {
                j = if back { j.checked_sub(1)? } else { j + 1 };
                let t = self.toks.get(j)?;
                match t.kind {
                    TokKind::Word => return Some(j),
                    TokKind::Placeholder => return None,
                    _ => continue,
                }
            }
        };
        let prev = neighbour(true).map(|j| self.lower(j));
        let next = neighbour(false).map(|j| self.raw_classes(j));
        lexicon::in_context(raw, prev, next)
    }
}

impl Toks {
    fn raw_classes(&self, i: usize) -> u32 {
        let tok = &self.toks[i];
        match tok.kind {
            TokKind::Word if tok.name => lexicon::NAME,
            TokKind::Word => lexicon::classes(self.lower(i)),
            TokKind::Number => lexicon::NUMBER,
            TokKind::Punct(_) => lexicon::PUNCTUATION,
            TokKind::Space | TokKind::Placeholder => 0,
        }
    }
}

/// Pushes onto `toks` the tokens of `text[range]`, ranges relative to
/// `text`, and onto `folded` the folded words they point into; `words`,
/// when given, are the words of `text[range]` as the word splitter gives
/// them (not split again).
fn tokenize(
    text: &str,
    range: Range<usize>,
    words: Option<&[Word]>,
    toks: &mut Vec<Tok>,
    folded: &mut String,
) {
    let mut seen_word = false;
    let mut at = range.start;
    let gap = |toks: &mut Vec<Tok>, from: usize, to: usize| {
        // Most gaps between words are one space.
        if to == from + 1 && text.as_bytes()[from] == b' ' {
            toks.push(plain(TokKind::Space, from..to));
            return;
        }
        let mut space: Option<usize> = None;
        for (i, c) in text[from..to].char_indices() {
            let i = from + i;
            if c.is_whitespace() {
                space.get_or_insert(i);
                continue;
            }
            if let Some(s) = space.take() {
                toks.push(plain(TokKind::Space, s..i));
            }
            toks.push(plain(TokKind::Punct(fold_punct(c)), i..i + c.len_utf8()));
        }
        if let Some(s) = space {
            toks.push(plain(TokKind::Space, s..to));
        }
    };
    let mut word_at = |r: Range<usize>, placeholder: bool| {
        gap(toks, at, r.start);
        at = r.end;
        let word = &text[r.clone()];
        let ascii = word.is_ascii();
        // (The placeholder is not ASCII: most words are not searched.)
        if placeholder || !ascii && word.contains(PLACEHOLDER) {
            toks.push(plain(TokKind::Placeholder, r));
            return;
        }
        let start = folded.len();
        lexicon::fold_into(word, folded);
        // An ASCII word (most of them) is read by bytes: the same answers
        // as by chars.
        let bytes = word.as_bytes();
        let alphabetic = if ascii {
            bytes.iter().any(u8::is_ascii_alphabetic)
        } else {
            word.chars().any(char::is_alphabetic)
        };
        let kind = if alphabetic {
            TokKind::Word
        } else {
            TokKind::Number
        };
        let capitalised = if ascii {
            bytes.first().is_some_and(u8::is_ascii_uppercase)
                && bytes[1..].iter().any(u8::is_ascii_lowercase)
        } else {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().skip(1).any(char::is_lowercase)
        };
        toks.push(Tok {
            kind,
            range: Range32::new(r),
            folded: Range32::new(start..folded.len()),
            name: capitalised && seen_word && word != "I",
        });
        seen_word |= kind == TokKind::Word;
    };
    match words {
        Some(words) => {
            for word in words {
                word_at(word.range(), word.placeholder());
            }
        }
        None => segment_words(&text[range.clone()], |r, placeholder| {
            word_at(r.start + range.start..r.end + range.start, placeholder);
        }),
    }
    gap(toks, at, range.end);
}

fn plain(kind: TokKind, range: Range<usize>) -> Tok {
    Tok {
        kind,
        range: Range32::new(range),
        folded: Range32::default(),
        name: false,
    }
}

/// Typographic variants that patterns write in ASCII.
fn fold_punct(c: char) -> char {
    match c {
        '’' | '‘' => '\'',
        '“' | '”' => '"',
        c => c,
    }
}

/// Splits tokens into clauses at commas, semicolons and colons (Harper's
/// "chunks"): most phrase rules never match across them.
pub fn clauses(toks: &[Tok]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &toks[start..];
        let end = rest
            .iter()
            .position(|t| matches!(t.kind, TokKind::Punct(',' | ';' | ':')))
            .map_or(toks.len(), |p| start + p);
        let clause = start..end;
        if end == toks.len() {
            done = true;
        } else {
            start = end + 1;
        }
        Some(clause)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a phrase pattern sees of each token.
    fn seen(all: &Toks) -> Vec<(TokKind, Range<usize>, String, bool)> {
        (0..all.len())
            .map(|i| {
                let t = &all.toks[i];
                (t.kind, t.range(), all.lower(i).to_string(), t.name)
            })
            .collect()
    }

    proptest::proptest! {
        /// A sentence tokenized from the document's words is tokenized as
        /// when it is split again, whatever the text around it.
        #[test]
        fn tokens_from_the_documents_words_are_the_tokens_of_a_new_split(
            text in "([a-zA-Z0-9 ,.!?'’\u{201c}\u{201d}\u{e9}\u{301}-]|\n\n|\\. ){0,80}"
        ) {
            use crate::document::{ArticleSettings, Document, Format};
            use crate::source::SourceFile;
            let source = SourceFile::new("t.txt", &text);
            let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
            for sentence in &doc.sentences {
                let block = &doc.blocks[sentence.block()];
                let first = sentence.words().start;
                let before = (first > block.words().start).then(|| &doc.words[first - 1]);
                let words = &doc.words[sentence.words()];
                let from_words = Toks::of_words(block.text(), sentence.range(), words, before);
                let split = Toks::new(block.text(), sentence.range());
                proptest::prop_assert_eq!(seen(&from_words), seen(&split));
            }
        }

        /// One buffer filled with each sentence in turn holds what new
        /// tokens of that sentence hold, classes too: nothing of the
        /// sentence before is left in it.
        #[test]
        fn a_refilled_buffer_holds_only_its_sentence(
            text in "([a-zA-Z ,.']|\\. |\n\n){0,80}"
        ) {
            use crate::document::{ArticleSettings, Document, Format};
            use crate::source::SourceFile;
            let source = SourceFile::new("t.txt", &text);
            let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
            let mut buffer = Toks::default();
            for sentence in &doc.sentences {
                let block = &doc.blocks[sentence.block()];
                let first = sentence.words().start;
                let before = (first > block.words().start).then(|| &doc.words[first - 1]);
                let words = &doc.words[sentence.words()];
                buffer.fill_of_words(block.text(), sentence.range(), words, before);
                let new = Toks::of_words(block.text(), sentence.range(), words, before);
                proptest::prop_assert_eq!(seen(&buffer), seen(&new));
                for i in 0..new.len() {
                    proptest::prop_assert_eq!(buffer.classes(i), new.classes(i));
                }
            }
        }

        /// Each word's kind, name flag and folded form are what the
        /// char-by-char definitions give, ASCII or not; the tokens cover
        /// the text.
        #[test]
        fn tokens_agree_with_the_char_definitions(
            text in "[a-zA-Z0-9 ,.'’É\u{e9}\n-]{0,40}"
        ) {
            let all = Toks::new(&text, 0..text.len());
            let mut seen_word = false;
            let mut covered = 0;
            for (i, tok) in all.toks.iter().enumerate() {
                proptest::prop_assert_eq!(tok.range().start, covered);
                covered = tok.range().end;
                let word = &text[tok.range()];
                match tok.kind {
                    TokKind::Word | TokKind::Number => {
                        let alphabetic = word.chars().any(char::is_alphabetic);
                        proptest::prop_assert_eq!(tok.kind == TokKind::Word, alphabetic);
                        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
                            && word.chars().skip(1).any(char::is_lowercase);
                        proptest::prop_assert_eq!(
                            tok.name,
                            capitalised && seen_word && word != "I"
                        );
                        let folded = word.to_lowercase().replace('’', "'");
                        proptest::prop_assert_eq!(all.lower(i), folded);
                        seen_word |= alphabetic;
                    }
                    TokKind::Space => {
                        proptest::prop_assert!(word.chars().all(char::is_whitespace));
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(covered, text.len());
        }
    }

    #[test]
    fn words_spaces_and_marks() {
        let text = "He couldn’t, 8-year-old  x.";
        let all = Toks::new(text, 0..text.len());
        let toks = &all.toks;
        let kinds: Vec<String> = toks
            .iter()
            .enumerate()
            .map(|(i, t)| match t.kind {
                TokKind::Word => all.lower(i).to_string(),
                TokKind::Number => format!("#{}", all.lower(i)),
                TokKind::Space => "_".into(),
                TokKind::Punct(c) => c.to_string(),
                TokKind::Placeholder => "?".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "he", "_", "couldn't", ",", "_", "#8", "-", "year", "-", "old", "_", "x", "."
            ]
        );
        let clauses: Vec<_> = clauses(toks).collect();
        assert_eq!(clauses, [0..3, 4..toks.len()]);
    }
}
