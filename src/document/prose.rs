//! Prose text: what rules read of a block, with a map back to the source.
//! Markup, URLs and template tags become placeholders; entities and
//! separators may be synthetic; every range of prose maps to a source span.

use std::ops::Range;
use std::sync::LazyLock;

use compact_str::CompactString;
use smallvec::SmallVec;

use super::ascii_regex::{AsciiFirst, AsciiFirstRegex};
use super::{PLACEHOLDER, to_u32};
use crate::source::Span;

/// One piece of the map from prose text to source, in `u32` offsets (see
/// [`Range32`](super::Range32)): a block keeps its map for the whole run.
#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: u32,
    text_len: u32,
    src_start: u32,
    src_len: u32,
    /// The text is a copy of the source bytes (not a placeholder or a
    /// synthetic separator).
    verbatim: bool,
}

/// A [`Piece`] in `usize` offsets, to compute with.
#[derive(Debug, Clone, Copy)]
struct Wide {
    text_start: usize,
    text_len: usize,
    src_start: usize,
    src_len: usize,
    verbatim: bool,
}

impl Piece {
    fn new(
        text_start: usize,
        text_len: usize,
        src_start: usize,
        src_len: usize,
        verbatim: bool,
    ) -> Self {
        Piece {
            text_start: to_u32(text_start),
            text_len: to_u32(text_len),
            src_start: to_u32(src_start),
            src_len: to_u32(src_len),
            verbatim,
        }
    }

    fn wide(self) -> Wide {
        Wide {
            text_start: self.text_start as usize,
            text_len: self.text_len as usize,
            src_start: self.src_start as usize,
            src_len: self.src_len as usize,
            verbatim: self.verbatim,
        }
    }
}

/// A block's prose text and its map back to the source. Most blocks are
/// one verbatim piece, which the map holds without an allocation; a text
/// of up to 24 bytes (a headline, a credit, `a.`) is held inline too, and
/// a text that is one stretch of the source as it stands (most paragraphs
/// of plain text) is lent by the source, not copied (see
/// [`ProseText::lent`]).
#[derive(Debug, Clone, Default)]
pub struct ProseText<'s> {
    text: Text<'s>,
    pieces: SmallVec<[Piece; 1]>,
}

/// The text of a [`ProseText`]: its own, or a stretch of the source.
#[derive(Debug, Clone)]
enum Text<'s> {
    Own(CompactString),
    Lent(&'s str),
}

impl Default for Text<'_> {
    fn default() -> Self {
        Text::Own(CompactString::default())
    }
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Own(text) => text,
            Text::Lent(text) => text,
        }
    }

    fn len(&self) -> usize {
        self.as_str().len()
    }

    /// Appends `s`, copying a lent text first.
    fn push_str(&mut self, s: &str) {
        match self {
            Text::Own(text) => text.push_str(s),
            Text::Lent(lent) => {
                let mut text = CompactString::with_capacity(lent.len() + s.len());
                text.push_str(lent);
                text.push_str(s);
                *self = Text::Own(text);
            }
        }
    }
}

impl<'s> ProseText<'s> {
    /// The prose of `text`, found at `src_start` of the source, verbatim
    /// and not copied: the text lives as long as the source does.
    pub fn lent(src_start: usize, text: &'s str) -> Self {
        let mut prose = ProseText::default();
        if !text.is_empty() {
            prose
                .pieces
                .push(Piece::new(0, text.len(), src_start, text.len(), true));
            prose.text = Text::Lent(text);
        }
        prose
    }

    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// Appends source text found at `src_start`, verbatim (see [`masked`]
    /// for URLs and template tags).
    ///
    /// [`masked`]: ProseText::masked
    pub fn push_source(&mut self, src_start: usize, s: &str) {
        self.push_verbatim(src_start, s);
    }

    /// Appends source text found at `src_start`, verbatim: lent, not
    /// copied, when it is the first text (see [`ProseText::lent`]).
    pub fn push_lent(&mut self, src_start: usize, s: &'s str) {
        if self.pieces.is_empty() {
            *self = ProseText::lent(src_start, s);
        } else {
            self.push_verbatim(src_start, s);
        }
    }

    /// This text with URLs, e-mail addresses and template tags replaced by
    /// placeholders. Done on a whole block, since a parser may split a tag
    /// (`{{< figure … >}}`) over several text events.
    pub fn masked(self) -> ProseText<'s> {
        let text = self.as_str();
        // Cheap tests first: most text has no URL, address or template tag,
        // and most has none of the bytes they need (one pass).
        let bytes = text.as_bytes();
        static WWW: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"www."));
        if memchr::memchr3(b':', b'@', b'{', bytes).is_none() && WWW.find(bytes).is_none() {
            return self;
        }
        if !(text.contains("://")
            || text.contains("www.")
            || text.contains('@')
            || text.contains("{{")
            || text.contains("{%"))
        {
            return self;
        }
        let found = non_prose(text);
        if found.is_empty() {
            return self;
        }
        let mut out = ProseText::default();
        let mut last = 0;
        for range in found {
            out.append(self.sub(last..range.start));
            out.push_placeholder(self.to_source(range.clone()));
            last = range.end;
        }
        out.append(self.sub(last..self.text.len()));
        out
    }

    /// Gives back the spare capacity of the text and its map: a block
    /// keeps its prose for the whole run, and most blocks are one piece
    /// (a vector grows to four at its first push).
    pub(crate) fn shrink_to_fit(&mut self) {
        if let Text::Own(text) = &mut self.text {
            text.shrink_to_fit();
        }
        self.pieces.shrink_to_fit();
    }

    /// Appends another prose text, keeping its map.
    pub(crate) fn append(&mut self, other: ProseText) {
        for p in other.pieces.iter().map(|p| p.wide()) {
            let text = &other.as_str()[p.text_start..p.text_start + p.text_len];
            if p.verbatim {
                self.push_verbatim(p.src_start, text);
            } else {
                self.push_synthetic(text, Span::new(p.src_start, p.src_start + p.src_len));
            }
        }
    }

    /// Appends a placeholder standing for the non-prose source in `span`.
    pub fn push_placeholder(&mut self, span: Span) {
        self.push_synthetic(PLACEHOLDER.encode_utf8(&mut [0; 4]), span);
    }

    /// Appends text that is not a byte-for-byte copy of the source it stands
    /// for: a newline for a line break, `&` for `&amp;`, `*` for `\*`.
    pub fn push_synthetic(&mut self, s: &str, span: Span) {
        if s.is_empty() {
            return;
        }
        self.pieces.push(Piece::new(
            self.text.len(),
            s.len(),
            span.start,
            span.len(),
            false,
        ));
        self.text.push_str(s);
    }

    /// The prose of a sub-range of this text, with its map.
    pub fn sub(&self, range: Range<usize>) -> ProseText<'s> {
        let mut out = ProseText::default();
        for p in self.pieces.iter().map(|p| p.wide()) {
            let (p_start, p_end) = (p.text_start, p.text_start + p.text_len);
            let (lo, hi) = (p_start.max(range.start), p_end.min(range.end));
            if lo >= hi {
                continue;
            }
            if p.verbatim {
                let src = p.src_start + (lo - p_start);
                out.push_verbatim(src, &self.as_str()[lo..hi]);
            } else {
                let span = Span::new(p.src_start, p.src_start + p.src_len);
                out.push_synthetic(&self.as_str()[lo..hi], span);
            }
        }
        out
    }

    /// Splits into one prose text per line (at each `\n`).
    pub fn lines(&self) -> Vec<ProseText<'s>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, _) in self.as_str().match_indices('\n') {
            out.push(self.sub(start..i));
            start = i + 1;
        }
        out.push(self.sub(start..self.text.len()));
        out
    }

    fn push_verbatim(&mut self, src_start: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(last) = self.pieces.last_mut()
            && last.verbatim
            && last.wide().src_start + last.wide().src_len == src_start
        {
            last.text_len = to_u32(last.wide().text_len + s.len());
            last.src_len = to_u32(last.wide().src_len + s.len());
        } else {
            self.pieces.push(Piece::new(
                self.text.len(),
                s.len(),
                src_start,
                s.len(),
                true,
            ));
        }
        self.text.push_str(s);
    }

    /// The source span covered by a range of the prose text.
    pub fn to_source(&self, range: Range<usize>) -> Span {
        let start = self.map_start(range.start);
        let end = self.map_end(range.end).max(start);
        Span::new(start, end)
    }

    /// The source span of a range of prose text, only if replacing that span
    /// replaces exactly that text: the pieces it covers are contiguous in the
    /// source, and any synthetic piece among them is whitespace standing for a
    /// line break and wholly covered. No markup, no placeholder. Fixes use
    /// this so that they never rewrite what the prose text does not show.
    pub fn to_source_exact(&self, range: Range<usize>) -> Option<Span> {
        if range.is_empty() {
            let at = self.map_start(range.start);
            return Some(Span::new(at, at));
        }
        let mut src_end = None;
        for p in self.pieces[self.piece_at(range.start)..]
            .iter()
            .map(|p| p.wide())
        {
            let (p_start, p_end) = (p.text_start, p.text_start + p.text_len);
            if p_start >= range.end {
                break;
            }
            if src_end.is_some_and(|end| end != p.src_start) {
                return None;
            }
            if !p.verbatim {
                let whole = range.start <= p_start && p_end <= range.end;
                let blank = self.as_str()[p_start..p_end]
                    .chars()
                    .all(char::is_whitespace);
                if !whole || !blank {
                    return None;
                }
            }
            src_end = Some(p.src_start + p.src_len);
        }
        Some(self.to_source(range))
    }

    fn piece_at(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.text_start + p.text_len <= to_u32(offset))
            .min(self.pieces.len().saturating_sub(1))
    }

    fn map_start(&self, offset: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let p = self.pieces[self.piece_at(offset)].wide();
        if offset >= p.text_start + p.text_len {
            return p.src_start + p.src_len;
        }
        if p.verbatim {
            p.src_start + (offset - p.text_start)
        } else {
            p.src_start
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        // The piece whose text ends at or after `offset`, starting before it.
        let i = self
            .pieces
            .partition_point(|p| p.text_start + p.text_len < to_u32(offset))
            .min(self.pieces.len() - 1);
        let p = self.pieces[i].wide();
        if offset <= p.text_start {
            return p.src_start;
        }
        if p.verbatim {
            p.src_start + (offset - p.text_start)
        } else {
            p.src_start + p.src_len
        }
    }
}

/// Where [`NON_PROSE`] matches in `text`. No match holds a line break
/// (`.`, `\s` and `\w` exclude it) and a line's edges are word boundaries
/// as the text's edges are, so text that is not ASCII is searched a line at
/// a time, as it matches whole: a line that is ASCII but for placeholders
/// with the ASCII version, and only a line with other characters beyond
/// ASCII, that holds what a match needs, with the Unicode one (compiled
/// when first needed: 13 million instructions, more than a short article's
/// whole check).
fn non_prose(text: &str) -> Vec<Range<usize>> {
    if text.is_ascii() {
        return NON_PROSE
            .for_text(text)
            .find_iter(text)
            .map(|m| m.range())
            .collect();
    }
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let may_match = line.contains("://")
            || line.contains("www.")
            || line.contains('@')
            || line.contains("{{")
            || line.contains("{%");
        if may_match {
            // A placeholder (an inline code span) is searched as `~`: no
            // word character either, no literal of the pattern, and taken
            // by just the parts that take it (`.` and the classes of what a
            // URL is not), so the matches are the same, and a line ASCII
            // but for placeholders is searched with the ASCII version.
            let mut placeholders = Vec::new();
            let plain: String;
            let searched = if line.chars().all(|c| c.is_ascii() || c == PLACEHOLDER) {
                plain = line
                    .char_indices()
                    .map(|(i, c)| {
                        if c == PLACEHOLDER {
                            placeholders
                                .push(i - placeholders.len() * (PLACEHOLDER.len_utf8() - 1));
                            '~'
                        } else {
                            c
                        }
                    })
                    .collect();
                &plain
            } else {
                line
            };
            // An offset of the searched text in `text`: each placeholder
            // before it is longer there.
            let to_text = |i: usize| {
                start + i + placeholders.partition_point(|&p| p < i) * (PLACEHOLDER.len_utf8() - 1)
            };
            let at = |m: regex::Match| to_text(m.start())..to_text(m.end());
            found.extend(NON_PROSE.for_text(searched).find_iter(searched).map(at));
        }
        start += line.len() + 1;
    }
    found
}

/// URLs, e-mail addresses and template tags (`{{ … }}`, `{% … %}`: Hugo,
/// Jekyll, Liquid) inside running text: never prose.
///
/// No Unicode word boundary (`\b`): one stops the lazy DFA on any text that
/// is not ASCII (a curly quote is enough), and the search falls back to a
/// backtracker hundreds of times slower. A URL starts at an ASCII boundary
/// (`(?-u:\b)`), and an address at a word character or at a `.`, `+` or
/// `-` after an ASCII boundary (right after another address), and ends at
/// its last word character: where the Unicode boundaries put them, but
/// right after a letter beyond ASCII.
///
/// Compiled when a block first needs it, for ASCII text with its classes
/// cut to ASCII (see [`AsciiFirst`]): the Unicode classes take 15 million
/// instructions to compile, most of a short article's check.
static NON_PROSE: LazyLock<AsciiFirstRegex> = LazyLock::new(|| {
    AsciiFirst::new(
        r"(?x)
        \{\{.*?\}\} | \{%.*?%\}
      | (?-u:\b)(?:https?|ftp)://[^\s<>\x22\u201C\u201D]+[^\s<>\x22\u201C\u201D.,;:!?)\]'\u2019]
      | (?-u:\b)www\.[^\s<>\x22]+[^\s<>\x22.,;:!?)\]'\u2019]
      | (?:\w|(?-u:\b)[.+-])[\w.+-]*@[\w-]+(?:\.[\w-]+)*\.[\w-]*\w"
            .to_string(),
        false,
        10 << 20,
    )
});

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn prose_text_maps_around_placeholders() {
        let src = "see `code` now";
        let mut prose = ProseText::default();
        prose.push_source(0, "see ");
        prose.push_placeholder(Span::new(4, 10));
        prose.push_source(10, " now");
        let text = prose.as_str();
        let now = text.find("now").unwrap();
        assert_eq!(prose.to_source(now..now + 3), Span::new(11, 14));
        assert_eq!(&src[prose.to_source(now..now + 3).range()], "now");
        let ph = text.find(PLACEHOLDER).unwrap();
        assert_eq!(
            prose.to_source(ph..ph + PLACEHOLDER.len_utf8()),
            Span::new(4, 10)
        );
        assert_eq!(prose.to_source_exact(0..now + 3), None);
        assert_eq!(prose.to_source_exact(now..now + 3), Some(Span::new(11, 14)));
    }

    #[test]
    fn urls_and_emails_become_placeholders() {
        let mut prose = ProseText::default();
        prose.push_source(0, "Read https://example.com/the/the or mail a@b.org today.");
        let prose = prose.masked();
        assert_eq!(prose.as_str(), "Read \u{FFFC} or mail \u{FFFC} today.");
    }

    #[test]
    fn template_tags_are_not_prose() {
        let mut prose = ProseText::default();
        prose.push_source(
            0,
            "A {{< figure src=\"the the.jpg\" >}} and {% if the the %} end.",
        );
        let prose = prose.masked();
        assert_eq!(prose.as_str(), "A \u{FFFC} and \u{FFFC} end.");
    }

    #[test]
    fn an_address_that_starts_with_a_letter_beyond_ascii_is_masked_whole() {
        let mut prose = ProseText::default();
        prose.push_source(
            0,
            "Write to élodie.dupré@exemple.fr, “or” -x@y.org., or a@x.org-.uk-.",
        );
        let prose = prose.masked();
        assert_eq!(
            prose.as_str(),
            "Write to \u{FFFC}, “or” -\u{FFFC}., or \u{FFFC}-."
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100_000))]
        /// The pattern masks what the same pattern with Unicode word
        /// boundaries masks (no letter beyond ASCII is generated right
        /// before a URL or an address, where the two differ).
        #[test]
        fn the_pattern_agrees_with_unicode_word_boundaries(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "http://", "www.", "ftp://", "a", "Zo", "éa", "3", ".", "+", "-", "@",
                "_", " ", "“", "”", "’", "x.org", "a@x.org", "é@x", ",", "/", "{{", "}}", "{%",
                "%}", "\n", "\u{FFFC}", "~",
            ]), 0..14)
        ) {
            static UNICODE: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(
                    r"(?x)
                    \{\{.*?\}\} | \{%.*?%\}
                  | \b(?:https?|ftp)://[^\s<>\x22\u201C\u201D]+[^\s<>\x22\u201C\u201D.,;:!?)\]'\u2019]
                  | \bwww\.[^\s<>\x22]+[^\s<>\x22.,;:!?)\]'\u2019]
                  | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
                )
                .unwrap()
            });
            let text = parts.concat();
            let masked = |r: &Regex| r.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(masked(NON_PROSE.for_text(&text)), masked(&UNICODE));
            proptest::prop_assert_eq!(non_prose(&text), masked(&UNICODE));
        }
    }
}
