//! The sarif format: SARIF 2.1.0, with rule metadata, locations, related
//! locations and fixes, for code-scanning dashboards (GitHub, Azure DevOps).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::{Emitter, Stream, Summary, batches, positions, write_json};
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

/// Appends finding `d` of `source` to `buf` as one SARIF result, written by
/// hand in the form serde_json gave it: the keys are written as they are,
/// not escaped each time, and the file's `artifactLocation` (`{"uri":…}`)
/// is made once per file. `index` gives each rule's place in the driver's
/// list.
fn write_result(
    buf: &mut Vec<u8>,
    d: &Diagnostic,
    source: &SourceFile,
    artifact: &[u8],
    index: &BTreeMap<String, usize>,
) {
    buf.extend_from_slice(b"{\"ruleId\":");
    write_json::string(buf, &[&d.rule]);
    buf.extend_from_slice(b",\"level\":\"");
    buf.extend_from_slice(level(d.severity).as_bytes());
    buf.extend_from_slice(b"\",\"message\":{\"text\":");
    match &d.help {
        Some(help) => write_json::string(buf, &[&d.message, " (help: ", help, ")"]),
        None => write_json::string(buf, &[&d.message]),
    }
    buf.extend_from_slice(b"},\"locations\":[{\"physicalLocation\":");
    physical_location(buf, source, artifact, d.span);
    buf.extend_from_slice(b"}]");
    if let Some(&i) = index.get(&*d.rule) {
        buf.extend_from_slice(b",\"ruleIndex\":");
        write_json::number(buf, i);
    }
    if !d.related.is_empty() {
        buf.extend_from_slice(b",\"relatedLocations\":[");
        for (i, r) in d.related.iter().enumerate() {
            buf.extend_from_slice(if i == 0 { b"{\"id\":" } else { b",{\"id\":" });
            write_json::number(buf, i + 1);
            buf.extend_from_slice(b",\"message\":{\"text\":");
            write_json::string(buf, &[&r.message]);
            buf.extend_from_slice(b"},\"physicalLocation\":");
            physical_location(buf, source, artifact, r.span);
            buf.push(b'}');
        }
        buf.push(b']');
    }
    if let Some(fix) = &d.fix {
        buf.extend_from_slice(b",\"fixes\":[{\"description\":{\"text\":");
        write_json::string(buf, &[d.help.as_deref().unwrap_or(&d.message)]);
        buf.extend_from_slice(b"},\"artifactChanges\":[{\"artifactLocation\":");
        buf.extend_from_slice(artifact);
        buf.extend_from_slice(b",\"replacements\":[");
        for (i, e) in fix.edits.iter().enumerate() {
            buf.extend_from_slice(if i == 0 { b"{" } else { b",{" });
            buf.extend_from_slice(b"\"deletedRegion\":{\"byteOffset\":");
            write_json::number(buf, source.disk_offset(e.span.start));
            buf.extend_from_slice(b",\"byteLength\":");
            write_json::number(buf, e.span.len());
            buf.extend_from_slice(b"},\"insertedContent\":{\"text\":");
            write_json::string(buf, &[&e.replacement]);
            buf.extend_from_slice(b"}}");
        }
        buf.extend_from_slice(b"]}]}]");
    }
    buf.push(b'}');
}

/// A `physicalLocation`: the artifact and the region of `span`.
fn physical_location(buf: &mut Vec<u8>, source: &SourceFile, artifact: &[u8], span: Span) {
    let (start, end) = positions(source, span);
    buf.extend_from_slice(b"{\"artifactLocation\":");
    buf.extend_from_slice(artifact);
    for (key, n) in [
        (&b",\"region\":{\"startLine\":"[..], start.line),
        (b",\"startColumn\":", start.column),
        (b",\"endLine\":", end.line),
        (b",\"endColumn\":", end.column),
        (b",\"byteOffset\":", source.disk_offset(span.start)),
        (b",\"byteLength\":", span.len()),
    ] {
        buf.extend_from_slice(key);
        write_json::number(buf, n);
    }
    buf.extend_from_slice(b"}}");
}

/// `{"uri":"…"}` for the file at `path`.
fn artifact(path: &Path) -> Vec<u8> {
    let mut out = b"{\"uri\":".to_vec();
    write_json::string(&mut out, &[&uri(path)]);
    out.push(b'}');
    out
}

impl Emitter for Sarif<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        // Nothing is written before there is a result to write (a reader
        // that left early must not cut the run short on a clean file).
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        self.start()?;
        let artifact = artifact(&report.source.path);
        let (source, index) = (&report.source, &self.index);
        let all = &report.diagnostics;
        let threads = batches::threads_for(all.len());
        if threads == 1 {
            for d in all {
                let separator = if self.written == 0 { "" } else { "," };
                write!(self.out, "{separator}\n      ")?;
                self.buffer.clear();
                write_result(&mut self.buffer, d, source, &artifact, index);
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
                    write_result(buf, d, source, &artifact, index);
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
