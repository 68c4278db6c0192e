//! A document as the context model reads it, made once for every context
//! rule: each sentence's model ids between its marks `<s>` and `</s>`, and
//! the bigram of each two neighbouring tokens, looked up once for the
//! document rather than by each rule in turn.

use super::Lookups;
use super::score::{BREAK, NO_PAIR};
use crate::document::Document;
use crate::lang::word_index::has_key;

/// Which neighbouring tokens of each sentence the model has seen together,
/// one sentence after another, and which words the general detector
/// judges. Neither the tokens nor the bigrams are kept (kept, each was as
/// large as the words' ids): a rule that scores a word reads its window's
/// tokens with [`Tokens::window`] and looks up the few bigrams it needs.
#[derive(Default)]
pub(crate) struct Tokens {
    /// A bit for each token: whether the model has the bigram of it and
    /// the next token of its sentence (never for a sentence's last),
    /// where a sentence's tokens are `<s>`, the ids of its words, `</s>`.
    /// Sentence `s`'s start at bit `2 * s` plus its first word's index:
    /// no table of where each starts is kept.
    seen: Vec<u64>,
    /// The sentences read (all, unless the check was stopped).
    read: usize,
    /// A bit for each word of the document (by its index): whether the
    /// model reads it (not a [`BREAK`]) and has not seen it beside both
    /// its neighbours, in a sentence read. The general detector judges
    /// only these, and finds them 64 words at a time.
    unseen: Vec<u64>,
    /// `<s>` and `</s>`.
    marks: (u32, u32),
}

/// Which neighbouring tokens of one sentence the model has seen together
/// (see [`Tokens::pairs`]).
#[derive(Clone, Copy)]
pub(crate) struct Seen<'a> {
    bits: &'a [u64],
    from: usize,
    len: usize,
}

impl Seen<'_> {
    /// The sentence's tokens: none for a sentence not read (a check
    /// stopped).
    pub(crate) fn len(self) -> usize {
        self.len
    }

    /// Whether the model has the bigram of tokens `j` and `j + 1`: never
    /// past the end and across a [`BREAK`].
    #[inline]
    pub(crate) fn has(self, j: usize) -> bool {
        let at = self.from + j;
        j < self.len && self.bits[at / 64] >> (at % 64) & 1 == 1
    }
}

impl Tokens {
    /// Which of sentence `index`'s neighbouring tokens the model has seen
    /// together, its words being `words`.
    pub(crate) fn pairs(&self, index: usize, words: std::ops::Range<usize>) -> Seen<'_> {
        Seen {
            bits: &self.seen,
            from: words.start + 2 * index,
            len: if index < self.read {
                words.len() + 2
            } else {
                0
            },
        }
    }

    /// The words from `words.start` on, up to `words.end`, that the model
    /// reads and has not seen beside both their neighbours, as offsets
    /// from `words.start`, in order; only words with a key
    /// ([`has_key`]: the general detector that reads these judges no
    /// other, and holds no keys).
    pub(crate) fn unseen(&self, words: std::ops::Range<usize>) -> Unseen<'_> {
        Unseen {
            bits: &self.unseen,
            next: words.start,
            start: words.start,
            end: words.end,
        }
    }

    /// Tokens `i - 2` to `i + 2` of a sentence whose words' ids are `ids`
    /// ([`BREAK`] before its start and past its end): the window of token
    /// `i`, which a rule reads without gathering the sentence's tokens.
    #[inline]
    pub(crate) fn window(&self, ids: &[u32], i: usize) -> [u32; 5] {
        // Most windows lie within the sentence's words (tokens `j` of 1 to
        // its number of words are ids `j - 1`).
        if let Some(five) = i
            .checked_sub(3)
            .and_then(|from| ids.get(from..from + 5))
            .and_then(|five| <[u32; 5]>::try_from(five).ok())
        {
            return five;
        }
        let last = ids.len() + 1;
        let tok = |j: usize| match j {
            0 => self.marks.0,
            j if j == last => self.marks.1,
            j if j < last => ids[j - 1],
            _ => BREAK,
        };
        [
            i.checked_sub(2).map_or(BREAK, tok),
            i.checked_sub(1).map_or(BREAK, tok),
            tok(i),
            tok(i + 1),
            tok(i + 2),
        ]
    }

    /// A sentence's tokens, whose words' ids are `ids`, into `out` (in
    /// place of what it held): `<s>`, the ids, `</s>`.
    #[cfg(test)]
    pub(crate) fn toks_into(&self, ids: &[u32], out: &mut Vec<u32>) {
        out.clear();
        out.push(self.marks.0);
        out.extend_from_slice(ids);
        out.push(self.marks.1);
    }
}

/// The words of a range that the model reads and has not seen beside both
/// their neighbours (see [`Tokens::unseen`]).
pub(crate) struct Unseen<'a> {
    bits: &'a [u64],
    next: usize,
    start: usize,
    end: usize,
}

impl Iterator for Unseen<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.next < self.end {
            let Some(&word) = self.bits.get(self.next / 64) else {
                break;
            };
            let rest = word >> (self.next % 64);
            if rest == 0 {
                self.next = (self.next / 64 + 1) * 64;
                continue;
            }
            let at = self.next + rest.trailing_zeros() as usize;
            if at >= self.end {
                break;
            }
            self.next = at + 1;
            return Some(at - self.start);
        }
        self.next = self.end;
        None
    }
}

/// The bigram of tokens `j` and `j + 1` of a sentence, `a` and `b`, as
/// [`super::score::Pairs`] holds it, looked up through `lk` where `seen`
/// (the sentence's) says the model has it.
pub(crate) fn bigram_of(seen: Seen, j: usize, (a, b): (u32, u32), lk: &mut Lookups) -> u32 {
    if !seen.has(j) {
        return NO_PAIR;
    }
    lk.bigram(a, b)
        .and_then(|b| u32::try_from(b).ok())
        .unwrap_or(NO_PAIR)
}

/// The tokens of `doc`'s sentences, whose words' model ids are `ids` (see
/// [`super::words::model_ids`]), and the bigram of each neighbouring pair,
/// through the thread's look-ups `lk`. Once `stopped` says so, the
/// sentences left are not read (the check is being stopped, and what it
/// finds is thrown away).
pub(crate) fn tokens(
    doc: &Document,
    ids: &[u32],
    lk: &mut Lookups,
    stopped: impl Fn() -> bool,
) -> Tokens {
    // Every sentence's tokens, at most: its words and two marks.
    let most = ids.len() + 2 * doc.sentences.len();
    let mut out = Tokens {
        seen: vec![0; most.div_ceil(64)],
        read: 0,
        unseen: vec![0; ids.len().div_ceil(64)],
        marks: lk.marks(),
    };
    let (open, close) = out.marks;
    for (s, sentence) in doc.sentences.iter().enumerate() {
        // Between blocks, as the ids are made.
        if (s == 0 || doc.sentences[s - 1].block() != sentence.block()) && stopped() {
            break;
        }
        let words = sentence.words();
        let start = words.start + 2 * s;
        // Pair `j` is tokens `j` and `j + 1`: `<s>`, the words' ids, `</s>`.
        let mut pair = |j: usize, a: u32, b: u32, lk: &mut Lookups| {
            let seen = a != BREAK
                && b != BREAK
                && lk
                    .bigram(a, b)
                    .is_some_and(|b| u32::try_from(b).is_ok_and(|b| b != NO_PAIR));
            let at = start + j;
            out.seen[at / 64] |= u64::from(seen) << (at % 64);
            seen
        };
        // Word `words.start + q` (token `q + 1`) is between pairs `q` and
        // `q + 1`: decided once the second is known.
        let sentence_ids = &ids[words.clone()];
        let first = sentence_ids.first().copied().unwrap_or(close);
        let mut before = pair(0, open, first, lk);
        for (q, &id) in sentence_ids.iter().enumerate() {
            let next = sentence_ids.get(q + 1).copied().unwrap_or(close);
            let seen = pair(q + 1, id, next, lk);
            let word = words.start + q;
            if id != BREAK && !(before && seen) && has_key(&doc.words[word]) {
                out.unseen[word / 64] |= 1 << (word % 64);
            }
            before = seen;
        }
        out.read = s + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;

    /// Each sentence's tokens are its words' ids between the marks, and
    /// a pair is seen, and its bigram what a search of the model finds for
    /// it, exactly when the model has it.
    #[test]
    fn tokens_and_pairs_are_the_model_s() {
        let m = super::super::english();
        let text = "The council will here the case on Monday. He sighed the \
            agreement in 2024, said Qqzx.\n\nPrices rose two per cent in the \
            year to March; the mayor-elect said so.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys = crate::lang::word_index::word_keys(&doc, || false);
        let ids = super::super::words::model_ids(&doc, &keys, || false);
        let made = m.with_lookups(|lk| tokens(&doc, &ids, lk, || false));
        let (s, e) = m.marks();
        assert_eq!(doc.sentences.len(), 3);
        let mut pairs_seen = 0;
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let pairs = made.pairs(index, sentence.words());
            let mut toks = vec![7];
            made.toks_into(&ids[sentence.words()], &mut toks);
            let mut expected = vec![s];
            expected.extend_from_slice(&ids[sentence.words()]);
            expected.push(e);
            assert_eq!(toks, expected);
            assert_eq!(pairs.len(), toks.len());
            for i in 0..toks.len() {
                let at = |j: Option<usize>| j.and_then(|j| toks.get(j)).copied().unwrap_or(BREAK);
                let window = [
                    i.checked_sub(2),
                    i.checked_sub(1),
                    Some(i),
                    Some(i + 1),
                    Some(i + 2),
                ];
                assert_eq!(
                    made.window(&ids[sentence.words()], i),
                    window.map(at),
                    "{index}: {i}"
                );
            }
            for j in 0..toks.len() {
                let (a, b) = (toks[j], toks.get(j + 1).copied().unwrap_or(BREAK));
                let direct = (a != BREAK && b != BREAK)
                    .then(|| m.search_bigram(a, b))
                    .flatten();
                assert_eq!(pairs.has(j), direct.is_some(), "{index}: {j}");
                let got = m.with_lookups(|lk| bigram_of(pairs, j, (a, b), lk));
                let got = (got != NO_PAIR).then_some(got as usize);
                assert_eq!(got, direct, "{index}: {j}");
                pairs_seen += usize::from(got.is_some());
            }
        }
        assert!(pairs_seen > 10, "{pairs_seen}");
        // Stopped before its first block: nothing is read.
        let none = m.with_lookups(|lk| tokens(&doc, &ids, lk, || true));
        assert_eq!(none.pairs(0, doc.sentences[0].words()).len(), 0);
        assert_eq!(none.unseen(0..doc.words.len()).count(), 0);
    }

    /// The words [`Tokens::unseen`] gives, over any range of words, are
    /// those of a sentence that the model reads and has not seen beside
    /// both neighbours, by a search of the model, in order, that have a
    /// key (not "a", which the model reads).
    #[test]
    fn unseen_words_are_those_not_seen_beside_both_neighbours() {
        let m = super::super::english();
        let text = "The council will here the case on Monday. He sighed the \
            agreement in 2024, said Qqzx and the the mayor.\n\nPrices rose two \
            per cent in the year to March; the mayor-elect said so. "
            .repeat(9);
        let source = SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys = crate::lang::word_index::word_keys(&doc, || false);
        let ids = super::super::words::model_ids(&doc, &keys, || false);
        let made = m.with_lookups(|lk| tokens(&doc, &ids, lk, || false));
        let (open, close) = m.marks();
        let seen = |a: u32, b: u32| a != BREAK && b != BREAK && m.search_bigram(a, b).is_some();
        let mut expected = Vec::new();
        for sentence in &doc.sentences {
            let words = sentence.words();
            for at in words.clone() {
                let before = if at == words.start { open } else { ids[at - 1] };
                let after = if at + 1 == words.end {
                    close
                } else {
                    ids[at + 1]
                };
                let unseen = !(seen(before, ids[at]) && seen(ids[at], after));
                if ids[at] != BREAK && unseen && keys[at] != 0 {
                    expected.push(at);
                }
            }
        }
        let n = doc.words.len();
        assert!(
            n > 150 && expected.len() > 20 && expected.len() < n / 2,
            "{n} {expected:?}"
        );
        for (from, to) in [(0, n), (1, n - 1), (63, 129), (64, 128), (5, 5), (70, 71)] {
            let got: Vec<usize> = made.unseen(from..to).map(|k| from + k).collect();
            let want: Vec<usize> = expected
                .iter()
                .copied()
                .filter(|&w| w >= from && w < to)
                .collect();
            assert_eq!(got, want, "{from}..{to}");
        }
    }
}
