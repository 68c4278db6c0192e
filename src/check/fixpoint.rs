//! `--fix` to a fixpoint: check, apply the fixes that do not overlap, check
//! the fixed text again, until no fix is left or the passes run out.

use super::{Parsed, finish};
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Format;
use crate::fix::apply_fixes;
use crate::rules::{Concurrency, Select, merge_findings};
use crate::source::SourceFile;

/// Most check-and-fix passes over one file; fixes that overlap in one pass
/// go in on a later one, and a rule pair that keeps undoing each other's
/// fixes stops here.
pub const MAX_PASSES: usize = 8;

/// A file fixed as far as it goes.
#[derive(Debug)]
pub struct FixRun {
    /// The text after fixing.
    pub source: SourceFile,
    /// Findings that remain in the fixed text.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes went in, over all passes.
    pub applied: usize,
}

/// Checks and fixes `source` repeatedly until no applicable fix is left (or
/// [`MAX_PASSES`] is reached): the fixpoint that makes `--fix` idempotent.
pub fn fix_until_stable(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    unsafe_fixes: bool,
    concurrency: Concurrency,
) -> FixRun {
    // Each pass runs only the rules that offer fixes; the others, whose
    // findings carry none, run once, on the text the last pass leaves:
    // together they find what a whole check of that text finds.
    let mut source = source;
    let mut applied = 0;
    let mut passes = 0;
    loop {
        let parsed = Parsed::new(&source, format, settings, concurrency);
        let fixing = parsed.run(settings, concurrency, Select::Fixing);
        let fixed = (passes < MAX_PASSES)
            .then(|| {
                let shown = finish(&source, format, settings, fixing.clone());
                apply_fixes(&source.text, &shown, unsafe_fixes)
            })
            .filter(|fixed| fixed.applied > 0 && fixed.text != source.text);
        let Some(fixed) = fixed else {
            let others = parsed.run(settings, concurrency, Select::NotFixing);
            let diagnostics = finish(&source, format, settings, merge_findings(fixing, others));
            drop(parsed);
            return FixRun {
                source,
                diagnostics,
                applied,
            };
        };
        drop(parsed);
        applied += fixed.applied;
        passes += 1;
        source = source.with_text(fixed.text);
    }
}
