//! `vale`: a rule read from a Vale style's YAML file, run with Vale's
//! semantics (its regex templates, `%s` messages, exceptions and vocabulary).
//! A pack cannot declare it: the configuration builds one from each loaded
//! Vale rule ([`crate::vale::Definition`], handed over in the rule's spec).
//! One module per group of Vale check types: [`scan`] (existence,
//! substitution, occurrence, repetition), [`whole`] (consistency,
//! conditional: they remember earlier text), [`case`] (capitalization) and
//! [`measure`] (metric, readability: counts over the whole document),
//! [`spell`] (spelling) and [`sequence`] (words by their part of speech).

mod case;
mod ignore;
mod measure;
mod pattern;
mod scan;
mod sequence;
mod spell;
mod whole;

use std::ops::Range;

pub use pattern::UNSUPPORTED;

use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::document::{Block, Document};
use crate::source::Span;
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
    let check = match def.extends {
        Extends::Existence => scan::existence(def),
        Extends::Substitution => scan::substitution(def),
        Extends::Occurrence => scan::occurrence(def),
        Extends::Repetition => scan::repetition(def),
        Extends::Consistency => whole::consistency(def),
        Extends::Conditional => whole::conditional(def),
        Extends::Capitalization => case::capitalization(def),
        Extends::Metric => measure::metric(def),
        Extends::Readability => measure::readability(def),
        Extends::Spelling => spell::spelling(def),
        Extends::Sequence => sequence::sequence(def),
        other => Err(PackError::at(
            def.extends_span.clone(),
            format!("Vale's `{}` rules are not supported", other.as_str()),
        )),
    }?;
    ignore::wrap(check, def)
}

/// How a rule reads a document: block by block (Vale's `text`,
/// `paragraph`, `heading`…), sentence by sentence (`sentence`), or the
/// whole file as written, markup and all (`raw`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Blocks,
    Sentences,
    Raw,
}

impl Reading {
    fn of(def: &Definition) -> Reading {
        let named = |name: &str| def.scope.iter().any(|s| s.text.trim() == name);
        if named("raw") {
            Reading::Raw
        } else if named("sentence") {
            Reading::Sentences
        } else {
            Reading::Blocks
        }
    }
}

/// One piece of text a rule reads, and where it is.
struct Unit<'d> {
    text: &'d str,
    /// The block it is (part of); `None` for the raw file.
    block: Option<&'d Block<'d>>,
    /// Where `text` starts in the block's text (or the file's).
    start: usize,
}

impl Unit<'_> {
    /// Reports `range` (bytes of this unit's text) with a finished message,
    /// its runs of white space made one space as Vale's are.
    fn report(&self, cx: &mut Context, range: Range<usize>, message: &str) {
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        let vars = [("message", message.as_str())];
        let at = self.start + range.start..self.start + range.end;
        let span = match self.block {
            Some(block) => block.prose.to_source(at),
            None => Span::new(at.start, at.end),
        };
        cx.report(Finding::new(span, &vars));
    }
}

/// The pieces of text a Vale rule reads, in document order.
fn units<'d>(doc: &'d Document, cx: &Context, reading: Reading) -> Vec<Unit<'d>> {
    if reading == Reading::Raw {
        return vec![Unit {
            text: &doc.source.text,
            block: None,
            start: 0,
        }];
    }
    let mut out = Vec::new();
    for (_, block) in cx.blocks(doc) {
        let text = block.text();
        if reading == Reading::Sentences {
            out.extend(doc.block_sentences(block).iter().map(|s| Unit {
                text: &text[s.range()],
                block: Some(block),
                start: s.range().start,
            }));
        } else {
            out.push(Unit {
                text,
                block: Some(block),
                start: 0,
            });
        }
    }
    out
}
