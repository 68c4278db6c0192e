//! The sarif format: SARIF 2.1.0, with rule metadata, locations, related
//! locations and fixes, for code-scanning dashboards (GitHub, Azure DevOps).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::{Emitter, Stream, Summary, positions};
use crate::check::FileReport;
use crate::config::Settings;
use crate::diagnostic::Severity;
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

fn region(source: &SourceFile, span: Span) -> Value {
    let (start, end) = positions(source, span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "byteOffset": source.disk_offset(span.start),
        "byteLength": span.len(),
    })
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
            let body = rule.body();
            if let Some(description) = &body.description {
                entry["fullDescription"] = json!({ "text": description });
            }
            if let Some(help) = &body.help {
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

impl Emitter for Sarif<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        // Nothing is written before there is a result to write (a reader
        // that left early must not cut the run short on a clean file).
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        self.start()?;
        let source = &report.source;
        let artifact = json!({ "uri": uri(&source.path) });
        for d in &report.diagnostics {
            let location = json!({
                "physicalLocation": { "artifactLocation": artifact, "region": region(source, d.span) }
            });
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!(" (help: {help})"));
            }
            let mut result = json!({
                "ruleId": &*d.rule,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [location],
            });
            if let Some(&i) = self.index.get(&*d.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i + 1,
                            "message": { "text": r.message },
                            "physicalLocation": { "artifactLocation": artifact, "region": region(source, r.span) },
                        })
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": { "byteOffset": source.disk_offset(e.span.start), "byteLength": e.span.len() },
                            "insertedContent": { "text": e.replacement },
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": d.help.clone().unwrap_or_else(|| d.message.clone()) },
                    "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
                }]);
            }
            let separator = if self.written == 0 { "" } else { "," };
            write!(self.out, "{separator}\n      ")?;
            serde_json::to_writer(&mut self.out, &result).map_err(io::Error::from)?;
            self.written += 1;
        }
        Ok(())
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
