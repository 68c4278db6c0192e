//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The project root.
/// Whether the slow parts run in full (`GALLEY_SLOW_TESTS=1`, as `.ci/run`
/// sets): every case of the property tests, every try of the race tests,
/// the shared news set. Plain `cargo test` runs a share of each.
pub fn slow() -> bool {
    std::env::var_os("GALLEY_SLOW_TESTS").is_some_and(|v| v != "0")
}

/// `full` cases with [`slow`], an eighth of them (at least one) otherwise.
pub fn cases(full: u32) -> u32 {
    if slow() { full } else { (full / 8).max(1) }
}

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

/// A Word package as Word writes one, around `body` (the inside of
/// `w:body`): content types, relationships, a styles part stored without
/// compression, and a root element with the namespaces and `mc:Ignorable`
/// Word gives it.
pub fn docx_package(body: &str) -> Vec<u8> {
    use std::io::Write;
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document xmlns:wpc=\"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:w=\"{w}\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" mc:Ignorable=\"w14\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let document_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:styles xmlns:w=\"{w}\"><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/></w:style></w:styles>"
    );
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2017, 8, 23, 9, 30, 0).unwrap());
    let stored = deflated.compression_method(zip::CompressionMethod::Stored);
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        for (name, content, options) in [
            ("[Content_Types].xml", types, deflated),
            ("_rels/.rels", rels, deflated),
            ("word/document.xml", document.as_str(), deflated),
            ("word/_rels/document.xml.rels", document_rels, deflated),
            ("word/styles.xml", styles.as_str(), stored),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buffer.into_inner()
}

/// One entry of a zip archive: its name, compression method, the bytes
/// stored and the bytes they expand to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    pub name: String,
    pub method: String,
    pub stored: Vec<u8>,
    pub content: Vec<u8>,
}

/// The entries of a zip archive, in order.
pub fn zip_entries(bytes: &[u8]) -> Vec<ZipEntry> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut stored = Vec::new();
            let mut raw = archive.by_index_raw(i).unwrap();
            let (name, method) = (raw.name().to_string(), format!("{:?}", raw.compression()));
            raw.read_to_end(&mut stored).unwrap();
            drop(raw);
            let mut content = Vec::new();
            archive
                .by_index(i)
                .unwrap()
                .read_to_end(&mut content)
                .unwrap();
            ZipEntry {
                name,
                method,
                stored,
                content,
            }
        })
        .collect()
}
