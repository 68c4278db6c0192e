//! `misspelling`: a word on a list of known misspellings ("recieve",
//! "goverment"), from the typos project's dictionary (crate `typos-dict`,
//! MIT OR Apache-2.0). Precise enough to be on by default: it knows only
//! misspellings, never flags a word merely for being unknown, and leaves
//! capitalised words inside sentences alone (they are names).

use foldhash::HashSet;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, Reads, RuleSpec, match_case};
use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::lang::misspellings::{corrections, maybe_listed, maybe_listed_by_key};

params! {
    /// The parameters of this kind.
    struct Params {
        /// words never reported (names, house spellings)
        exceptions: Option<Spanned<Vec<String>>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "misspelling",
    summary: "a known misspelling of an English word; fixable when there is one correction",
    params: Params::DOCS,
    vars: &[
        ("match", "the word as written"),
        (
            "replacement",
            "the correction, or the corrections joined by \" or \"",
        ),
    ],
    build,
    honours_sic: true,
};

struct Misspelling {
    exceptions: HashSet<String>,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let exceptions = p
        .exceptions
        .as_ref()
        .map(|e| e.as_ref().iter().map(|w| w.to_lowercase()).collect())
        .unwrap_or_default();
    Ok(Box::new(Misspelling { exceptions }))
}

/// Months and weekdays: capitalised wherever they stand.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether `word` (a correction, lowercase) is written with a capital in
/// running text: a month, a weekday, or a word the lexicon knows only as a
/// proper noun (countries, cities: "Philippines").
fn is_always_capitalised(word: &str) -> bool {
    CALENDAR.contains(&word) || crate::lang::lexicon::is_proper_noun_only(word)
}

/// Whether a capitalised word (not the sentence's first) stands next to
/// word `i`: "Feburary Smith" may be a name.
fn name_beside(doc: &Document, words: &[crate::document::Word], i: usize) -> bool {
    let capital = |j: usize| {
        doc.word_text(&words[j])
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    (i > 1 && capital(i - 1)) || (i + 1 < words.len() && capital(i + 1))
}

/// The capitalised words of the document that stand inside a sentence,
/// not at its start: names, by the way they are written.
fn names_inside_sentences<'d>(
    doc: &'d Document<'d>,
    stopped: impl Fn() -> bool,
) -> foldhash::HashSet<&'d str> {
    let mut names = foldhash::HashSet::default();
    for block in doc.blocks.iter().take_while(|_| !stopped()) {
        let text = block.text();
        for sentence in doc.block_sentences(block) {
            for word in doc.words[sentence.words()].iter().skip(1) {
                let written = &text[word.range()];
                if written.chars().next().is_some_and(char::is_uppercase) {
                    names.insert(written);
                }
            }
        }
    }
    names
}

/// Whether the word at `range` of `text` is joined to more letters by a
/// hyphen, or to an HTML character reference (`caf&#233;`, `na&iuml;ve`).
fn is_fragment(text: &str, range: std::ops::Range<usize>) -> bool {
    let before = &text[..range.start];
    let after = &text[range.end..];
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    // The parts after a hyphen ("left-hander"), and a short first part
    // that is a prefix ("mis-selling"); a longer first part is a word of
    // its own ("hazzle-free").
    if before.ends_with('-') && letter(before[..before.len() - 1].chars().next_back())
        || after.starts_with('-')
            && letter(after[1..].chars().next())
            && text[range.clone()].chars().count() < 4
    {
        return true;
    }
    let reference = |s: &str| {
        s.strip_prefix('&').is_some_and(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                .collect();
            !name.is_empty() && rest[name.len()..].starts_with(';')
        })
    };
    reference(&text[range.end..])
        || text[..range.start].ends_with(';')
            && text[..range.start - 1]
                .rfind('&')
                .is_some_and(|at| reference(&text[at..]))
}

impl Check for Misspelling {
    fn fix(&self) -> Option<Applicability> {
        Some(Applicability::Safe)
    }

    fn reads(&self) -> Reads {
        Reads::WORD_KEYS
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let held = cx.shared.word_keys(doc);
        let keys: &[u32] = &held;
        let names = std::cell::OnceCell::new();
        for (_, block) in cx.blocks(doc) {
            // The block's text once, not through each word's block.
            let text = block.text();
            // Asked once of the block: its words then need not be.
            let ascii = text.is_ascii();
            for sentence in doc.block_sentences(block) {
                let words = &doc.words[sentence.words()];
                let keys = &keys[sentence.words()];
                for (i, (word, &key)) in words.iter().zip(keys).enumerate() {
                    // The filter's one bit test first: it turns away
                    // nearly every word of a correct text. Most words have
                    // their key, and so their bit, already (a word with a
                    // key is no placeholder).
                    if key != 0 && ascii && !maybe_listed_by_key(key) {
                        continue;
                    }
                    // Acronyms, short words and words with digits or
                    // apostrophes are not checked.
                    if word.placeholder() || word.range().len() < 3 {
                        continue;
                    }
                    // A word that passed the bit of its key above is
                    // listed, maybe; the others are tested here.
                    let listed = match key {
                        key if key != 0 && ascii => true,
                        key => {
                            let written = &text[word.range()];
                            if key != 0 && written.is_ascii() {
                                maybe_listed_by_key(key)
                            } else {
                                maybe_listed(written)
                            }
                        }
                    };
                    if !listed {
                        continue;
                    }
                    let written = &text[word.range()];
                    if !written.chars().all(char::is_alphabetic)
                        || written.chars().skip(1).any(char::is_uppercase)
                    {
                        continue;
                    }
                    // Part of a hyphenated word ("mis-selling", "left-hander")
                    // or of an HTML character reference left in plain text
                    // ("caf&#233;"): not a word on its own.
                    if is_fragment(block.text(), word.range()) {
                        continue;
                    }
                    // Capitalised inside a sentence, a word is a name unless
                    // it misspells a word that is always capitalised
                    // ("Feburary", "on Wendesday") and no capitalised word
                    // beside it makes it part of a name.
                    // At the start of a sentence, a capitalised word before
                    // another ("Yau Wai-ching said") may be a name too.
                    let first = written.chars().next().unwrap_or(' ');
                    let capitalised = first.is_uppercase()
                        && (i > 0 || words.len() > 1 && name_beside(doc, words, i));
                    if capitalised && name_beside(doc, words, i) {
                        continue;
                    }
                    let Some(fixes) = corrections(written) else {
                        continue;
                    };
                    if capitalised && !fixes.iter().all(|f| is_always_capitalised(f)) {
                        continue;
                    }
                    // Capitalised at the start of a sentence, and written
                    // with its capital inside one elsewhere ("Richard Gere"
                    // … "Gere, 55, said"): a name.
                    if i == 0
                        && first.is_uppercase()
                        && names
                            .get_or_init(|| names_inside_sentences(doc, || cx.stopped()))
                            .contains(written)
                    {
                        continue;
                    }
                    if self.exceptions.contains(&written.to_lowercase()) {
                        continue;
                    }
                    let options: Vec<String> =
                        fixes.iter().map(|f| match_case(written, f)).collect();
                    if options.is_empty() {
                        continue;
                    }
                    // A long list helps no one: the first three, in the
                    // dictionary's order.
                    let mut joined = options
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("` or `");
                    if options.len() > 3 {
                        joined.push_str("` or …`");
                    }
                    let vars = [("match", written), ("replacement", joined.as_str())];
                    let mut finding = Finding::new(block.prose.to_source(word.range()), &vars);
                    // Fix only when there is exactly one correction.
                    if let [only] = options.as_slice() {
                        finding.fix =
                            block.replace_fix(word.range(), only.clone(), Applicability::Safe);
                    }
                    cx.report(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fixed, flagged, rule};

    #[test]
    fn parts_of_words_and_character_references_are_not_words() {
        let r = rule("misspelling", "");
        let text = "The bank admitted mis-selling and the left-hander won at the caf&#233; today.";
        assert!(flagged(text, &r).is_empty(), "{:?}", flagged(text, &r));
        assert_eq!(flagged("Get started hazzle-free.", &r), ["hazzle"]);
    }

    #[test]
    fn a_name_at_the_start_of_a_sentence() {
        let r = rule("misspelling", "");
        assert!(flagged("Yau Wai-ching won the seat.", &r).is_empty());
        assert_eq!(flagged("Recieve the letter.", &r), ["Recieve"]);
    }

    #[test]
    fn known_misspellings_are_fixed() {
        let r = rule("misspelling", "");
        assert_eq!(
            fixed("The goverment will recieve it.", &r),
            "The government will receive it."
        );
        assert_eq!(fixed("Recieve it.", &r), "Receive it.");
    }

    #[test]
    fn capitalised_misspellings_of_always_capitalised_words_are_caught() {
        let r = rule("misspelling", "");
        assert_eq!(
            fixed("The vote is on Feburary 3, not on Wendesday.", &r),
            "The vote is on February 3, not on Wednesday."
        );
        assert_eq!(
            fixed("She flew to the Phillipines.", &r),
            "She flew to the Philippines."
        );
        // Names: beside another capitalised word, or a misspelling of a
        // common word.
        assert!(flagged("They met Feburary Jones.", &r).is_empty());
        assert!(flagged("The coach, Goverment Smith, spoke.", &r).is_empty());
        assert!(flagged("They met Recieve at noon.", &r).is_empty());
    }

    #[test]
    fn names_and_correct_words_pass() {
        let r = rule("misspelling", "exceptions = ['teh']");
        assert!(
            flagged(
                "Zhong Denghua and Li Jiajun signed the agreement in Tianjin.",
                &r
            )
            .is_empty()
        );
        assert!(
            flagged("Teh cat.", &r).is_empty(),
            "exceptions are honoured"
        );
    }
}
