//! Vale's `spelling` rules, with galley's English dictionary (SCOWL,
//! American and British spellings) where Vale loads hunspell's `en_US`.
//! Vale's `filters` skip a word any of them matches, its default filters
//! (camelCase, words ending in capitals, anything but ASCII letters,
//! `_` and `'`) apply unless `custom: true`; the words of the `ignore`
//! files and the vocabulary's accepted terms (`exceptions`) pass. Unlike
//! Vale, galley leaves words with a capital alone ("Tianjin", "iPhone"), as its own spelling rule
//! does: in a sentence they are names, which no dictionary holds.

use regex::Regex;

use super::pattern::{Exceptions, format_message};
use super::{Check, Context, Finding, PackError};
use crate::document::Document;
use crate::lang::dictionary::{in_dictionary, is_latin, known_with_apostrophe};
use crate::vale::Definition;

/// Vale's default filters.
const DEFAULT_FILTERS: [&str; 3] = [r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']"];

struct Spelling {
    filters: Vec<Regex>,
    ignored: foldhash::HashSet<String>,
    exceptions: Exceptions,
    message: String,
}

pub fn spelling(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(build(def)?))
}

fn build(def: &Definition) -> Result<Spelling, PackError> {
    let mut filters = Vec::new();
    for filter in &def.filters {
        filters.push(Regex::new(&filter.text).map_err(|err| {
            PackError::at(filter.span.clone(), format!("invalid filter regex: {err}"))
        })?);
    }
    if !def.custom {
        filters.extend(
            DEFAULT_FILTERS
                .iter()
                .map(|f| Regex::new(f).expect("a valid regex")),
        );
    }
    Ok(Spelling {
        filters,
        ignored: def.ignored.iter().map(|w| w.to_lowercase()).collect(),
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span, &def.origin)?,
        message: def.message.clone(),
    })
}

impl Spelling {
    /// Whether `word` passes: filtered out, a name (any capital: "Tianjin",
    /// "iPhone"), ignored, an
    /// exception or in the dictionary.
    fn passes(&self, word: &str) -> bool {
        self.filters.iter().any(|f| f.is_match(word))
            || word.chars().count() < 2
            || word.chars().any(char::is_uppercase)
            || word.chars().any(char::is_numeric)
            || !is_latin(word)
            || self.ignored.contains(&word.to_lowercase())
            || self.exceptions.matches(word)
            || in_dictionary(word)
            || known_with_apostrophe(word)
    }
}

/// The word Vale's tokenizer sees where galley sees the word at `range`:
/// the text between spaces, its leading and trailing punctuation off
/// ("remark-gfm" where galley has "remark" and "gfm"). Vale's filters
/// read this one.
fn vale_word(text: &str, range: std::ops::Range<usize>) -> &str {
    let start = text[..range.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    text[start..end].trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
}

impl Check for Spelling {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let whole = block.text();
            for sentence in doc.block_sentences(block) {
                for word in &doc.words[sentence.words()] {
                    let text = &whole[word.range()];
                    let chunk = vale_word(whole, word.range());
                    if word.placeholder()
                        || self.filters.iter().any(|f| f.is_match(chunk))
                        || self.passes(text)
                    {
                        continue;
                    }
                    let message = format_message(&self.message, &[text]);
                    let vars = [("message", message.as_str())];
                    cx.report(Finding::new(block.prose.to_source(word.range()), &vars));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vale::Placed;
    use crate::vale::rule::read;

    fn rule(extra: &str, ignored: &[&str], accepted: &[&str]) -> Spelling {
        let mut def = read(&format!(
            "extends: spelling\nmessage: \"Did you really mean '%s'?\"\n{extra}"
        ))
        .unwrap();
        def.ignored = ignored.iter().map(|w| w.to_string()).collect();
        def.exceptions.extend(accepted.iter().map(|a| Placed {
            text: a.to_string(),
            span: 0..0,
        }));
        build(&def).unwrap()
    }

    #[test]
    fn dictionary_words_names_and_acronyms_pass_misspellings_do_not() {
        let r = rule("", &[], &[]);
        for word in [
            "colour", "color", "don't", "Tianjin", "NASA", "iPhone", "e-mail",
        ] {
            assert!(r.passes(word), "{word}");
        }
        for word in ["typpo", "remmark", "finnished"] {
            assert!(!r.passes(word), "{word}");
        }
    }

    #[test]
    fn filters_ignore_files_and_vocabulary_pass_words() {
        let r = rule("filters:\n  - '^gfm$'\n", &["kubectl"], &["(?i)foobaz"]);
        assert!(r.passes("gfm"));
        assert!(r.passes("kubectl"));
        assert!(r.passes("foobaz"));
        assert!(!r.passes("remmark"));
    }

    #[test]
    fn vales_word_is_the_text_between_spaces() {
        let text = "with [remark-gfm](x), and (gfm).";
        let at = |w: &str| {
            let i = text.find(w).unwrap();
            vale_word(text, i..i + w.len())
        };
        assert_eq!(at("gfm]"), "remark-gfm](x");
        assert_eq!(at("remark"), "remark-gfm](x");
        assert_eq!(at("gfm)."), "gfm");
        assert_eq!(at("with"), "with");
    }

    #[test]
    fn custom_drops_the_default_filters() {
        let r = rule("custom: true\n", &[], &[]);
        // Without the default filters a hyphenated word is checked.
        assert!(!r.passes("remmark-gfm"));
        assert!(rule("", &[], &[]).passes("remmark-gfm"));
    }
}
