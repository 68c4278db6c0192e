//! What every Vale rule gets around its check: what the configuration
//! masks (`TokenIgnores`, `BlockIgnores`, `IgnoredScopes`,
//! `SkippedScopes`: text Vale masks before linting; galley runs the rule
//! and drops what it reported there, which comes to the same; see
//! [`crate::vale::masks`]), and the lines `galley explain` shows of the
//! Vale rule.

use std::sync::{Arc, PoisonError};

use super::{Check, Context, PackError, Reading};
use crate::document::Document;
use crate::rules::Shared;
use crate::vale::masks::Masked;
use crate::vale::{Definition, Masks};

/// A Vale rule with its configuration's ignores.
pub struct Ignoring {
    inner: Box<dyn Check>,
    masks: Arc<Masks>,
    /// A `scope: raw` rule: nothing is masked for it.
    raw: bool,
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
    Ok(Box::new(Ignoring {
        inner,
        masks: Arc::clone(&def.masks),
        raw: Reading::of(def) == Reading::Raw,
        details,
    }))
}

impl Check for Ignoring {
    fn details(&self) -> Vec<(&'static str, String)> {
        self.details.clone()
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let first = cx.reported();
        self.inner.check(doc, cx);
        // Vale masks what the configuration ignores in the text it renders
        // (TokenIgnores and BlockIgnores rewritten as code, the scopes
        // skipped by its HTML walker); a raw rule reads `file.Lines`,
        // which none of them touch.
        if self.raw || cx.reported() == first {
            return;
        }
        let masked = masked(cx.shared, &self.masks, doc);
        if masked.tokens.is_empty() && masked.elements.is_empty() {
            return;
        }
        cx.retain_since(first, |d| !masked.hides(&d.span.range()));
    }
}

/// The places of `doc` that a Vale configuration's `masks` mask, found once
/// per document (kept with its shared work, by the configuration's
/// address) for all of the configuration's rules.
fn masked(shared: &Shared, masks: &Arc<Masks>, doc: &Document) -> Arc<Masked> {
    let key = Arc::as_ptr(masks) as usize;
    let mut found = shared
        .vale_masked
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some((_, masked)) = found.iter().find(|(k, _)| *k == key) {
        return Arc::clone(masked);
    }
    let masked = Arc::new(masks.ranges(&doc.source.path, &doc.source.text, doc.format));
    found.push((key, Arc::clone(&masked)));
    masked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;

    #[test]
    fn a_vale_configurations_masks_are_found_once_per_document() {
        let masks = Arc::new(Masks::new(Vec::new(), vec!["kbd".to_string()]));
        let text = "Press <kbd>Ctrl</kbd> now.\n";
        let (source_a, source_b) = (SourceFile::new("a.md", text), SourceFile::new("b.md", text));
        let parse = |source| Document::parse(source, Format::MARKDOWN, &ArticleSettings::default());
        let (a, b) = (parse(&source_a), parse(&source_b));
        let (for_a, for_b) = (Shared::default(), Shared::default());
        let first = masked(&for_a, &masks, &a);
        // Another document's (on another thread) takes nothing from it.
        let other = masked(&for_b, &masks, &b);
        assert!(!Arc::ptr_eq(&first, &other));
        assert!(Arc::ptr_eq(&first, &masked(&for_a, &masks, &a)));
        assert_eq!(first.elements, vec![6..21]);
    }
}
