//! Vale's `TokenIgnores` and `BlockIgnores`: text of a file that Vale rules
//! leave alone. Vale masks it before linting; galley runs the rule and
//! drops what it reported inside such text, which comes to the same.

use std::ops::Range;

use fancy_regex::Regex;
use globset::{Glob, GlobMatcher};

use super::pattern;
use super::{Check, Context, PackError};
use crate::document::Document;
use crate::vale::Ignores;

/// The ignores of one `.vale.ini` section, compiled.
struct Section {
    glob: GlobMatcher,
    regexes: Vec<Regex>,
}

/// A Vale rule with its configuration's ignores.
pub struct Ignoring {
    inner: Box<dyn Check>,
    sections: Vec<Section>,
}

/// `inner`, made to leave alone what `ignores` name (itself when they name
/// nothing).
pub fn wrap(inner: Box<dyn Check>, ignores: &[Ignores]) -> Result<Box<dyn Check>, PackError> {
    let mut sections = Vec::new();
    for section in ignores {
        if section.tokens.is_empty() && section.blocks.is_empty() {
            continue;
        }
        let glob = Glob::new(&section.glob)
            .map_err(|e| PackError::at(0..0, format!("invalid glob `{}`: {e}", section.glob)))?
            .compile_matcher();
        let regexes = section
            .tokens
            .iter()
            .chain(&section.blocks)
            .map(|p| pattern::compile(&format!("(?m){}", p.text), p.span.clone()))
            .collect::<Result<_, _>>()?;
        sections.push(Section { glob, regexes });
    }
    if sections.is_empty() {
        return Ok(inner);
    }
    Ok(Box::new(Ignoring { inner, sections }))
}

impl Ignoring {
    /// The places of the file the ignores cover.
    fn ignored(&self, doc: &Document) -> Vec<Range<usize>> {
        let path = &doc.source.path;
        let name = path.file_name().map(std::path::Path::new);
        let mut out = Vec::new();
        for section in &self.sections {
            if !(section.glob.is_match(path) || name.is_some_and(|n| section.glob.is_match(n))) {
                continue;
            }
            for regex in &section.regexes {
                out.extend(pattern::find_all(regex, &doc.source.text));
            }
        }
        out
    }
}

impl Check for Ignoring {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let first = cx.reported();
        self.inner.check(doc, cx);
        if cx.reported() == first {
            return;
        }
        let ignored = self.ignored(doc);
        if ignored.is_empty() {
            return;
        }
        cx.retain_since(first, |d| {
            !ignored
                .iter()
                .any(|r| r.start < d.span.end.max(d.span.start + 1) && d.span.start < r.end)
        });
    }
}
