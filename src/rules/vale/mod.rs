//! `vale`: a rule read from a Vale style's YAML file, run with Vale's
//! semantics (its regex templates, `%s` messages, exceptions and vocabulary).
//! A pack cannot declare it: the configuration builds one from each loaded
//! Vale rule ([`crate::vale::Definition`], handed over in the rule's spec).
//! One module per group of Vale check types: [`scan`] (existence,
//! substitution, occurrence, repetition) and [`whole`] (those that read the
//! document as a whole: consistency, conditional, capitalization).

mod pattern;
mod scan;
mod whole;

use std::ops::Range;

use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::document::{Block, Document};
use crate::vale::{Definition, Extends};

pub static KIND: KindInfo = KindInfo {
    name: "vale",
    summary: "a rule of a Vale style, read from its YAML file",
    params: &[],
    vars: &[("message", "Vale's message, its `%s` filled in")],
    build,
    honours_sic: false,
};

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let Some(def) = spec.vale.as_deref() else {
        return Err(PackError::at(
            spec.kind.span(),
            "kind `vale` is built from Vale rule files: name a Vale style in the configuration instead",
        ));
    };
    match def.extends {
        Extends::Existence => scan::existence(def),
        Extends::Substitution => scan::substitution(def),
        Extends::Occurrence => scan::occurrence(def),
        Extends::Repetition => scan::repetition(def),
        Extends::Consistency => whole::consistency(def),
        Extends::Conditional => whole::conditional(def),
        Extends::Capitalization => whole::capitalization(def),
        other => Err(PackError::at(
            def.extends_span.clone(),
            format!("Vale's `{}` rules are not supported", other.as_str()),
        )),
    }
}

/// The pieces of text a Vale rule reads: each block its scope lets
/// through, or each sentence of it for `scope: sentence`.
fn units<'d>(doc: &'d Document, cx: &Context, sentences: bool) -> Vec<(&'d Block, Range<usize>)> {
    let mut out = Vec::new();
    for (_, block) in cx.blocks(doc) {
        if sentences {
            out.extend(
                doc.block_sentences(block)
                    .iter()
                    .map(|s| (block, s.range())),
            );
        } else {
            out.push((block, 0..block.text().len()));
        }
    }
    out
}

/// Whether the rule's scope names `sentence`.
fn by_sentence(def: &Definition) -> bool {
    def.scope.iter().any(|s| s.text.trim() == "sentence")
}

/// Reports `range` (bytes of the block's text) with a finished message,
/// its runs of white space made one space as Vale's are.
fn report(cx: &mut Context, block: &Block, range: Range<usize>, message: &str) {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let vars = [("message", message.as_str())];
    cx.report(Finding::new(block.prose.to_source(range), &vars));
}
