//! `acronym`: an acronym is spelled out at its first use — "Tianjin
//! University (TJU)" — unless it is on the allow list (UN, US, NASA…). Flags
//! an acronym used before it is defined, never defined, defined twice, or
//! defined by words whose letters do not give it.

use foldhash::{HashMap, HashMapExt, HashSet};

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Document, Word};
use crate::lang::lexicon::{can_be_name, is_everyday_word, is_proper_noun_only};
use crate::source::Span;

params! {
    /// The parameters of this kind.
    struct Params {
        /// acronyms readers know without a definition (UN, US, NASA…)
        allow: Option<Spanned<Vec<String>>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "acronym",
    summary: "an acronym not spelled out at its first use, defined twice, or defined wrongly",
    params: Params::DOCS,
    vars: &[
        ("acronym", "the acronym"),
        (
            "problem",
            "what is wrong: \"is not spelled out at its first use\", …",
        ),
    ],
    build,
    honours_sic: false,
};

struct Acronym {
    allow: HashSet<String>,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let allow = p
        .allow
        .as_ref()
        .map(|a| a.as_ref().iter().cloned().collect())
        .unwrap_or_default();
    Ok(Box::new(Acronym { allow }))
}

/// Small words an expansion may skip: "Association *of* Southeast Asian Nations".
const MINOR: &[&str] = &[
    "of", "and", "for", "the", "in", "on", "at", "to", "de", "du", "la", "&",
];

/// Two to seven capitals (digits allowed after the first): TJU, TIJMU, G7.
/// Roman numerals are not acronyms.
fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=7).contains(&n)
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && word.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && !word.chars().all(|c| "IVXLCDM".contains(c))
}

/// Whether the words before a parenthesis spell the acronym: its first
/// letter starts the first word, and its other letters come, in order, from
/// the starts of the following words or from inside the current one; every
/// word but the small ones gives at least its first letter.
pub fn expansion_matches(acronym: &str, words: &[&str]) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let words: Vec<Vec<char>> = words
        .iter()
        .map(|w| w.to_lowercase().chars().collect())
        .collect();
    fn go(letters: &[char], words: &[Vec<char>], minor: &[bool], w: usize, pos: usize) -> bool {
        // `pos` is the index in words[w] after which the next letter may be taken.
        if letters.is_empty() {
            // Every remaining word must be a small one.
            return (w + 1..words.len()).all(|i| minor[i]);
        }
        let l = letters[0];
        // Take the letter from inside the current word.
        if let Some(word) = words.get(w)
            && word
                .iter()
                .skip(pos)
                .position(|&c| c == l)
                .is_some_and(|off| go(&letters[1..], words, minor, w, pos + off + 1))
        {
            return true;
        }
        // Or from the start of a following word, skipping small words only.
        for next in w + 1..words.len() {
            if words[next].first() == Some(&l) && go(&letters[1..], words, minor, next, 1) {
                return true;
            }
            if !minor[next] {
                break;
            }
        }
        false
    }
    if words.is_empty() || words[0].first() != letters.first() {
        return false;
    }
    let minor: Vec<bool> = words
        .iter()
        .map(|w| MINOR.contains(&w.iter().collect::<String>().as_str()))
        .collect();
    go(&letters[1..], &words, &minor, 0, 1)
}

impl Check for Acronym {
    fn check(&self, doc: &Document, cx: &mut Context) {
        // Definitions: "Words Here (ACR)". Uses: every other occurrence.
        let mut defined: HashMap<String, Span> = HashMap::new();
        let mut first_use: HashMap<String, Span> = HashMap::new();
        for (_, block) in cx.blocks(doc) {
            let words = &doc.words[block.words()];
            let text = block.text();
            for (i, word) in words.iter().enumerate() {
                let acronym = &text[word.range()];
                if word.placeholder()
                    || !is_acronym(acronym)
                    || self.allow.contains(acronym)
                    || is_shouting(doc, words, i)
                {
                    continue;
                }
                let span = block.prose.to_source(word.range());
                let in_parens = text[..word.range().start].ends_with('(')
                    && text[word.range().end..].starts_with(')');
                // A handle or hashtag (@POTUS), a designation (STS-1), or
                // a part of a longer name (Windows XP, PC World, NTU
                // Hospital) is not an acronym to spell out.
                let before = &text[..word.range().start];
                let after = &text[word.range().end..];
                if !in_parens
                    && (before.ends_with(['@', '#'])
                        || after.starts_with('-')
                            && after[1..].starts_with(|c: char| c.is_ascii_digit())
                        || in_a_name(doc, words, i))
                {
                    continue;
                }
                // Explained right after it: "ROS [Reactive Oxygen Species]",
                // "CEI (Italian Episcopal Conference)".
                if !in_parens && explained_after(after) {
                    defined.entry(acronym.to_string()).or_insert(span);
                    continue;
                }
                if !in_parens {
                    // An acronym the English dictionary lists as a name
                    // (HTML, GMT, ROTC) is one readers know: it may stand
                    // undefined, though a definition of it is still checked.
                    let known = is_proper_noun_only(&acronym.to_lowercase());
                    if !known && !defined.contains_key(acronym) && !first_use.contains_key(acronym)
                    {
                        first_use.insert(acronym.to_string(), span);
                    }
                    continue;
                }
                if let Some(&earlier) = defined.get(acronym) {
                    self.report(
                        cx,
                        span,
                        acronym,
                        "is defined a second time",
                        Some((earlier, "first defined here")),
                    );
                    continue;
                }
                if let Some(&used) = first_use.get(acronym) {
                    self.report(
                        cx,
                        used,
                        acronym,
                        "is used before it is defined",
                        Some((span, "defined here")),
                    );
                    first_use.remove(acronym);
                }
                if !expansion_before(doc, words, i)
                    .iter()
                    .any(|run| expansion_matches(acronym, run) || initials_reordered(acronym, run))
                {
                    self.report(
                        cx,
                        span,
                        acronym,
                        "does not match the words before it",
                        None,
                    );
                }
                defined.insert(acronym.to_string(), span);
            }
        }
        let mut undefined: Vec<(String, Span)> = first_use.into_iter().collect();
        undefined.sort_by_key(|(_, span)| span.start);
        for (acronym, span) in undefined {
            // A variant of an acronym defined before it: IE6 after
            // "Internet Explorer 9 (IE9)".
            let letters = |a: &str| a.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
            if defined
                .iter()
                .any(|(d, at)| at.start < span.start && letters(d) == letters(&acronym))
            {
                continue;
            }
            self.report(
                cx,
                span,
                &acronym,
                "is not spelled out at its first use",
                None,
            );
        }
    }
}

/// Words written in capitals for emphasis ("DO NOT ENTER", "this IS it",
/// "the FIRST time") are not acronyms: a short function word, an everyday
/// word of four letters or more that is no name, or one next to another
/// all-capitals word.
fn is_shouting(doc: &Document, words: &[Word], i: usize) -> bool {
    const COMMON: &[&str] = &[
        "the", "of", "is", "are", "was", "you", "we", "it", "to", "and", "or", "not", "no", "this",
        "that", "when", "what", "why", "how", "like", "all", "do", "be", "in", "on", "at", "for",
        "my", "me", "he", "she", "they", "so", "if", "but", "can", "will", "yes", "stop", "now",
        "new", "free", "sale", "off",
    ];
    let word = doc.word_text(&words[i]).to_ascii_lowercase();
    let caps = |j: usize| {
        words.get(j).is_some_and(|w| {
            let t = doc.word_text(w);
            !w.placeholder()
                && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && t.chars().all(|c| !c.is_lowercase())
        })
    };
    let everyday = word.len() >= 4 && is_everyday_word(&word) && !can_be_name(&word);
    COMMON.contains(&word.as_str()) || everyday || caps(i + 1) || (i > 0 && caps(i - 1))
}

/// Whether the acronym is written inside a name: the word right before it
/// (not the first of its sentence) or right after it is a capitalised
/// word, one space away.
fn in_a_name(doc: &Document, words: &[Word], i: usize) -> bool {
    let text = doc.blocks[doc.word_block(&words[i])].text();
    let capitalised = |w: &Word| {
        let t = doc.word_text(w);
        !w.placeholder()
            && t.chars().next().is_some_and(char::is_uppercase)
            && t.chars().any(char::is_lowercase)
    };
    let one_space = |from: usize, to: usize| matches!(&text[from..to], " " | "\u{a0}");
    let next = words
        .get(i + 1)
        .is_some_and(|n| one_space(words[i].range().end, n.range().start) && capitalised(n));
    let previous = i > 0 && {
        let p = &words[i - 1];
        let starts_sentence = text[..p.range().start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '\n'));
        one_space(p.range().end, words[i].range().start) && capitalised(p) && !starts_sentence
    };
    next || previous
}

/// Whether the text after an acronym explains it at once, in parentheses
/// or brackets opening with a capital: "ROS [Reactive Oxygen Species".
fn explained_after(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\u{a0}']);
    after.len() - rest.len() <= 1
        && rest.strip_prefix(['(', '[']).is_some_and(|inside| {
            inside.starts_with(|c: char| c.is_uppercase()) && inside.contains(' ')
        })
}

/// Whether the initials of the words before a parenthesis are the letters
/// of the acronym in another order, as a translated name's are ("Union of
/// Rationalist Atheists and Agnostics (UAAR)").
fn initials_reordered(acronym: &str, words: &[&str]) -> bool {
    let mut initials: Vec<char> = words
        .iter()
        .filter(|w| !MINOR.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut letters: Vec<char> = acronym.chars().filter(char::is_ascii_alphabetic).collect();
    if initials.len() != letters.len() || letters.len() < 3 {
        return false;
    }
    initials.sort_unstable();
    letters.sort_unstable();
    initials == letters
}

/// Whether `word` is a capital initial or initials joined by periods, as
/// in "U.S." or "U.K." (the final period outside it): "U", "U.S".
fn is_initials(word: &str) -> bool {
    word.split('.')
        .all(|part| part.len() == 1 && part.chars().all(|c| c.is_ascii_uppercase()))
}

/// Candidate expansions: the last 1 to 12 words before the parenthesis, in
/// the same block, not crossing punctuation other than hyphens and spaces,
/// or the period after an initial ("U.S. Fish and Wildlife Service").
fn expansion_before<'d>(doc: &'d Document, words: &[Word], i: usize) -> Vec<Vec<&'d str>> {
    let text = doc.blocks[doc.word_block(&words[i])].text();
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut next_start = words[i].range().start - 1; // the "("
    for j in (i.saturating_sub(12)..i).rev() {
        let gap = &text[words[j].range().end..next_start];
        let word = doc.word_text(&words[j]);
        let gap = match gap.strip_prefix('.') {
            Some(rest) if is_initials(word) => rest,
            _ => gap,
        };
        // A plural's possessive apostrophe ("the Bankers' Association").
        let gap = match gap.strip_prefix(['\'', '\u{2019}']) {
            Some(rest) if word.ends_with('s') => rest,
            _ => gap,
        };
        // `&` between spaces stands for "and", a small word.
        let spaced = |c: char| c == ' ' || c == '-' || c == '\u{a0}';
        let gap_ok = gap.chars().all(spaced)
            || gap.split_once('&').is_some_and(|(a, b)| {
                !a.is_empty() && !b.is_empty() && (a.to_string() + b).chars().all(spaced)
            });
        if words[j].placeholder() || !gap_ok {
            break;
        }
        run.insert(0, word);
        out.push(run.clone());
        next_start = words[j].range().start;
    }
    out
}

impl Acronym {
    fn report(
        &self,
        cx: &mut Context,
        span: Span,
        acronym: &str,
        problem: &str,
        related: Option<(Span, &str)>,
    ) {
        let vars = [("acronym", acronym), ("problem", problem)];
        let mut finding = Finding::new(span, &vars);
        if let Some((at, message)) = related {
            finding.related.push(Related {
                span: at,
                message: message.to_string().into(),
            });
        }
        cx.report(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::expansion_matches;
    use crate::rules::test_support::{findings, rule};

    fn acronym() -> crate::rules::Rule {
        rule("acronym", "allow = ['UN', 'US']")
    }

    #[test]
    fn names_handles_and_explanations_are_not_undefined_acronyms() {
        let r = acronym();
        for text in [
            "It shipped with Windows XP in 2001.",
            "He read PC World each month.",
            "Walk from NTU Hospital Station to the river.",
            "Obama tweeted from his @POTUS account.",
            "Columbia lifted off on STS-1 that day.",
            "Ants ingest ROS [Reactive Oxygen Species] when sick.",
            "The Union of Rationalist Atheists and Agnostics (UAAR) has a petition.",
            "Internet Explorer 9 (IE9) is out, and IE6 users should move to IE.",
        ] {
            assert!(
                findings(text, &r).is_empty(),
                "{text}: {:?}",
                findings(text, &r)
            );
        }
        assert_eq!(findings("The ministry said the KPA fired.", &r).len(), 1);
        assert_eq!(findings("Today KPA troops fired.", &r).len(), 1);
    }

    #[test]
    fn expansions_that_spell_the_acronym() {
        assert!(expansion_matches("TJU", &["Tianjin", "University"]));
        assert!(expansion_matches(
            "TIJMU",
            &["Tianjin", "Medical", "University"]
        ));
        assert!(expansion_matches(
            "ASEAN",
            &["Association", "of", "Southeast", "Asian", "Nations"]
        ));
        assert!(expansion_matches(
            "WHO",
            &["World", "Health", "Organization"]
        ));
        assert!(!expansion_matches("TJU", &["Medical", "University"]));
        assert!(!expansion_matches(
            "NBA",
            &["National", "Football", "League"]
        ));
    }

    #[test]
    fn defined_at_first_use_is_fine() {
        let text = "Leaders of Tianjin University (TJU) met. TJU agreed. The UN watched.";
        assert!(findings(text, &acronym()).is_empty());
    }

    #[test]
    fn undefined_used_before_and_twice() {
        let got = findings(
            "The CPC met. Later the WHO spoke. The World Health Organization (WHO) agreed. World Health Organization (WHO) again.",
            &acronym(),
        );
        let spans: Vec<&str> = got.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(spans, ["CPC", "WHO", "WHO"]);
    }

    #[test]
    fn acronyms_the_dictionary_lists_are_known() {
        // HTML and GMT are in Harper's English dictionary; TAOM is not.
        assert!(findings("The HTML page went up at noon GMT.", &acronym()).is_empty());
        let got = findings("The TAOM team met.", &acronym());
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn a_wrong_expansion_is_flagged() {
        let got = findings("The National Football League (NBA) met.", &acronym());
        assert_eq!(got.len(), 1);
        let got = findings("The U.S. Forest Service (USDA) met.", &acronym());
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn ampersands_and_possessives_stay_inside_an_expansion() {
        for text in [
            "The Marine Research & Development Agency (MRDA) met.",
            "The Coast & Harbour Board (CHB) met.",
            "The Harbour Pilots' Board (HPB) met.",
            "The Harbour Pilots\u{2019} Board (HPB) met.",
        ] {
            assert!(findings(text, &acronym()).is_empty(), "{text}");
        }
        // Still read: a wrong one is flagged; `&` glued to words ends it.
        let got = findings("The Coast & Harbour Board (CPB) met.", &acronym());
        assert_eq!(got.len(), 1, "{got:?}");
        let got = findings("The Coast&Harbour Board (CHB) met.", &acronym());
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn initials_with_periods_give_their_letters() {
        for text in [
            "The U.S. Geological Survey (USGS) said the quake was deep.",
            "The U.K. Space Agency (UKSA) funds it.",
            "A U.S. Fish and Wildlife Service (USFWS) officer came.",
            "The U. S. Coast Guard (USCG) was called.",
        ] {
            let got = findings(text, &acronym());
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    #[test]
    fn capitals_for_emphasis_are_not_acronyms() {
        assert!(findings("Please DO NOT ENTER the room. This IS the way.", &acronym()).is_empty());
    }

    #[test]
    fn roman_numerals_are_not_acronyms() {
        assert!(findings("World War II ended. Henry VIII ruled.", &acronym()).is_empty());
    }
}
