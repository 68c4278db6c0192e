//! What every Vale rule gets around its check: what the configuration
//! masks (`TokenIgnores`, `BlockIgnores`, `IgnoredScopes`,
//! `SkippedScopes`: text Vale masks before linting; galley runs the rule
//! and drops what it reported there, which comes to the same; see
//! [`crate::vale::masks`]), and the lines `galley explain` shows of the
//! Vale rule.

use std::sync::Arc;

use super::{Check, Context, PackError, Reading};
use crate::document::Document;
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
        let masked = cx.shared.vale_masked(&self.masks, doc);
        if masked.tokens.is_empty() && masked.elements.is_empty() {
            return;
        }
        cx.retain_since(first, |d| !masked.hides(&d.span.range()));
    }
}
