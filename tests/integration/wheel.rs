//! The Python wheel: built by scripts/build-wheel.sh (maturin), installed
//! into a fresh virtual environment with no index, and run on the example.
//! Needs `maturin` on PATH (.ci/run installs it); it builds galley (with
//! the release build's flags, unoptimised), so this is the slowest test:
//! ignored by plain `cargo test`, run by `.ci/run` (`-- --include-ignored`).

use std::path::Path;
use std::process::Command;

use crate::support::root;

#[test]
#[ignore = "builds galley with maturin (minutes): .ci/run runs it, or cargo test wheel -- --ignored"]
fn the_wheel_installs_into_a_fresh_venv_and_runs() {
    let work = tempfile::tempdir().unwrap();
    let wheels = work.path().join("wheels");
    // Built unoptimised (the `wheel-test` profile): the release profile's
    // optimisation takes minutes of a CI run, and packaging, linking and
    // running are what is tested here.
    let built = Command::new("bash")
        .arg(root().join("scripts/build-wheel.sh"))
        .arg(&wheels)
        .env("GALLEY_WHEEL_PROFILE", "wheel-test")
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
    // On Linux with glibc the binary links the C library statically
    // (scripts/release-flags.sh): it asks for no dynamic loader.
    if cfg!(all(target_os = "linux", target_env = "gnu"))
        && std::env::var_os("GALLEY_DYNAMIC").is_none()
    {
        let elf = std::fs::read(&galley).unwrap();
        assert!(
            !has_interpreter(&elf),
            "the wheel's galley is dynamically linked"
        );
    }
}

/// Whether a 64-bit little-endian ELF file names a program interpreter
/// (a `PT_INTERP` program header): whether it is dynamically linked.
fn has_interpreter(elf: &[u8]) -> bool {
    const PT_INTERP: u32 = 3;
    let u16_at = |at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    assert_eq!(&elf[..5], b"\x7fELF\x02", "a 64-bit ELF file");
    let (table, size, count) = (u64_at(0x20), u16_at(0x36), u16_at(0x38));
    (0..count).any(|i| u32_at(table + i * size) == PT_INTERP)
}

#[test]
fn an_elf_file_with_an_interpreter_is_told_from_one_without() {
    let this = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    if cfg!(target_os = "linux") {
        // The test binary is built without the static flags.
        assert!(has_interpreter(&this));
    }
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
