//! Vale's check types that remember what earlier text held: consistency
//! (one of two forms per document) and conditional (an acronym defined
//! before it is used).

use std::collections::HashSet;

use super::pattern::{self, Exceptions, NONWORD, WORD};
use super::{Check, Context, PackError, Reading, units};
use crate::document::Document;
use crate::vale::Definition;

/// `consistency`: of each `either` pair, one form per document.
struct Consistency {
    pairs: Vec<pattern::Lazy>,
    message: String,
    reading: Reading,
}

pub fn consistency(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let template = if def.nonword { NONWORD } else { WORD };
    let mut pairs = Vec::with_capacity(def.either.len());
    for (first, second) in &def.either {
        let body = format!("(?P<first>{})|(?P<second>{})", first.text, second.text);
        pairs.push(pattern::compile(
            &pattern::wrap(template, &body, def.ignorecase),
            first.span.clone(),
            &def.origin,
        )?);
    }
    Ok(Box::new(Consistency {
        pairs,
        message: def.message.clone(),
        reading: Reading::of(def),
    }))
}

impl Check for Consistency {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let pieces = units(doc, cx, self.reading);
        for regex in &self.pairs {
            let (mut first, mut second) = (false, false);
            for unit in &pieces {
                let text = unit.text;
                let mut last = None;
                let Some(regex) = regex.get() else {
                    break;
                };
                for caps in regex.captures_iter(text).map_while(Result::ok) {
                    if let Some(m) = caps.name("first") {
                        first = true;
                        last = Some(m.range());
                    }
                    if let Some(m) = caps.name("second") {
                        second = true;
                        last = Some(m.range());
                    }
                }
                if let Some(range) = last.filter(|_| first && second) {
                    let message = pattern::format_message(&self.message, &[&text[range.clone()]]);
                    unit.report(cx, range, &message);
                }
            }
        }
    }
}

/// `conditional`: what `first` matches (an acronym) must have been
/// captured by `second` (its definition) somewhere up to here, as Vale
/// reads the two (its `first` is what is reported).
struct Conditional {
    reported: pattern::Lazy,
    defines: pattern::Lazy,
    exceptions: Exceptions,
    message: String,
    reading: Reading,
}

pub fn conditional(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let needed = |p: &Option<crate::vale::Placed>, key: &str| {
        p.clone().ok_or_else(|| {
            PackError::at(
                def.extends_span.clone(),
                format!("a `conditional` rule needs `{key}`"),
            )
        })
    };
    let first = needed(&def.first, "first")?;
    let second = needed(&def.second, "second")?;
    let case = if def.ignorecase { "(?i)" } else { "" };
    Ok(Box::new(Conditional {
        reported: pattern::compile(&format!("{case}{}", first.text), first.span, &def.origin)?,
        defines: pattern::compile(&format!("{case}{}", second.text), second.span, &def.origin)?,
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span, &def.origin)?,
        message: def.message.clone(),
        reading: Reading::of(def),
    }))
}

impl Check for Conditional {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let mut defined: HashSet<String> = HashSet::new();
        for unit in units(doc, cx, self.reading) {
            let text = unit.text;
            let Some(defines) = self.defines.get() else {
                return;
            };
            for caps in defines.captures_iter(text).map_while(Result::ok) {
                for m in caps.iter().skip(1).flatten() {
                    if !m.as_str().is_empty() {
                        defined.insert(m.as_str().to_string());
                    }
                }
            }
            for range in pattern::find_all(&self.reported, text) {
                let found = &text[range.clone()];
                if found.is_empty() || defined.contains(found) || self.exceptions.matches(found) {
                    continue;
                }
                let message = pattern::format_message(&self.message, &[found]);
                unit.report(cx, range, &message);
            }
        }
    }
}
