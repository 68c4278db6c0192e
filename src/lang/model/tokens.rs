//! A document as the context model reads it, made once for every context
//! rule: each sentence's model ids between its marks `<s>` and `</s>`, and
//! the bigram of each two neighbouring tokens, looked up once for the
//! document rather than by each rule in turn.

use super::Lookups;
use super::score::{BREAK, NO_PAIR};
use crate::document::Document;

/// The bigrams of each sentence's tokens, one sentence after another.
/// The tokens themselves are not kept (they are the words' ids between
/// the marks, and kept they were as large as the ids): a rule that scores
/// a word of a sentence makes them with [`Tokens::toks_into`].
#[derive(Default)]
pub(crate) struct Tokens {
    /// The bigram of `toks[j] toks[j + 1]` ([`NO_PAIR`] for none, and at
    /// the last token of each sentence), where a sentence's tokens are
    /// `<s>`, the ids of its words, `</s>`.
    pairs: Vec<u32>,
    /// Where each sentence's bigrams start in `pairs`.
    starts: Vec<u32>,
    /// `<s>` and `</s>`.
    marks: (u32, u32),
}

impl Tokens {
    /// The bigrams of sentence `index`'s tokens (one for each token):
    /// empty for a sentence not read (a check stopped).
    pub(crate) fn pairs(&self, index: usize) -> &[u32] {
        let Some(&start) = self.starts.get(index) else {
            return &[];
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.pairs.len(), |&e| e as usize);
        &self.pairs[start as usize..end]
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
        pairs: Vec::with_capacity(ids.len() + 2 * doc.sentences.len()),
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
        out.starts.push(crate::source::to_u32(out.pairs.len()));
        out.toks_into(&ids[sentence.words()], &mut toks);
        out.pairs.extend(toks.windows(2).map(|w| {
            if w[0] == BREAK || w[1] == BREAK {
                return NO_PAIR;
            }
            lk.bigram(w[0], w[1])
                .and_then(|b| u32::try_from(b).ok())
                .unwrap_or(NO_PAIR)
        }));
        out.pairs.push(NO_PAIR);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;

    /// Each sentence's tokens are its words' ids between the marks, and
    /// each bigram is what a search of the model finds for the pair.
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
                let got = (pairs[j] != NO_PAIR).then_some(pairs[j] as usize);
                assert_eq!(got, direct, "{index}: {j}");
                pairs_seen += usize::from(got.is_some());
            }
        }
        assert!(pairs_seen > 10, "{pairs_seen}");
        // Stopped before its first block: nothing is read.
        let none = m.with_lookups(|lk| tokens(&doc, &ids, lk, || true));
        assert!(none.pairs(0).is_empty());
    }
}
