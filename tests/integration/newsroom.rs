//! news-style on the shapes real newsrooms publish, in every text format:
//! the cases of issue 11 that are fixed (the rest are listed there).

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{check_json, in_format, rule_ids, temp_tree};

const FORMATS: [&str; 3] = ["txt", "md", "html"];

/// `paragraphs` written as `story.EXT` in a temporary folder.
fn story(ext: &str, paragraphs: &[&str]) -> (TempDir, String) {
    let name = format!("story.{ext}");
    let text = in_format(ext, paragraphs);
    let dir = temp_tree(&[(name.as_str(), text.as_bytes())]);
    (dir, name)
}

/// `galley check --format json ARGS story.EXT` over `paragraphs`.
fn check_story(ext: &str, paragraphs: &[&str], args: &[&str]) -> Value {
    let (dir, name) = story(ext, paragraphs);
    let mut all = args.to_vec();
    all.push(&name);
    check_json(dir.path(), &all).1
}

/// Rule ids galley reports with news-style on, for `paragraphs` as `ext`.
fn news_style(ext: &str, paragraphs: &[&str]) -> Vec<String> {
    let json = check_story(ext, paragraphs, &["--enable", "news-style"]);
    rule_ids(&json).into_iter().map(String::from).collect()
}

/// In every format: no rule whose id starts with `rule` fires on `right`,
/// and `rule` still fires on `slip`.
fn left_alone_but_slip_caught(rule: &str, right: &[&str], slip: &[&str]) {
    for ext in FORMATS {
        let ids = news_style(ext, right);
        assert!(!ids.iter().any(|id| id.starts_with(rule)), "{ext}: {ids:?}");
        let ids = news_style(ext, slip);
        assert!(ids.iter().any(|id| id.starts_with(rule)), "{ext}: {ids:?}");
    }
}

#[test]
fn an_abbreviated_month_does_not_end_a_sentence() {
    left_alone_but_slip_caught(
        "numeral-sentence-start",
        &["The council met on Feb. 18 in the old hall and voted on the budget."],
        &["The vote passed. 12 members objected to it."],
    );
}

#[test]
fn figures_take_the_percent_sign_as_ap_writes_them() {
    left_alone_but_slip_caught(
        "percent-sign",
        &["Prices rose 5% in May, and rates 2 percentage points."],
        &["Prices rose 5 percent in May."],
    );
    // A house that spells it out switches the two rules.
    let json = check_story(
        "txt",
        &["Prices rose 5% in May.", "Wages rose 3 percent."],
        &[
            "--enable",
            "news-style",
            "--enable",
            "percent-spelled-out",
            "--disable",
            "percent-sign",
        ],
    );
    let ids: Vec<&str> = crate::support::rule_ids(&json);
    assert_eq!(
        ids.iter()
            .filter(|id| id.starts_with("percent"))
            .collect::<Vec<_>>(),
        [&"percent-spelled-out"]
    );
}

#[test]
fn occupational_titles_stay_lowercase_and_title_fixes_are_unsafe() {
    left_alone_but_slip_caught(
        "title-before-name-director",
        &[
            "Library director Omar Haddad opened the branch.",
            "Athletic director Jane Doe resigned.",
        ],
        &["They met director Omar Haddad on Monday."],
    );
    // AP lowercases professor even before a name.
    let ids = news_style("txt", &["The lecture was given by professor Jane Doe."]);
    assert!(
        !ids.iter().any(|id| id.starts_with("title-before-name")),
        "{ids:?}"
    );
    // A title's capital is the writer's call: never a safe fix.
    let json = check_story(
        "txt",
        &["They met director Omar Haddad on Monday."],
        &["--enable", "news-style"],
    );
    let fixes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "title-before-name-director")
        .map(|d| d["fix"]["applicability"].as_str().unwrap())
        .collect();
    assert_eq!(fixes, ["unsafe"]);
}

#[test]
fn headlines_are_in_sentence_case_with_names_kept() {
    let story = |ext: &str, headline: &str| -> String {
        let body = "Chomsky spoke to the council on Monday.";
        match ext {
            "txt" => format!("{headline}\n\n{body}\n"),
            "md" => format!("# {headline}\n\n{body}\n"),
            _ => format!("<html><body><h1>{headline}</h1><p>{body}</p></body></html>\n"),
        }
    };
    for ext in FORMATS {
        for (headline, flagged) in [
            ("Interview with philosopher Noam Chomsky", false),
            ("Tuesday, September 1, 2015", false),
            ("Council Approves The New Harbour Plan", true),
        ] {
            let name = format!("story.{ext}");
            let text = story(ext, headline);
            let dir = temp_tree(&[(name.as_str(), text.as_bytes())]);
            let (_, json) = check_json(dir.path(), &["--enable", "news-style", &name]);
            let hit = rule_ids(&json).contains(&"headline-case");
            assert_eq!(hit, flagged, "{ext}: {headline}: {json}");
        }
    }
}

#[test]
fn wards_and_districts_keep_their_figures() {
    left_alone_but_slip_caught(
        "ordinal-",
        &["She won the 3rd Ward and he holds the 2nd Congressional District seat."],
        &["It was the 3rd meeting of the board this year."],
    );
}

#[test]
fn deliberate_repetition_is_not_an_error() {
    left_alone_but_slip_caught(
        "repeated-word",
        &[
            "Protesters chanted killing killing killing outside the court on Monday.",
            "\"It was really really hard,\" the coach said after the game.",
        ],
        &["The coach said the the game was hard for everyone."],
    );
}

#[test]
fn known_initialisms_and_words_in_capitals_are_not_undefined_acronyms() {
    left_alone_but_slip_caught(
        "acronym-defined",
        &[
            "The GOP and NBC reported that his IQ made him a VIP at MIT.",
            "It was the FIRST time the council met, and a HUGE crowd came.",
        ],
        &["The XQR board met on Monday to vote on the plan."],
    );
}

#[test]
fn bylines_with_particles_pass_and_capitals_get_a_real_fix() {
    for ext in FORMATS {
        for byline in [
            "By Ana de la Cruz",
            "By Ludwig van Beethoven",
            "By Omar al-Hassan and Mary-Kate O'Brien",
            "By Jane Doe, Associated Press",
        ] {
            let ids = news_style(ext, &["Council votes", byline, BODY]);
            assert!(
                !ids.contains(&"byline-format".to_string()),
                "{ext}: {byline}: {ids:?}"
            );
        }
        let json = check_story(ext, &["Council votes", "BY ROBERT CHEN", BODY], &[]);
        let finding = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "byline-format")
            .unwrap_or_else(|| panic!("{ext}: BY ROBERT CHEN is flagged: {json}"));
        assert_eq!(finding["help"], "write `By Robert Chen`", "{ext}");
        assert_eq!(finding["fix"]["applicability"], "unsafe", "{ext}");
    }
}

const BODY: &str = "The council voted on the budget today after a long debate about roads.";

#[test]
fn wire_datelines_are_not_trailing_space_and_fixes_change_only_the_dash() {
    for ext in FORMATS {
        for dateline in [
            "BEIJING (AP) — Officials met today to discuss the budget for the year.",
            "SPRINGFIELD, Ill. (AP) -- The City council met to discuss the budget.",
        ] {
            let (dir, name) = story(ext, &["Council votes", dateline]);
            let (_, json) = check_json(dir.path(), &[&name]);
            let ids = rule_ids(&json);
            assert!(
                !ids.contains(&"trailing-space"),
                "{ext}: {dateline}: {ids:?}"
            );
            crate::support::galley(dir.path())
                .args(["check", "--unsafe-fixes", &name])
                .output()
                .unwrap();
            // Only the dash changes: AP's dateline takes an em dash.
            let after = std::fs::read_to_string(dir.path().join(&name)).unwrap();
            let fixed = dateline.replace(" -- ", " — ");
            assert!(
                after.contains(&fixed),
                "{ext}: the dateline was changed:\n{after}"
            );
        }
    }
}

#[test]
fn a_headline_given_as_title_and_heading_is_judged_once() {
    let text = "---\ntitle: Council Votes On The Budget\n---\n\n# Council Votes On The Budget\n\nThe council voted today on the new budget for the city.\n";
    let dir = temp_tree(&[("story.md", text.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["--enable", "news-style", "story.md"]);
    let headlines = rule_ids(&json)
        .into_iter()
        .filter(|id| *id == "headline-case")
        .count();
    assert_eq!(headlines, 1, "{json}");
}
