//! Applying fixes: collect the edits of applicable fixes, drop any fix that
//! overlaps one already taken, splice the rest in, and write the result
//! atomically. (The check-and-fix loop to a fixpoint is in `check`.)

use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::source::io_reason;

/// The text after fixing, and how many fixes went in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
}

/// Applies the fixes of `diagnostics` to `text`: safe ones always, unsafe
/// ones when `unsafe_fixes` is set, display-only ones never. A fix whose
/// edits overlap an earlier fix's is left for a later pass.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Fixed {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| match f.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_fixes,
            Applicability::DisplayOnly => false,
        })
        .map(|f| f.edits.as_slice())
        .filter(|edits| !edits.is_empty())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| (e.span.start, e.span.end)).min());
    // The spans taken so far, sorted: they never overlap, so the only ones
    // an edit can clash with are those around it, found by a range query.
    let mut spans: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let clash = |e: &Edit, t: (usize, usize)| {
        let (start, end) = t;
        e.span.start < end && start < e.span.end
            || (e.span.start, e.span.end) == t
            || (e.span.is_empty() || start == end) && e.span.start == start
    };
    for edits in fixes {
        let overlaps = edits.iter().any(|e| {
            spans
                .range(..=(e.span.end, usize::MAX))
                .rev()
                .take_while(|t| t.1 >= e.span.start)
                .any(|&t| clash(e, t))
        });
        if !overlaps && edits.iter().all(|e| is_valid_edit(text, e)) {
            spans.extend(edits.iter().map(|e| (e.span.start, e.span.end)));
            taken.extend(edits);
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in taken {
        out.push_str(&text[last..edit.span.start]);
        out.push_str(&edit.replacement);
        last = edit.span.end;
    }
    out.push_str(&text[last..]);
    Fixed { text: out, applied }
}

fn is_valid_edit(text: &str, edit: &Edit) -> bool {
    edit.span.end <= text.len()
        && text.is_char_boundary(edit.span.start)
        && text.is_char_boundary(edit.span.end)
}

/// Replaces the file at `path` with `new`, atomically: the bytes go to a
/// temporary file in the same directory, which is then renamed over the
/// original, so a reader (or a crash) sees the old file or the new one,
/// never a mix. Permissions are kept. A symbolic link is followed and its
/// target replaced, so the link stays a link. If the file no longer holds
/// `expected` (it changed since it was read), nothing is written.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    replace_file(path, expected, new).map_err(WriteError)
}

/// Why fixed text was not written (the file is left as it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

fn replace_file(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), String> {
    let target =
        std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {}", io_reason(&e)))?;
    let current =
        std::fs::read(&target).map_err(|e| format!("cannot re-read: {}", io_reason(&e)))?;
    if current != expected {
        return Err("changed on disk since it was read; not written".to_string());
    }
    let permissions = std::fs::metadata(&target)
        .map_err(|e| io_reason(&e))?
        .permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".galley-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file: {}", io_reason(&e)))?;
    let written = temp
        .write_all(new)
        .and_then(|()| temp.as_file().sync_all())
        .and_then(|()| temp.as_file().set_permissions(permissions));
    written.map_err(|e| format!("cannot write: {}", io_reason(&e)))?;
    temp.persist(&target)
        .map_err(|e| format!("cannot replace the file: {}", io_reason(&e.error)))?;
    Ok(())
}

/// A unified diff from `old` to `new`, labelled with `path`.
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let shown = path.display().to_string();
    let (a, b) = if path.is_absolute() {
        (shown.clone(), shown)
    } else {
        (format!("a/{shown}"), format!("b/{shown}"))
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::{Fix, Severity};
    use crate::source::Span;

    fn diag(start: usize, end: usize, with: &str, applicability: Applicability) -> Diagnostic {
        Diagnostic {
            rule: Arc::from("r"),
            severity: Severity::Warning,
            message: String::new(),
            span: Span::new(start, end),
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: Some(Fix::replace(Span::new(start, end), with, applicability)),
        }
    }

    #[test]
    fn applies_non_overlapping_edits_in_order() {
        let text = "aa bb cc";
        let d = [
            diag(6, 8, "CC", Applicability::Safe),
            diag(0, 2, "AA", Applicability::Safe),
            diag(1, 4, "x", Applicability::Safe),
        ];
        let fixed = apply_fixes(text, &d, false);
        assert_eq!(fixed.text, "AA bb CC");
        assert_eq!(fixed.applied, 2);
    }

    #[test]
    fn unsafe_and_display_only_need_permission() {
        let text = "one two";
        let d = [
            diag(0, 3, "1", Applicability::Unsafe),
            diag(4, 7, "2", Applicability::DisplayOnly),
        ];
        assert_eq!(apply_fixes(text, &d, false).text, "one two");
        assert_eq!(apply_fixes(text, &d, true).text, "1 two");
    }
}
