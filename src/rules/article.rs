//! `article`: "a" or "an" chosen by the sound of the next word, not its
//! first letter: an hour, an honest man, a university, a one-time deal,
//! a U-turn, an FBI agent, a NATO summit, an 8-year-old, a 100-metre race.
//! Where usage is divided (a/an historic) both are accepted.

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec, match_case};
use crate::diagnostic::Applicability;
use crate::document::{Document, Word};
use crate::lang::case::with_lowercase;
use crate::lang::pronounce::{Sound, may_sound_vowel, sound_of_lowered};

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
                        || next.placeholder()
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
                    // "a" is wrong only before a vowel sound, which most
                    // words after it cannot have.
                    if !wants_an && !may_sound_vowel(word) {
                        continue;
                    }
                    let after = &text[next.range().end..];
                    // The word lowercased once, on the stack, for its sound
                    // and, when the article is wrong, the accepted words.
                    let needed = with_lowercase(word, |lower| {
                        let needed = match sound_of_lowered(word, lower, after) {
                            Sound::Vowel if !wants_an => "an",
                            Sound::Consonant if wants_an => "a",
                            _ => return None,
                        };
                        (!self.accept.iter().any(|w| w == lower)).then_some(needed)
                    });
                    let Some(needed) = needed else {
                        continue;
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
            "They made an bet.",
            "It was a average year.",
            "An reporter asked.",
            "a 800m race",
            "a 18-hole course",
            "a honourable man",
            "an USB stick",
            "A 11-year-old girl won.",
            "It was a odd choice.",
            "an local paper",
            "an BBC reporter",
            "a RSPCA officer",
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
            "She holds an MSc in chemistry.",
            "He filed an FOI request.",
            "Send it to an fbi.gov mailbox.",
            "They quoted an ntl engineer.",
            "It ships as an npm module.",
            "Use an h2 tag here.",
            "It is an Xbox title.",
            "They lost a Uefa Cup tie.",
            "an MoD source",
            "a PhD thesis",
            "an RSPCA officer",
            "a FTSE 100 firm",
            "an MP's office",
            "an nth attempt",
            "a unanimous verdict",
            "an unimaginative plan",
            "an onerous duty",
            "a Xhosa song",
        ] {
            assert!(flagged(good, &r).is_empty(), "{good}");
        }
    }
}
