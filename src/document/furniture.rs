//! Recognising article furniture by its wording: which lines are bylines and
//! credits ("By: …", "Photo: …"), and which front matter fields hold which
//! kind of block. The prefixes come from `[article]` in `galley.toml`.

use std::collections::BTreeMap;

use super::BlockKind;

/// How article furniture is recognised.
#[derive(Debug, Clone)]
pub struct ArticleSettings {
    pub byline_prefixes: Vec<String>,
    pub credit_prefixes: Vec<String>,
    /// Every prefix with the kind of line it starts, in the order tried.
    ordered: Vec<(String, BlockKind)>,
    /// Front matter key → block kind.
    front_matter: Vec<(String, BlockKind)>,
    /// Lowercase first words of all prefixes, to refuse most lines early.
    first_words: Vec<String>,
    /// Per first byte of an ASCII first word in `first_words`, the lengths
    /// it has (bit `n` for `n` bytes): most lines are refused by one test.
    first_word_shapes: [u64; 128],
}

const BYLINE_PREFIXES: &[&str] = &[
    "By",
    "Written by",
    "Reported by",
    "Story by",
    "Words by",
    "Text by",
    "Report by",
];

const CREDIT_PREFIXES: &[&str] = &[
    "Photo",
    "Photos",
    "Photo by",
    "Photos by",
    "Photograph",
    "Photographs",
    "Photograph by",
    "Photography",
    "Photo credit",
    "Image",
    "Images",
    "Image by",
    "Picture",
    "Pictures",
    "Credit",
    "Credits",
    "Editor",
    "Editors",
    "Edited by",
    "Copy editor",
    "Reporter",
    "Reporters",
    "Writer",
    "Writers",
    "Translator",
    "Translated by",
    "Translation",
    "Video",
    "Video by",
    "Graphic",
    "Graphics",
    "Illustration",
    "Illustration by",
    "Source",
    "Contributor",
    "Contributors",
    "Additional reporting by",
];

/// Front matter keys read by default, and what their values are.
const FRONT_MATTER: &[(&str, BlockKind)] = &[
    ("title", BlockKind::Title),
    ("headline", BlockKind::Title),
    ("subtitle", BlockKind::Heading),
    ("description", BlockKind::Paragraph),
    ("summary", BlockKind::Paragraph),
    ("dek", BlockKind::Paragraph),
    ("excerpt", BlockKind::Paragraph),
    ("author", BlockKind::Byline),
    ("byline", BlockKind::Byline),
    ("caption", BlockKind::Caption),
    ("image_caption", BlockKind::Caption),
    ("credit", BlockKind::Credit),
    ("photo_credit", BlockKind::Credit),
];

/// Longest line, in words, that can be a byline or credit.
const MAX_FURNITURE_WORDS: usize = 16;

impl Default for ArticleSettings {
    fn default() -> Self {
        ArticleSettings::new(None, None).expect("the default prefixes are valid")
    }
}

impl ArticleSettings {
    /// Settings for these prefixes (`None`: the defaults). Fails on an
    /// empty prefix.
    pub fn new(byline: Option<Vec<String>>, credit: Option<Vec<String>>) -> Result<Self, String> {
        let owned = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let byline_prefixes = byline.unwrap_or_else(|| owned(BYLINE_PREFIXES));
        let credit_prefixes = credit.unwrap_or_else(|| owned(CREDIT_PREFIXES));
        if byline_prefixes
            .iter()
            .chain(&credit_prefixes)
            .any(|p| p.trim().is_empty())
        {
            return Err("[article] prefixes must not be empty".to_string());
        }
        // The byline prefixes before the credit ones, each list longest
        // first, so that "Written by" is tried before "By".
        let sorted = |list: &[String], kind: BlockKind| {
            let mut out: Vec<(String, BlockKind)> =
                list.iter().map(|p| (p.trim().to_string(), kind)).collect();
            out.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
            out
        };
        let mut ordered = sorted(&byline_prefixes, BlockKind::Byline);
        ordered.extend(sorted(&credit_prefixes, BlockKind::Credit));
        let mut first_words: Vec<String> = byline_prefixes
            .iter()
            .chain(&credit_prefixes)
            .filter_map(|p| p.split_whitespace().next())
            .map(str::to_lowercase)
            .collect();
        first_words.sort_unstable();
        first_words.dedup();
        let mut first_word_shapes = [0; 128];
        for word in first_words.iter().filter(|w| w.is_ascii() && w.len() < 64) {
            first_word_shapes[usize::from(word.as_bytes()[0] & 0x7f)] |= 1 << word.len();
        }
        Ok(ArticleSettings {
            first_word_shapes,
            front_matter: FRONT_MATTER
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            first_words,
            byline_prefixes,
            credit_prefixes,
            ordered,
        })
    }

    /// The prefix that starts `line` (case aside), followed by a colon or
    /// a space: its kind, the prefix as written in the line, whether a
    /// colon follows, and the rest of the line after the separator.
    fn prefix_of<'l>(&self, line: &'l str) -> Option<(BlockKind, &'l str, bool, &'l str)> {
        let is_blank = |c: char| matches!(c, ' ' | '\t' | '\u{a0}');
        let line = line.trim_start();
        for (prefix, kind) in &self.ordered {
            let Some(after) = strip_prefix_folded(line, prefix) else {
                continue;
            };
            let written = &line[..line.len() - after.len()];
            let spaced = after.trim_start_matches(is_blank);
            let (colon, after_sep) = match spaced.strip_prefix([':', '：']) {
                Some(after_colon) => (true, after_colon),
                None if spaced.len() < after.len() => (false, spaced),
                None => continue,
            };
            let rest = after_sep.trim_start_matches(is_blank);
            if rest.starts_with(char::is_whitespace) || rest.contains('\n') {
                continue;
            }
            return Some((*kind, written, colon, rest));
        }
        None
    }

    /// The block kind of a front matter field, if it is read.
    pub fn front_matter_kind(&self, key: &str) -> Option<BlockKind> {
        self.front_matter
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, kind)| *kind)
    }

    /// Adds or replaces front matter keys.
    pub fn with_front_matter(mut self, keys: &BTreeMap<String, BlockKind>) -> Self {
        for (key, kind) in keys {
            self.front_matter.retain(|(k, _)| k != key);
            self.front_matter.push((key.clone(), *kind));
        }
        self
    }

    /// Whether a line is a byline or a credit line.
    ///
    /// With a colon ("By: …", "Photo: …") a known prefix is enough. Without
    /// one, the prefix must end in "by" and be followed by a capitalised name,
    /// with no sentence punctuation at the end: "By the end of 2017, …" is
    /// prose.
    pub fn furniture_kind(&self, line: &str) -> Option<BlockKind> {
        let line = super::segment::trim(line);
        if !self.may_start_furniture(line)
            || line.split_whitespace().nth(MAX_FURNITURE_WORDS).is_some()
        {
            return None;
        }
        let (kind, prefix, colon, rest) = self.prefix_of(line)?;
        if rest.is_empty() {
            return None;
        }
        if colon {
            return Some(kind);
        }
        let ends_in_by = ends_in_by(prefix);
        // A name in lowercase ("by jane doe") counts when the line is only
        // a short name: two to four words of letters.
        let capitalised = rest.chars().next().is_some_and(char::is_uppercase)
            || (2..=4).contains(&rest.split_whitespace().count())
                && rest
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'));
        let sentence_end =
            rest.trim_end().ends_with(['.', '!', '?', ',']) && !ends_with_initial(rest);
        (ends_in_by && capitalised && !sentence_end && !starts_with_function_word(rest))
            .then_some(kind)
    }

    /// Whether a line, trimmed, may be a byline or a credit line by its
    /// first word (up to a space or a colon): the first word of a prefix.
    /// Most lines of an article are prose and are refused by this alone;
    /// a paragraph's first line is refused before the paragraph is split
    /// into lines.
    pub fn may_start_furniture(&self, line: &str) -> bool {
        let first_word = line
            .split(|c: char| c.is_whitespace() || c == ':' || c == '：')
            .next()
            .unwrap_or("");
        if first_word.is_ascii() && first_word.len() <= 32 {
            // The usual case, without an allocation: `first_words` is
            // sorted and lowercase.
            let shape = first_word.as_bytes().first().map_or(0, |b| {
                self.first_word_shapes[usize::from(b.to_ascii_lowercase())]
            });
            if shape & 1 << first_word.len() == 0 {
                return false;
            }
            let mut buf = [0; 32];
            let lower = &mut buf[..first_word.len()];
            lower.copy_from_slice(first_word.as_bytes());
            lower.make_ascii_lowercase();
            self.first_words
                .binary_search_by(|w| w.as_bytes().cmp(lower))
                .is_ok()
        } else {
            self.first_words.iter().any(|w| {
                w.eq_ignore_ascii_case(first_word)
                    || (!first_word.is_ascii() && *w == first_word.to_lowercase())
            })
        }
    }
}

/// `text` after `prefix`, compared letter by letter without regard to case.
fn strip_prefix_folded<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    let mut end = 0;
    for want in prefix.chars() {
        let (i, c) = chars.next()?;
        // Two ASCII letters fold as `to_lowercase` folds them, without its
        // tables; a letter past ASCII may fold to one in ASCII (the Kelvin
        // sign to "k"), so it takes the full test.
        let same = if c.is_ascii() && want.is_ascii() {
            c.eq_ignore_ascii_case(&want)
        } else {
            c == want || c.to_lowercase().eq(want.to_lowercase())
        };
        if !same {
            return None;
        }
        end = i + c.len_utf8();
    }
    Some(&text[end..])
}

/// Name particles written in lowercase inside a name ("Ana de la Cruz").
pub const PARTICLES: &[&str] = &[
    "de", "la", "del", "della", "delle", "dello", "dei", "degli", "der", "den", "des", "van",
    "von", "vom", "zu", "da", "di", "du", "do", "dos", "das", "los", "las", "le", "ten", "ter",
    "bin", "bint", "ibn", "ben", "y",
];

/// Whether the last word of a prefix is "by" in any case: lowered a
/// character at a time, with no copy (some 180 lines an article are
/// asked). No letter lowers to a space nor a space to a letter, so the
/// last word is the one of the prefix lowercased.
fn ends_in_by(prefix: &str) -> bool {
    prefix
        .split_whitespace()
        .last()
        .is_some_and(|word| lowers_to(word, "by"))
}

/// "By Jane Q." ends in an initial, not a full stop.
fn ends_with_initial(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches('.');
    t.rsplit(' ').next().is_some_and(|w| w.chars().count() == 1)
}

/// "By The way", "By This time": a capitalised function word is prose,
/// unless a wire or staff credit follows ("By The Associated Press", "By
/// the Canadian Press staff").
fn starts_with_function_word(rest: &str) -> bool {
    const WORDS: &[&str] = &[
        "the", "this", "that", "then", "now", "a", "an", "all", "far", "way",
    ];
    const CREDITS: &[&str] = &[
        "press", "staff", "wire", "wires", "reports", "news", "service",
    ];
    // Each word is compared lowered a character at a time, with no list of
    // lowercase copies: a comma or period lowers to itself and no other
    // character to either, so trimming them first trims the same.
    let mut words = rest.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    if !WORDS.iter().any(|w| lowers_to(first, w)) {
        return false;
    }
    let credit = lowers_to(first, "the")
        && rest.split_whitespace().nth(6).is_none()
        && words.any(|w| {
            let w = w.trim_end_matches([',', '.']);
            CREDITS.iter().any(|c| lowers_to(w, c))
        });
    !credit
}

/// Whether `word` lowercased is `lower`, lowered a character at a time
/// with no copy.
fn lowers_to(word: &str, lower: &str) -> bool {
    word.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_is_stripped_whatever_the_case_of_its_letters() {
        assert_eq!(strip_prefix_folded("PHOTO: AP", "photo"), Some(": AP"));
        assert_eq!(strip_prefix_folded("Fotó: AP", "FOTÓ"), Some(": AP"));
        // The Kelvin sign folds to an ASCII "k".
        assert_eq!(strip_prefix_folded("\u{212a}ey", "key"), Some(""));
        assert_eq!(strip_prefix_folded("Bz", "by"), None);
        assert_eq!(strip_prefix_folded("B", "by"), None);
    }

    /// The prefix matcher agrees with the regex it replaced:
    /// `(?i)^\s*(?:(?P<byline>…)|(?P<credit>…))(?P<sep>[ \t\xa0]*[:：]|[ \t\xa0]+)[ \t\xa0]*(?P<rest>\S.*)?$`.
    #[test]
    fn the_prefix_matcher_agrees_with_the_regex_it_replaced() {
        let s = ArticleSettings::default();
        let list = |l: &[String]| {
            let mut sorted: Vec<&String> = l.iter().collect();
            sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
            sorted
                .iter()
                .map(|p| regex::escape(p.trim()))
                .collect::<Vec<_>>()
                .join("|")
        };
        let regex = regex::Regex::new(&format!(
            r"(?i)^[\s\x{{a0}}]*(?:(?P<byline>{})|(?P<credit>{}))(?P<sep>[ \t\x{{a0}}]*[:：]|[ \t\x{{a0}}]+)[ \t\x{{a0}}]*(?P<rest>\S.*)?$",
            list(&s.byline_prefixes),
            list(&s.credit_prefixes)
        ))
        .unwrap();
        let lines = [
            "By: Liu Ziqi",
            "By Liu Ziqi",
            "BY ROBERT CHEN",
            "by jane doe",
            "Byline here",
            "By",
            "By:",
            "By  :  Ana",
            "Written by Jane Roe",
            "WRITTEN BY jane",
            "Photo: Xinhua",
            "Photo by Ann Lee",
            "Photo：Ágnes",
            "Photos: AP",
            "Editor: Wang",
            "Editor:Wang",
            "Photograph by Lee",
            "By\u{a0}Jane",
            "By\u{2003}Jane",
            "Bý Jane",
            "Credit: Getty Images",
            "Source: Reuters",
            "By\tJane",
            "By: \u{2003}Jane",
            "Photo: line one\nline two",
            "Reporting by Ann",
            "by the end of 2017",
        ];
        for line in lines {
            let ours = s.prefix_of(line).map(|(kind, prefix, colon, rest)| {
                (kind, prefix.to_string(), colon, rest.to_string())
            });
            let theirs = regex.captures(line).map(|c| {
                let kind = if c.name("byline").is_some() {
                    BlockKind::Byline
                } else {
                    BlockKind::Credit
                };
                let prefix = c
                    .name("byline")
                    .or(c.name("credit"))
                    .unwrap()
                    .as_str()
                    .to_string();
                let colon = c
                    .name("sep")
                    .unwrap()
                    .as_str()
                    .trim()
                    .ends_with([':', '：']);
                (
                    kind,
                    prefix,
                    colon,
                    c.name("rest")
                        .map_or(String::new(), |r| r.as_str().to_string()),
                )
            });
            assert_eq!(ours, theirs, "{line:?}");
        }
    }

    #[test]
    fn prefixes_are_matched_without_regard_to_case_in_any_script() {
        let s = ArticleSettings::default();
        assert_eq!(s.furniture_kind("Fotó：Ágnes Kovács"), None);
        assert_eq!(
            s.furniture_kind("Photo：Ágnes Kovács"),
            Some(BlockKind::Credit)
        );
    }

    #[test]
    fn recognises_bylines_and_credits() {
        let s = ArticleSettings::default();
        assert_eq!(
            s.furniture_kind("By: Liu Ziqi and Zhang Xuan"),
            Some(BlockKind::Byline)
        );
        assert_eq!(s.furniture_kind("By Jane Roe"), Some(BlockKind::Byline));
        assert_eq!(s.furniture_kind("by jane doe"), Some(BlockKind::Byline));
        assert_eq!(s.furniture_kind("BY ROBERT CHEN"), Some(BlockKind::Byline));
        assert_eq!(s.furniture_kind("by the sea"), None);
        assert_eq!(
            s.furniture_kind("By The Associated Press"),
            Some(BlockKind::Byline)
        );
        assert_eq!(s.furniture_kind("By The Numbers"), None);
        assert_eq!(
            s.furniture_kind("Written by Jane Roe"),
            Some(BlockKind::Byline)
        );
        assert_eq!(
            s.furniture_kind("Photo: Chen Xiaojin"),
            Some(BlockKind::Credit)
        );
        assert_eq!(
            s.furniture_kind("Photos by Ann Lee"),
            Some(BlockKind::Credit)
        );
        assert_eq!(
            s.furniture_kind("Editor: Qin Mian and\u{a0} Christopher Peter Clarke"),
            Some(BlockKind::Credit)
        );
    }

    #[test]
    fn prose_is_not_furniture() {
        let s = ArticleSettings::default();
        assert_eq!(s.furniture_kind("By the end of 2017, it was done."), None);
        assert_eq!(s.furniture_kind("By Monday, officials said."), None);
        assert_eq!(
            s.furniture_kind("Photographs of the event were shown."),
            None
        );
        assert_eq!(s.furniture_kind("Sources say the vote is near"), None);
        assert_eq!(s.furniture_kind("Photo essays are popular"), None);
    }

    #[test]
    fn prefixes_are_configurable() {
        let s = ArticleSettings::new(Some(vec!["Von".into()]), Some(vec!["Foto".into()])).unwrap();
        assert!(ArticleSettings::new(Some(vec!["  ".into()]), None).is_err());
        assert_eq!(s.furniture_kind("Von: Anna Berg"), Some(BlockKind::Byline));
        assert_eq!(s.furniture_kind("Foto: Anna Berg"), Some(BlockKind::Credit));
        assert_eq!(s.furniture_kind("By: Anna Berg"), None);
    }

    /// [`starts_with_function_word`] as it was, by a list of lowercase
    /// copies.
    fn starts_with_function_word_by_copies(rest: &str) -> bool {
        const WORDS: &[&str] = &[
            "the", "this", "that", "then", "now", "a", "an", "all", "far", "way",
        ];
        const CREDITS: &[&str] = &[
            "press", "staff", "wire", "wires", "reports", "news", "service",
        ];
        let words: Vec<String> = rest.split_whitespace().map(str::to_lowercase).collect();
        let first = words.first().map_or("", String::as_str);
        let credit = first == "the"
            && words.len() <= 6
            && words[1..]
                .iter()
                .any(|w| CREDITS.contains(&w.trim_end_matches([',', '.'])));
        WORDS.contains(&first) && !credit
    }

    #[test]
    fn a_function_word_is_prose_unless_a_credit_follows() {
        for (rest, prose) in [
            ("The way it was", true),
            ("THE Associated Press", false),
            ("the Canadian Press staff.", false),
            ("The a b c d e press", true),
            ("Jane Doe", false),
            ("", false),
        ] {
            assert_eq!(starts_with_function_word(rest), prose, "{rest}");
        }
    }

    proptest::proptest! {
        #[test]
        fn no_copies_tell_a_function_word_as_copies_did(
            rest in "(([tT][hH][eE]|[pP]ress|[sS]taff|[aA][nN]?|[wW]ay|\u{212A}|\u{130}|Σ|[,.])[ ,.\u{A0}]?){0,9}"
        ) {
            proptest::prop_assert_eq!(
                starts_with_function_word(&rest),
                starts_with_function_word_by_copies(&rest)
            );
        }

        #[test]
        fn ends_in_by_is_the_lowercased_prefixs_last_word(prefix in "[bByY\u{212A}\u{130}Σ\u{A0} .]{0,6}") {
            let lowered = prefix.to_lowercase();
            proptest::prop_assert_eq!(
                ends_in_by(&prefix),
                lowered.split_whitespace().last() == Some("by")
            );
        }
    }
}
