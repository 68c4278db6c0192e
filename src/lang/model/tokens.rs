//! A document as the context model reads it, made once for every context
//! rule: each sentence's model ids between its marks `<s>` and `</s>`, and
//! the bigram of each two neighbouring tokens, looked up once for the
//! document rather than by each rule in turn.

use super::Lookups;
use super::score::{BREAK, NO_PAIR};
use crate::document::Document;

/// Which neighbouring tokens of each sentence the model has seen together,
/// one sentence after another. Neither the tokens nor the bigrams are
/// kept (kept, each was as large as the words' ids): a rule that scores a
/// word makes its sentence's tokens with [`Tokens::toks_into`] and looks
/// up the few bigrams its window needs.
#[derive(Default)]
pub(crate) struct Tokens {
    /// A bit for each token: whether the model has the bigram of it and
    /// the next token of its sentence (never for a sentence's last),
    /// where a sentence's tokens are `<s>`, the ids of its words, `</s>`.
    seen: Vec<u64>,
    /// The tokens of the sentences read.
    len: usize,
    /// Where each sentence's tokens start.
    starts: Vec<u32>,
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
    /// together.
    pub(crate) fn pairs(&self, index: usize) -> Seen<'_> {
        let Some(&start) = self.starts.get(index) else {
            return Seen {
                bits: &[],
                from: 0,
                len: 0,
            };
        };
        let end = self.starts.get(index + 1).map_or(self.len, |&e| e as usize);
        Seen {
            bits: &self.seen,
            from: start as usize,
            len: end - start as usize,
        }
    }

    /// A sentence's tokens, whose words' ids are `ids`, into `out` (in
    /// place of what it held): `<s>`, the ids, `</s>`.
    pub(crate) fn toks_into(&self, ids: &[u32], out: &mut Vec<u32>) {
        out.clear();
        out.push(self.marks.0);
        out.extend_from_slice(ids);
        out.push(self.marks.1);
    }
}

/// The bigram of tokens `j` and `j + 1` of `toks` as [`super::score::Pairs`]
/// holds it, looked up through `lk` where `seen` says the model has it.
pub(crate) fn bigram_of(toks: &[u32], seen: Seen, j: usize, lk: &mut Lookups) -> u32 {
    if !seen.has(j) {
        return NO_PAIR;
    }
    lk.bigram(toks[j], toks[j + 1])
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
    let mut out = Tokens {
        seen: Vec::with_capacity((ids.len() + 2 * doc.sentences.len()).div_ceil(64)),
        len: 0,
        starts: Vec::with_capacity(doc.sentences.len()),
        marks: lk.marks(),
    };
    // One sentence's tokens at a time.
    let mut toks = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        // Between blocks, as the ids are made.
        if (s == 0 || doc.sentences[s - 1].block() != sentence.block()) && stopped() {
            break;
        }
        out.starts.push(crate::source::to_u32(out.len));
        out.toks_into(&ids[sentence.words()], &mut toks);
        for (j, w) in toks.windows(2).enumerate() {
            let seen = w[0] != BREAK
                && w[1] != BREAK
                && lk
                    .bigram(w[0], w[1])
                    .is_some_and(|b| u32::try_from(b).is_ok_and(|b| b != NO_PAIR));
            let at = out.len + j;
            if at / 64 == out.seen.len() {
                out.seen.push(0);
            }
            out.seen[at / 64] |= u64::from(seen) << (at % 64);
        }
        out.len += toks.len();
        if out.len.div_ceil(64) > out.seen.len() {
            out.seen.push(0);
        }
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
            let pairs = made.pairs(index);
            let mut toks = vec![7];
            made.toks_into(&ids[sentence.words()], &mut toks);
            let mut expected = vec![s];
            expected.extend_from_slice(&ids[sentence.words()]);
            expected.push(e);
            assert_eq!(toks, expected);
            assert_eq!(pairs.len(), toks.len());
            for j in 0..toks.len() {
                let (a, b) = (toks[j], toks.get(j + 1).copied().unwrap_or(BREAK));
                let direct = (a != BREAK && b != BREAK)
                    .then(|| m.search_bigram(a, b))
                    .flatten();
                assert_eq!(pairs.has(j), direct.is_some(), "{index}: {j}");
                let got = m.with_lookups(|lk| bigram_of(&toks, pairs, j, lk));
                let got = (got != NO_PAIR).then_some(got as usize);
                assert_eq!(got, direct, "{index}: {j}");
                pairs_seen += usize::from(got.is_some());
            }
        }
        assert!(pairs_seen > 10, "{pairs_seen}");
        // Stopped before its first block: nothing is read.
        let none = m.with_lookups(|lk| tokens(&doc, &ids, lk, || true));
        assert_eq!(none.pairs(0).len(), 0);
    }
}
