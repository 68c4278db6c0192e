//! `galley check --timings`: the table of where the time went, on standard
//! error, with every rule that ran, leaving the findings on standard output
//! as they are without it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{galley, rule_ids, temp_tree};

const ARTICLES: &[(&str, &[u8])] = &[
    (
        "one.md",
        b"# Mayor opens the new bridge\n\nBy Ann Example\n\n\
          The the mayor could of opened it in a hour, officials said on Tuesday.\n\n\
          Its a fine bridge, said Ann Exampel, who walked across it at noon.\n",
    ),
    (
        "two.txt",
        b"Council meets on budget\n\nThe council met for three hours and agreed the budget.\n",
    ),
    (
        "three.md",
        b"# Rain expected\n\nForecasters said rain would arrive late on Friday.  \n",
    ),
];

/// One line of the table: (name, ms, percent, runs).
fn parse_table(stderr: &str) -> (Vec<(String, f64, f64, u64)>, usize) {
    let mut lines = stderr.lines();
    let title = lines.next().expect("a title line");
    assert!(title.starts_with("timings: "), "{stderr}");
    let header: Vec<&str> = lines.next().expect("a header").split_whitespace().collect();
    assert_eq!(
        header,
        ["rule", "or", "[stage]", "ms", "%", "runs"],
        "{stderr}"
    );
    let mut rows = Vec::new();
    let mut not_run = 0;
    for line in lines {
        if let Some(rest) = line.strip_prefix('(') {
            not_run = rest
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("a count of rules not run: {line}"));
            continue;
        }
        // A stage's name has spaces ("[load rules]"): the numbers are the
        // last three fields.
        let fields: Vec<&str> = line.split_whitespace().collect();
        let n = fields.len();
        assert!(n >= 4, "a table row: {line}");
        let name = fields[..n - 3].join(" ");
        let ms: f64 = fields[n - 3].parse().expect("milliseconds");
        let pct: f64 = fields[n - 2]
            .strip_suffix('%')
            .and_then(|p| p.parse().ok())
            .expect("a percentage");
        let runs: u64 = fields[n - 1].parse().expect("a count of runs");
        rows.push((name, ms, pct, runs));
    }
    (rows, not_run)
}

fn enabled_rules(dir: &std::path::Path) -> BTreeSet<String> {
    let out = galley(dir)
        .args(["rules", "--format", "json", "--no-config"])
        .output()
        .expect("galley runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    json["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["enabled"] == true)
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn timings_list_every_rule_that_ran_sorted_on_stderr_only() {
    let dir = temp_tree(ARTICLES);
    let run = |timings: bool| {
        let mut cmd = galley(dir.path());
        cmd.args(["check", "--no-config", "--format", "json", "."]);
        if timings {
            cmd.arg("--timings");
        }
        cmd.output().expect("galley runs")
    };
    let (plain, timed) = (run(false), run(true));
    assert_eq!(timed.status.code(), plain.status.code());
    // The findings are untouched, and standard output is still one JSON
    // document.
    assert_eq!(
        String::from_utf8_lossy(&timed.stdout),
        String::from_utf8_lossy(&plain.stdout)
    );
    let json: Value = serde_json::from_slice(&timed.stdout).expect("stdout is JSON");
    assert!(String::from_utf8_lossy(&plain.stderr).is_empty());

    let stderr = String::from_utf8(timed.stderr).expect("UTF-8");
    let (rows, not_run) = parse_table(&stderr);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();

    // Sorted, slowest first; the shares add up to the whole (each is
    // rounded to a tenth).
    assert!(
        rows.windows(2).all(|w| w[0].1 >= w[1].1),
        "not sorted:\n{stderr}"
    );
    let sum: f64 = rows.iter().map(|r| r.2).sum();
    assert!(
        (sum - 100.0).abs() <= 0.05 * rows.len() as f64 + 0.01,
        "shares add up to {sum}:\n{stderr}"
    );

    // The stages of a run over files, each file read once.
    for stage in ["[load rules]", "[walk]", "[read]", "[parse]", "[output]"] {
        assert!(names.contains(&stage), "no {stage}:\n{stderr}");
    }
    let read = rows.iter().find(|r| r.0 == "[read]").expect("[read]");
    assert_eq!(read.3, ARTICLES.len() as u64, "{stderr}");

    // Every rule that found something ran; every enabled rule either ran
    // or is counted among those that ran on no document; no other rule is
    // listed.
    let enabled = enabled_rules(dir.path());
    let rules: BTreeSet<String> = rows
        .iter()
        .filter(|r| !r.0.starts_with('['))
        .map(|r| r.0.clone())
        .collect();
    for id in rule_ids(&json) {
        assert!(
            rules.contains(id),
            "{id} found something but is not listed:\n{stderr}"
        );
    }
    assert!(rules.is_subset(&enabled), "{stderr}");
    assert_eq!(rules.len() + not_run, enabled.len(), "{stderr}");
    for row in rows.iter().filter(|r| !r.0.starts_with('[')) {
        assert!(
            (1..=ARTICLES.len() as u64).contains(&row.3),
            "{} ran on {} documents:\n{stderr}",
            row.0,
            row.3
        );
    }
}

#[test]
fn timings_cover_standard_input_too() {
    let dir = temp_tree(&[]);
    let out = galley(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--timings",
            "-",
        ])
        .write_stdin("The the mayor could of opened it in a hour.\n")
        .output()
        .expect("galley runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("[repeated-word]"), "{stdout}");
    assert!(!stdout.contains("timings:"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    let (rows, _) = parse_table(&stderr);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    for part in ["[parse]", "[output]", "repeated-word"] {
        assert!(names.contains(&part), "no {part}:\n{stderr}");
    }
}
