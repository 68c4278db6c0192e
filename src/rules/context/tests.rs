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
