//! A built-in rule's `[[rule]]` table as build.rs parsed it (without its
//! description and examples), rebuilt at run time into the TOML reader's
//! tree, the values and spans those of parsing the table's text: building
//! a rule then reads no TOML (its parse was a third of building the rules
//! an article needs). A user's pack is parsed as before.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// A value as build.rs wrote it.
#[derive(Debug)]
pub enum Pre {
    /// A string, its escapes decoded.
    Str(&'static str),
    Bool(bool),
    /// An integer, float or date-time as written in the pack.
    Scalar(&'static str),
    /// Each item with its span.
    Array(&'static [(usize, usize, Pre)]),
    Table(&'static [PreEntry]),
}

/// One key of a table: the key, its span, its value's span, its value.
pub type PreEntry = (&'static str, usize, usize, usize, usize, Pre);

/// A rule's table: its span, and its keys.
pub type PreRule = (usize, usize, &'static [PreEntry]);

/// The rule's table whole (see [`entry_parts`]).
#[cfg(test)]
pub fn entry(rule: &'static PreRule) -> Option<Spanned<DeTable<'static>>> {
    let (span, table, _) = entry_parts(rule, |_| true)?;
    Some(Spanned::new(span, table))
}

/// The rule's table as parsing its text gives it, its keys put in two
/// tables: those `first` takes (the common keys of a rule) and the others,
/// as `RuleSpec::read` splits them, without building the whole table
/// first. `None` if a scalar does not read (never for a table build.rs
/// wrote).
pub fn entry_parts(
    rule: &'static PreRule,
    first: impl Fn(&str) -> bool,
) -> Option<(std::ops::Range<usize>, DeTable<'static>, DeTable<'static>)> {
    let &(start, end, keys) = rule;
    let (mut taken, mut others) = (DeTable::new(), DeTable::new());
    for (key, key_start, key_end, start, end, value) in keys {
        let into = if first(key) { &mut taken } else { &mut others };
        into.insert(
            Spanned::new(*key_start..*key_end, Cow::Borrowed(*key)),
            Spanned::new(*start..*end, self::value(value)?),
        );
    }
    Some((start..end, taken, others))
}

fn table(keys: &'static [PreEntry]) -> Option<DeTable<'static>> {
    let mut out = DeTable::new();
    for (key, key_start, key_end, start, end, value) in keys {
        out.insert(
            Spanned::new(*key_start..*key_end, Cow::Borrowed(*key)),
            Spanned::new(*start..*end, self::value(value)?),
        );
    }
    Some(out)
}

fn value(value: &'static Pre) -> Option<DeValue<'static>> {
    Some(match value {
        Pre::Str(text) => DeValue::String(Cow::Borrowed(text)),
        Pre::Bool(yes) => DeValue::Boolean(*yes),
        Pre::Scalar(written) => DeValue::parse(written).ok()?.into_inner(),
        Pre::Array(items) => {
            let mut out = DeArray::new();
            for (start, end, item) in *items {
                out.push(Spanned::new(*start..*end, self::value(item)?));
            }
            DeValue::Array(out)
        }
        Pre::Table(keys) => DeValue::Table(table(keys)?),
    })
}
