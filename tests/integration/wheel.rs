//! The Python wheel: built by scripts/build-wheel.sh (maturin), installed
//! into a fresh virtual environment with no index, and run on the example.
//! Needs `maturin` on PATH (.ci/run installs it); it builds galley in
//! release mode, so this is the slowest test.

use std::path::Path;
use std::process::Command;

use crate::support::root;

#[test]
fn the_wheel_installs_into_a_fresh_venv_and_runs() {
    let work = tempfile::tempdir().unwrap();
    let wheels = work.path().join("wheels");
    let built = Command::new("bash")
        .arg(root().join("scripts/build-wheel.sh"))
        .arg(&wheels)
        .output()
        .expect("bash runs");
    assert!(
        built.status.success(),
        "scripts/build-wheel.sh failed (is maturin installed? pip install maturin):\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let wheel = String::from_utf8_lossy(&built.stdout).trim().to_string();
    assert!(wheel.ends_with(".whl"), "{wheel}");
    let venv = work.path().join("venv");
    let ok = |cmd: &mut Command| {
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    // No index: the wheel needs nothing but itself.
    ok(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--no-index"])
        .arg(&wheel));
    let galley = venv.join("bin/galley");
    assert!(
        Path::new(&galley).is_file(),
        "the wheel installs a galley command"
    );
    let out = Command::new(&galley)
        .args(["check", "--format", "json", "examples/tianjin-2017.txt"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 20);
}

/// The pre-commit mirror installs the wheel of the same release.
#[test]
fn the_pre_commit_mirror_asks_for_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let mirror = std::fs::read_to_string(root().join("pre-commit-mirror/pyproject.toml")).unwrap();
    assert!(
        mirror.contains(&format!("version = \"{version}\""))
            && mirror.contains(&format!("\"galley-lint=={version}\"")),
        "pre-commit-mirror/pyproject.toml must name galley-lint=={version}"
    );
}
