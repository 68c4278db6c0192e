//! Precision of the usage and core rules on correct copy (issue 32): the
//! article before initialisms, acronyms and numbers said aloud, modal verbs
//! used as nouns, doubled words that are right, and acronyms defined after
//! initials with periods, in sentences written for these tests, in .txt,
//! .md and .html; and the slips of the same shapes still caught.

use serde_json::Value;

use crate::support::{check_json, in_three_formats, temp_tree};

/// The findings of `rule` in the story `name`: (byte offset, text found,
/// the first fix's replacement).
fn found(rule: &str, name: &str, story: &str, args: &[&str]) -> Vec<(usize, String, String)> {
    let dir = temp_tree(&[(name, story.as_bytes())]);
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    all.push(name);
    let (_, json) = check_json(dir.path(), &all);
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d: &&Value| d["rule"] == rule)
        .map(|d| {
            let (s, e) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            let fix = d["fix"]["edits"][0]["replacement"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            (s, story[s..e].to_string(), fix)
        })
        .collect()
}

/// Each sentence, in every format, draws no finding of `rule`.
fn passes(rule: &str, sentences: &[&str], args: &[&str]) {
    for sentence in sentences {
        for (name, story) in in_three_formats(sentence) {
            let got = found(rule, name, &story, args);
            assert!(got.is_empty(), "{rule} in {name}: {sentence}: {got:?}");
        }
    }
}

/// Each (sentence, where, text found, fix): in every format, `rule` reports
/// `text found` at the start of `where` in the sentence, with `fix` if one
/// is given.
fn caught(rule: &str, cases: &[(&str, &str, &str, &str)], args: &[&str]) {
    for &(sentence, at, text, fix) in cases {
        for (name, story) in in_three_formats(sentence) {
            let offset = story.find(at).expect("the place is in the story");
            let got = found(rule, name, &story, args);
            assert!(
                got.iter()
                    .any(|(s, t, f)| *s == offset && t == text && (fix.is_empty() || f == fix)),
                "{rule} in {name}: {sentence}: {got:?}"
            );
        }
    }
}

#[test]
fn a_an_follows_how_initialisms_acronyms_and_numbers_are_said() {
    passes(
        "a-an",
        &[
            "She earned an MSc in marine biology last year.",
            "An FBI field office confirmed the arrest.",
            "Complaints went to an fbi.gov inbox within hours.",
            "The statement came from an ntl press officer.",
            "The library is published as an npm module.",
            "Each page opens with an h2 title.",
            "The game was launched as an Xbox exclusive.",
            "The club suffered a Uefa Cup defeat in Lisbon.",
            "Ministers met at a Nato summit and a Unesco forum.",
            "It was an 18-month inquiry and an 8% rise.",
            "The team won an 800m final after an 11-hour wait.",
            "A unanimous vote followed an honest debate.",
            "He spoke for an hour to a university panel.",
        ],
        &[],
    );
}

#[test]
fn a_an_still_catches_the_wrong_article() {
    caught(
        "a-an",
        &[
            ("The council made an bid for the land.", "an bid", "an", "a"),
            (
                "The fund posted a annual return of 5%.",
                "a annual",
                "a",
                "an",
            ),
            (
                "An reporter for the paper declined to comment.",
                "An reporter",
                "An",
                "A",
            ),
            (
                "The bank expects a 800m loss this year.",
                "a 800m",
                "a",
                "an",
            ),
            (
                "The play closed after a 11-week run.",
                "a 11-week",
                "a",
                "an",
            ),
            ("He was made a honorary citizen.", "a honorary", "a", "an"),
            ("The firm was sold to an US investor.", "an US", "an", "a"),
            ("A 18-year-old man was charged.", "A 18", "A", "An"),
            ("Critics called it a awful film.", "a awful", "a", "an"),
            ("It is an traditional dish.", "an traditional", "an", "a"),
        ],
        &[],
    );
}

#[test]
fn a_modal_used_as_a_noun_is_not_a_mishearing() {
    passes(
        "modal-of",
        &[
            "Small shops cannot match the financial might of the big chains.",
            "It shows the economic might of the region.",
            "The ruling bowed to the will of the voters.",
            "A trip to the castle is a must of any visit.",
            "She felt the full might of the law.",
        ],
        &[],
    );
    caught(
        "modal-of",
        &[
            ("They could of won the match.", "of won", "of", "have"),
            ("He might of gone to the station.", "of gone", "of", "have"),
            ("You should of known better.", "of known", "of", "have"),
        ],
        &[],
    );
}

#[test]
fn doubles_that_are_right_are_not_repeated_words() {
    passes(
        "repeated-word",
        &[
            "Their campaign collapsed in in-fighting over money.",
            "Thieves took the paintings in a break-in in 2003.",
            "Add to this this new tax on sugar.",
            "He said that that proposal was dead.",
            "The retired law lord Lord Hope dissented.",
            "Crowds waited for the Pope Pope Leo.",
        ],
        &[],
    );
    caught(
        "repeated-word",
        &[
            (
                "The report blamed the the council.",
                "the the",
                "the the",
                "",
            ),
            ("The the results came late.", "The the", "The the", ""),
            ("It was a matter of of time.", "of of", "of of", ""),
            (
                "Their mutual hostility hostility grew.",
                "hostility hostility",
                "hostility hostility",
                "",
            ),
        ],
        &[],
    );
}

#[test]
fn initials_with_periods_spell_an_acronym() {
    let news = ["--enable", "news-style"];
    passes(
        "acronym-defined",
        &["The U.S. Fish and Wildlife Service (USFWS) listed the frog. USFWS staff agreed."],
        &news,
    );
    caught(
        "acronym-defined",
        &[(
            "The U.S. Forest Service (USFA) closed the trail.",
            "USFA",
            "USFA",
            "",
        )],
        &news,
    );
}

/// `a-with-plural`: an article or "every" before a plural
/// that ends its phrase, in every format; a plural modifier, a possessive
/// plural, a noun plural only in form and "Q&A" are left alone.
#[test]
fn a_word_that_counts_one_before_a_plural() {
    caught(
        "a-with-plural",
        &[
            (
                "Tickets went on sale at a kiosks by the gate.",
                "kiosks",
                "kiosks",
                "",
            ),
            ("The fare rose to 40 cents a rides.", "rides", "rides", ""),
            (
                "The audit came as a results of the leak.",
                "results",
                "results",
                "",
            ),
        ],
        &[],
    );
    passes(
        "a-with-plural",
        &[
            "She joined a sales team and bought a sports car.",
            "He heads a parents' group and ran a Q&A sessions panel.",
            "It was a series of delays and a means to an end.",
            "The buses run every few minutes.",
            "One of the witnesses came forward, and one goes home today.",
        ],
        &[],
    );
}
