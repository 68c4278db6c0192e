//! The registry of rule kinds: name, parameters, message placeholders and the
//! constructor that compiles a `[[rule]]` table into a [`Check`].

use super::params::ParamDoc;
use super::{Check, PackError, RuleSpec};
use super::{
    acronym, article, capitalization, confusion, consistency, context, duplicate_caption,
    duplicate_paragraph, existence, furniture, metric, misspelling, people, phrase, pull_quote,
    repetition, spelling, substitution, whitespace,
};

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

/// Every rule kind galley has.
pub static KINDS: &[&KindInfo] = &[
    &substitution::KIND,
    &existence::KIND,
    &confusion::KIND,
    &context::KIND,
    &repetition::KIND,
    &duplicate_caption::KIND,
    &duplicate_paragraph::KIND,
    &furniture::KIND,
    &whitespace::KIND,
    &consistency::KIND,
    &acronym::KIND,
    &capitalization::KIND,
    &metric::KIND,
    &metric::OCCURRENCE,
    &misspelling::KIND,
    &spelling::KIND,
    &phrase::KIND,
    &article::KIND,
    &people::KIND,
    &pull_quote::KIND,
];

pub fn find_kind(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().copied().find(|k| k.name == name)
}
