//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// `galley` run in `dir` with no colour and no inherited NO_COLOR.
pub fn galley(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("galley").expect("binary is built");
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

/// Runs `galley check --format json ARGS` in `dir`: (exit code, JSON).
pub fn check_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = galley(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("galley runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().expect("exited"), json)
}

/// The half-open byte range of a JSON diagnostic (or related location).
pub fn byte_range(d: &Value) -> std::ops::Range<usize> {
    let at = |key: &str| d[key].as_u64().expect("a byte offset") as usize;
    at("byte_start")..at("byte_end")
}

/// (rule, line, column) of each diagnostic.
pub fn findings(json: &Value) -> Vec<(String, u64, u64)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A temporary directory with `files` written in it.
pub fn temp_tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// The rule id of each diagnostic, in order.
/// The path of each finding in a JSON report, in order.
pub fn finding_paths(json: &Value) -> Vec<&str> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["path"].as_str().expect("a path"))
        .collect()
}

pub fn rule_ids(json: &Value) -> Vec<&str> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["rule"].as_str().expect("a rule id"))
        .collect()
}

/// A .docx built in memory from (name, content) entries.
pub fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buffer.into_inner()
}

/// A Word document of `(style, text)` paragraphs (style "" for none).
pub fn docx_of(paragraphs: &[(&str, &str)]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|(style, text)| {
            let style = if style.is_empty() {
                String::new()
            } else {
                format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>")
            };
            format!("<w:p>{style}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    zip_of(&[("word/document.xml", &document)])
}

/// The article as each format writes it.
pub fn in_format(ext: &str, paragraphs: &[&str]) -> String {
    match ext {
        "txt" => paragraphs.join("\n\n") + "\n",
        "md" => format!("---\ntitle: Test\n---\n\n{}\n", paragraphs.join("\n\n")),
        "html" => format!(
            "<html><body><article>{}</article></body></html>\n",
            paragraphs
                .iter()
                .map(|p| format!("<p>{p}</p>"))
                .collect::<String>()
        ),
        _ => unreachable!(),
    }
}

/// `text` as a plain-text, a Markdown and an HTML story: (file name, its
/// contents).
pub fn in_three_formats(text: &str) -> [(&'static str, String); 3] {
    [
        ("story.txt", format!("{text}\n")),
        ("story.md", format!("# A story\n\n{text}\n")),
        (
            "story.html",
            format!("<html><body><h1>A story</h1><p>{text}</p></body></html>\n"),
        ),
    ]
}
