//! The context model's confusion sets (issue 10) through the real binary:
//! slips caught, every correct use left alone, names and quotations left
//! alone, `explain`, the fix's applicability and a set of the user's own.

use serde_json::Value;

use crate::support::{check_json, galley, in_three_formats, temp_tree};

/// `(span text, rule, replacement)` of each finding galley reports on `text`.
fn found(text: &str) -> Vec<(String, String, String)> {
    found_in("story.txt", text)
}

/// The same, for `text` as the file `name` (its extension picks the format).
fn found_in(name: &str, text: &str) -> Vec<(String, String, String)> {
    let dir = temp_tree(&[(name, text.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["--no-config", name]);
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d: &Value| {
            let (s, e) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            let replacement = d["fix"]["edits"][0]["replacement"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            (
                text[s..e].to_string(),
                d["rule"].as_str().unwrap().to_string(),
                replacement,
            )
        })
        .collect()
}

/// Slips of the kinds issue 10 names, in sentences written for this test;
/// each is caught at the wrong word with the right suggestion, by the
/// context model, a cue rule or a word pattern.
#[test]
fn slips_are_caught_with_the_word_meant() {
    let cases = [
        ("The company could loose the contract.", "loose", "lose"),
        (
            "Workers will brake ground on the new hall in June.",
            "brake",
            "break",
        ),
        (
            "The students left there books on the bus.",
            "there",
            "their",
        ),
        (
            "The strike could effect the whole economy.",
            "effect",
            "affect",
        ),
        ("The residents where told to leave.", "where", "were"),
        (
            "Nobody knows weather the plan will work.",
            "weather",
            "whether",
        ),
        ("The board voted to except the offer.", "except", "accept"),
        (
            "The company will cut personal costs.",
            "personal",
            "personnel",
        ),
        ("The new hall is larger then the old one.", "then", "than"),
        (
            "Many people lost there homes in the flood.",
            "there",
            "their",
        ),
    ];
    for (sentence, wrong, meant) in cases {
        let hits = found(sentence);
        assert!(
            hits.iter()
                .any(|(span, _, fix)| span == wrong && fix == meant),
            "{sentence}: {hits:?}"
        );
        // One finding per slip, even where a cue rule and the model agree.
        assert_eq!(hits.len(), 1, "{sentence}: {hits:?}");
    }
}

/// The correct use of every word the issue names is left alone.
#[test]
fn correct_uses_are_left_alone() {
    let text = "\
The jacket was too loose, and the team did not want to lose the match.

Readers pore over the results, and staff pour the coffee.

The city council hired legal counsel.

The principal said the principle of fairness matters.

The driver hit the brake before the bridge, and workers will break ground in June.

Their car is over there, and they're waiting inside.

The company said its profits rose, and it's a good year.

Your letter arrived, and you're welcome to visit.

The woman whose car was stolen asked who's in charge.

The storm will affect thousands, and its effect will last.

She will lead the team, as she led it last year.

The hall is larger than the old one, and then the doors opened.

The residents were told where to go.

The weather will decide whether the match goes ahead.

The firm will insure the building and ensure it is safe.

The scarf is a nice complement to the coat, and she paid him a compliment.

The site of the old market is in sight, and the report will cite it.

The rider held the rein, and the queen's reign was long.

Staff morale is low, and the moral of the story is clear.

The company cut personnel costs, and she gave a personal statement.

The train was stationary, and the shop sells stationery.

The officials were discreet, and the data come in discrete steps.

The suspect tried to elude the police, and the speech will allude to the war.

She finished fourth, and the troops went forth.

The board will accept the offer, except for one clause.

The lawyer will advise her client, and the advice was clear.

She held her breath, and she could breathe again.

The room was quiet, and the speech was quite long.
";
    assert_eq!(found(text), Vec::new());
}

#[test]
fn names_capitals_and_quotations_are_left_alone() {
    // The same slip, as a name, in capitals and inside a quotation.
    assert_eq!(
        found("Residents where told to leave."),
        found("Residents where told to leave.")
    );
    assert!(!found("Residents where told to leave.").is_empty());
    for text in [
        "The mayor met Anna Where told reporters on Monday.",
        "RESIDENTS WHERE TOLD TO LEAVE.",
        "She said: \"Residents where told to leave.\"",
    ] {
        let hits: Vec<_> = found(text)
            .into_iter()
            .filter(|(_, rule, _)| {
                ["usage-pairs", "homophones", "one-letter-slips"].contains(&rule.as_str())
            })
            .collect();
        assert!(hits.is_empty(), "{text}: {hits:?}");
    }
}

#[test]
fn explain_shows_the_sets_the_threshold_and_the_model() {
    let dir = temp_tree(&[]);
    let out = galley(dir.path())
        .args(["explain", "usage-pairs", "--no-config"])
        .output()
        .expect("galley runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for needle in [
        "affect/effect",
        "principal/principle",
        "at least 30 times more probable",
        "trigrams",
        "There were many homes",
    ] {
        assert!(text.contains(needle), "no `{needle}` in:\n{text}");
    }
}

/// The sets' fix is unsafe: `--fix` leaves it, `--unsafe-fixes` applies it.
#[test]
fn the_fix_is_applied_only_when_unsafe_fixes_are_asked_for() {
    let text = "The residents where told to leave.\n";
    let dir = temp_tree(&[("story.txt", text.as_bytes())]);
    let run = |args: &[&str]| {
        galley(dir.path())
            .args(["check", "--no-config"])
            .args(args)
            .arg("story.txt")
            .output()
            .expect("galley runs");
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap()
    };
    assert_eq!(run(&["--fix"]), text);
    assert_eq!(
        run(&["--fix", "--unsafe-fixes"]),
        "The residents were told to leave.\n"
    );
}

/// A set of the user's own, in a pack named by galley.toml; a word the model
/// does not know is refused at its place.
#[test]
fn a_set_of_ones_own_in_a_pack() {
    let pack = "[pack]\nname = \"house\"\n\n[[rule]]\nid = \"house-sets\"\nkind = \"context\"\nmessage = \"`{match}` may be a slip for `{replacement}`\"\nsets = [\"lose/loose\"]\nmin-odds = 20\nbad = [\"The company could loose the contract.\"]\ngood = [\"The company could lose the contract.\"]\n";
    let dir = temp_tree(&[
        (
            "galley.toml",
            b"packs = [\"house.toml\"]\ndisable = [\"usage-pairs\", \"loose-lose\"]\n",
        ),
        ("house.toml", pack.as_bytes()),
        ("story.txt", b"The company could loose the contract.\n"),
    ]);
    // A warning: reported, and the run passes unless warnings are denied.
    let (code, json) = check_json(dir.path(), &["story.txt"]);
    assert_eq!(code, 0);
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["house-sets"]);

    let broken = pack.replace("lose/loose", "lose/lqqze");
    std::fs::write(dir.path().join("house.toml"), broken).unwrap();
    let out = galley(dir.path())
        .args(["check", "story.txt"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("house.toml") && err.contains("does not know `lqqze`"),
        "{err}"
    );
}

const CONTEXT_RULES: [&str; 4] = [
    "usage-pairs",
    "homophones",
    "one-letter-slips",
    "real-word-neighbours",
];

/// The slips issue 31 quotes as missed by the bigram model, in sentences
/// written for this test: each is caught by the trigram model at the
/// wrong word, with the word meant as the fix, in every format.
#[test]
fn trigram_model_catches_the_slips_the_bigram_model_missed() {
    let cases = [
        (
            "The company sold it's fleet of trucks to a rival last year.",
            "it's",
            "its",
        ),
        (
            "The principle reason for the delay was the weather.",
            "principle",
            "principal",
        ),
        (
            "The jury heard the evidence in a four-day trail at the crown court.",
            "trail",
            "trial",
        ),
        (
            "He lost control and drove of the road near the bridge.",
            "of",
            "off",
        ),
        (
            "The firm reported a bigger gain then expected in the spring.",
            "then",
            "than",
        ),
        (
            "The mayor paid her a complement on the new library.",
            "complement",
            "compliment",
        ),
        (
            "She is the coach who lead the county to the title last season.",
            "lead",
            "led",
        ),
        (
            "The selectors trust there fitness before the final.",
            "there",
            "their",
        ),
        (
            "The office has a causal dress code on Fridays.",
            "causal",
            "casual",
        ),
        (
            "Quarterly sales rose form $2 million to $3 million.",
            "form",
            "from",
        ),
        (
            "At the far send of the pier stands a lighthouse.",
            "send",
            "end",
        ),
    ];
    for (sentence, wrong, meant) in cases {
        for (name, text) in in_three_formats(sentence) {
            let hits = found_in(name, &text);
            assert!(
                hits.iter().any(|(span, rule, fix)| span == wrong
                    && fix == meant
                    && CONTEXT_RULES.contains(&rule.as_str())),
                "{name}: {sentence}: {hits:?}"
            );
        }
    }
}

/// The correct uses issue 31 quotes as false alarms of the bigram model,
/// in sentences of the same shape written for this test: no context rule
/// flags them, in any format.
#[test]
fn trigram_model_leaves_the_correct_uses_alone() {
    let text = "\
Airlines have been hurt by fare wars on the busiest routes. \
The team did not fare well in the second half. \
He grew up the son of a miner father and a teacher mother. \
Worn tyres make a car harder to brake or steer in the wet. \
Officials said the bank should weather the storm. \
The sprinter tested positive for a banned substance. \
She repeated the feat in the relay a year later. \
The nurses thanked the doctors for their patience. \
The council could not find that sum of money in its budget. \
She came fourth in Athens and third in Beijing. \
Horgan threw an overhead pass to the winger. \
The author wrote about it in the foreword to the manifesto. \
The robot copies the gait of a human walker. \
The scheme aims to close the digital divide in rural areas.";
    for (name, story) in in_three_formats(text) {
        let hits: Vec<_> = found_in(name, &story)
            .into_iter()
            .filter(|(_, rule, _)| CONTEXT_RULES.contains(&rule.as_str()))
            .collect();
        assert!(hits.is_empty(), "{name}: {hits:?}");
    }
}

/// Names, initialisms and numbers around a slip are read as breaks, not
/// as words; a capitalised word is not judged by the general detector
/// inside a sentence, nor at its start when it may be a name.
#[test]
fn names_and_initialisms_are_not_judged_by_the_general_detector() {
    for text in [
        "Jet Ferries ran the night crossing until March.",
        "Tim Barker, an analyst in Leeds, said rents would rise.",
        "Zhong Denghua and Li Jiajun signed the agreement in Tianjin.",
    ] {
        let hits: Vec<_> = found(text)
            .into_iter()
            .filter(|(_, rule, _)| CONTEXT_RULES.contains(&rule.as_str()))
            .collect();
        assert!(hits.is_empty(), "{text}: {hits:?}");
    }
}

/// The general detector's wider reach (issue 31, round 3), in sentences
/// written for this test: a two-letter word, a sentence's capitalised first
/// word that is no name, and a content word for a function word that the
/// words on both sides favour; each caught with the word meant.
#[test]
fn two_letter_words_sentence_starts_and_agreed_function_words_are_judged() {
    let cases = [
        (
            "The council voted lo approve the new budget on Monday.",
            "lo",
            "to",
        ),
        (
            "The minister said en the end that the plan had failed.",
            "en",
            "in",
        ),
        ("Tee council approved the budget on Monday.", "Tee", "The"),
        (
            "Thy council approved the plan after a long debate.",
            "Thy",
            "The",
        ),
        (
            "The doctor was tired hand felt ill after the shift.",
            "hand",
            "and",
        ),
        (
            "The children were asked go paint the fence on Saturday.",
            "go",
            "to",
        ),
    ];
    for (text, wrong, meant) in cases {
        let hits = found(text);
        assert!(
            hits.iter().any(|(span, rule, fix)| span == wrong
                && rule == "real-word-neighbours"
                && fix == meant),
            "{text}: {hits:?}"
        );
    }
}

/// Their correct neighbours: a two-letter word that fits, a capitalised
/// first word that fits or that the lexicon knows as a name ("Sue", one
/// edit from "She"), a content word the words after it were seen with
/// ("cold call"); none is flagged.
#[test]
fn two_letter_words_and_sentence_starts_that_fit_are_left_alone() {
    for text in [
        "The ox pulled the cart along the road.",
        "Sue said the plan had failed.",
        "The board met at 9 am on Monday.",
        "Sue told reporters the plan had failed.",
        "Tee times at the golf club are booked weeks ahead.",
        "Mark the date in your diary.",
        "Rose said the talks were over.",
        "Bill Jones said the vote was close.",
        "Add the flour and stir.",
        "Sales staff cold call new clients each morning.",
        "The sore throat kept her at home.",
    ] {
        let hits: Vec<_> = found(text)
            .into_iter()
            .filter(|(_, rule, _)| CONTEXT_RULES.contains(&rule.as_str()))
            .collect();
        assert!(hits.is_empty(), "{text}: {hits:?}");
    }
}

/// The general detector's findings in a Markdown or plain-text `text`.
fn neighbours_in(name: &str, text: &str) -> Vec<(String, String, String)> {
    found_in(name, text)
        .into_iter()
        .filter(|(_, rule, _)| rule == "real-word-neighbours")
        .collect()
}

/// A two-letter word is judged only before a word the model reads: before
/// a word it lacks, the slot is too bare to judge ("lo" is caught before
/// "approve", above, but not here).
#[test]
fn a_two_letter_word_before_a_word_the_model_cannot_read_is_left_alone() {
    let text = "The council voted lo zqxvb the budget.";
    let hits = neighbours_in("two.txt", text);
    assert!(hits.is_empty(), "{text}: {hits:?}");
}

/// Nor before punctuation: the model reads no comma, so "the rule id, the
/// message" would be judged as "id the" (and `is` suggested).
#[test]
fn a_two_letter_word_before_punctuation_is_left_alone() {
    let text = "Each line of the report gives the rule id, the message and the help text.";
    let hits = neighbours_in("two.txt", text);
    assert!(hits.is_empty(), "{text}: {hits:?}");
    // The same slip between words is still caught.
    let text = "The council voted lo approve the budget on Monday.";
    assert_eq!(neighbours_in("two.txt", text).len(), 1, "{text}");
}

/// Shapes of correct copy in which a word reads as a slip to the trigram
/// model (issue 31, review), each written for this test: a word never
/// suggested where a neighbour repeats it ("from Hanoi to Ho": not "ho"),
/// a sentence's first word set off by a comma (a name in apposition) or
/// that only a name would replace ("Frown said": not "Brown"), a
/// title-case headline, an imperative before its object, a noun before a
/// noun (a compound) and a word inside an identifier.
#[test]
fn names_headlines_imperatives_compounds_and_identifiers_are_left_alone() {
    for (name, text) in [
        (
            "echo.txt",
            "The night train runs from Hanoi to Ho Chi Minh City each day.",
        ),
        (
            "comma.txt",
            "Foo, the bakery owner, said prices would rise.",
        ),
        ("surname.txt", "Frown said the shop would close in May."),
        (
            "headline.md",
            "**Tat Shops Shut As Costs Climb**\n\nThe shops closed.\n",
        ),
        (
            "link.md",
            "[Fork this project](https://example.com/x) to start.\n",
        ),
        ("imperative.txt", "Fork the code and send a patch."),
        (
            "compound.txt",
            "Engineers updated the lane width tables last month.",
        ),
        (
            "identifier.txt",
            "The type object_id holds the key, the engineer said.",
        ),
    ] {
        let hits = neighbours_in(name, text);
        assert!(hits.is_empty(), "{name}: {hits:?}");
    }
}
