//! `galley check --format html`: the report of the example article, its
//! escaping of hostile text, `--output`, and the report opened in headless
//! Chromium (scripts/report-in-browser.py) when a browser is installed.

use std::path::Path;
use std::process::Command;

use crate::support::{galley, root, temp_tree};

/// Writes the HTML report of `file` (relative to `dir`) to `out`.
fn report(dir: &Path, file: &str, out: &Path) -> i32 {
    let status = galley(dir)
        .args(["check", "--no-config", "--format", "html", "--output"])
        .arg(out)
        .arg(file)
        .output()
        .unwrap();
    status.status.code().unwrap()
}

const HOSTILE: &str = "Hostile\n\nThe text holds <script>window.__pwned=1</script> and <img src=x onerror=\"window.__pwned=1\"> here, and the the end.\n";

#[test]
fn the_report_marks_every_finding_and_escapes_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    assert_eq!(report(&root(), "examples/tianjin-2017.txt", &out), 1);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches("<mark class=\"finding").count(), 20);
    assert!(
        html.contains("data-errors=\"4\" data-warnings=\"16\""),
        "{html}"
    );
    // Self-contained: nothing is fetched.
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.contains("Content-Security-Policy"));

    let tree = temp_tree(&[("hostile.txt", HOSTILE.as_bytes())]);
    let out = tree.path().join("hostile.html");
    report(tree.path(), "hostile.txt", &out);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script>window"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
}

#[test]
fn output_replaces_the_file_whole_or_not_at_all() {
    let tree = temp_tree(&[("a.txt", b"It was the the end.\n"), ("out.json", b"old")]);
    let code = galley(tree.path())
        .args(["check", "--format", "json", "--output", "out.json", "a.txt"])
        .output()
        .unwrap()
        .status
        .code();
    assert_eq!(code, Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tree.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["errors"], 1);
    // A folder that does not exist: a clear message, status 2, no file.
    let out = galley(tree.path())
        .args(["check", "--output", "no/such/dir/out.txt", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot write no/such/dir/out.txt"),
        "{stderr}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tree.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".galley-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The Python with Playwright, and axe-core, that `.ci/run` installs; the
/// browser test says why it does not run when they or Chromium are absent.
/// Ignored by plain `cargo test` (it needs those tools); `.ci/run` runs it.
#[test]
#[ignore = "needs Chromium and Playwright: .ci/run runs it, or cargo test chromium -- --ignored"]
fn the_report_works_in_headless_chromium() {
    let python = std::env::var("GALLEY_BROWSER_PYTHON").unwrap_or_else(|_| "python3".into());
    let chromium = Path::new("/usr/bin/chromium");
    let playwright = Command::new(&python)
        .args(["-c", "import playwright.sync_api"])
        .status()
        .is_ok_and(|s| s.success());
    if !chromium.exists() || !playwright {
        eprintln!(
            "note: the browser test did not run: {}",
            if chromium.exists() {
                "Playwright for Python is not installed (bash .ci/run installs it)"
            } else {
                "Chromium is not installed (Debian package chromium)"
            }
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    report(&root(), "examples/tianjin-2017.txt", &out);
    let tree = temp_tree(&[("hostile.txt", HOSTILE.as_bytes())]);
    let hostile = tree.path().join("hostile.html");
    report(tree.path(), "hostile.txt", &hostile);
    let screenshot = root().join("target/report-screenshot.png");
    let mut cmd = Command::new(&python);
    cmd.arg(root().join("scripts/report-in-browser.py"))
        .arg(&out)
        .args(["--marks", "20", "--errors", "4", "--warnings", "16"])
        .arg("--hostile")
        .arg(&hostile)
        .arg("--screenshot")
        .arg(&screenshot);
    match std::env::var("GALLEY_AXE") {
        Ok(axe) => {
            cmd.arg("--axe").arg(axe);
        }
        Err(_) => eprintln!("note: axe-core not given (GALLEY_AXE): no accessibility check"),
    }
    let result = cmd.output().unwrap();
    assert!(
        result.status.success(),
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(screenshot.exists());
}
