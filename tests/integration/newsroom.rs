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
            "By The Associated Press",
            "By Jane Doe, Times Staff Writer",
            "By Ana de la Cruz, Bo Chen and Li Wei",
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

/// The block kinds `galley structure` reads in `name`, in order.
fn structure(dir: &std::path::Path, name: &str) -> Vec<(String, String)> {
    let out = crate::support::galley(dir)
        .args(["structure", "--no-config", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            // path:line:col: kind: text
            let rest = line.splitn(4, ':').nth(3).unwrap().trim_start();
            let (kind, text) = rest.split_once(": ").unwrap();
            (kind.to_string(), text.to_string())
        })
        .collect()
}

#[test]
fn datelines_in_every_wire_form_and_format() {
    for ext in FORMATS {
        for (dateline, head) in [
            ("BEIJING (AP) — Officials met today.", "BEIJING (AP) —"),
            (
                "SPRINGFIELD, Ill. (Reuters) - The city council met.",
                "SPRINGFIELD, Ill. (Reuters) -",
            ),
            (
                "LONDON, Aug. 23 – Talks resumed today.",
                "LONDON, Aug. 23 –",
            ),
            (
                "MADISON, Wis. (AP) -- The council met.",
                "MADISON, Wis. (AP) --",
            ),
        ] {
            let (dir, name) = story(ext, &["Council votes", dateline, BODY]);
            let blocks = structure(dir.path(), &name);
            assert!(
                blocks.contains(&("dateline".to_string(), head.to_string())),
                "{ext}: {dateline}: {blocks:?}"
            );
        }
    }
}

#[test]
fn inside_a_dateline_no_whitespace_month_or_acronym_rule_fires() {
    for ext in FORMATS {
        let ids = news_style(
            ext,
            &[
                "Council votes",
                "MADISON, Wis., Sept. 3 (AP)  —  The council met on Monday to vote.",
            ],
        );
        for rule in [
            "doubled-space",
            "trailing-space",
            "acronym-defined",
            "month-",
        ] {
            assert!(!ids.iter().any(|id| id.starts_with(rule)), "{ext}: {ids:?}");
        }
    }
    // A date line above the story is a dateline too: the month rules leave
    // it alone, and still judge the story.
    let ids = news_style(
        "txt",
        &["Council votes", "Tuesday, September 1, 2015", BODY],
    );
    assert!(!ids.iter().any(|id| id.starts_with("month-")), "{ids:?}");
    let ids = news_style("txt", &["Council votes", "It met on September 1, 2015."]);
    assert!(ids.contains(&"month-sept".to_string()), "{ids:?}");
}

#[test]
fn dateline_format_asks_for_the_house_dash_and_touches_nothing_else() {
    for ext in FORMATS {
        let (dir, name) = story(
            ext,
            &[
                "Council votes",
                "MADISON, Wis. (AP) -- The council met on Monday.",
            ],
        );
        let (_, json) = check_json(dir.path(), &[&name]);
        assert!(
            rule_ids(&json).contains(&"dateline-format"),
            "{ext}: {json}"
        );
        crate::support::galley(dir.path())
            .args(["check", "--fix", &name])
            .output()
            .unwrap();
        let after = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        let expected = in_format(
            ext,
            &[
                "Council votes",
                "MADISON, Wis. (AP) — The council met on Monday.",
            ],
        );
        assert_eq!(after, expected, "{ext}");
        // The Reuters house form: a spaced hyphen, the em dash flagged.
        let json = check_story(
            ext,
            &[
                "Council votes",
                "LONDON (Reuters) — Talks resumed on Monday.",
            ],
            &[
                "--enable",
                "dateline-format-hyphen",
                "--disable",
                "dateline-format",
            ],
        );
        assert_eq!(rule_ids(&json), ["dateline-format-hyphen"], "{ext}");
    }
}

#[test]
fn bylines_are_found_in_any_case_and_findings_say_what_is_wrong() {
    for ext in FORMATS {
        for (byline, label) in [
            ("BY ROBERT CHEN", "`BY` should be `By`"),
            ("by jane doe", "`by` should be `By`"),
            ("By: Jane Doe", "no colon after `By`"),
            ("Written by Jane Roe", "`Written by` should be `By`"),
        ] {
            let json = check_story(ext, &["Council votes", byline, BODY], &[]);
            let finding = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["rule"] == "byline-format")
                .unwrap_or_else(|| panic!("{ext}: {byline} is flagged: {json}"));
            assert_eq!(finding["label"], label, "{ext}: {byline}");
            // Never the line it flags as its own fix.
            assert_ne!(finding["help"], format!("write `{byline}`"), "{ext}");
        }
        let ids = news_style(ext, &["Council votes", "By JANE DOE", BODY]);
        assert!(ids.contains(&"byline-format".to_string()), "{ext}: {ids:?}");
        let ids = news_style(
            ext,
            &["Council votes", "By Jane Roe, Ann Lee and Bo Chen", BODY],
        );
        assert!(
            !ids.contains(&"byline-format".to_string()),
            "{ext}: {ids:?}"
        );
    }
}

#[test]
fn the_byline_house_format_is_a_choice() {
    let caps = [
        "--enable",
        "byline-format-caps",
        "--disable",
        "byline-format",
    ];
    for ext in FORMATS {
        let json = check_story(
            ext,
            &["Council votes", "BY ROBERT CHEN AND ANA DE LA CRUZ", BODY],
            &caps,
        );
        assert!(rule_ids(&json).is_empty(), "{ext}: {json}");
        let json = check_story(ext, &["Council votes", "By Robert Chen", BODY], &caps);
        let finding = &json["diagnostics"][0];
        assert_eq!(finding["rule"], "byline-format-caps", "{ext}");
        assert_eq!(finding["help"], "write `BY ROBERT CHEN`", "{ext}");
        let names = [
            "--enable",
            "byline-format-caps-names",
            "--disable",
            "byline-format",
        ];
        let json = check_story(ext, &["Council votes", "By ROBERT CHEN", BODY], &names);
        assert!(rule_ids(&json).is_empty(), "{ext}: {json}");
    }
}

const SAID: &str = "The mayor spoke on Monday. “We will rebuild the bridge by spring,” she said, and the crowd cheered for a long time.";

#[test]
fn pull_quotes_repeat_the_body_on_purpose() {
    let quote = "“We will rebuild the bridge by spring.”";
    let html = format!(
        "<html><body><h1>Bridge plan</h1><p>{SAID}</p><aside class=\"pullquote\"><p>{quote}</p><p>— Mayor Jane Doe</p></aside><p>{BODY}</p></body></html>\n"
    );
    let cases = [
        ("story.html", html),
        (
            "story.txt",
            format!("Bridge plan\n\n{SAID}\n\n{quote}\n\nMayor Jane Doe\n\n{BODY}\n"),
        ),
        (
            "story.md",
            format!("# Bridge plan\n\n{SAID}\n\n> {quote}\n>\n> — Mayor Jane Doe\n\n{BODY}\n"),
        ),
    ];
    for (name, text) in &cases {
        let dir = temp_tree(&[(name, text.as_bytes())]);
        let (_, json) = check_json(dir.path(), &[name]);
        assert!(rule_ids(&json).is_empty(), "{name}: {json}");
        assert!(
            structure(dir.path(), name)
                .iter()
                .any(|(kind, text)| kind == "pull-quote" && text.contains("rebuild")),
            "{name}"
        );
        // After an edit of the story, the pull quote no longer matches it.
        let edited = text.replacen("by spring,”", "by summer,”", 1);
        let dir = temp_tree(&[(name, edited.as_bytes())]);
        let (_, json) = check_json(dir.path(), &[name]);
        let finding = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "pull-quote-mismatch")
            .unwrap_or_else(|| panic!("{name}: {json}"));
        let related = &finding["related"][0];
        assert_eq!(
            related["message"], "the closest sentence of the story",
            "{name}"
        );
        // The closest sentence is the edited one, in the first paragraph.
        let said = edited
            .find("“We will rebuild the bridge by summer")
            .unwrap();
        let line = edited[..said].matches('\n').count() + 1;
        let line_start = edited[..said].rfind('\n').map_or(0, |i| i + 1);
        let column = edited[line_start..said].chars().count() + 1;
        assert_eq!(related["line"], line, "{name}");
        assert_eq!(related["column"], column, "{name}");
    }
    // A quote box flattened to one line, the speaker's name after it.
    let text = format!(
        "Bridge plan\n\n{SAID}\n\nWe will rebuild the bridge by spring. Jane Doe\n\nWe will rebuild the bridge by spring.\n\n{BODY}\n"
    );
    let dir = temp_tree(&[("story.txt", text.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["story.txt"]);
    assert!(!rule_ids(&json).contains(&"duplicate-caption"), "{json}");
}

#[test]
fn a_caption_repeated_anywhere_and_a_paragraph_pasted_twice() {
    let caption = "The mayor cuts the ribbon on the new bridge";
    let later = "The mayor cuts the ribbon on the new bridge.";
    let cases = [
        (
            "story.txt",
            format!("Bridge opens\n\n{BODY}\n\n{caption}\n\n{SAID}\n\n{later}\n"),
        ),
        (
            "story.md",
            format!("# Bridge opens\n\n{BODY}\n\n![{caption}](b.jpg)\n\n{SAID}\n\n{later}\n"),
        ),
        (
            "story.html",
            format!(
                "<h1>Bridge opens</h1><p>{BODY}</p><figure><img src=b.jpg><figcaption>{caption}</figcaption></figure><p>{SAID}</p><p>{later}</p>\n"
            ),
        ),
    ];
    for (name, text) in &cases {
        let dir = temp_tree(&[(name, text.as_bytes())]);
        let (_, json) = check_json(dir.path(), &[name]);
        assert_eq!(rule_ids(&json), ["duplicate-caption"], "{name}: {json}");
    }
    for ext in FORMATS {
        let json = check_story(ext, &["Council votes", BODY, SAID, BODY], &[]);
        assert_eq!(rule_ids(&json), ["duplicate-paragraph"], "{ext}: {json}");
    }
}

#[test]
fn names_and_parts_of_words_are_not_misspellings() {
    for ext in FORMATS {
        let json = check_story(
            ext,
            &[
                "Election results",
                "Yau Wai-ching defeated the incumbent, and the bank admitted mis-selling to a left-hander.",
                "Instituto Gonzaga is a school in Milan.",
            ],
            &[],
        );
        assert!(rule_ids(&json).is_empty(), "{ext}: {json}");
    }
    let json = check_story(
        "txt",
        &["Menu", "We met at the caf&#233; on the corner."],
        &[],
    );
    assert!(rule_ids(&json).is_empty(), "{json}");
    let json = check_story("txt", &["Menu", "We will recieve the menu."], &[]);
    assert_eq!(rule_ids(&json), ["known-misspelling"]);
}

#[test]
fn ages_keep_their_figures_and_titles_after_an_article_or_modifier_stay_lowercase() {
    left_alone_but_slip_caught(
        "number-",
        &["The boy is 3 years old, and his sister is 5 years of age."],
        &["The trip took 3 years."],
    );
    left_alone_but_slip_caught(
        "title-before-name-mayor",
        &["Crowds came to see city mayor Hau Lung-bin and the mayor Luca Pastorino."],
        &["The crowd cheered, said mayor Hau Lung at the gate."],
    );
}
