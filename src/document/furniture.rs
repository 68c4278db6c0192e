//! Recognising article furniture by its wording: which lines are bylines and
//! credits ("By: …", "Photo: …"), and which front matter fields hold which
//! kind of block. The prefixes come from `[article]` in `galley.toml`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Block, BlockKind};

/// How article furniture is recognised.
#[derive(Debug, Clone)]
pub struct ArticleSettings {
    pub byline_prefixes: Vec<String>,
    pub credit_prefixes: Vec<String>,
    matcher: Regex,
    /// Front matter key → block kind.
    front_matter: Vec<(String, BlockKind)>,
    /// Lowercase first words of all prefixes, to refuse most lines early.
    first_words: Vec<String>,
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
    /// empty prefix or a list too large to match.
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
        // One alternation, longest prefix first, with one group per list.
        let alternation = |list: &[String]| {
            let mut sorted: Vec<&String> = list.iter().collect();
            sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
            sorted
                .iter()
                .map(|p| regex::escape(p.trim()).replace(r"\ ", r"\s+"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let never = "[^\\s\\S]";
        let group = |list: &[String]| {
            if list.is_empty() {
                never.to_string()
            } else {
                alternation(list)
            }
        };
        let pattern = format!(
            r"(?i)^[\s\x{{a0}}]*(?:(?P<byline>{})|(?P<credit>{}))(?P<sep>[ \t\x{{a0}}]*[:：]|[ \t\x{{a0}}]+)[ \t\x{{a0}}]*(?P<rest>\S.*)?$",
            group(&byline_prefixes),
            group(&credit_prefixes)
        );
        let matcher = regex::RegexBuilder::new(&pattern)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| format!("[article] prefixes cannot be matched: {e}"))?;
        let mut first_words: Vec<String> = byline_prefixes
            .iter()
            .chain(&credit_prefixes)
            .filter_map(|p| p.split_whitespace().next())
            .map(str::to_lowercase)
            .collect();
        first_words.sort_unstable();
        first_words.dedup();
        Ok(ArticleSettings {
            front_matter: FRONT_MATTER
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            first_words,
            byline_prefixes,
            credit_prefixes,
            matcher,
        })
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
        let line = line.trim();
        // Cheap refusals first: most lines of an article are prose, and do
        // not start with the first word of any prefix.
        let first_word = line
            .split(|c: char| c.is_whitespace() || c == ':' || c == '：')
            .next()
            .unwrap_or("");
        let known = self.first_words.iter().any(|w| {
            w.eq_ignore_ascii_case(first_word)
                || (!first_word.is_ascii() && *w == first_word.to_lowercase())
        });
        if !known || line.split_whitespace().nth(MAX_FURNITURE_WORDS).is_some() {
            return None;
        }
        let caps = self.matcher.captures(line)?;
        let rest = caps.name("rest")?.as_str();
        let kind = if caps.name("byline").is_some() {
            BlockKind::Byline
        } else {
            BlockKind::Credit
        };
        let prefix = caps.name("byline").or(caps.name("credit"))?.as_str();
        let colon = caps.name("sep")?.as_str().trim().ends_with([':', '：']);
        if colon {
            return Some(kind);
        }
        let ends_in_by = prefix.to_lowercase().split_whitespace().last() == Some("by");
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
}

/// Length of a wire-style dateline at the start of a story's first
/// paragraph: `BEIJING (AP) — `, `SPRINGFIELD, Ill. (Reuters) - `,
/// `LONDON, Aug. 23 -- `. The city is in capitals; the dash is an em dash, an
/// en dash, two hyphens, or a hyphen with a space on each side.
pub fn dateline_len(line: &str) -> Option<usize> {
    // Most first paragraphs do not start with two capitals: skip the regex
    // (and compiling it) for them.
    let mut chars = line.chars();
    if !(chars.next()?.is_uppercase() && chars.next()?.is_uppercase()) {
        return None;
    }
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\p{Lu}[\p{Lu}.'’\- ]*\p{Lu}\.?(?:, [\p{L}.]+(?: [\p{L}.]+)?(?: \d{1,2})?)*(?: \([^)\n]{1,40}\))?(?:[ \t\x{a0}]*(?:--|—|–)|[ \t\x{a0}]+-)[ \t\x{a0}]*",
        )
        .expect("built-in dateline pattern is valid")
    });
    DATELINE
        .find(line)
        .map(|m| m.end())
        .filter(|&len| len <= 100 && len < line.trim_end().len())
}

/// Whether a block is only a date, as a story's date line is: `Tuesday,
/// September 1, 2015`, `Sept. 1, 2015`, `1 September 2015`, `2015-09-01`.
pub fn is_date_stamp(text: &str) -> bool {
    let text = text.trim();
    if text.len() > 40 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        let month = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
        let day = r"\d{1,2}(?:st|nd|rd|th)?";
        Regex::new(&format!(
            r"^(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day|\.)?,?\s+)?(?:{month}\s+{day},?(?:\s+\d{{4}})?|{day}\s+{month},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$"
        ))
        .expect("built-in date pattern is valid")
    });
    DATE.is_match(text)
}

/// Whether a line attributes a quotation: `— Jane Doe, mayor`, `-- Jane Doe`.
pub fn is_dash_attribution(line: &str) -> bool {
    let line = line.trim();
    let Some(rest) = ["—", "―", "–", "--", "-"]
        .iter()
        .find_map(|dash| line.strip_prefix(dash))
    else {
        return false;
    };
    let rest = rest.trim_start();
    rest.chars().next().is_some_and(char::is_uppercase)
        && rest.split_whitespace().count() <= 12
        && !rest.trim_end().ends_with(['.', '!', '?'])
}

/// Whether a short line is only a name, perhaps with a title: `Mayor Jane
/// Doe`, `Ana de la Cruz`. Every word but particles is capitalised.
pub fn is_name_line(line: &str) -> bool {
    let line = line.trim().trim_end_matches(',');
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && !line.ends_with(['.', '!', '?', ':'])
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
}

/// Where a name that attributes a quotation starts, at the end of a
/// block after its last sentence: "… because she was suppressive. Valeska
/// Paris" (a quote box flattened to one line). `None` if there is none.
pub fn trailing_attribution(text: &str) -> Option<usize> {
    let text = text.trim_end();
    let end = text.rfind(['.', '!', '?', '”', '"', '…'])?;
    let mark = text[end..].chars().next()?.len_utf8();
    let name = &text[end + mark..];
    (name.starts_with([' ', '\n', '\u{a0}']) && end > 0 && is_name_line(name))
        .then_some(end + mark + (name.len() - name.trim_start().len()))
}

/// Name particles written in lowercase inside a name ("Ana de la Cruz").
pub const PARTICLES: &[&str] = &[
    "de", "la", "del", "della", "der", "den", "van", "von", "da", "di", "du", "dos", "das", "le",
    "ten", "ter", "bin", "ibn", "y",
];

/// Furniture recognised by its shape in every format, after parsing: a
/// block that is only a date, a wire dateline at the head of the story's
/// first paragraph, and pull quotes (a quotation set off from the story and
/// followed by its attribution).
pub(super) fn mark_by_shape(blocks: &mut Vec<Block>) {
    for block in blocks.iter_mut() {
        // A headline is never only a date: in plain text, a date line is
        // taken for the title when the headline above it is short.
        let standalone = !matches!(block.kind, BlockKind::Quote | BlockKind::ListItem);
        if standalone && is_date_stamp(block.text()) {
            block.kind = BlockKind::Dateline;
        }
    }
    split_dateline(blocks);
    mark_pull_quotes(blocks);
}

/// Splits a dateline off the story's first paragraph, unless the markup
/// gave one already. Short paragraphs without a full stop before it (a
/// kicker or headline in Markdown) are passed over.
fn split_dateline(blocks: &mut Vec<Block>) {
    if blocks
        .iter()
        .any(|b| b.kind == BlockKind::Dateline && dateline_len(b.text()).is_some())
    {
        return;
    }
    let mut index = None;
    for (i, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let text = block.text().trim();
        if dateline_len(text).is_some() {
            index = Some(i);
            break;
        }
        if text.ends_with(['.', '!', '?', '"', '”']) || text.split_whitespace().count() > 12 {
            break;
        }
    }
    let Some(index) = index else {
        return;
    };
    let block = &blocks[index];
    let lead = block.text().len() - block.text().trim_start().len();
    let Some(len) = dateline_len(&block.text()[lead..]) else {
        return;
    };
    let head = block.prose.sub(lead..lead + len);
    let rest = block.prose.sub(lead + len..block.text().len());
    let field = block.field.clone();
    let parts: Vec<Block> = [(BlockKind::Dateline, head), (BlockKind::Paragraph, rest)]
        .into_iter()
        .filter_map(|(kind, prose)| Block::new(kind, prose))
        .map(|mut b| {
            b.field = field.clone();
            b
        })
        .collect();
    blocks.splice(index..=index, parts);
}

/// Whether a block's text is wholly a quotation: `“…”`, `"…"`.
fn is_wholly_quoted(text: &str) -> bool {
    let t = text.trim();
    let open = t.starts_with(['“', '"', '‘', '«']);
    let close = t
        .trim_end_matches(['.', ',', '!', '?', '…'])
        .ends_with(['”', '"', '’', '»']);
    open && close && t.chars().count() > 2
}

/// Whether a text speaks in the first or second person, as a quotation
/// does and a caption does not: "I was told", "we will".
fn is_speech(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .any(|w| {
            matches!(
                w,
                "I" | "I'm"
                    | "I’m"
                    | "I've"
                    | "I’ve"
                    | "me"
                    | "my"
                    | "we"
                    | "We"
                    | "our"
                    | "Our"
                    | "us"
                    | "you"
                    | "You"
                    | "your"
                    | "Your"
                    | "My"
            )
        })
}

/// Marks pull quotes: a short quotation block (a block quote, or a
/// paragraph wholly in quotation marks) whose last line, or the block after
/// it, attributes it (`— Jane Doe`, or a line that is only a name). The
/// attribution is marked as part of the pull quote.
fn mark_pull_quotes(blocks: &mut [Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let candidate = matches!(
            block.kind,
            BlockKind::Quote | BlockKind::Paragraph | BlockKind::Caption | BlockKind::Heading
        ) && block.text().split_whitespace().count() <= 60;
        if !candidate {
            i += 1;
            continue;
        }
        let text = block.text().trim();
        let (body, last) = text.rsplit_once('\n').unwrap_or(("", text));
        let own_attribution = !body.is_empty()
            && is_dash_attribution(last)
            && (block.kind == BlockKind::Quote || is_wholly_quoted(body))
            // A quote box flattened to one line, its speaker's name after
            // the quotation ("… suppressive. Valeska Paris").
            || text.split_whitespace().count() <= 60
                && trailing_attribution(text).is_some_and(|at| {
                    let quote = text[..at].trim_end();
                    quote.split_whitespace().count() >= 4
                        && !quote.contains('\n')
                        && (is_wholly_quoted(quote) || is_speech(quote))
                });
        let next_attribution = !own_attribution
            && (block.kind == BlockKind::Quote || is_wholly_quoted(text))
            && blocks.get(i + 1).is_some_and(|next| {
                !next.kind.is_body() && next.kind != BlockKind::Title
                    || matches!(next.kind, BlockKind::Paragraph | BlockKind::Quote)
            })
            && blocks.get(i + 1).is_some_and(|next| {
                let t = next.text().trim();
                !t.contains('\n') && (is_dash_attribution(t) || is_name_line(t))
            });
        if own_attribution {
            blocks[i].kind = BlockKind::PullQuote;
        } else if next_attribution {
            blocks[i].kind = BlockKind::PullQuote;
            blocks[i + 1].kind = BlockKind::PullQuote;
            i += 1;
        }
        i += 1;
    }
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
    const CREDITS: &[&str] = &["press", "staff", "wire", "wires", "reports", "news", "service"];
    let words: Vec<String> = rest.split_whitespace().map(str::to_lowercase).collect();
    let first = words.first().map_or("", String::as_str);
    let credit = first == "the"
        && words.len() <= 6
        && words[1..]
            .iter()
            .any(|w| CREDITS.contains(&w.trim_end_matches([',', '.']).as_ref()));
    WORDS.contains(&first) && !credit
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn datelines_in_wire_forms() {
        for (line, head) in [
            ("BEIJING (AP) — Officials met.", "BEIJING (AP) — "),
            (
                "SPRINGFIELD, Ill. (AP) -- The City",
                "SPRINGFIELD, Ill. (AP) -- ",
            ),
            ("LONDON, Aug. 23 – Talks", "LONDON, Aug. 23 – "),
            ("NEW YORK (Reuters) - Stocks", "NEW YORK (Reuters) - "),
        ] {
            assert_eq!(dateline_len(line).map(|n| &line[..n]), Some(head), "{line}");
        }
        for line in [
            "NASA said on Monday.",
            "US-China talks resumed",
            "BEIJING —",
        ] {
            assert_eq!(dateline_len(line), None, "{line}");
        }
    }

    #[test]
    fn date_stamps() {
        for text in [
            "Tuesday, September 1, 2015",
            "Sept. 1, 2015",
            "1 September 2015",
            "2015-09-01",
            "Monday, March 3",
        ] {
            assert!(is_date_stamp(text), "{text}");
        }
        for text in ["September", "The vote is on Sept. 1", "May 2015 was wet"] {
            assert!(!is_date_stamp(text), "{text}");
        }
    }

    #[test]
    fn attributions() {
        assert!(is_dash_attribution("— Jane Doe, mayor"));
        assert!(is_dash_attribution("-- Omar Haddad"));
        assert!(!is_dash_attribution("- one item"));
        assert!(is_name_line("Mayor Jane Doe"));
        assert!(is_name_line("Ana de la Cruz"));
        assert!(!is_name_line("The mayor spoke."));
        assert!(!is_name_line("Crowds at the bridge"));
        let boxed = "I needed to leave because it was over. Valeska Paris";
        assert_eq!(
            trailing_attribution(boxed).map(|at| &boxed[at..]),
            Some("Valeska Paris")
        );
        assert_eq!(trailing_attribution("The mayor spoke. It rained."), None);
        assert_eq!(trailing_attribution("Mr. Smith"), None);
    }

    #[test]
    fn prefixes_are_configurable() {
        let s = ArticleSettings::new(Some(vec!["Von".into()]), Some(vec!["Foto".into()])).unwrap();
        assert!(ArticleSettings::new(Some(vec!["  ".into()]), None).is_err());
        assert_eq!(s.furniture_kind("Von: Anna Berg"), Some(BlockKind::Byline));
        assert_eq!(s.furniture_kind("Foto: Anna Berg"), Some(BlockKind::Credit));
        assert_eq!(s.furniture_kind("By: Anna Berg"), None);
    }
}
