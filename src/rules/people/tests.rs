//! The tests of the people rules: names spelled two ways, ages and titles.

use crate::rules::test_support::{fixed, flagged, rule};

proptest::proptest! {
    /// Two names' hashed keys and word-by-word test agree with the key
    /// they replace: their words joined, word `k` blanked.
    #[test]
    fn names_alike_but_one_word_are_found_as_by_their_joined_words(a in "[AB]{1,2}( [AB]{1,2}){0,2}", b in "[AB]{1,2}( [AB]{1,2}){0,2}", k in 0..3usize) {
        use crate::lang::names::Mention;
        let of = |s: &str| Mention::for_test(s);
        let (a, b) = (of(&a), of(&b));
        let joined = |m: &Mention| m.words().enumerate().map(|(i, w)| if i == k { "\u{0}" } else { w }).collect::<Vec<_>>().join(" ");
        let alike = k < a.len() && joined(&a) == joined(&b);
        proptest::prop_assert_eq!(k < a.len() && super::same_but(&a, &b, k), alike);
        if alike {
            proptest::prop_assert_eq!(super::key_but(&a, k), super::key_but(&b, k));
        }
    }
}

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
fn a_given_name_with_and_without_its_accent_is_flagged_when_both_appear() {
    let r = rule("people", "check = 'spelling'");
    assert_eq!(
        flagged("José García spoke first. Later, Jose García left.", &r),
        ["Jose"]
    );
    assert!(flagged("Jose García spoke first. Later, García left.", &r).is_empty());
}

#[test]
fn surname_before_full_name_title_changes_figures_and_place_names() {
    let first = rule("people", "check = 'first-reference'");
    assert_eq!(
        flagged(
            "Whitfield said yes.\n\nMayor Karen Whitfield spoke.\n",
            &first
        ),
        ["Whitfield"]
    );
    assert!(
        flagged(
            "Mayor Karen Whitfield spoke.\n\nWhitfield said yes.\n",
            &first
        )
        .is_empty()
    );
    let title = rule("people", "check = 'title'");
    assert_eq!(
        flagged(
            "Mayor Karen Whitfield spoke. Later, Councilwoman Whitfield voted.",
            &title
        ),
        ["Whitfield"]
    );
    assert!(
        flagged(
            "Mayor Karen Whitfield spoke. Ms. Whitfield and Mayor Whitfield left.",
            &title
        )
        .is_empty()
    );
    let figures = rule("people", "check = 'figures'");
    assert_eq!(
        flagged(
            "District hires 25 counselors\n\nIt hired 24 counselors.\n",
            &figures
        ),
        ["25 counselors"]
    );
    // The same verb with another figure; an amount, quoted whole.
    assert_eq!(
        flagged(
            "District hires 25 counselors\n\nIt hired 31 counselors.\n",
            &figures
        ),
        ["25 counselors"]
    );
    assert_eq!(
        flagged(
            "Clinic to add 40 beds\n\nThe clinic said the new wing would add 38 beds.\n",
            &figures
        ),
        ["40 beds"]
    );
    assert_eq!(
        flagged(
            "Firm wins $4.2 million contract\n\nThe firm won a $4.7 million contract.\n",
            &figures
        ),
        ["$4.2 million"]
    );
    for good in [
        "District hires 25 counselors\n\nIt hired 25 counselors.\n",
        "Over 900 people rescued\n\nFishermen saved 700 people and the navy 200.\n",
        "District hires 25 counselors\n\nLast year it had 31 counselors.\n",
        "Firm wins $4.2 million contract\n\nThe $4.2 million deal follows a $4.7 million one.\n",
        "Owner sues for $28bn\n\nThe owner sued for $28.3bn, saying it was owed more than $27bn.\n",
    ] {
        assert!(flagged(good, &figures).is_empty(), "{good}");
    }
    let places = rule("people", "check = 'proper-names'");
    assert_eq!(
        flagged(
            "Students at Tianjin University protested. Tianjin Univeristy did not comment.",
            &places
        ),
        ["Univeristy"]
    );
    assert!(
        flagged(
            "The United Nations met. The Untied Nations did not.",
            &places
        )
        .is_empty()
    );
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
