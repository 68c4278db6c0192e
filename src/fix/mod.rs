//! Applying fixes: collect the edits of applicable fixes, drop any fix that
//! overlaps one already taken, splice the rest in; `write` puts the result
//! on disk without losing an edit. (The check-and-fix loop to a fixpoint is
//! in `check`.)

use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Edit};

#[cfg(unix)]
mod lease;
mod stale;
mod swap;
mod write;
pub use write::{CHANGED, Destination, ReplaceOptions, WriteError, replace_file, write_file};

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
            message: Arc::from(""),
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
