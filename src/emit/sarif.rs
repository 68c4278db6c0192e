//! The sarif format: SARIF 2.1.0, with rule metadata, locations, related
//! locations and fixes, for code-scanning dashboards (GitHub, Azure DevOps).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use super::{Emitter, Stream, Summary, batches, positions};
use crate::check::FileReport;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// Results are streamed: the document's head (the tool and its rules) is
/// written before the first result, each result as it comes, and the tail
/// (the invocation, with problems reading files) at the end, so a large
/// run's results are never held in memory.
pub struct Sarif<'w> {
    out: Stream<'w>,
    /// Rule metadata, by id; index in this order is `ruleIndex`.
    rules: Vec<Value>,
    index: BTreeMap<String, usize>,
    /// Results written so far.
    written: usize,
    started: bool,
    notifications: Vec<Value>,
    /// One result serialised, written to `out` at once (see the JSON
    /// format's).
    buffer: Vec<u8>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI for a path: forward slashes, no `./`, spaces and `%`
/// percent-encoded.
fn uri(path: &Path) -> String {
    let shown = path.display().to_string().replace('\\', "/");
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    let mut out = String::with_capacity(shown.len());
    for b in shown.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One result as written: borrowed from the finding, serialised without
/// building a JSON tree (a run with a million findings spent most of its
/// time there). Fields in the order they are written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize, Clone, Copy)]
struct Artifact<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: Artifact<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Text<'a>,
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: Artifact<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: DeletedRegion,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeletedRegion {
    byte_offset: usize,
    byte_length: usize,
}

fn region(source: &SourceFile, span: Span) -> Region {
    let (start, end) = positions(source, span);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_offset: source.disk_offset(span.start),
        byte_length: span.len(),
    }
}

fn text<'a>(text: impl Into<Cow<'a, str>>) -> Text<'a> {
    Text { text: text.into() }
}

impl<'w> Sarif<'w> {
    pub(super) fn new(settings: &Settings, out: Stream<'w>) -> Self {
        let mut rules = Vec::new();
        let mut index = BTreeMap::new();
        let mut enabled: Vec<_> = settings.enabled_rules().collect();
        enabled.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        for rule in enabled {
            let m = &rule.meta;
            index.insert(m.id.to_string(), rules.len());
            let mut entry = json!({
                "id": &*m.id,
                "shortDescription": { "text": m.kind.summary },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "pack": &*m.pack, "kind": m.kind.name },
            });
            if let Some(description) = &rule.docs().description {
                entry["fullDescription"] = json!({ "text": description });
            }
            if let Some(help) = &rule.body().help {
                entry["help"] = json!({ "text": help });
            }
            rules.push(entry);
        }
        Sarif {
            out,
            rules,
            index,
            written: 0,
            started: false,
            notifications: Vec::new(),
            buffer: Vec::new(),
        }
    }

    /// Writes the head of the document, up to the opening of `results`.
    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let driver = json!({
            "name": "galley",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/galley",
            "rules": std::mem::take(&mut self.rules),
        });
        writeln!(self.out, "{{")?;
        writeln!(
            self.out,
            "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\","
        )?;
        writeln!(self.out, "  \"version\": \"2.1.0\",")?;
        writeln!(self.out, "  \"runs\": [{{")?;
        write!(self.out, "    \"tool\": {{ \"driver\": ")?;
        serde_json::to_writer(&mut self.out, &driver).map_err(io::Error::from)?;
        writeln!(self.out, " }},")?;
        writeln!(self.out, "    \"columnKind\": \"unicodeCodePoints\",")?;
        write!(self.out, "    \"results\": [")
    }
}

/// Appends finding `d` of `source` (at `uri`) to `buf` as one SARIF result;
/// `index` gives each rule's place in the driver's list.
fn write_result(
    buf: &mut Vec<u8>,
    d: &Diagnostic,
    source: &SourceFile,
    uri: &str,
    index: &BTreeMap<String, usize>,
) -> io::Result<()> {
    let artifact = Artifact { uri };
    let at = |span| PhysicalLocation {
        artifact_location: artifact,
        region: region(source, span),
    };
    let message = match &d.help {
        Some(help) => Cow::Owned(format!("{} (help: {help})", d.message)),
        None => Cow::Borrowed(&*d.message),
    };
    let related_locations = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| RelatedLocation {
            id: i + 1,
            message: text(r.message.as_str()),
            physical_location: at(r.span),
        })
        .collect();
    let fixes = d.fix.as_ref().map(|fix| {
        let replacements = fix
            .edits
            .iter()
            .map(|e| Replacement {
                deleted_region: DeletedRegion {
                    byte_offset: source.disk_offset(e.span.start),
                    byte_length: e.span.len(),
                },
                inserted_content: text(e.replacement.as_str()),
            })
            .collect();
        [SarifFix {
            description: text(d.help.as_deref().unwrap_or(&d.message)),
            artifact_changes: [ArtifactChange {
                artifact_location: artifact,
                replacements,
            }],
        }]
    });
    let result = SarifResult {
        rule_id: &d.rule,
        level: level(d.severity),
        message: text(message),
        locations: [Location {
            physical_location: at(d.span),
        }],
        rule_index: index.get(&*d.rule).copied(),
        related_locations,
        fixes,
    };
    serde_json::to_writer(buf, &result).map_err(io::Error::from)
}

impl Emitter for Sarif<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        // Nothing is written before there is a result to write (a reader
        // that left early must not cut the run short on a clean file).
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        self.start()?;
        let uri = uri(&report.source.path);
        let (source, index) = (&report.source, &self.index);
        let all = &report.diagnostics;
        let threads = batches::threads_for(all.len());
        if threads == 1 {
            for d in all {
                let separator = if self.written == 0 { "" } else { "," };
                write!(self.out, "{separator}\n      ")?;
                self.buffer.clear();
                write_result(&mut self.buffer, d, source, &uri, index)?;
                self.out.write_all(&self.buffer)?;
                self.written += 1;
            }
            return Ok(());
        }
        // A part holds its results joined by commas; parts are joined by one
        // more, so the text is the same as above.
        let (out, written) = (&mut self.out, &mut self.written);
        batches::render(
            all,
            threads,
            || (Vec::new(), 0),
            |part, (buf, count)| {
                for (i, d) in part.iter().enumerate() {
                    buf.extend_from_slice(if i == 0 { b"\n      " } else { b",\n      " });
                    write_result(buf, d, source, &uri, index)?;
                }
                *count = part.len();
                Ok(())
            },
            |(buf, count)| {
                if *written > 0 {
                    out.write_all(b",")?;
                }
                *written += count;
                out.write_all(&buf)
            },
        )
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        self.notifications.push(json!({
            "level": "error",
            "message": { "text": format!("{}: {reason}", path.display()) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } }],
        }));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.start()?;
        let invocation = json!({
            "executionSuccessful": summary.io_errors == 0 && summary.write_errors == 0,
            "toolExecutionNotifications": std::mem::take(&mut self.notifications),
        });
        writeln!(self.out, "\n    ],")?;
        write!(self.out, "    \"invocations\": [")?;
        serde_json::to_writer(&mut self.out, &invocation).map_err(io::Error::from)?;
        writeln!(self.out, "]")?;
        writeln!(self.out, "  }}]")?;
        writeln!(self.out, "}}")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::uri;
    use std::path::Path;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri(Path::new("./news/my story.md")), "news/my%20story.md");
        assert_eq!(uri(Path::new("a/100%.txt")), "a/100%25.txt");
    }
}
