//! `duplicate-caption`: a caption (or another short standalone block) whose
//! text repeats a sentence of the body — a caption pasted twice, once under
//! the photo and once into the story. Compared after normalising case,
//! whitespace, quotes and markup. A caption is compared with every other
//! block, before or after it: body sentences, standalone paragraphs and the
//! other captions. Normalised texts are hashed, so the work grows with the
//! article, not with captions × sentences. A line repeated inside a list or
//! table, and a photo's alt text that repeats the caption its page's front
//! matter gives, are no pastes.

use foldhash::{HashMap, HashMapExt, HashSet};

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{
    BlockKind, CompareHash, Document, Lists, compare_hash, compare_start, push_normalized,
};

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

/// How the normal forms of the candidates of one length begin: the ASCII
/// bytes [`compare_start`] knows them to begin with, and whether one
/// begins in a way it does not know. A text whose start is known and is
/// none of them has none of their forms, and is not hashed.
#[derive(Default)]
struct Starts {
    /// A bit for each first byte (all ASCII).
    ascii: u128,
    /// A candidate whose form's first byte is not known.
    unknown: bool,
}

impl Starts {
    fn add(&mut self, start: Option<u8>) {
        match start {
            Some(byte) => self.ascii |= 1 << byte,
            None => self.unknown = true,
        }
    }

    /// Whether a text whose form begins with `start` may have the form
    /// of one of the candidates.
    fn admit(&self, start: Option<u8>) -> bool {
        match start {
            Some(byte) => self.unknown || self.ascii & 1 << byte != 0,
            None => true,
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
        // so only runs of a candidate's length are looked at, and of those
        // only the runs whose normal form may begin as a candidate's of
        // that length does (see [`Starts`]). They are indexed by the hash
        // of their normal form, made without building it, and only when a
        // candidate has that hash; what is found is compared in full before
        // it is reported.
        // By word count (a candidate has forty words at most): a look-up
        // for every sentence and pair of sentences is an index, not a hash.
        let mut lengths: Vec<Option<Starts>> = Vec::new();
        for &i in &candidates {
            let block = &doc.blocks[i];
            let len = block.words().len();
            if lengths.len() <= len {
                lengths.resize_with(len + 1, || None);
            }
            lengths[len]
                .get_or_insert_default()
                .add(compare_start(block.text()));
        }
        let starts = |len: usize| lengths.get(len).and_then(Option::as_ref);
        let candidate_hashes: Vec<u64> = candidates
            .iter()
            .map(|&i| compare_hash(doc.blocks[i].text()))
            .collect();
        let hashes: HashSet<u64> = candidate_hashes.iter().copied().collect();
        let mut index: HashMap<u64, Places> = HashMap::new();
        let text = |i: usize| doc.sentence_text(&doc.sentences[i]);
        for (b, block) in doc.blocks.iter().enumerate() {
            if cx.stopped() {
                return;
            }
            if block.kind == BlockKind::Caption {
                if starts(block.words().len()).is_some() && !block.sentences().is_empty() {
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
                // A run of two sentences begins as its first does.
                let start = compare_start(text(i));
                let may_be = |len: usize| starts(len).is_some_and(|s| s.admit(start));
                let single = may_be(one);
                let pair = i + 1 < block.sentences().end
                    && may_be(one + doc.sentences[i + 1].words().len());
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
        let mut lists = None;
        // The two forms compared, built into buffers kept from one match to
        // the next.
        let (mut found_form, mut candidate_form) = (String::new(), String::new());
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
                    .filter(|o| o.block < c && !same_photo(doc, o.block, c)))
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
            found_form.clear();
            // Room for a form as long as the candidate's text, which an
            // equal form about is (it grows if need be).
            found_form.reserve(candidate.text().len());
            if doc.blocks[found.block].kind == BlockKind::Caption {
                push_normalized(&mut found_form, doc.blocks[found.block].text());
            } else {
                let (first, last) = found.sentences;
                push_normalized(&mut found_form, text(first));
                if last > first {
                    found_form.push(' ');
                    push_normalized(&mut found_form, text(last));
                }
            }
            candidate_form.clear();
            candidate_form.reserve(candidate.text().len());
            push_normalized(&mut candidate_form, candidate.text());
            if found_form != candidate_form {
                continue;
            }
            // The lists are found once, and only for a repeat.
            let lists = lists.get_or_insert_with(|| doc.lists());
            if in_lists(doc, lists, c, found) {
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
            finding.label =
                Some(format!("this {} repeats {repeats}", candidate.kind.as_str()).into());
            finding.related.push(Related {
                span: crate::source::Span::new(start, end),
                message: "the same text appears here".into(),
            });
            cx.report(finding);
        }
    }
}

/// Whether a text and its copy are both entries of lists or tables (see
/// [`Lists::is_entry`]): a line repeated under each group of a results list
/// is the list's shape, not a pasted caption.
///
/// The copy is asked first: it is most often a sentence of a paragraph of
/// prose, no entry, told by that paragraph alone (and kept for the other
/// captions that repeat it), where the candidate, a short line, is told
/// only with the blocks around it.
fn in_lists(doc: &Document, lists: &Lists, candidate: usize, found: Occurrence) -> bool {
    let (first, last) = found.sentences;
    let found_range = doc.sentences[first].range().start..doc.sentences[last].range().end;
    lists.is_entry(doc, found.block, Some(found_range)) && lists.is_entry(doc, candidate, None)
}

/// Two captions of one photo say the same on purpose: an image's alt text
/// and title (on one line of the source), or the caption a page's front
/// matter gives and an image's alt text or title.
fn same_photo(doc: &Document, first: usize, second: usize) -> bool {
    let (a, b) = (doc.blocks[first].span, doc.blocks[second].span);
    let (lo, hi) = if a.start <= b.start { (a, b) } else { (b, a) };
    let one_figure = second == first + 1
        && lo.end <= hi.start
        && !doc.source.text[lo.end..hi.start].contains('\n');
    let front_matter = |i: usize| doc.blocks[i].field.is_some();
    one_figure
        || (front_matter(first) && in_image_markup(doc, second))
        || (front_matter(second) && in_image_markup(doc, first))
}

/// Whether block `b` is written inside a Markdown image, as its alt text
/// (`![alt](src)`) or its title (`![alt](src "title")`).
fn in_image_markup(doc: &Document, b: usize) -> bool {
    let before = &doc.source.text[..doc.blocks[b].span.start];
    let line = before.rsplit('\n').next().unwrap_or("");
    line.rfind("![").is_some_and(|at| {
        let inside = &line[at + 2..];
        match inside.find("](") {
            None => !inside.contains(']'),
            Some(end) => !inside[end..].contains(')'),
        }
    })
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

    /// What the rule flags in `text` read as a file named `name`.
    fn flagged_in(name: &str, text: &str) -> Vec<String> {
        let format = crate::check::format_for(std::path::Path::new(name));
        let source = crate::source::SourceFile::new(name, text);
        let doc = crate::document::Document::parse(
            &source,
            format,
            &crate::document::ArticleSettings::default(),
        );
        dup()
            .check(&doc)
            .into_iter()
            .map(|d| source.slice(d.span).to_string())
            .collect()
    }

    const DRAW: &str = "Quiz league draw\n\nThe quiz league drew its spring pairings on Friday night in the town library. Six teams are left.";

    #[test]
    fn a_line_repeated_in_a_list_is_no_paste() {
        // Short consecutive paragraphs: read as captions in plain text.
        let paragraphs = format!(
            "{DRAW}\n\nFirst pool:\n\nThe Owls v Brain Drain\n\nLosers host the plate round\n\nSecond pool:\n\nSmart Alecs v The Ferrets\n\nLosers host the plate round\n\nThe rounds start in April.\n"
        );
        assert!(flagged_in("s.txt", &paragraphs).is_empty());
        // Lines in one block, and the line again on its own.
        let lines = format!(
            "{DRAW}\n\nFirst pool:\nThe Owls v Brain Drain.\nLosers host the plate round.\n\nSecond pool:\nSmart Alecs v The Ferrets.\n\nLosers host the plate round.\n\nThe rounds start in April.\n"
        );
        for name in ["s.txt", "s.md"] {
            assert!(flagged_in(name, &lines).is_empty(), "{name}");
        }
        // The same line pasted as a caption beside prose is still flagged.
        let pasted = format!(
            "{DRAW}\n\nLosers host the plate round\n\nThe captains agreed on Friday that the losers host the plate round. The rounds start in April.\n\nLosers host the plate round\n"
        );
        assert_eq!(flagged_in("s.txt", &pasted).len(), 1);
        // A caption that repeats a line of a list is no list itself.
        let caption = format!(
            "{DRAW}\n\nFirst pool:\nThe Owls v Brain Drain.\nLosers host the plate round.\n\nThe rounds start in April, the organisers said after the draw. Tickets are free.\n\nLosers host the plate round\n\nEntry closes on Monday, the organisers said after the draw. Tickets are free.\n"
        );
        assert_eq!(
            flagged_in("s.txt", &caption),
            ["Losers host the plate round"]
        );
    }

    #[test]
    fn alt_text_that_repeats_the_front_matter_caption_is_one_photo() {
        let page = |alt: &str| {
            format!(
                "---\ntitle: Ferry returns\ncaption: \"The old ferry back at the quay\"\n---\n\nThe ferry sailed again on Sunday after a winter in dry dock. Crowds waited at the quay.\n\n{alt}\n\nTickets go on sale next week.\n"
            )
        };
        assert!(
            flagged_in(
                "p.md",
                &page("![The old ferry back at the quay](ferry.jpg)")
            )
            .is_empty()
        );
        assert!(
            flagged_in(
                "p.md",
                &page("![A ferry](ferry.jpg \"The old ferry back at the quay\")")
            )
            .is_empty()
        );
        // Repeated as a line of the page, the caption is still a paste.
        assert_eq!(
            flagged_in(
                "p.md",
                &page("![A ferry](ferry.jpg)\nThe old ferry back at the quay")
            ),
            ["The old ferry back at the quay"]
        );
    }

    /// A caption is found whatever quotes and capitals either copy
    /// begins with: a curly quote's form begins as a plain one's.
    #[test]
    fn a_repeat_is_found_whatever_its_first_quote_or_case() {
        for (body, caption) in [
            (
                "“Bridges matter to all of us,” she said.",
                "\"BRIDGES matter to all of us,\" she said",
            ),
            (
                "\"Bridges matter to all of us,\" she said.",
                "“Bridges matter to all of us,” she said",
            ),
            (
                "Bridges matter to all of us, she said.",
                "bridges matter to all of us, she said",
            ),
        ] {
            let text = format!(
                "The mayor spoke on Monday at the river. {body} The vote is in May.\n\n{caption}\n\nCrowds stayed late. Some sang.\n"
            );
            assert_eq!(flagged(&text, &dup()), [caption], "{text}");
        }
    }

    /// Candidates of one length that begin differently are each found.
    #[test]
    fn candidates_of_one_length_with_different_starts() {
        let text = "The mayor spoke on Monday. Rain fell all day long. The vote is in May.\n\nThe mayor spoke on Monday\n\nSome stayed. Others left early.\n\nRain fell all day long\n";
        assert_eq!(
            flagged(text, &dup()),
            ["The mayor spoke on Monday", "Rain fell all day long"]
        );
    }

    #[test]
    fn two_equal_short_paragraphs_are_not_captions() {
        let text = "The vote is on Monday.\n\nThe vote is on Monday.\n";
        assert!(flagged(text, &dup()).is_empty());
    }
}
