//! `capitalization`: headlines and headings in the house case — AP or
//! Chicago title case, or sentence case. Acronyms, words with inner capitals
//! (iPhone, McDonald), words with digits and listed exceptions are kept as
//! written; in sentence case, words the article itself capitalises in
//! running text are taken for names and kept too.

use foldhash::{HashSet, HashSetExt};

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Document, Word};
use crate::lang::dictionary::in_dictionary;
use crate::lang::lexicon::can_be_nominal;

params! {
    /// The parameters of this kind.
    struct Params {
        /// `ap-title` (default), `chicago-title` or `sentence`
        case: Option<Spanned<String>>,
        /// words always written as given (brand names, names)
        exceptions: Option<Spanned<Vec<String>>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "capitalization",
    summary: "a headline or heading not in the house case; fixable (unsafe)",
    params: Params::DOCS,
    vars: &[
        ("fixed", "the heading in the house case"),
        ("case", "the case's name"),
    ],
    build,
    honours_sic: false,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    ApTitle,
    ChicagoTitle,
    Sentence,
}

struct Capitalization {
    case: Case,
    exceptions: Vec<String>,
}

/// Words AP lowercases in titles unless first or last: articles,
/// conjunctions and prepositions of up to three letters.
const AP_MINOR: &[&str] = &[
    "a", "an", "and", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "so", "the", "to",
    "up", "yet", "as", "off", "out", "per", "via",
];

/// Chicago lowercases all prepositions, whatever their length.
const CHICAGO_MINOR: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "but",
    "for",
    "nor",
    "or",
    "so",
    "yet",
    "as",
    "at",
    "by",
    "in",
    "of",
    "off",
    "on",
    "out",
    "per",
    "to",
    "up",
    "via",
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "among",
    "around",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "between",
    "beyond",
    "despite",
    "down",
    "during",
    "except",
    "from",
    "inside",
    "into",
    "like",
    "near",
    "onto",
    "outside",
    "over",
    "past",
    "since",
    "through",
    "throughout",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "upon",
    "with",
    "within",
    "without",
];

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let case = match p.case.as_ref().map(|c| c.as_ref().as_str()) {
        None | Some("ap-title") => Case::ApTitle,
        Some("chicago-title") => Case::ChicagoTitle,
        Some("sentence") => Case::Sentence,
        Some(other) => {
            let span = p.case.as_ref().expect("matched a value").span();
            return Err(PackError::at(
                span,
                format!("unknown case `{other}`: use `ap-title`, `chicago-title` or `sentence`"),
            ));
        }
    };
    let exceptions = p
        .exceptions
        .as_ref()
        .map(|e| e.as_ref().clone())
        .unwrap_or_default();
    Ok(Box::new(Capitalization { case, exceptions }))
}

impl Capitalization {
    fn case_name(&self) -> &'static str {
        match self.case {
            Case::ApTitle => "AP title case",
            Case::ChicagoTitle => "Chicago title case",
            Case::Sentence => "sentence case",
        }
    }

    /// How `word` is written in this case, or `None` to keep it as it is.
    fn cased(&self, word: &str, first: bool, last: bool, name: bool) -> Option<String> {
        if let Some(exception) = self
            .exceptions
            .iter()
            .find(|e| e.eq_ignore_ascii_case(word))
        {
            return Some(exception.clone());
        }
        let letters: Vec<char> = word.chars().collect();
        let inner_capital = letters.iter().skip(1).any(|c| c.is_uppercase())
            && letters.iter().any(|c| c.is_lowercase());
        let acronym = letters.len() > 1 && letters.iter().all(|c| !c.is_lowercase());
        if inner_capital
            || acronym
            || letters.iter().any(char::is_ascii_digit)
            || !letters[0].is_alphabetic()
        {
            return None;
        }
        let lower = word.to_lowercase();
        let capital = capitalise(&lower);
        Some(match self.case {
            Case::Sentence if first => capital,
            Case::Sentence if name => return None,
            Case::Sentence => lower,
            _ if first || last => capital,
            Case::ApTitle if AP_MINOR.contains(&lower.as_str()) => lower,
            Case::ChicagoTitle if CHICAGO_MINOR.contains(&lower.as_str()) => lower,
            _ => capital,
        })
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Words the article capitalises inside sentences of its running text:
/// names, for sentence case.
fn names_in_body(doc: &Document) -> HashSet<String> {
    let mut names = HashSet::new();
    for sentence in doc
        .sentences
        .iter()
        .filter(|s| doc.blocks[s.block()].kind.is_body())
    {
        let block = doc.blocks[sentence.block()].text();
        for word in doc.words[sentence.words()].iter().skip(1) {
            let text = &block[word.range()];
            if text.chars().next().is_some_and(char::is_uppercase) {
                names.insert(text.to_string());
            }
        }
    }
    names
}

/// Which words of a headline are names, for sentence case: a capitalised
/// word the article capitalises in its running text too, or one that is no
/// everyday English word (Chomsky, September, Canadian), and a capitalised
/// word beside one of those (Christopher *Hill*, *Frank* Messina, *Cyclone*
/// Phailin, *Plains* of Arafat) if it can be a noun or an adjective and is
/// not an article, conjunction or short preposition.
fn names_in_headline(doc: &Document, words: &[&Word], body: &HashSet<String>) -> Vec<bool> {
    let capitalised: Vec<bool> = words
        .iter()
        .map(|w| {
            doc.word_text(w)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .collect();
    let named: Vec<bool> = words
        .iter()
        .zip(&capitalised)
        .map(|(w, &cap)| {
            let text = doc.word_text(w);
            let stem = text
                .strip_suffix("'s")
                .or_else(|| text.strip_suffix("’s"))
                .unwrap_or(text);
            // A lone capital is an initial or part of one (J. K. Rowling,
            // U.S.), except the article.
            let initial = text.chars().count() == 1 && text != "A";
            cap && (initial || body.contains(text) || !in_dictionary(&stem.to_lowercase()))
        })
        .collect();
    (0..words.len())
        .map(|i| {
            let lower = doc.word_text(words[i]).to_lowercase();
            let minor = AP_MINOR.contains(&lower.as_str());
            named[i]
                || capitalised[i]
                    && !minor
                    && can_be_nominal(&lower)
                    && (i.checked_sub(1).is_some_and(|p| named[p])
                        || named.get(i + 1).copied().unwrap_or(false)
                        // "Plains of Arafat", "Church of Scientology": a
                        // capitalised noun before a lowercase "of" and a name.
                        || words.get(i + 1).is_some_and(|w| doc.word_text(w) == "of")
                            && named.get(i + 2).copied().unwrap_or(false))
        })
        .collect()
}

impl Check for Capitalization {
    fn fix(&self) -> Option<Applicability> {
        Some(Applicability::Unsafe)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let names = if self.case == Case::Sentence {
            names_in_body(doc)
        } else {
            HashSet::new()
        };
        // A headline given twice (front matter `title:` and the first `#`
        // heading) is one headline: judged once.
        let mut seen: Vec<&str> = Vec::new();
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            if seen.contains(&text.trim()) {
                continue;
            }
            seen.push(text.trim());
            let words = &doc.words[block.words()];
            let real: Vec<_> = words.iter().filter(|w| !w.placeholder()).collect();
            let mut edits = Vec::new();
            let mut fixed = String::with_capacity(text.len());
            let mut last_end = 0;
            let name = if self.case == Case::Sentence {
                names_in_headline(doc, &real, &names)
            } else {
                vec![false; real.len()]
            };
            for (i, word) in real.iter().enumerate() {
                let written = doc.word_text(word);
                // A word after a colon starts a new title part.
                let after_colon = text[..word.range().start]
                    .trim_end()
                    .ends_with([':', '—', '–']);
                let first = i == 0 || after_colon;
                let last = i + 1 == real.len();
                fixed.push_str(&text[last_end..word.range().start]);
                let wanted = self.cased(written, first, last, name[i]);
                match wanted {
                    Some(w) if w != written => {
                        if let Some(span) = block.prose.to_source_exact(word.range()) {
                            edits.push(Edit {
                                span,
                                replacement: w.clone(),
                            });
                        }
                        fixed.push_str(&w);
                    }
                    _ => fixed.push_str(written),
                }
                last_end = word.range().end;
            }
            fixed.push_str(&text[last_end..]);
            if fixed == text {
                continue;
            }
            let fixed = fixed.trim().to_string();
            let vars = [("fixed", fixed.as_str()), ("case", self.case_name())];
            let mut finding = Finding::new(block.trimmed_span(), &vars);
            if !edits.is_empty() {
                finding.fix = Some(Fix {
                    edits,
                    applicability: Applicability::Unsafe,
                });
            }
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fixed, flagged, rule};

    fn ap() -> crate::rules::Rule {
        rule(
            "capitalization",
            "case = 'ap-title'\nscope = ['title', 'heading']\nexceptions = ['iPhone']",
        )
    }

    #[test]
    fn ap_title_case() {
        let r = ap();
        assert_eq!(
            fixed("the Dangers Of Hiking Without Proper Shoes\n", &r),
            "The Dangers of Hiking Without Proper Shoes\n"
        );
        assert!(flagged("Tianjin University and Tianjin Medical University Jointly Establish the School of Medical Science\n", &r).is_empty());
        assert!(flagged("NASA Unveils the New iPhone Plan\n", &r).is_empty());
    }

    #[test]
    fn sentence_case_keeps_names_the_article_uses() {
        let r = rule(
            "capitalization",
            "case = 'sentence'\nscope = ['title', 'heading']",
        );
        let text = "Council Approves New Budget for Tianjin\n\nThe council in Tianjin met on Monday. It approved the budget.\n";
        assert_eq!(
            fixed(text, &r),
            text.replacen(
                "Council Approves New Budget",
                "Council approves new budget",
                1
            )
        );
    }

    #[test]
    fn sentence_case_keeps_words_that_are_no_everyday_word_and_their_neighbours() {
        let r = rule(
            "capitalization",
            "case = 'sentence'\nscope = ['title', 'heading']",
        );
        // Names, months and nationalities are no everyday lowercase word;
        // Hill beside Christopher is part of a name.
        for headline in [
            "Interview with philosopher Noam Chomsky\n\nHe spoke.\n",
            "Tuesday, September 1, 2015\n\nIt rained.\n",
            "A Russian stamp for the games\n\nIt sold out.\n",
            "Wikinews interviews Christopher Hill, U.S. candidate\n\nHe spoke.\n",
            "The Plains of Arafat on the day of Hajj\n\nPilgrims came for the Hajj.\n",
        ] {
            assert_eq!(fixed(headline, &r), headline, "{headline}");
        }
        assert_eq!(
            fixed("The Plains Of Arafat\n\nPilgrims came.\n", &r),
            "The plains of Arafat\n\nPilgrims came.\n"
        );
    }

    #[test]
    fn chicago_lowercases_long_prepositions() {
        let r = rule(
            "capitalization",
            "case = 'chicago-title'\nscope = ['title']",
        );
        assert_eq!(
            fixed("A Walk Through the Park Near the River\n", &r),
            "A Walk through the Park near the River\n"
        );
    }
}
