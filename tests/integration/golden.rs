//! Golden outputs: every fixture article in every output format, with the
//! default packs and with every pack on, and the diff `--fix` would make.
//! A restructuring must leave these byte-identical; a change in behaviour
//! shows up here as a snapshot to review.

use std::path::Path;

use crate::support::{galley, root};

/// Every on-demand pack, so that every rule kind runs somewhere.
const ALL_PACKS: &[&str] = &[
    "news-style",
    "readability",
    "spelling",
    "harper",
    "cliche",
    "redundancy",
];

/// A run as the snapshot shows it: the command, the exit status, stdout and
/// stderr.
fn transcript(shown: &str, out: std::process::Output) -> String {
    format!(
        "$ galley {shown}\nexit {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().expect("exited"),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    )
}

fn run(rel: &str, args: &[&str]) -> String {
    let out = galley(&root())
        .args(["check", "--no-config", "--color", "never"])
        .args(args)
        .arg(rel)
        .output()
        .expect("galley runs");
    transcript(&format!("check {} {rel}", args.join(" ")), out)
}

fn golden(rel: &str) -> String {
    let mut runs = Vec::new();
    for format in ["human", "concise", "json", "sarif", "github", "gitlab"] {
        runs.push(run(rel, &["--format", format]));
    }
    let mut every: Vec<&str> = vec!["--format", "json"];
    for pack in ALL_PACKS {
        every.extend(["--enable", pack]);
    }
    runs.push(run(rel, &every));
    if !rel.ends_with(".docx") {
        every.truncate(0);
        every.extend(["--diff", "--unsafe-fixes"]);
        for pack in ALL_PACKS {
            every.extend(["--enable", pack]);
        }
        runs.push(run(rel, &every));
    }
    runs.join("\n")
}

fn fixtures() -> Vec<String> {
    let mut all = vec!["examples/tianjin-2017.txt".to_string()];
    for dir in ["clean", "flagged", "formats"] {
        let dir = Path::new("tests/fixtures").join(dir);
        let mut files: Vec<String> = std::fs::read_dir(root().join(&dir))
            .expect("fixture folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name != "README.md")
            .map(|name| dir.join(name).to_string_lossy().into_owned())
            .collect();
        files.sort();
        all.extend(files);
    }
    all
}

#[test]
fn outputs_are_unchanged_for_every_fixture() {
    let files = fixtures();
    assert!(files.len() >= 14, "fixtures found: {files:?}");
    let outputs: Vec<(String, String)> = std::thread::scope(|scope| {
        let runs: Vec<_> = files
            .iter()
            .map(|rel| scope.spawn(move || (rel.replace(['/', '.'], "_"), golden(rel))))
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("no panic"))
            .collect()
    });
    for (name, output) in outputs {
        insta::assert_snapshot!(name, output);
    }
}

fn command(args: &[&str]) -> String {
    let out = galley(&root()).args(args).output().expect("galley runs");
    transcript(&args.join(" "), out)
}

#[test]
fn listings_are_unchanged() {
    let runs = [
        command(&["rules", "--no-config"]),
        command(&["rules", "--no-config", "--format", "json"]),
        command(&["explain", "--no-config", "duplicate-caption"]),
        command(&["explain", "--no-config", "a-an"]),
        command(&["explain", "--no-config", "name-spelling"]),
        command(&["explain", "--no-config", "byline-format"]),
        command(&["explain", "--no-config", "no-such-rule"]),
    ];
    insta::assert_snapshot!(runs.join("\n"));
}
