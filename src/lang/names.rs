//! Names in an article: runs of capitalised words after titles, the
//! people among them, ages in apposition, and how near two spellings are.

use compact_str::CompactString;
use smallvec::SmallVec;

use crate::document::{Document, Range32};
use crate::lang::case::with_lowercase;
use crate::lang::lexicon::can_be_name;
use crate::source::Span;
use lead::Lead;
pub(crate) use listed::is_place;
use listed::{PLACE_WORD_SHAPES, TITLE_SHAPES};

/// Words that begin the names of places and bodies, not of people.
#[rustfmt::skip]
const PLACE_WORDS: &[&str] = &[
    "north", "south", "east", "west", "new", "san", "santa", "los", "las", "saint", "st", "fort",
    "mount", "lake", "port", "great", "upper", "lower", "central", "united", "royal", "national",
    "university", "college", "city", "county", "state", "republic", "kingdom", "democratic",
    "cyclone", "hurricane", "typhoon", "storm", "operation", "river",
];

/// Titles and honorifics that stand before a name and are not part of it.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "mayor", "president", "councilman",
    "councilwoman", "councillor", "councilor", "senator", "sen", "rep", "representative", "gov",
    "governor", "judge", "justice", "coach", "chief", "officer", "detective", "sgt", "sergeant",
    "lt", "lieutenant", "gen", "general", "capt", "captain", "col", "colonel", "minister",
    "premier", "chancellor", "secretary", "sheriff", "pastor", "rev", "reverend", "father",
    "sister", "brother", "king", "queen", "prince", "princess", "sir", "dame", "lord", "lady",
    "dean", "superintendent", "commissioner", "trustee", "principal", "chairman", "chairwoman",
    "inspector", "constable", "bishop", "rabbi", "imam", "ambassador", "deputy", "director",
];

const _: () = assert!(TITLES.len() < u8::MAX as usize);

/// A run of capitalised words naming someone (titles left out).
///
/// Kept for every name of the document while the people rules run: a
/// long document has one for every eight words or so, so it is kept small
/// (48 bytes) and, for a name of up to two words and 24 bytes without an
/// age after it (nearly all), allocates nothing: its text is held inside
/// it, and the source spans of its words as the name's span and two
/// offsets into it.
pub(crate) struct Mention {
    /// The name's words, as written, without a possessive 's, joined by
    /// single spaces (a name word holds no space).
    full: CompactString,
    /// What the inline fields cannot hold: the spans of a name of three
    /// words or more (or whose words lie far apart in the source), and an
    /// age in apposition.
    extra: Option<Box<Extra>>,
    /// Source span of the name: the start of its first word, the end of
    /// its last (possessive left out).
    start: u32,
    end: u32,
    /// For a name of two words held inline: where the first word ends and
    /// the second begins, as offsets from `start` (a name whose words lie
    /// further apart holds its spans in `extra`).
    split: [u8; 2],
    /// The block it is in.
    block: u32,
    /// The title before the name (an index into [`TITLES`], plus one; 0 for
    /// none); not an honorific.
    title: u8,
    /// How many words the name has when its spans are held inline (1 or 2;
    /// 0 when they are in `extra`), under [`INLINE_WORDS`], and the flags
    /// [`IN_BODY`], [`PERSON`], [`LISTED`] and [`PLACE`].
    bits: u8,
}

const _: () = assert!(std::mem::size_of::<Mention>() == 48);

/// The bits of [`Mention::bits`] that count its words held inline.
const INLINE_WORDS: u8 = 0b11;
/// The mention is in running text (not a headline, caption or byline).
pub(crate) const IN_BODY: u8 = 1 << 2;
/// It names a person (see [`is_person`]), worked out once.
pub(crate) const PERSON: u8 = 1 << 3;
/// One of three or more names in a row, joined by commas, semicolons or
/// "and": a team list or a line-up, where names a letter apart are
/// different people ("Horan, Horgan, Easterby").
pub(crate) const LISTED: u8 = 1 << 4;
/// A single word that names a place: on the list of places, or after
/// "in", "at" or "near" ("bronze in Greece").
pub(crate) const PLACE: u8 = 1 << 5;

/// The rarer parts of a [`Mention`], held apart.
struct Extra {
    /// Source span of each word, when they are not held inline (empty
    /// when they are).
    spans: Box<[Range32]>,
    /// Text right after the run in its block, for an age (", 52,").
    age: Option<(u32, Range32)>,
}

impl Mention {
    /// A mention of the words whose source spans are `spans` (in order, at
    /// least one), with its `age` if any; the flags are left unset.
    fn new(
        full: CompactString,
        spans: &[Range32],
        age: Option<(u32, Range32)>,
        title: Option<u8>,
        block: u32,
    ) -> Self {
        let (first, last) = (spans[0], spans[spans.len() - 1]);
        let start = first.get().start;
        let offset = |at: usize| at.checked_sub(start).and_then(|d| u8::try_from(d).ok());
        let split = match spans {
            [_] => Some([0, 0]),
            [a, b] => offset(a.get().end)
                .zip(offset(b.get().start))
                .map(|(x, y)| [x, y]),
            _ => None,
        };
        let inline_words = if split.is_some() {
            spans.len() as u8
        } else {
            0
        };
        let extra = (split.is_none() || age.is_some()).then(|| {
            Box::new(Extra {
                spans: if split.is_some() {
                    Box::default()
                } else {
                    spans.into()
                },
                age,
            })
        });
        Mention {
            full,
            extra,
            start: first.start(),
            end: last.end(),
            split: split.unwrap_or_default(),
            block,
            title: title.map_or(0, |t| t + 1),
            bits: inline_words,
        }
    }

    /// A mention of the words of `full` (split at spaces), for tests.
    #[cfg(test)]
    pub(crate) fn for_test(full: &str) -> Self {
        let spans: Vec<Range32> = (0..full.split(' ').count())
            .map(|i| Range32::new(i * 4..i * 4 + 3))
            .collect();
        Mention::new(full.into(), &spans, None, None, 0)
    }

    /// Whether `flag` ([`IN_BODY`], [`PERSON`], [`LISTED`] or [`PLACE`])
    /// is set.
    pub(crate) fn is(&self, flag: u8) -> bool {
        self.bits & flag != 0
    }

    fn set(&mut self, flag: u8, on: bool) {
        if on {
            self.bits |= flag;
        } else {
            self.bits &= !flag;
        }
    }

    fn inline_words(&self) -> u8 {
        self.bits & INLINE_WORDS
    }

    pub(crate) fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The whole name, its words joined by spaces.
    pub(crate) fn full(&self) -> &str {
        &self.full
    }

    /// The name's words, as written, without a possessive 's.
    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        // Split at the space byte by a plain loop: `str::split(' ')` goes
        // through a searcher and `memchr` for names of a dozen bytes.
        let full: &str = &self.full;
        let mut rest = Some(full);
        std::iter::from_fn(move || {
            let text = rest?;
            match text.bytes().position(|b| b == b' ') {
                Some(at) => {
                    rest = Some(&text[at + 1..]);
                    Some(&text[..at])
                }
                None => rest.take(),
            }
        })
    }

    /// How many words the name has.
    pub(crate) fn len(&self) -> usize {
        match (self.inline_words(), &self.extra) {
            (0, Some(extra)) => extra.spans.len(),
            (n, _) => n as usize,
        }
    }

    /// The title before the name, lowercase ("mayor"); not an honorific.
    pub(crate) fn title(&self) -> Option<&'static str> {
        self.title.checked_sub(1).map(|t| TITLES[t as usize])
    }

    /// Word `k` of the name.
    pub(crate) fn word(&self, k: usize) -> &str {
        self.words().nth(k).unwrap_or("")
    }

    /// The first word of the name.
    pub(crate) fn first_word(&self) -> &str {
        let full: &str = &self.full;
        full.bytes()
            .position(|b| b == b' ')
            .map_or(full, |at| &full[..at])
    }

    /// The last word of the name: the people rules ask it of every
    /// mention again and again, so it is found by a loop over the bytes
    /// back to the last space, not by a reverse searcher.
    pub(crate) fn last_word(&self) -> &str {
        let full: &str = &self.full;
        full.bytes()
            .rposition(|b| b == b' ')
            .map_or(full, |at| &full[at + 1..])
    }

    /// The source span of word `k`.
    pub(crate) fn word_span(&self, k: usize) -> Span {
        let (start, end) = (self.start as usize, self.end as usize);
        let [first_end, second_start] = self.split.map(|o| start + o as usize);
        match (self.inline_words(), k) {
            (1, 0) => Span::new(start, end),
            (2, 0) => Span::new(start, first_end),
            (2, 1) => Span::new(second_start, end),
            (0, _) => {
                let r = self.extra.as_ref().expect("spans held apart").spans[k].get();
                Span::new(r.start, r.end)
            }
            _ => panic!("word {k} of a name of {} words", self.len()),
        }
    }

    /// The source span of the last word.
    pub(crate) fn last_span(&self) -> Span {
        self.word_span(self.len() - 1)
    }

    /// The age in apposition, and where it is.
    pub(crate) fn age(&self) -> Option<(u32, Span)> {
        self.extra.as_ref()?.age.map(|(age, r)| {
            let r = r.get();
            (age, Span::new(r.start, r.end))
        })
    }

    /// The index of its block in the document.
    pub(crate) fn block(&self) -> usize {
        self.block as usize
    }
}

/// A word that may be part of a name: capitalised, letters only (an
/// apostrophe inside: O'Brien), not all capitals unless one letter.
#[inline]
pub(crate) fn is_name_word(word: &str) -> bool {
    // Most words are ASCII, and most of those start in lowercase. An ASCII
    // capital's word is read in one pass over its bytes, handed to the test
    // by characters at its first byte past ASCII.
    let bytes = word.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_uppercase() => {
            let mut lowercase = bytes.len() == 1;
            for &c in &bytes[1..] {
                if c.is_ascii_lowercase() {
                    lowercase = true;
                } else if c >= 0x80 {
                    return is_name_word_by_chars(word);
                } else if !(c.is_ascii_uppercase() || c == b'\'') {
                    return false;
                }
            }
            lowercase
        }
        Some(b) if b.is_ascii() => false,
        _ => is_name_word_by_chars(word),
    }
}

/// [`is_name_word`] for any text, a character at a time.
fn is_name_word_by_chars(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        && (word.chars().count() == 1 || word.chars().skip(1).any(char::is_lowercase))
}

pub(crate) fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// Whether a name word could be a given name or surname rather than an
/// everyday word written with a capital ("City", "New", "Council").
pub(crate) fn name_like(word: &str) -> bool {
    with_lowercase(word, can_be_name)
}

/// Every name in the document, in order; those found so far once
/// `stopped` says stop (asked between blocks).
pub(crate) fn mentions(doc: &Document, stopped: impl Fn() -> bool) -> Vec<Mention> {
    let mut out = Vec::new();
    // The mentions of the sentence being read: (index in `out`, first word,
    // end word), for finding lists.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        if stopped() {
            break;
        }
        let text = block.text();
        for sentence in doc.block_sentences(block) {
            let words = &doc.words[sentence.words()];
            let mut i = 0;
            while i < words.len() {
                // Most words start with an ASCII byte other than a capital,
                // and are no name word: passed over by that byte alone.
                let head = text.as_bytes()[words[i].range().start];
                if head.is_ascii() && !head.is_ascii_uppercase() {
                    i += 1;
                    continue;
                }
                let w = &text[words[i].range()];
                if !is_name_word(w) || words[i].placeholder() {
                    i += 1;
                    continue;
                }
                // The run: name words joined by a space, a hyphen, or the
                // period of an initial ("John F. Kennedy").
                let start = i;
                let mut end = i + 1;
                while end < words.len() && is_name_word(&text[words[end].range()]) {
                    let gap = &text[words[end - 1].range().end..words[end].range().start];
                    let prev = &text[words[end - 1].range()];
                    let initial = prev.chars().count() == 1 && gap == ". ";
                    // "France's Arcelor", "Venice's La Fenice": a possessive
                    // ends one name and the next begins.
                    if gap != " " && gap != "-" && !initial || strip_possessive(prev) != prev {
                        break;
                    }
                    end += 1;
                }
                let mut first = start;
                let mut title = None;
                // Titles before the name, and a common word that is only
                // capitalised because it starts the sentence.
                while first < end {
                    let alone = end - first == 1;
                    let word = &text[words[first].range()];
                    // Past the sentence's first word, only a title is no
                    // name: most words are told none by their shape.
                    if first > 0 && !TITLE_SHAPES.admit(word) {
                        break;
                    }
                    let lead = lead::lead(word, first == 0, alone);
                    match lead {
                        Lead::Title(Some(written)) => title = Some(written),
                        Lead::Title(None) | Lead::Word => {}
                        Lead::Name => break,
                    }
                    first += 1;
                }
                if first < end {
                    let mut full = CompactString::default();
                    let mut spans: SmallVec<[Range32; 4]> = SmallVec::new();
                    for word in &words[first..end] {
                        let written = &text[word.range()];
                        let name = strip_possessive(written);
                        if !full.is_empty() {
                            full.push(' ');
                        }
                        full.push_str(name);
                        let r = word.range().start..word.range().start + name.len();
                        let span = block.prose.to_source(r);
                        spans.push(Range32::new(span.start..span.end));
                    }
                    let after = &text[words[end - 1].range().end..];
                    let age = age_after(after).map(|(age, r)| {
                        let base = words[end - 1].range().end;
                        let span = block.prose.to_source(base + r.start..base + r.end);
                        (age, Range32::new(span.start..span.end))
                    });
                    // "in Anderson's hometown" is no place.
                    let one = end - first == 1;
                    let possessive = one && full != text[words[first].range()];
                    let place = one
                        && (is_place(&full)
                            || first > 0 && !possessive && {
                                let before = &text[words[first - 1].range()];
                                PLACE_PREPOSITIONS
                                    .iter()
                                    .any(|p| p.eq_ignore_ascii_case(before))
                            });
                    let index = u32::try_from(index).expect("fewer than 2^32 blocks");
                    let mut mention = Mention::new(full, &spans, age, title, index);
                    mention.set(IN_BODY, block.kind.is_body());
                    mention.set(PLACE, place);
                    mention.set(PERSON, is_person(&mention));
                    runs.push((out.len(), first, end));
                    out.push(mention);
                }
                i = end;
            }
            mark_lists(&mut out, &runs, text, words);
            runs.clear();
        }
    }
    // Kept while the rules run: what the last doubling reserved is given
    // back.
    out.shrink_to_fit();
    out
}

/// Words before a single capitalised word that make it a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "near"];

/// Marks the mentions of one sentence that stand three or more in a row,
/// joined only by list separators, as [`LISTED`]. `runs` holds
/// each mention's index in `out` and its word range in the sentence.
fn mark_lists(
    out: &mut [Mention],
    runs: &[(usize, usize, usize)],
    text: &str,
    words: &[crate::document::Word],
) {
    let joined = |a: &(usize, usize, usize), b: &(usize, usize, usize)| {
        let gap = &text[words[a.2 - 1].range().end..words[b.1].range().start];
        // A comma written without a space after it ("Horan,Horgan") too.
        let gap = gap.replace(',', " , ").replace(';', " ; ");
        matches!(
            gap.split_whitespace().collect::<Vec<_>>().as_slice(),
            [","] | [";"] | ["and"] | ["&"] | ["/"] | [",", "and"]
        )
    };
    let mut start = 0;
    while start < runs.len() {
        let mut end = start + 1;
        while end < runs.len() && joined(&runs[end - 1], &runs[end]) {
            end += 1;
        }
        if end - start >= 3 {
            for run in &runs[start..end] {
                out[run.0].set(LISTED, true);
            }
        }
        start = end;
    }
}

/// An age in apposition right after a name: ", 52," or ", 52." (1 to 3
/// digits, then a comma, period, semicolon or the end). Returns the age
/// and its range in `after`.
pub(crate) fn age_after(after: &str) -> Option<(u32, std::ops::Range<usize>)> {
    let rest = after.strip_prefix(", ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let next = rest[digits..].chars().next();
    if !matches!(next, None | Some(',' | '.' | ';')) {
        return None;
    }
    let age = rest[..digits].parse().ok()?;
    Some((age, 2..2 + digits))
}

/// How far apart two spellings of a name may be: one edit for names of five
/// letters or more, two from eight; shorter names are too alike to judge.
/// One extending the other is a derived word, not a misspelling
/// ("Australia", "Australian"; "Whitfield", "Whitfields").
pub(crate) fn near(a: &str, b: &str) -> bool {
    // Cheap refusals first: this runs for every name against every person.
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 2 || a == b {
        return false;
    }
    if la != lb && la.min(lb) < 5 {
        return false;
    }
    // Lowercased on the stack, as nearly every name is short and ASCII.
    with_lowercase(a, |a| with_lowercase(b, |b| near_lowercase(a, b)))
}

/// [`near`] of two spellings already lowercased.
fn near_lowercase(a: &str, b: &str) -> bool {
    // "José" and "Jose": the same name, written two ways.
    if !(a.is_ascii() && b.is_ascii()) && a != b && without_accents(a) == without_accents(b) {
        return true;
    }
    if a.starts_with(b) || b.starts_with(a) {
        return false;
    }
    let len = a.chars().count().min(b.chars().count());
    // Optimal string alignment: edits, with a swap of neighbours as one.
    let d = strsim::osa_distance(a, b);
    d > 0 && ((len >= 5 && d == 1) || (len >= 8 && d == 2))
}

/// Whether a mention names a person: two or more words that can be names,
/// the first not a word that begins place names.
fn is_person(m: &Mention) -> bool {
    m.len() >= 2
        && m.words().all(name_like)
        && !(PLACE_WORD_SHAPES.admit(m.first_word())
            && with_lowercase(m.first_word(), |first| PLACE_WORDS.contains(&first)))
        && !is_place(m.first_word())
}

/// Latin letters without their accents, for comparing spellings.
pub(crate) fn without_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
            'ñ' | 'ń' | 'ň' => 'n',
            'ç' | 'ć' | 'č' => 'c',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ý' | 'ÿ' => 'y',
            'ř' => 'r',
            'ł' => 'l',
            c => c,
        })
        .collect()
}

mod lead;
mod listed;
#[cfg(test)]
mod tests;
