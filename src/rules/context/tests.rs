//! Tests of the `context` kind: members suggested by the model, names,
//! capitals and correct uses left alone, and packs refused.

use crate::rules::test_support::{flagged, rule};

fn affect() -> crate::rules::Rule {
    rule(
        "context",
        "sets = ['affect/effect', 'affects/effects', 'loose/lose']\nmin-odds = 20",
    )
}

#[test]
fn the_member_that_fits_better_is_suggested() {
    let r = affect();
    assert_eq!(
        flagged("The new law will have an affect on prices.", &r),
        ["affect"]
    );
    assert_eq!(
        flagged("The company could loose money this year.", &r),
        ["loose"]
    );
}

#[test]
fn correct_uses_names_and_capitals_are_left_alone() {
    let r = affect();
    assert!(flagged("The new law will affect prices.", &r).is_empty());
    assert!(flagged("The new law will have an effect on prices.", &r).is_empty());
    assert!(flagged("The screw came loose on Monday.", &r).is_empty());
    assert!(flagged("Officials met Anne Affect on Monday.", &r).is_empty());
    assert!(flagged("THE AFFECT ON PRICES.", &r).is_empty());
}

#[test]
fn a_rule_with_neither_sets_nor_neighbours_is_refused() {
    let err = crate::rules::test_support::build_error("context", "min-odds = 20");
    assert!(err.contains("needs `sets`"), "{err}");
}

#[test]
fn a_set_the_model_cannot_decide_is_refused() {
    let err = crate::rules::test_support::build_error("context", "sets = ['affect/qqqxzy']");
    assert!(err.contains("does not know `qqqxzy`"), "{err}");
    let err = crate::rules::test_support::build_error("context", "sets = ['affect']");
    assert!(err.contains("one member"), "{err}");
    let err = crate::rules::test_support::build_error("context", "sets = ['affect/effect:0']");
    assert!(err.contains("number of 1 or more"), "{err}");
}

/// A one-way pair judges only its first word; a set's own odds replace
/// the rule's.
#[test]
fn one_way_pairs_and_odds_of_a_set_s_own() {
    let one_way = rule("context", "sets = ['loose>lose']\nmin-odds = 20");
    assert_eq!(
        flagged("The company could loose money this year.", &one_way),
        ["loose"]
    );
    // "lose" for "loose": the set both ways judges it, the pair does not.
    let both = rule("context", "sets = ['loose/lose']\nmin-odds = 20");
    let reverse = "The screw came lose on Monday and fell out.";
    assert_eq!(flagged(reverse, &both), ["lose"]);
    assert!(flagged(reverse, &one_way).is_empty());
    let strict = rule("context", "sets = ['loose/lose:1e12']\nmin-odds = 20");
    let text = "The company could loose money this year.";
    assert_eq!(flagged(text, &both), ["loose"]);
    assert!(flagged(text, &strict).is_empty());
}

/// The loops that turn words away before a rule's tests give exactly the
/// words a test of each word in turn gives: a set rule's, the words with
/// a key its index may hold; a number rule's, the words after one whose
/// key may be a determiner's (none for an empty block or a block of one
/// word).
#[test]
fn the_scans_give_the_words_a_word_by_word_test_gives() {
    use super::Positions;
    use super::number::determiner_keys;
    use crate::lang::fnv::word_key;
    use crate::lang::model::words::ListIndex;
    let members = ["affect", "effect", "loose", "lose", "their", "there"];
    let index = ListIndex::new(members.iter().map(|w| w.as_bytes()));
    let words = [
        "affect", "these", "the", "a", "lose", "two", "year", "their", "other", "plan",
    ];
    let mut x: u64 = 7;
    let mut keys: Vec<u32> = Vec::new();
    for _ in 0..500 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let key = match (x >> 33) % 4 {
            0 => 0,
            1 => (x >> 20) as u32,
            _ => word_key(words[(x >> 40) as usize % words.len()].as_bytes()),
        };
        keys.push(key);
    }
    let determiners = determiner_keys();
    for n in [0, 1, 2, 63, 500] {
        let keys = &keys[..n];
        let members: Vec<usize> = Positions::Members(keys, 0, &index).collect();
        let expected: Vec<usize> = (0..n)
            .filter(|&k| keys[k] != 0 && index.may_contain(keys[k]))
            .collect();
        assert_eq!(members, expected, "{n}");
        let after: Vec<usize> = Positions::AfterDeterminer(keys, 1, determiners).collect();
        let expected: Vec<usize> = (1..n)
            .filter(|&k| determiners.may_be(keys[k - 1]))
            .collect();
        assert_eq!(after, expected, "{n}");
        if n == 500 {
            assert!(
                members.len() > 50 && members.len() < 400,
                "{}",
                members.len()
            );
            assert!(after.len() > 50 && after.len() < 400, "{}", after.len());
        }
    }
}

/// The test that leaves a word before its window is built answers what
/// the window's own test answers (`Window::seen_beside`): for every word
/// of sentences of common words and breaks, in each position, and for
/// words the model has seen beside the neighbours and words it has not.
#[test]
fn the_test_before_the_window_is_the_windows_own() {
    use crate::lang::model::english;
    use crate::lang::model::score::{BREAK, Window};
    let m = english();
    let id = |w: &str| m.id(w).expect("a word of the model");
    let (open, close) = m.marks();
    let words = [
        "the",
        "of",
        "off",
        "said",
        "council",
        "counsel",
        "their",
        "there",
        "plan",
        "was",
        "a",
        "week",
        "weak",
        "to",
        "too",
        "xylophone",
    ];
    let ids: Vec<u32> = words.iter().map(|w| id(w)).collect();
    let mut sentences = Vec::new();
    for start in 0..ids.len() {
        // Every word, with a break in some of them.
        let mut s: Vec<u32> = (0..7)
            .map(|k| ids[(start * 5 + k * 3) % ids.len()])
            .collect();
        if start % 3 == 0 {
            s[start % 7] = BREAK;
        }
        sentences.push(s);
    }
    let (mut seen, mut unseen) = (0, 0);
    m.with_lookups(|lk| {
        for s in &sentences {
            let toks: Vec<u32> = [open]
                .into_iter()
                .chain(s.iter().copied())
                .chain([close])
                .collect();
            for i in 1..toks.len() - 1 {
                let at = |j: Option<usize>| j.and_then(|j| toks.get(j)).copied().unwrap_or(BREAK);
                let window = [
                    at(i.checked_sub(2)),
                    at(i.checked_sub(1)),
                    toks[i],
                    at(Some(i + 1)),
                    at(Some(i + 2)),
                ];
                let full = Window::new(m, &toks, i);
                for &x in &ids {
                    let expected = full.seen_beside(lk, x).is_some();
                    assert_eq!(
                        super::beside_either(lk, &window, x),
                        expected,
                        "{s:?} {i} {x}"
                    );
                    seen += usize::from(expected);
                    unseen += usize::from(!expected);
                }
            }
        }
    });
    assert!(seen > 100 && unseen > 100, "{seen} seen, {unseen} not");
}
