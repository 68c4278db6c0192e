//! `people`: the article read against itself, person by person. Names are
//! runs of capitalised words (after titles such as "Mayor" or "Dr."); a run
//! of two or more words names a person, its first form being the spelling.
//! `check = "spelling"` flags a later reference one or two letters off that
//! spelling ("Whitfield" … "Whitfeld said") when it matches no other person;
//! `check = "age"` flags a person whose age is given twice, differently
//! ("Whitfield, 52" … "Whitfield, 53").

use super::phrase::{can_be_name, is_everyday_word};
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::{Applicability, Fix, Related};
use crate::document::Document;
use crate::source::Span;

pub static KIND: KindInfo = KindInfo {
    name: "people",
    summary: "the people an article names, read against itself: one spelling and one age per person",
    params: &[(
        "check",
        "`spelling` (a name a letter or two off a person named in full, fixable) or `age` (a person's age given twice, differently)",
    )],
    vars: &[
        ("match", "the name or age found"),
        ("name", "the person's name as first written in full"),
        ("spelling", "the surname as first written (spelling)"),
        ("first", "the age given first"),
    ],
    build,
    honours_sic: true,
};

/// Words that begin the names of places and bodies, not of people.
const PLACE_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "new",
    "san",
    "santa",
    "los",
    "las",
    "saint",
    "st",
    "fort",
    "mount",
    "lake",
    "port",
    "great",
    "upper",
    "lower",
    "central",
    "united",
    "royal",
    "national",
    "university",
    "college",
    "city",
    "county",
    "state",
    "republic",
    "kingdom",
    "democratic",
];

/// Titles and honorifics that stand before a name and are not part of it.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "mayor",
    "president",
    "councilman",
    "councilwoman",
    "councillor",
    "councilor",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "judge",
    "justice",
    "coach",
    "chief",
    "officer",
    "detective",
    "sgt",
    "sergeant",
    "lt",
    "lieutenant",
    "gen",
    "general",
    "capt",
    "captain",
    "col",
    "colonel",
    "minister",
    "premier",
    "chancellor",
    "secretary",
    "sheriff",
    "pastor",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "king",
    "queen",
    "prince",
    "princess",
    "sir",
    "dame",
    "lord",
    "lady",
    "dean",
    "superintendent",
    "commissioner",
    "trustee",
    "principal",
    "chairman",
    "chairwoman",
    "inspector",
    "constable",
    "bishop",
    "rabbi",
    "imam",
    "ambassador",
    "deputy",
    "director",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Spelling,
    Age,
}

struct People {
    which: Which,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let which = match spec.check.as_ref().map(|c| (c.as_ref().as_str(), c.span())) {
        Some(("spelling", _)) => Which::Spelling,
        Some(("age", _)) => Which::Age,
        Some((other, span)) => {
            return Err(PackError::at(
                span,
                format!("unknown `check` value `{other}`: use `spelling` or `age`"),
            ));
        }
        None => return Err(PackError::at(spec.id.span(), "kind `people` needs `check`")),
    };
    Ok(Box::new(People { which }))
}

/// A run of capitalised words naming someone (titles left out).
struct Mention {
    /// The name's words, as written, without a possessive 's.
    words: Vec<String>,
    /// Source span of each word (possessive left out).
    spans: Vec<Span>,
    /// Text right after the run in its block, for an age (", 52,").
    age: Option<(u32, Span)>,
}

impl Mention {
    fn span(&self) -> Span {
        Span::new(self.spans[0].start, self.spans[self.spans.len() - 1].end)
    }

    fn full(&self) -> String {
        self.words.join(" ")
    }
}

/// A word that may be part of a name: capitalised, letters only (an
/// apostrophe inside: O'Brien), not all capitals unless one letter.
fn is_name_word(word: &str) -> bool {
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

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// Whether a name word could be a given name or surname rather than an
/// everyday word written with a capital ("City", "New", "Council").
fn name_like(word: &str) -> bool {
    can_be_name(&word.to_lowercase())
}

fn mentions(doc: &Document, cx: &Context) -> Vec<Mention> {
    let mut out = Vec::new();
    for (_, block) in cx.blocks(doc) {
        let text = block.text();
        for sentence in doc.block_sentences(block) {
            let words = &doc.words[sentence.words.clone()];
            let mut i = 0;
            while i < words.len() {
                let w = &text[words[i].range.clone()];
                if !is_name_word(w) || words[i].placeholder {
                    i += 1;
                    continue;
                }
                // The run: name words joined by a space, a hyphen, or the
                // period of an initial ("John F. Kennedy").
                let start = i;
                let mut end = i + 1;
                while end < words.len() && is_name_word(&text[words[end].range.clone()]) {
                    let gap = &text[words[end - 1].range.end..words[end].range.start];
                    let prev = &text[words[end - 1].range.clone()];
                    let initial = prev.chars().count() == 1 && gap == ". ";
                    if gap != " " && gap != "-" && !initial {
                        break;
                    }
                    end += 1;
                }
                let mut first = start;
                // Titles before the name, and a common word that is only
                // capitalised because it starts the sentence.
                while first < end {
                    let lower = text[words[first].range.clone()].to_lowercase();
                    let lower = lower.trim_end_matches('.');
                    // "Young and new faces…": an everyday word alone at the
                    // start of a sentence is that word, not a name.
                    let common_start = first == 0
                        && (!name_like(lower) || (end - first == 1 && is_everyday_word(lower)));
                    if TITLES.contains(&lower) || common_start {
                        first += 1;
                    } else {
                        break;
                    }
                }
                if first < end {
                    let mut names = Vec::new();
                    let mut spans = Vec::new();
                    for word in &words[first..end] {
                        let written = &text[word.range.clone()];
                        let name = strip_possessive(written);
                        names.push(name.to_string());
                        let r = word.range.start..word.range.start + name.len();
                        spans.push(block.prose.to_source(r));
                    }
                    let after = &text[words[end - 1].range.end..];
                    let age = age_after(after).map(|(age, r)| {
                        let base = words[end - 1].range.end;
                        (age, block.prose.to_source(base + r.start..base + r.end))
                    });
                    out.push(Mention {
                        words: names,
                        spans,
                        age,
                    });
                }
                i = end;
            }
        }
    }
    out
}

/// An age in apposition right after a name: ", 52," or ", 52." (1 to 3
/// digits, then a comma, period, semicolon or the end). Returns the age
/// and its range in `after`.
fn age_after(after: &str) -> Option<(u32, std::ops::Range<usize>)> {
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
fn near(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a.starts_with(&b) || b.starts_with(&a) {
        return false;
    }
    let len = a.chars().count().min(b.chars().count());
    let d = strsim::damerau_levenshtein(&a, &b);
    d > 0 && ((len >= 5 && d == 1) || (len >= 8 && d == 2))
}

impl Check for People {
    fn fix(&self) -> Option<Applicability> {
        (self.which == Which::Spelling).then_some(Applicability::Unsafe)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let all = mentions(doc, cx);
        // People: names of two words or more, first form first.
        let people: Vec<&Mention> = all
            .iter()
            .filter(|m| {
                m.words.len() >= 2
                    && m.words.iter().all(|w| name_like(w))
                    && !PLACE_WORDS.contains(&m.words[0].to_lowercase().as_str())
            })
            .collect();
        match self.which {
            Which::Spelling => check_spelling(&all, &people, cx),
            Which::Age => check_age(&all, &people, cx),
        }
    }
}

fn check_spelling(all: &[Mention], people: &[&Mention], cx: &mut Context) {
    let last = |p: &Mention| p.words.last().cloned().unwrap_or_default();
    for m in all {
        let word = last(m);
        let at = m.span();
        let candidates: Vec<&&Mention> = if m.words.len() == 1 {
            // A name alone ("Whitfeld said"): flagged only if it is no
            // word of anyone named in full.
            if !name_like(&word) || people.iter().any(|p| p.words.contains(&word)) {
                continue;
            }
            people.iter().filter(|p| near(&word, &last(p))).collect()
        } else {
            // A full name whose first name is an earlier person's and whose
            // surname is a letter off theirs ("Karen Whitfeld").
            if people.iter().any(|p| p.span() != at && last(p) == word) {
                continue;
            }
            people
                .iter()
                .filter(|p| p.span().start < at.start)
                .filter(|p| p.words.first() == m.words.first() && near(&word, &last(p)))
                .collect()
        };
        let mut spellings: Vec<String> = candidates.iter().map(|p| last(p)).collect();
        spellings.sort();
        spellings.dedup();
        let ([canonical], Some(person)) = (spellings.as_slice(), candidates.first()) else {
            continue;
        };
        let name = person.full();
        let span = m.spans[m.spans.len() - 1];
        let vars = [
            ("match", word.as_str()),
            ("name", name.as_str()),
            ("spelling", canonical.as_str()),
            ("first", ""),
        ];
        let mut finding = Finding::new(span, &vars);
        finding.related.push(Related {
            span: person.span(),
            message: format!("first written `{name}` here"),
        });
        finding.fix = Some(Fix::replace(span, canonical.clone(), Applicability::Unsafe));
        cx.report(finding);
    }
}

fn check_age(all: &[Mention], people: &[&Mention], cx: &mut Context) {
    // (person's full name, age, span) in order of appearance.
    let mut seen: Vec<(String, u32, Span)> = Vec::new();
    for m in all {
        let Some((age, span)) = m.age else {
            continue;
        };
        let last = m.words.last().expect("a name has a word");
        let owners: Vec<&&Mention> = people
            .iter()
            .filter(|p| p.words.last() == Some(last))
            .collect();
        let full = match (m.words.len(), owners.as_slice()) {
            (n, _) if n >= 2 => m.full(),
            (_, [one]) => one.full(),
            // Unknown or shared surname: whose age it is, is unclear.
            _ => continue,
        };
        if let Some((_, first, at)) = seen.iter().find(|(n, _, _)| *n == full) {
            if *first != age {
                let first_text = first.to_string();
                let age_text = age.to_string();
                let vars = [
                    ("match", age_text.as_str()),
                    ("name", full.as_str()),
                    ("spelling", ""),
                    ("first", first_text.as_str()),
                ];
                let mut finding = Finding::new(span, &vars);
                finding.related.push(Related {
                    span: *at,
                    message: format!("given as {first} here"),
                });
                cx.report(finding);
            }
        } else {
            seen.push((full, age, span));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fixed, flagged, rule};

    const STORY: &str = "Mayor Karen Whitfield, 52, said the council would approve the park on Monday.\n\n\"We have waited long enough,\" Whitfeld said after the vote.\n\nWhitfield, 53, has served two terms. Councilman Robert Alvarez voted against the plan. Alverez said the cost was too high.\n";

    #[test]
    fn a_name_a_letter_off_is_flagged_and_fixed() {
        let r = rule("people", "check = 'spelling'");
        assert_eq!(flagged(STORY, &r), ["Whitfeld", "Alverez"]);
        assert!(fixed(STORY, &r).contains("\"We have waited long enough,\" Whitfield said"));
    }

    #[test]
    fn an_age_given_twice_differently_is_flagged() {
        let r = rule("people", "check = 'age'");
        assert_eq!(flagged(STORY, &r), ["53"]);
    }

    #[test]
    fn different_people_and_names_left_alone() {
        let spelling = rule("people", "check = 'spelling'");
        let age = rule("people", "check = 'age'");
        for text in [
            // Two people with similar names, both introduced in full.
            "Ann Leeson spoke first. Anne Leason spoke next. Leeson and Leason disagreed.",
            // Spouses sharing a surname; a middle initial; honorifics; possessives.
            "Karen Whitfield and her husband, Tom Whitfield, voted. John F. Kennedy and John Kennedy. Ms. Whitfield's plan. Dr. Whitfield spoke.",
            // Ages of two people with the same surname.
            "Karen Whitfield, 52, and Tom Whitfield, 54, voted. Whitfield, 52, spoke.",
            // Short names: too alike to judge.
            "Li Jiajun met Yan Hua and Yao Zhi. Li said Yao agreed.",
            // Everyday capitalised words, places and their adjectives.
            "The City Council met. Council members said the City would pay.",
            "South Australia voted. Australian voters agreed. Young and new faces won.",
        ] {
            assert!(
                flagged(text, &spelling).is_empty(),
                "{text}: {:?}",
                flagged(text, &spelling)
            );
            assert!(
                flagged(text, &age).is_empty(),
                "{text}: {:?}",
                flagged(text, &age)
            );
        }
    }
}
