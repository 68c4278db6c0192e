//! The registry of rule kinds: name, parameters, message placeholders and the
//! constructor that compiles a `[[rule]]` table into a [`Check`]. The list
//! of kinds, [`KINDS`], is in `rules/mod.rs`, which declares their modules:
//! nothing else in the engine names a kind.

use super::params::ParamDoc;
use super::{Check, KINDS, PackError, RuleSpec};

/// What the pack loader and `galley explain` know about a kind.
#[derive(Debug)]
pub struct KindInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// Parameters, from the kind's `params!` struct.
    pub params: &'static [ParamDoc],
    /// Placeholders the message and help may use: name and meaning.
    pub vars: &'static [(&'static str, &'static str)],
    pub build: fn(&RuleSpec) -> Result<Box<dyn Check>, PackError>,
    /// `[sic]` after a flagged word silences this kind (typo kinds do; a
    /// writer marks a quoted slip as intended).
    pub honours_sic: bool,
}

pub fn find_kind(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().copied().find(|k| k.name == name)
}
