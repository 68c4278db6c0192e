//! The usage pack on real sentences: every slip a copy desk fixes daily is
//! caught with its fix, in every text format, and the hard negatives (the
//! right uses of the same words) are left alone.

use crate::support::{byte_range, check_json};

/// (slip, rule, text after `--unsafe-fixes`).
const SLIPS: &[(&str, &str, &str)] = &[
    (
        "He could of gone home.",
        "modal-of",
        "He could have gone home.",
    ),
    ("She should of known.", "modal-of", "She should have known."),
    (
        "It was an university event.",
        "a-an",
        "It was a university event.",
    ),
    ("We waited for a hour.", "a-an", "We waited for an hour."),
    (
        "For all intensive purposes, the vote is over.",
        "intensive-purposes",
        "For all intents and purposes, the vote is over.",
    ),
    ("There is alot of work.", "alot", "There is a lot of work."),
    (
        "Less people voted this year.",
        "less-fewer",
        "Fewer people voted this year.",
    ),
    (
        "Each of the players are ready.",
        "each-of-are",
        "Each of the players is ready.",
    ),
    (
        "The list of demands are long.",
        "list-of-are",
        "The list of demands is long.",
    ),
    (
        "The team had went home.",
        "had-went",
        "The team had gone home.",
    ),
    (
        "They seen the fire from the road.",
        "they-seen",
        "They have seen the fire from the road.",
    ),
    (
        "The mayor will nip it in the butt.",
        "nip-in-the-butt",
        "The mayor will nip it in the bud.",
    ),
    (
        "That is a case and point.",
        "case-and-point",
        "That is a case in point.",
    ),
    (
        "The two are one in the same.",
        "one-in-the-same",
        "The two are one and the same.",
    ),
    (
        "By in large, it worked.",
        "by-in-large",
        "By and large, it worked.",
    ),
    ("She was a shoe-in.", "shoe-in", "She was a shoo-in."),
    (
        "His self-depreciating jokes.",
        "self-depreciating",
        "His self-deprecating jokes.",
    ),
    (
        "It is not wrong per say.",
        "per-say",
        "It is not wrong per se.",
    ),
    (
        "We will make due with less.",
        "make-due",
        "We will make do with less.",
    ),
    (
        "Irregardless, the bill passed.",
        "non-words",
        "Regardless, the bill passed.",
    ),
    (
        "It was supposably safe.",
        "non-words",
        "It was supposedly safe.",
    ),
];

/// Right uses of the same words, which no rule may flag.
const HARD_NEGATIVES: &[&str] = &[
    "The plan could, of course, help.",
    "It could of course fail.",
    "There was less water in the dam this year.",
    "It took less than 10 minutes.",
    "Revenue less expenses was flat.",
    "There is less news from the region.",
    "Each of them has a vote.",
    "One of the people who are here spoke.",
    "A number of people are here.",
    "They had gone home.",
    "He had a bit of luck.",
    "She has an honest face and a university degree.",
    "A one-time payment went to a European bank.",
    "An FBI agent met a UN official and an MBA student.",
    "An 8-year-old won a 100-metre race.",
    "It was a historic day, an historic vote.",
    "Plan A failed.",
    "They saw the fire.",
    "A lot of work remains.",
];

fn write(dir: &std::path::Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

#[test]
fn every_slip_is_caught_and_fixed_in_every_format() {
    for ext in ["txt", "md", "html"] {
        for (slip, rule, fixed) in SLIPS {
            let dir = tempfile::tempdir().unwrap();
            let name = format!("a.{ext}");
            write(dir.path(), &name, &crate::support::in_format(ext, &[slip]));
            let (_, json) = check_json(dir.path(), &["--no-config", &name]);
            let diags = json["diagnostics"].as_array().unwrap();
            let found = crate::support::rule_ids(&json);
            assert!(found.contains(rule), "{ext}: {slip:?}: {found:?}");
            let d = diags.iter().find(|d| d["rule"] == *rule).unwrap();
            assert!(!d["fix"].is_null(), "{ext}: {slip:?} has no fix");
            let text = std::fs::read_to_string(dir.path().join(&name)).unwrap();
            assert!(text[byte_range(d)].chars().any(char::is_alphabetic));

            crate::support::galley(dir.path())
                .args(["check", "--no-config", "--unsafe-fixes", &name])
                .output()
                .unwrap();
            let after = std::fs::read_to_string(dir.path().join(&name)).unwrap();
            assert_eq!(
                after,
                crate::support::in_format(ext, &[fixed]),
                "{ext}: {slip:?}"
            );
        }
    }
}

#[test]
fn the_right_uses_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        &crate::support::in_format("txt", HARD_NEGATIVES),
    );
    let (_, json) = check_json(dir.path(), &["--no-config", "a.txt"]);
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json:#}");
}

#[test]
fn grammar_rules_leave_quoted_speech_alone_but_eggcorns_are_caught_there_too() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "\"We could of won,\" the coach said. \"It was a case and point,\" she said.\n",
    );
    let (_, json) = check_json(dir.path(), &["--no-config", "a.txt"]);
    let rules = crate::support::rule_ids(&json);
    assert_eq!(rules, ["case-and-point"]);
}
