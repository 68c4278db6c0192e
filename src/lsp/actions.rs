//! What the server answers about findings: code actions (a finding's fix,
//! every safe fix in the file, a suppression comment), the fix-all command,
//! hover, and a finding in the protocol's terms.

use lsp_server::{Message, Request, RequestId};
use lsp_types::DiagnosticSeverity;
use serde_json::{Value, json};

use super::position::LineIndex;
use super::{Checked, FIX_ALL, INVALID_PARAMS, Server};
use crate::check::fix_until_stable;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::Concurrency;
use crate::source::SourceFile;

impl Server {
    pub(super) fn code_actions(&mut self, params: &Value) -> Result<Value, (i32, String)> {
        let uri = params["textDocument"]["uri"]
            .as_str()
            .ok_or((INVALID_PARAMS, "no textDocument.uri".to_string()))?
            .to_string();
        let Some(checked) = self.checked(&uri) else {
            return Ok(json!([]));
        };
        let doc = &self.docs[&uri];
        let index = LineIndex::new(&doc.text);
        let lead = checked.lead;
        let range: lsp_types::Range = serde_json::from_value(params["range"].clone())
            .map_err(|e| (INVALID_PARAMS, format!("range: {e}")))?;
        let (from, to) = (index.offset(range.start), index.offset(range.end));
        let only: Vec<String> = params["context"]["only"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect();
        let wanted = |kind: &str| {
            only.is_empty()
                || only
                    .iter()
                    .any(|o| kind == o || kind.starts_with(&format!("{o}.")))
        };
        let mut actions = Vec::new();
        if wanted("quickfix") {
            for d in &checked.diagnostics {
                let (start, end) = (d.span.start + lead, d.span.end + lead);
                if end < from || start > to {
                    continue;
                }
                let diagnostic = to_lsp(d, &index, lead, &uri);
                if let Some(fix) = &d.fix
                    && fix.applicability != Applicability::DisplayOnly
                {
                    let edits: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            json!({
                                "range": index.range(e.span.start + lead, e.span.end + lead),
                                "newText": e.replacement,
                            })
                        })
                        .collect();
                    let title = match &d.help {
                        Some(help) => format!("galley: {help}"),
                        None => format!("galley: fix `{}`", d.rule),
                    };
                    let title = if fix.applicability == Applicability::Unsafe {
                        format!("{title} (check it: an unsafe fix)")
                    } else {
                        title
                    };
                    actions.push(json!({
                        "title": title,
                        "kind": "quickfix",
                        "diagnostics": [diagnostic],
                        "isPreferred": fix.applicability == Applicability::Safe,
                        "edit": { "changes": { &uri: edits } },
                    }));
                }
                // A misspelling that is the project's own word: add it to
                // the vocabulary in galley.toml.
                if checked.settings.checks_spelling(&d.rule)
                    && let Some(word) = self.docs[&uri].text[lead..].get(d.span.range())
                    && let Some(edit) = vocabulary_edit(&self.docs[&uri].path, word)
                {
                    actions.push(json!({
                        "title": format!("galley: add `{word}` to the project vocabulary"),
                        "kind": "quickfix",
                        "diagnostics": [diagnostic],
                        "edit": edit,
                    }));
                }
                // Silence the rule on this line: a comment line above it, in
                // the syntax every format galley reads shares.
                let line = index.position(start).line;
                let at = lsp_types::Position::new(line, 0);
                actions.push(json!({
                    "title": format!("galley: silence `{}` on this line", d.rule),
                    "kind": "quickfix",
                    "diagnostics": [diagnostic],
                    "edit": { "changes": { &uri: [{
                        "range": { "start": at, "end": at },
                        "newText": format!("<!-- galley-disable-next-line {} -->\n", d.rule),
                    }] } },
                }));
            }
        }
        if wanted("source.fixAll.galley")
            && checked.diagnostics.iter().any(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
            && let Some(edit) = self.fix_all_edit(&uri, &checked)
        {
            actions.push(json!({
                "title": "galley: apply every safe fix in this file",
                "kind": "source.fixAll.galley",
                "edit": edit,
            }));
        }
        Ok(Value::Array(actions))
    }

    /// The workspace edit that applies every safe fix, as `galley check
    /// --fix` would: one edit over the span the fixes change.
    fn fix_all_edit(&self, uri: &str, checked: &Checked) -> Option<Value> {
        let doc = self.docs.get(uri)?;
        let run = fix_until_stable(
            SourceFile::new(&doc.path, doc.text.clone()),
            checked.format,
            &checked.settings,
            false,
            Concurrency::Alone,
        );
        let fixed = format!("{}{}", &doc.text[..checked.lead], run.source.text);
        if fixed == doc.text {
            return None;
        }
        // Only the changed middle is replaced, so the editor keeps its
        // cursor and folds elsewhere.
        let head = doc
            .text
            .char_indices()
            .zip(fixed.chars())
            .find(|((_, a), b)| a != b)
            .map_or(doc.text.len().min(fixed.len()), |((i, _), _)| i);
        let tail = doc.text[head..]
            .chars()
            .rev()
            .zip(fixed[head..].chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum::<usize>();
        let index = LineIndex::new(&doc.text);
        Some(json!({ "changes": { uri: [{
            "range": index.range(head, doc.text.len() - tail),
            "newText": &fixed[head..fixed.len() - tail],
        }] } }))
    }

    pub(super) fn execute(&mut self, params: &Value) -> Result<Value, (i32, String)> {
        let command = params["command"].as_str().unwrap_or("");
        if command != FIX_ALL {
            return Err((INVALID_PARAMS, format!("galley has no command `{command}`")));
        }
        let uri = params["arguments"][0]
            .as_str()
            .ok_or((INVALID_PARAMS, format!("{FIX_ALL} takes a document URI")))?
            .to_string();
        if !self.client.apply_edit {
            return Err((
                INVALID_PARAMS,
                "the client cannot apply edits (workspace.applyEdit)".to_string(),
            ));
        }
        let Some(checked) = self.checked(&uri) else {
            return Ok(Value::Null);
        };
        if let Some(edit) = self.fix_all_edit(&uri, &checked) {
            self.next_request += 1;
            self.send(Message::Request(Request::new(
                RequestId::from(format!("galley-{}", self.next_request)),
                "workspace/applyEdit".to_string(),
                json!({ "label": "galley: apply every safe fix", "edit": edit }),
            )));
        }
        Ok(Value::Null)
    }

    pub(super) fn hover(&mut self, params: &Value) -> Result<Value, (i32, String)> {
        let uri = params["textDocument"]["uri"]
            .as_str()
            .ok_or((INVALID_PARAMS, "no textDocument.uri".to_string()))?
            .to_string();
        let position: lsp_types::Position = serde_json::from_value(params["position"].clone())
            .map_err(|e| (INVALID_PARAMS, format!("position: {e}")))?;
        let Some(checked) = self.checked(&uri) else {
            return Ok(Value::Null);
        };
        let doc = &self.docs[&uri];
        let index = LineIndex::new(&doc.text);
        let at = index.offset(position);
        let lead = checked.lead;
        let Some(d) = checked.diagnostics.iter().find(|d| {
            let (start, end) = (d.span.start + lead, d.span.end + lead);
            start <= at && (at < end || start == end && at == start)
        }) else {
            return Ok(Value::Null);
        };
        let mut text = format!("**galley** `{}`: {}", d.rule, d.message);
        if let Some(rule) = checked.settings.find_rule(&d.rule) {
            let m = &rule.meta;
            text.push_str(&format!(
                "\n\n{} pack, kind `{}`, {}",
                m.pack, m.kind.name, m.severity
            ));
            let docs = rule.docs();
            if let Some(description) = &docs.description {
                text.push_str(&format!("\n\n{description}"));
            }
            if let Some(bad) = docs.bad.first() {
                text.push_str(&format!("\n\nFlagged: `{}`", bad.text().replace('\n', " ")));
                if let Some(fixed) = bad.fixed() {
                    text.push_str(&format!(" → `{}`", fixed.replace('\n', " ")));
                }
            }
        }
        Ok(json!({
            "contents": { "kind": "markdown", "value": text },
            "range": index.range(d.span.start + lead, d.span.end + lead),
        }))
    }
}

/// A finding as an LSP diagnostic: the rule id as its code, the help after
/// the message, related places as related information.
pub(super) fn to_lsp(d: &Diagnostic, index: &LineIndex, lead: usize, uri: &str) -> Value {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.to_string(),
    };
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| {
            json!({
                "location": {
                    "uri": uri,
                    "range": index.range(r.span.start + lead, r.span.end + lead),
                },
                "message": r.message,
            })
        })
        .collect();
    json!({
        "range": index.range(d.span.start + lead, d.span.end + lead),
        "severity": severity,
        "code": &*d.rule,
        "source": "galley",
        "message": message,
        "relatedInformation": related,
    })
}

/// The edit that adds `word` to the `vocabulary` of the galley.toml that
/// applies to `path`, or creates one beside the document holding it.
fn vocabulary_edit(path: &std::path::Path, word: &str) -> Option<Value> {
    let quoted = format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""));
    let dir = path.parent()?;
    let Some(config) = crate::config::discover(dir) else {
        let uri = super::uri_of(&dir.join(crate::config::CONFIG_FILE));
        let at = lsp_types::Position::new(0, 0);
        return Some(json!({ "documentChanges": [
            { "kind": "create", "uri": uri, "options": { "ignoreIfExists": true } },
            { "textDocument": { "uri": uri, "version": null }, "edits": [{
                "range": { "start": at, "end": at },
                "newText": format!("vocabulary = [{quoted}]\n"),
            }] },
        ] }));
    };
    let text = std::fs::read_to_string(&config).ok()?;
    let index = LineIndex::new(&text);
    let existing = regex::Regex::new(r"(?m)^vocabulary\s*=\s*\[")
        .expect("built-in pattern is valid")
        .find(&text);
    let (at, new_text) = match existing {
        Some(m) => (m.end(), format!("{quoted}, ")),
        // A top-level key goes before any table: at the top.
        None => (0, format!("vocabulary = [{quoted}]\n")),
    };
    let position = index.position(at);
    Some(json!({ "changes": { super::uri_of(&config): [{
        "range": { "start": position, "end": position },
        "newText": new_text,
    }] } }))
}
