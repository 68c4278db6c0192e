//! `article`: "a" or "an" chosen by the sound of the next word, not its
//! first letter: an hour, an honest man, a university, a one-time deal,
//! a U-turn, an FBI agent, a NATO summit, an 8-year-old, a 100-metre race.
//! Where usage is divided (a/an historic) both are accepted.

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec, match_case, with_lowercase};
use crate::diagnostic::Applicability;
use crate::document::{Document, Word};

params! {
    /// The parameters of this kind.
    struct Params {
        /// words after which both `a` and `an` are accepted (default: historic, historical, hotel,
        /// heroic, herb, …)
        accept: Option<Spanned<Vec<String>>>,
        /// `safe` (default), `unsafe` or `display-only`
        applicability: Option<Spanned<Applicability>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "article",
    summary: "`a` or `an` by the sound of the next word; fixable",
    params: Params::DOCS,
    vars: &[
        ("match", "the article written"),
        ("replacement", "the article to write, in its case"),
        ("word", "the word after the article"),
    ],
    build,
    honours_sic: true,
};

/// How the next word begins to the ear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sound {
    Vowel,
    Consonant,
    /// Either article is heard in edited prose, or we cannot tell.
    Either,
}

/// Silent h: these and words built on them take "an".
const SILENT_H: &[&str] = &["hour", "honest", "honor", "honour", "heir", "herbal"];
/// Begin with a vowel letter but a consonant sound ("you", "w").
const CONSONANT_VOWEL_STARTS: &[&str] = &[
    "uni", "use", "usa", "usi", "usu", "uti", "ute", "uto", "ura", "ure", "uri", "uro", "ubi",
    "eu", "ewe", "one", "once", "ouija", "uk", "ufo", "ural", "uru",
];
/// Start like the prefixes above but are "un-", "ut-" … words ("an
/// unidentified", "an utter").
const VOWEL_EXCEPTIONS: &[&str] = &[
    "unidentified",
    "unimportant",
    "unimaginable",
    "unimpressed",
    "unimpressive",
    "uninformed",
    "uninhabited",
    "uninjured",
    "uninsured",
    "unintended",
    "unintentional",
    "uninterested",
    "uninterrupted",
    "uninvited",
    "unimpeded",
    "unindicted",
    "unironic",
    "unironically",
    "utter",
    "utterly",
    "usher",
    "uranus",
];
/// Divided usage: both articles are accepted.
const EITHER: &[&str] = &[
    "historic",
    "historical",
    "historian",
    "hotel",
    "heroic",
    "herb",
    "herbs",
    "hysterical",
    "habitual",
    "hypothesis",
    "humble",
];
/// Acronyms read as words, not letter by letter.
const WORD_ACRONYMS: &[&str] = &[
    "nasa", "nato", "unesco", "unicef", "opec", "fifa", "uefa", "aids", "asean", "nafta", "osha",
    "fema", "swat", "lidar", "radar", "scuba", "isis", "isil", "ikea", "unhcr", "ofsted", "ebola",
    "mers", "sars", "covid", "gif", "jpeg", "ascii", "emmy", "oscar", "nascar", "ucla", "usc",
    "wasp", "yolo", "laser", "pin", "dart", "mit",
];

/// Letters whose names begin with a vowel sound: "an F", "an M.A.", "an X-ray".
fn letter_name_is_vowel(c: char) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        'a' | 'e' | 'f' | 'h' | 'i' | 'l' | 'm' | 'n' | 'o' | 'r' | 's' | 'x'
    )
}

/// The sound a number begins with as it is read: 8, 11, 18, 80–89, 800…,
/// 11,000 and 18,000 with a vowel ("eight", "eleven", "eighteen").
fn number_sound(digits: &str) -> Sound {
    let d: String = digits.chars().filter(char::is_ascii_digit).collect();
    if d.starts_with('8') {
        return Sound::Vowel;
    }
    // "eleven", "eighteen": the leading group of three digits reads so.
    let group = match d.len() % 3 {
        0 => 3,
        n => n,
    };
    let lead = &d[..group.min(d.len())];
    if lead == "11" || lead == "18" {
        return Sound::Vowel;
    }
    Sound::Consonant
}

fn sound_of(word: &str, next_char: Option<char>) -> Sound {
    with_lowercase(word, |lower| sound_of_lowered(word, lower, next_char))
}

/// [`sound_of`] with the word's lowercase form at hand.
fn sound_of_lowered(word: &str, lower: &str, next_char: Option<char>) -> Sound {
    let Some(first) = word.chars().next() else {
        return Sound::Either;
    };
    if first.is_ascii_digit() {
        return number_sound(word);
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 1 && word.chars().all(|c| !c.is_lowercase());
    // A single letter ("a U-turn", "an F", "an X-ray") or an initialism
    // ("an FBI agent", "a UN official") is read by its letter names.
    if letters == 1 && (all_caps || next_char == Some('-')) {
        return if letter_name_is_vowel(first) {
            Sound::Vowel
        } else {
            Sound::Consonant
        };
    }
    if all_caps && letters >= 2 {
        if WORD_ACRONYMS.contains(&lower) {
            return spelled_sound(lower);
        }
        let has_vowel = lower.chars().any(|c| "aeiou".contains(c));
        // Short or vowelless: letter by letter. Longer pronounceable
        // capitals may be words ("a NATO summit"): undecided.
        return if letters <= 3 || !has_vowel {
            if letter_name_is_vowel(first) {
                Sound::Vowel
            } else {
                Sound::Consonant
            }
        } else {
            Sound::Either
        };
    }
    // "iPhone", "eBay": read in more than one way.
    if first.is_lowercase() && word.chars().skip(1).any(char::is_uppercase) {
        return Sound::Either;
    }
    if EITHER.contains(&lower) {
        return Sound::Either;
    }
    spelled_sound(lower)
}

/// The sound of an ordinary word from its spelling and the exceptions.
fn spelled_sound(lower: &str) -> Sound {
    if SILENT_H.iter().any(|h| lower.starts_with(h)) {
        return Sound::Vowel;
    }
    if VOWEL_EXCEPTIONS.contains(&lower) || lower.starts_with("unin") {
        return Sound::Vowel;
    }
    if CONSONANT_VOWEL_STARTS.iter().any(|p| lower.starts_with(p)) {
        return Sound::Consonant;
    }
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => Sound::Vowel,
        Some(c) if c.is_alphabetic() => Sound::Consonant,
        _ => Sound::Either,
    }
}

struct Article {
    accept: Vec<String>,
    applicability: Applicability,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    Ok(Box::new(Article {
        accept: p
            .accept
            .as_ref()
            .map(|a| a.as_ref().iter().map(|w| w.to_lowercase()).collect())
            .unwrap_or_default(),
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Safe, |a| *a.as_ref()),
    }))
}

impl Check for Article {
    fn triggers(&self) -> Option<Vec<String>> {
        // "a" is in every text; the rule looks at every block.
        None
    }

    fn fix(&self) -> Option<Applicability> {
        Some(self.applicability)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            for sentence in doc.block_sentences(block) {
                let words: &[Word] = &doc.words[sentence.words()];
                for (i, pair) in words.windows(2).enumerate() {
                    let (art, next) = (&pair[0], &pair[1]);
                    // Most words are not one or two letters starting with a.
                    if art.range().len() > 2
                        || !matches!(text.as_bytes()[art.range().start], b'a' | b'A')
                        || next.placeholder
                    {
                        continue;
                    }
                    let written = &text[art.range()];
                    let wants_an = match written {
                        "a" => false,
                        "an" | "An" | "AN" => true,
                        // A capital "A" inside a sentence is a letter ("plan
                        // A", "vitamin A"); only the first word is an article.
                        "A" if i == 0 => false,
                        _ => continue,
                    };
                    // Only "a word" with one space between: not "a/an",
                    // "a-ha", "a) …", nor a quoted word.
                    if &text[art.range().end..next.range().start] != " " {
                        continue;
                    }
                    let word = &text[next.range()];
                    let next_char = text[next.range().end..].chars().next();
                    if self.accept.iter().any(|w| w == &word.to_lowercase()) {
                        continue;
                    }
                    let needed = match sound_of(word, next_char) {
                        Sound::Vowel if !wants_an => "an",
                        Sound::Consonant if wants_an => "a",
                        _ => continue,
                    };
                    let replacement = match_case(written, needed);
                    let span = block.prose.to_source(art.range());
                    let vars = [
                        ("match", written),
                        ("replacement", replacement.as_str()),
                        ("word", word),
                    ];
                    let mut finding = Finding::new(span, &vars);
                    finding.fix =
                        block.replace_fix(art.range(), replacement.clone(), self.applicability);
                    cx.report(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{fixed, flagged, rule};

    fn r() -> crate::rules::Rule {
        rule("article", "")
    }

    #[test]
    fn by_sound_not_letter() {
        let r = r();
        for bad in [
            "We waited for a hour.",
            "It was an university event.",
            "She is a honest woman.",
            "He made an one-time payment.",
            "An European team won.",
            "a apple",
            "an banana",
            "a FBI agent",
            "an UN official",
            "a 8-year-old boy",
            "an 100-metre race",
            "a 11-point lead",
            "an U-turn",
            "a MBA",
        ] {
            assert_eq!(flagged(bad, &r).len(), 1, "{bad}");
        }
        assert_eq!(fixed("We waited for a hour.", &r), "We waited for an hour.");
        assert_eq!(fixed("An university.", &r), "A university.");
    }

    #[test]
    fn right_uses_and_divided_usage_pass() {
        let r = r();
        for good in [
            "an hour",
            "a university",
            "a unique case",
            "a European team",
            "a one-time deal",
            "a U-turn",
            "an FBI agent",
            "a UN official",
            "an MBA",
            "an 8-year-old",
            "a 100-metre race",
            "an 11-point lead",
            "an 18th-century house",
            "a historic vote",
            "an historic vote",
            "a NATO summit",
            "an unidentified man",
            "an utter failure",
            "an honour",
            "a hotel",
            "an hotel",
            "plan A is good",
            "Vitamin A and B",
            "a/an",
            "a user",
            "a eulogy",
            "an X-ray",
            "an 80-year-old",
            "an 800-page book",
            "a 1,000-page book",
        ] {
            assert!(flagged(good, &r).is_empty(), "{good}");
        }
    }

    #[test]
    fn numbers_are_read_aloud() {
        assert_eq!(number_sound("8"), Sound::Vowel);
        assert_eq!(number_sound("11"), Sound::Vowel);
        assert_eq!(number_sound("18"), Sound::Vowel);
        assert_eq!(number_sound("11000"), Sound::Vowel);
        assert_eq!(number_sound("110"), Sound::Consonant);
        assert_eq!(number_sound("1"), Sound::Consonant);
        assert_eq!(number_sound("80"), Sound::Vowel);
    }
}
