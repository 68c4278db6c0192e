//! `duplicate-caption`: a caption (or another short standalone block) whose
//! text repeats a sentence of the body — a caption pasted twice, once under
//! the photo and once into the story. Compared after normalising case,
//! whitespace, quotes and markup. A caption is compared with every other
//! block, before or after it: body sentences, standalone paragraphs and the
//! other captions. Normalised texts are hashed, so the work grows with the
//! article, not with captions × sentences.

use foldhash::{HashMap, HashMapExt, HashSet};

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{BlockKind, CompareHash, Document, compare_hash, normalize_for_compare};

params! {
    /// The parameters of this kind.
    struct Params {
        /// shortest caption, in words, that is compared (default 4), so that "Thank you." is not
        /// flagged
        min_words: Option<Spanned<usize>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "duplicate-caption",
    summary: "a caption or short standalone block that repeats a sentence of the body",
    params: Params::DOCS,
    vars: &[
        (
            "kind",
            "the kind of block that repeats the text: caption, paragraph…",
        ),
        (
            "repeats",
            "what it repeats: `a sentence of the body` or `another caption`",
        ),
    ],
    build,
    honours_sic: false,
};

struct DuplicateCaption {
    min_words: usize,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    Ok(Box::new(DuplicateCaption {
        min_words: p.min_words.as_ref().map_or(4, |m| *m.as_ref()),
    }))
}

/// Where a normalised text occurs: a run of body sentences, or a whole
/// caption.
#[derive(Clone, Copy)]
struct Occurrence {
    block: usize,
    /// First and last sentence of the run.
    sentences: (usize, usize),
}

/// What a candidate needs to know of the places a text occurs, kept in
/// constant space however often the text repeats: the first place in the
/// body, the places in the two longest blocks, and the first caption.
#[derive(Default)]
struct Places {
    first_body: Option<Occurrence>,
    /// (sentences in the block, place), longest first, in two blocks.
    longest: [Option<(usize, Occurrence)>; 2],
    first_caption: Option<Occurrence>,
}

impl Places {
    fn add_body(&mut self, o: Occurrence, sentences: usize) {
        self.first_body.get_or_insert(o);
        let entry = Some((sentences, o));
        match self.longest {
            [None, _] => self.longest[0] = entry,
            [Some((n, first)), _] if sentences > n && first.block != o.block => {
                self.longest = [entry, self.longest[0]];
            }
            [Some((_, first)), None] if first.block != o.block => self.longest[1] = entry,
            [Some((_, first)), Some((m, _))] if sentences > m && first.block != o.block => {
                self.longest[1] = entry;
            }
            _ => {}
        }
    }
}

impl Check for DuplicateCaption {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let candidates: Vec<usize> = cx
            .blocks(doc)
            .filter(|(_, b)| b.is_standalone_short() && b.words().len() >= self.min_words)
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return;
        }
        // Normalising keeps every word: equal texts have equal word counts,
        // so only runs of a candidate's length are looked at. They are
        // indexed by the hash of their normal form, made without building
        // it, and only when a candidate has that hash; what is found is
        // compared in full before it is reported.
        let lengths: HashSet<usize> = candidates
            .iter()
            .map(|&i| doc.blocks[i].words().len())
            .collect();
        let candidate_hashes: Vec<u64> = candidates
            .iter()
            .map(|&i| compare_hash(doc.blocks[i].text()))
            .collect();
        let hashes: HashSet<u64> = candidate_hashes.iter().copied().collect();
        let mut index: HashMap<u64, Places> = HashMap::new();
        let text = |i: usize| doc.sentence_text(&doc.sentences[i]);
        for (b, block) in doc.blocks.iter().enumerate() {
            if block.kind == BlockKind::Caption {
                if lengths.contains(&block.words().len()) && !block.sentences().is_empty() {
                    let o = Occurrence {
                        block: b,
                        sentences: (block.sentences().start, block.sentences().end - 1),
                    };
                    index
                        .entry(compare_hash(block.text()))
                        .or_default()
                        .first_caption
                        .get_or_insert(o);
                }
                continue;
            }
            if !block.kind.is_body() {
                continue;
            }
            let length = block.sentences().len();
            for i in block.sentences() {
                let one = doc.sentences[i].words().len();
                let single = lengths.contains(&one);
                let pair = i + 1 < block.sentences().end
                    && lengths.contains(&(one + doc.sentences[i + 1].words().len()));
                if !single && !pair {
                    continue;
                }
                let hash = CompareHash::default().text(text(i));
                let mut add = |key: u64, last: usize| {
                    if hashes.contains(&key) {
                        let o = Occurrence {
                            block: b,
                            sentences: (i, last),
                        };
                        index.entry(key).or_default().add_body(o, length);
                    }
                };
                if single {
                    add(hash.finish(), i);
                }
                if pair {
                    add(hash.char(' ').text(text(i + 1)).finish(), i + 1);
                }
            }
        }
        for (&c, hash) in candidates.iter().zip(&candidate_hashes) {
            let candidate = &doc.blocks[c];
            let is_caption = candidate.kind == BlockKind::Caption;
            let Some(places) = index.get(hash) else {
                continue;
            };
            // A caption repeats any other block, before or after it (two
            // equal captions are reported once, at the second). Another short
            // block repeats only a sentence of a longer block of the body.
            let found = if is_caption {
                places.first_body.or(places
                    .first_caption
                    .filter(|o| o.block < c && !same_figure(doc, o.block, c)))
            } else {
                places
                    .longest
                    .iter()
                    .flatten()
                    .find(|(n, o)| o.block != c && *n > candidate.sentences().len())
                    .map(|(_, o)| *o)
            };
            let Some(found) = found else {
                continue;
            };
            // Equal hashes, most likely equal texts: make sure.
            let found_text = if doc.blocks[found.block].kind == BlockKind::Caption {
                normalize_for_compare(doc.blocks[found.block].text())
            } else {
                let (first, last) = found.sentences;
                let mut joined = normalize_for_compare(text(first));
                if last > first {
                    joined.push(' ');
                    joined.push_str(&normalize_for_compare(text(last)));
                }
                joined
            };
            if found_text != normalize_for_compare(candidate.text()) {
                continue;
            }
            let span = candidate.trimmed_span();
            let start = doc.sentence_span(&doc.sentences[found.sentences.0]).start;
            let end = doc.sentence_span(&doc.sentences[found.sentences.1]).end;
            let repeats = if doc.blocks[found.block].kind == BlockKind::Caption {
                "another caption"
            } else {
                "a sentence of the body"
            };
            let vars = [("kind", candidate.kind.as_str()), ("repeats", repeats)];
            let mut finding = Finding::new(span, &vars);
            finding.label = Some(format!(
                "this {} repeats {repeats}",
                candidate.kind.as_str()
            ));
            finding.related.push(Related {
                span: crate::source::Span::new(start, end),
                message: "the same text appears here".to_string(),
            });
            cx.report(finding);
        }
    }
}

/// Two captions of one figure (an image's alt text and title, on one line
/// of the source) say the same on purpose.
fn same_figure(doc: &Document, first: usize, second: usize) -> bool {
    let (a, b) = (doc.blocks[first].span, doc.blocks[second].span);
    let (lo, hi) = if a.start <= b.start { (a, b) } else { (b, a) };
    second == first + 1 && lo.end <= hi.start && !doc.source.text[lo.end..hi.start].contains('\n')
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{flagged, rule, with_related};

    fn dup() -> crate::rules::Rule {
        rule("duplicate-caption", "scope = ['caption', 'paragraph']")
    }

    #[test]
    fn flags_a_caption_repeating_a_body_sentence() {
        let text = "The mayor opened the new bridge on Monday. Crowds cheered.\n\nThe Mayor opened the new bridge on Monday\n";
        assert_eq!(
            flagged(text, &dup()),
            ["The Mayor opened the new bridge on Monday"]
        );
    }

    #[test]
    fn leaves_distinct_captions_and_short_phrases() {
        let text =
            "Thank you all. The mayor spoke at length.\n\nThank you all.\n\nThe bridge at dusk\n";
        assert!(flagged(text, &dup()).is_empty());
    }

    #[test]
    fn a_caption_repeated_as_a_later_paragraph_or_caption() {
        let r = rule("duplicate-caption", "scope = ['caption']");
        let text = "The council met on Monday. It voted.\n\nThe mayor at the vote on Monday\n\nMore people came. They stayed.\n\nThe mayor at the vote on Monday.\n";
        assert_eq!(
            with_related(text, &r),
            [(
                "The mayor at the vote on Monday".to_string(),
                vec!["The mayor at the vote on Monday.".to_string()]
            )]
        );
        // Two equal captions: reported once, at the second.
        let twice = "The council met on Monday. It voted.\n\nThe mayor at the vote\n\nMore people came. They stayed.\n\nThe mayor at the vote\n";
        let source = crate::source::SourceFile::new("t.txt", twice);
        let doc = crate::document::Document::parse(
            &source,
            crate::document::Format::TEXT,
            &crate::document::ArticleSettings::default(),
        );
        let got = r.check(&doc);
        assert_eq!(got.len(), 1, "reported once");
        assert!(got[0].span.start > twice.find("stayed").unwrap());
        assert!(got[0].related[0].span.start < twice.find("More").unwrap());
    }

    #[test]
    fn two_equal_short_paragraphs_are_not_captions() {
        let text = "The vote is on Monday.\n\nThe vote is on Monday.\n";
        assert!(flagged(text, &dup()).is_empty());
    }
}
