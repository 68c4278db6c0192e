//! The packs built into the binary, which of them a run must load, and
//! their index: what `check` knows of each built-in rule without reading
//! its pack.
//!
//! `rules/builtin.index` lists, per built-in pack, its fingerprint and, per
//! rule, its id, kind, severity, whether it is on, where its `[[rule]]`
//! table is in the pack, where its description and examples are in the
//! table, and its trigger words. A check run registers the rules from it
//! and builds a rule from its table only when a document can trigger it,
//! reading the table without its description and examples (most of its
//! text) from the tree build.rs parsed it into (`pretable.rs`); no
//! built-in rule's TOML is parsed by a check run. The index is
//! written by the test suite (`GALLEY_UPDATE_INDEX=1 cargo test --lib
//! pack_index`), which also fails while it is out of date; build.rs keeps
//! only the packs whose fingerprint still matches, so an edited pack is
//! read in full until the index is written again, never from stale ranges.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::pretable::{Pre, PreRule};
use super::{Pack, Rule, RuleMeta, find_kind};
use crate::diagnostic::Severity;

include!("pack_hash.rs");

/// The fingerprint of a pack's text (FNV-1a, 16 hex digits).
pub fn fingerprint(text: &str) -> String {
    pack_hash(text)
}

/// Packs built into the binary: (path shown in errors, TOML text).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("rules/core.toml", include_str!("../../rules/core.toml")),
    (
        "rules/confusion.toml",
        include_str!("../../rules/confusion.toml"),
    ),
    (
        "rules/context.toml",
        include_str!("../../rules/context.toml"),
    ),
    (
        "rules/furniture.toml",
        include_str!("../../rules/furniture.toml"),
    ),
    (
        "rules/news-style.toml",
        include_str!("../../rules/news-style.toml"),
    ),
    (
        "rules/readability.toml",
        include_str!("../../rules/readability.toml"),
    ),
    (
        "rules/spelling.toml",
        include_str!("../../rules/spelling.toml"),
    ),
    ("rules/usage.toml", include_str!("../../rules/usage.toml")),
    ("rules/people.toml", include_str!("../../rules/people.toml")),
    ("rules/harper.toml", include_str!("../../rules/harper.toml")),
    (
        "rules/redundancy.toml",
        include_str!("../../rules/redundancy.toml"),
    ),
    ("rules/cliche.toml", include_str!("../../rules/cliche.toml")),
];

/// Built-in packs that are off by default and large or rarely used: a
/// `check` run parses them only when its configuration or command line names
/// the pack (its file stem) or one of its rules, which keeps start-up fast.
pub const ON_DEMAND_PACKS: &[&str] = &[
    "rules/cliche.toml",
    "rules/harper.toml",
    "rules/redundancy.toml",
    "rules/news-style.toml",
    "rules/readability.toml",
    "rules/spelling.toml",
];

/// Whether a run that names `names` needs the on-demand pack at `path`.
pub fn needed<'n>(path: &str, text: &str, mut names: impl Iterator<Item = &'n str>) -> bool {
    let stem = Path::new(path).file_stem().and_then(|s| s.to_str());
    names.any(|name| Some(name) == stem || text.contains(&format!("\nid = \"{name}\"")))
}

/// The index as build.rs kept it: the entries of the packs that have not
/// changed since it was written.
#[cfg(test)]
const INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.index"));

/// A rule of the index: id, kind, severity, enabled, where its table starts
/// and ends in the pack, where its description and examples are in the
/// table, its trigger words (tab-separated, or `-`), and its table without
/// the description and examples as build.rs parsed it.
type IndexedRule = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    usize,
    usize,
    &'static str,
    &'static str,
    Option<&'static PreRule>,
);

/// The index as build.rs kept it, read into a table at build time: per
/// pack its path, name, whether it is on by default, its description (as
/// escaped in the index) and its rules. (Split from the text at each start,
/// the index took a third of a million instructions.)
const TABLE: &[(&str, &str, bool, &str, &[IndexedRule])] =
    include!(concat!(env!("OUT_DIR"), "/builtin_index.rs"));

/// The pack at `path` from the index, its rules not built; `None` when the
/// index has no current entry for it (the pack must then be parsed).
pub fn indexed(path: &str, text: &'static str) -> Option<Pack> {
    let &(_, name, default, description, entries) = TABLE.iter().find(|p| p.0 == path)?;
    let pack: Arc<str> = Arc::from(name);
    let mut rules = Vec::with_capacity(entries.len());
    for &(id, kind, severity, enabled, from, to, docs, triggers, parsed) in entries {
        let meta = RuleMeta {
            id: Arc::from(id),
            pack: pack.clone(),
            kind: find_kind(kind)?,
            severity: match severity {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                _ => return None,
            },
            enabled,
            on_with_pack: enabled,
        };
        let table = text.get(from..to)?;
        let triggers = (triggers != "-").then_some(triggers);
        rules.push(Rule::deferred(meta, table, docs, triggers, parsed));
    }
    Some(Pack {
        name: name.to_string(),
        description: (!description.is_empty()).then(|| unescape(description)),
        default,
        rules,
    })
}

/// Where each `[[rule]]` table of a built-in pack is: from its header line
/// to the next one (built-in packs keep `[pack]` first and have no other
/// tables, which the test of the index checks).
pub fn rule_tables(text: &str) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "[[rule]]" {
            starts.push(at);
        }
        at += line.len();
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().zip(ends).map(|(&s, e)| s..e).collect()
}

/// The index of the built-in packs, written from the packs themselves.
pub fn write_index() -> Result<String, String> {
    let mut out = String::from(
        "# What `galley check` knows of each built-in rule without reading its pack\n\
         # (see src/rules/builtin.rs). Written by the test suite:\n\
         #   GALLEY_UPDATE_INDEX=1 cargo test --lib pack_index\n\
         # Tab-separated: pack PATH FINGERPRINT NAME DEFAULT DESCRIPTION, then\n\
         # rule ID KIND SEVERITY ENABLED FROM TO DOCS TRIGGERS... (- for none);\n\
         # DOCS: where the description and examples are in the table, FROM-TO,...\n",
    );
    let field = |text: &str| -> Result<String, String> {
        if text.contains(['\t', '\n', '\r']) || text == "-" {
            return Err(format!("`{text}` cannot be a field of the index"));
        }
        Ok(text.to_string())
    };
    for (path, text) in BUILTIN_PACKS {
        let pack = super::Pack::parse_with(text, true)
            .map_err(|e| format!("{path}: {} at {:?}", e.message, e.span))?;
        let tables = rule_tables(text);
        if tables.len() != pack.rules.len() {
            return Err(format!(
                "{path}: {} `[[rule]]` lines for {} rules",
                tables.len(),
                pack.rules.len()
            ));
        }
        out.push_str(&format!(
            "pack\t{path}\t{}\t{}\t{}\t{}\n",
            pack_hash(text),
            pack.name,
            u8::from(pack.default),
            escape(pack.description.as_deref().unwrap_or(""))
        ));
        for (rule, table) in pack.rules.iter().zip(tables) {
            let m = &rule.meta;
            let docs = super::table::doc_places(&text[table.clone()])
                .map_err(|e| format!("{path}: {}: {}", m.id, e.message))?;
            out.push_str(&format!(
                "rule\t{}\t{}\t{}\t{}\t{}\t{}\t{docs}",
                m.id,
                m.kind.name,
                m.severity.as_str(),
                u8::from(m.enabled),
                table.start,
                table.end
            ));
            match rule.triggers().filter(|t| !t.is_empty()) {
                None => out.push_str("\t-"),
                Some(words) => {
                    for word in words {
                        out.push('\t');
                        out.push_str(&field(&word)?);
                    }
                }
            }
            out.push('\n');
        }
    }
    Ok(out)
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a run defers for the built-in packs (compiling their regexes
    /// and word finders, looking their words up in the context model) is
    /// done here, at once, for every rule: a pack that would fail to build
    /// fails the build's tests instead of a user's run.
    #[test]
    fn every_built_in_pack_builds_in_full() {
        for (path, text) in BUILTIN_PACKS {
            let pack = crate::rules::Pack::parse(text)
                .unwrap_or_else(|e| panic!("{path}: {} at {:?}", e.message, e.span));
            assert!(!pack.rules.is_empty(), "{path}");
        }
    }

    /// The committed index is what the packs give now, and what build.rs
    /// kept of it is all of it. With `GALLEY_UPDATE_INDEX=1`, writes it.
    #[test]
    fn the_pack_index_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/builtin.index");
        let written = write_index().unwrap_or_else(|e| panic!("{e}"));
        if std::env::var_os("GALLEY_UPDATE_INDEX").is_some() {
            std::fs::write(path, &written).expect("write rules/builtin.index");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == written,
            "rules/builtin.index is out of date: run `GALLEY_UPDATE_INDEX=1 cargo test --lib pack_index`"
        );
        assert_eq!(
            INDEX, written,
            "build.rs dropped entries of the index: rebuild"
        );
    }

    /// A rule built from its table through the index is the rule the pack
    /// gives: same identity, wording, examples and triggers.
    #[test]
    fn every_indexed_rule_builds_as_its_pack_does() {
        for (path, text) in BUILTIN_PACKS {
            let pack = crate::rules::Pack::parse(text).expect("valid pack");
            let indexed = indexed(path, text).unwrap_or_else(|| panic!("{path} is not indexed"));
            assert_eq!(
                (&indexed.name, &indexed.description, indexed.default),
                (&pack.name, &pack.description, pack.default),
                "{path}"
            );
            assert_eq!(indexed.rules.len(), pack.rules.len(), "{path}");
            for (lazy, eager) in indexed.rules.iter().zip(&pack.rules) {
                let id = &eager.meta.id;
                assert_eq!(
                    format!("{:?}", lazy.meta),
                    format!("{:?}", eager.meta),
                    "{path}: {id}"
                );
                let before = lazy.triggers();
                assert_eq!(
                    format!("{:?}", lazy.body()),
                    format!("{:?}", eager.body()),
                    "{path}: {id}"
                );
                assert_eq!(
                    format!("{:?}", lazy.docs()),
                    format!("{:?}", eager.docs()),
                    "{path}: {id}"
                );
                assert_eq!(
                    before.filter(|t| !t.is_empty()),
                    eager.triggers().filter(|t| !t.is_empty()),
                    "{path}: {id}"
                );
                assert_eq!(lazy.fix(), eager.fix(), "{path}: {id}");
            }
        }
    }

    /// Each built-in rule's table as build.rs parsed it is what parsing
    /// its text without the description and examples gives now: the same
    /// keys, values and spans, so a rule built from it is the rule its
    /// text gives.
    #[test]
    fn every_preparsed_table_is_the_parse_of_its_text() {
        for (path, text) in BUILTIN_PACKS {
            let &(.., entries) = TABLE.iter().find(|p| p.0 == *path).expect("indexed");
            for &(id, _, _, _, from, to, docs, _, parsed) in entries {
                let parsed = parsed.unwrap_or_else(|| panic!("{path}: build.rs left {id} out"));
                let rebuilt = super::super::pretable::entry(parsed).expect("its scalars read");
                let text = super::super::table::without_docs(&text[from..to], docs)
                    .expect("the places are in the table");
                let entry = super::super::table::rule_entry(&text).expect("the table parses");
                assert_eq!(format!("{rebuilt:?}"), format!("{entry:?}"), "{path}: {id}");
                // Split as a run reads it: the common keys, then the rest.
                let common_keys = super::super::table::common_keys();
                let is_common = |key: &str| common_keys.contains(&key);
                let (span, common, params) =
                    super::super::pretable::entry_parts(parsed, is_common).expect("it reads");
                assert_eq!(span, entry.span(), "{path}: {id}");
                assert!(common.iter().all(|(k, _)| is_common(k.as_ref())), "{id}");
                assert!(params.iter().all(|(k, _)| !is_common(k.as_ref())), "{id}");
                let mut whole = common;
                whole.extend(params);
                assert_eq!(
                    format!("{whole:?}"),
                    format!("{:?}", entry.as_ref()),
                    "{path}: {id}"
                );
            }
        }
    }

    #[test]
    fn descriptions_survive_the_index() {
        for text in ["plain", "tab\there", "two\nlines", "back\\slash\\n"] {
            assert_eq!(unescape(&escape(text)), text);
        }
    }
}
