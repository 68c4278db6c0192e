//! A document as the context model reads it, made once for every context
//! rule: each sentence's model ids between its marks `<s>` and `</s>`, and
//! the bigram of each two neighbouring tokens, looked up once for the
//! document rather than by each rule in turn.

use super::Lookups;
use super::score::{BREAK, NO_PAIR};
use crate::document::Document;

/// Each sentence's tokens, one sentence after another, and their bigrams.
#[derive(Default)]
pub(crate) struct Tokens {
    /// `<s>`, the ids of the sentence's words, `</s>`, for each sentence
    /// of the document in order.
    toks: Vec<u32>,
    /// The bigram of `toks[j] toks[j + 1]` ([`NO_PAIR`] for none, and at
    /// the last token of each sentence).
    pairs: Vec<u32>,
    /// Where each sentence's tokens start in `toks`.
    starts: Vec<u32>,
}

impl Tokens {
    /// The tokens of sentence `index` of the document, and their bigrams
    /// (the same length): empty for a sentence not read (a check stopped).
    pub(crate) fn sentence(&self, index: usize) -> (&[u32], &[u32]) {
        let Some(&start) = self.starts.get(index) else {
            return (&[], &[]);
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.toks.len(), |&e| e as usize);
        let range = start as usize..end;
        (&self.toks[range.clone()], &self.pairs[range])
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
    let (start, end) = lk.marks();
    let mut out = Tokens {
        toks: Vec::with_capacity(ids.len() + 2 * doc.sentences.len()),
        pairs: Vec::with_capacity(ids.len() + 2 * doc.sentences.len()),
        starts: Vec::with_capacity(doc.sentences.len()),
    };
    for (s, sentence) in doc.sentences.iter().enumerate() {
        // Between blocks, as the ids are made.
        if (s == 0 || doc.sentences[s - 1].block() != sentence.block()) && stopped() {
            break;
        }
        out.starts.push(crate::source::to_u32(out.toks.len()));
        let from = out.toks.len();
        out.toks.push(start);
        out.toks.extend_from_slice(&ids[sentence.words()]);
        out.toks.push(end);
        let toks = &out.toks[from..];
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
            let (toks, pairs) = made.sentence(index);
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
        assert_eq!(none.sentence(0), (&[][..], &[][..]));
    }
}
