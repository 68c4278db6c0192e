//! What every Vale rule gets around its check: the configuration's
//! `TokenIgnores` and `BlockIgnores` (text of a file Vale rules leave
//! alone: Vale masks it before linting; galley runs the rule and drops what
//! it reported inside such text, which comes to the same), and the lines
//! `galley explain` shows of the Vale rule.

use std::ops::Range;

use fancy_regex::Regex;

use super::pattern;
use super::{Check, Context, PackError};
use crate::document::Document;
use crate::vale::Definition;
use crate::vale::section::Section as Glob;

/// The ignores of one `.vale.ini` section, compiled.
struct Section {
    /// Matched as the section's rule settings are, relative to the
    /// `.vale.ini`'s folder.
    glob: Glob,
    regexes: Vec<Regex>,
}

/// A Vale rule with its configuration's ignores.
pub struct Ignoring {
    inner: Box<dyn Check>,
    sections: Vec<Section>,
    details: Vec<(&'static str, String)>,
}

/// `inner`, made to leave alone what the definition's ignores name.
pub fn wrap(inner: Box<dyn Check>, def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let mut details = vec![
        ("Vale check", def.extends.as_str().to_string()),
        ("Vale message", def.message.clone()),
        ("Vale level", def.level.as_str().to_string()),
    ];
    if !def.scope.is_empty() {
        let scopes: Vec<&str> = def.scope.iter().map(|s| s.text.as_str()).collect();
        details.push(("Vale scope", scopes.join(", ")));
    }
    let mut sections = Vec::new();
    for section in &def.ignores {
        if section.tokens.is_empty() && section.blocks.is_empty() {
            continue;
        }
        let glob = Glob::new(&section.glob, &section.root).map_err(|e| PackError::at(0..0, e))?;
        let regexes = section
            .tokens
            .iter()
            .chain(&section.blocks)
            .map(|p| pattern::compile(&format!("(?m){}", p.text), p.span.clone()))
            .collect::<Result<_, _>>()?;
        sections.push(Section { glob, regexes });
    }
    Ok(Box::new(Ignoring {
        inner,
        sections,
        details,
    }))
}

impl Ignoring {
    /// The places of the file the ignores cover.
    fn ignored(&self, doc: &Document) -> Vec<Range<usize>> {
        let path = &doc.source.path;
        let mut out = Vec::new();
        for section in &self.sections {
            if !section.glob.matches(path) {
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
    fn details(&self) -> Vec<(&'static str, String)> {
        self.details.clone()
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let first = cx.reported();
        self.inner.check(doc, cx);
        if self.sections.is_empty() || cx.reported() == first {
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
