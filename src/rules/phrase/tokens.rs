//! A sentence as phrase tokens: words (with their word classes), runs of
//! whitespace, and single punctuation marks, as the phrase patterns see it.

use std::ops::Range;

use super::lexicon::{self, Classes};
use crate::document::PLACEHOLDER;
use crate::document::segment_words;

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
    pub range: Range<usize>,
    /// Lowercase, with curly apostrophes straightened (words only).
    pub lower: String,
    pub classes: Classes,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokKind::Word | TokKind::Number)
    }
}

/// The tokens of `text[range]`, ranges relative to `text`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut at = range.start;
    let gap = |toks: &mut Vec<Tok>, from: usize, to: usize| {
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
            toks.push(Tok {
                classes: Classes::PUNCTUATION,
                ..plain(TokKind::Punct(fold_punct(c)), i..i + c.len_utf8())
            });
        }
        if let Some(s) = space {
            toks.push(plain(TokKind::Space, s..to));
        }
    };
    segment_words(&text[range.clone()], |r, placeholder| {
        let r = r.start + range.start..r.end + range.start;
        gap(&mut toks, at, r.start);
        at = r.end;
        let word = &text[r.clone()];
        if placeholder || word.contains(PLACEHOLDER) {
            toks.push(plain(TokKind::Placeholder, r));
            return;
        }
        let lower = lexicon::fold(word);
        let kind = if word.chars().any(char::is_alphabetic) {
            TokKind::Word
        } else {
            TokKind::Number
        };
        let first_word = !toks.iter().any(|t: &Tok| t.kind == TokKind::Word);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase);
        let classes = if capitalised && !first_word && word != "I" {
            lexicon::NAME
        } else {
            lexicon::classes(&lower, kind == TokKind::Number)
        };
        toks.push(Tok {
            kind,
            range: r,
            lower,
            classes,
        });
    });
    gap(&mut toks, at, range.end);
    let mut words: Vec<(&str, &mut Classes)> = toks
        .iter_mut()
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| (t.lower.as_str(), &mut t.classes))
        .collect();
    lexicon::disambiguate(&mut words);
    toks
}

fn plain(kind: TokKind, range: Range<usize>) -> Tok {
    Tok {
        kind,
        range,
        lower: String::new(),
        classes: Classes::default(),
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

    #[test]
    fn words_spaces_and_marks() {
        let text = "He couldn’t, 8-year-old  x.";
        let toks = tokenize(text, 0..text.len());
        let kinds: Vec<String> = toks
            .iter()
            .map(|t| match t.kind {
                TokKind::Word => t.lower.clone(),
                TokKind::Number => format!("#{}", t.lower),
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
        let clauses: Vec<_> = clauses(&toks).collect();
        assert_eq!(clauses, [0..3, 4..toks.len()]);
    }
}
