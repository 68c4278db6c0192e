//! Rule packs: TOML files with a `[pack]` header and `[[rule]]` entries.
//!
//! Parsing is strict (unknown keys are errors) and every error carries the
//! byte span of the offending TOML, so it can be shown in place.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Rule, RuleMeta, ScopeItem, find_kind, placeholders};
use crate::diagnostic::Severity;
use crate::document::Format;

/// A loaded pack.
#[derive(Debug)]
pub struct Pack {
    pub name: String,
    pub description: Option<String>,
    /// Enabled when the configuration does not say otherwise.
    pub default: bool,
    pub rules: Vec<Rule>,
}

/// Why a pack could not be loaded: a message and, where known, the span of
/// the TOML that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

impl PackError {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        PackError {
            message: message.into(),
            span: Some(span),
        }
    }
}

/// The top level of a pack file but its rules, which are read one by one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackHeader {
    name: Spanned<String>,
    description: Option<String>,
    #[serde(default = "yes")]
    default: bool,
}

fn yes() -> bool {
    true
}

/// A text that a rule must flag: a string, or a table with the text its
/// fix must give and the one format it is read in (an example whose point
/// is plain-text structure, such as a first-line headline).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum BadExample {
    Text(String),
    Full {
        text: String,
        fixed: Option<String>,
        /// A file extension (`txt`, `md`): read only as that format.
        format: Option<String>,
    },
}

impl BadExample {
    pub fn text(&self) -> &str {
        match self {
            BadExample::Text(text) | BadExample::Full { text, .. } => text,
        }
    }

    pub fn fixed(&self) -> Option<&str> {
        match self {
            BadExample::Text(_) => None,
            BadExample::Full { fixed, .. } => fixed.as_deref(),
        }
    }

    /// The only format the example is read in, when it says so.
    pub fn format(&self) -> Option<Format> {
        match self {
            BadExample::Full {
                format: Some(ext), ..
            } => Format::from_path(std::path::Path::new(&format!("example.{ext}"))),
            _ => None,
        }
    }
}

/// The keys every `[[rule]]` table has, whatever its kind. The other keys
/// are the kind's parameters, read by the kind (see [`super::params`]).
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CommonSpec {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default = "default_severity")]
    severity: Severity,
    message: Spanned<String>,
    help: Option<Spanned<String>>,
    description: Option<String>,
    scope: Option<Vec<ScopeItem>>,
    #[serde(default)]
    exclude: Vec<ScopeItem>,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    bad: Vec<BadExample>,
    #[serde(default)]
    good: Vec<String>,
}

/// One `[[rule]]` table: the common keys, read, and the kind's parameters,
/// kept with their places in the file until the kind reads them.
pub struct RuleSpec<'a> {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub severity: Severity,
    pub message: Spanned<String>,
    pub help: Option<Spanned<String>>,
    pub description: Option<String>,
    pub scope: Option<Vec<ScopeItem>>,
    pub exclude: Vec<ScopeItem>,
    pub enabled: bool,
    pub bad: Vec<BadExample>,
    pub good: Vec<String>,
    /// Compile regexes on first use (set by the loader, not by packs).
    pub lazy: bool,
    /// The keys that are not common ones.
    params: Spanned<DeTable<'a>>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

impl<'a> RuleSpec<'a> {
    /// Reads one `[[rule]]` table.
    fn read(table: Spanned<DeTable<'a>>) -> Result<Self, PackError> {
        let span = table.span();
        let mut common = DeTable::new();
        let mut params = DeTable::new();
        let common_keys = super::params::struct_fields::<CommonSpec>();
        for (key, value) in table.into_inner() {
            if common_keys.contains(&key.as_ref().as_ref()) {
                common.insert(key, value);
            } else {
                params.insert(key, value);
            }
        }
        let c = CommonSpec::deserialize(Spanned::new(span.clone(), common).into_deserializer())
            .map_err(|err| PackError {
                message: if err.message().contains("untagged enum BadExample") {
                    "each `bad` example is a string, or a table with `text` and optionally \
                     `fixed` (the text after the fix) and `format` (`txt` or `md`)"
                        .to_string()
                } else {
                    one_line(err.message())
                },
                span: err.span().or(Some(span.clone())),
            })?;
        Ok(RuleSpec {
            id: c.id,
            kind: c.kind,
            severity: c.severity,
            message: c.message,
            help: c.help,
            description: c.description,
            scope: c.scope,
            exclude: c.exclude,
            enabled: c.enabled,
            bad: c.bad,
            good: c.good,
            lazy: false,
            params: Spanned::new(span, params),
        })
    }

    /// The kind parameters present in this rule, with their spans.
    fn params_present(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.params
            .as_ref()
            .iter()
            .map(|(key, _)| (key.as_ref().as_ref(), key.span()))
    }

    /// The kind's parameters, read into its own type `P` (see
    /// [`super::params::params`]).
    pub fn params<P: DeserializeOwned>(&self) -> Result<P, PackError> {
        P::deserialize(self.params.clone().into_deserializer()).map_err(|err| {
            let message = err.message();
            match message
                .strip_prefix("missing field `")
                .and_then(|m| m.strip_suffix('`'))
            {
                Some(name) => self.missing(name),
                None => PackError {
                    message: one_line(message),
                    span: err.span().or(Some(self.id.span())),
                },
            }
        })
    }

    fn missing(&self, name: &str) -> PackError {
        PackError::at(
            self.id.span(),
            format!(
                "rule `{}` of kind `{}` needs the parameter `{name}`",
                self.id.as_ref(),
                self.kind.as_ref()
            ),
        )
    }

    /// A required parameter, or an error at the rule's id.
    pub fn required<'v, T>(
        &self,
        name: &str,
        value: &'v Option<Spanned<T>>,
    ) -> Result<&'v Spanned<T>, PackError> {
        value.as_ref().ok_or_else(|| self.missing(name))
    }
}

pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Pack {
    /// Parses and compiles a pack from its TOML text.
    pub fn parse(text: &str) -> Result<Pack, PackError> {
        Pack::parse_with(text, false)
    }

    /// Parses a pack; with `built_in`, its regexes are only checked for
    /// syntax now and compiled on first use: the test suite runs every
    /// example of the built-in packs, so they are known to compile, and a run
    /// pays only for the regexes it uses.
    pub fn parse_with(text: &str, built_in: bool) -> Result<Pack, PackError> {
        let syntax = |err: toml::de::Error| PackError {
            message: one_line(err.message()),
            span: err.span(),
        };
        let root = DeTable::parse(text).map_err(syntax)?;
        // The rules are taken out first and read one by one below; the
        // rest is checked as a whole (without copying the rules).
        let root_span = root.span();
        let mut top = root.into_inner();
        let rule_entry = top.remove("rule");
        let file = PackFile::deserialize(Spanned::new(root_span, top).into_deserializer())
            .map_err(syntax)?;
        let pack_name: Arc<str> = Arc::from(file.pack.name.as_ref().as_str());
        if !is_valid_id(&pack_name) {
            return Err(PackError::at(
                file.pack.name.span(),
                "pack names use lowercase letters, digits and hyphens",
            ));
        }
        let tables: Vec<_> = match rule_entry {
            None => Vec::new(),
            Some(entry) => {
                let span = entry.span();
                match entry.into_inner() {
                    DeValue::Array(tables) => tables.into_iter().collect(),
                    _ => {
                        return Err(PackError::at(
                            span,
                            "`rule` must be a list of `[[rule]]` tables",
                        ));
                    }
                }
            }
        };
        let mut rules: Vec<Rule> = Vec::with_capacity(tables.len());
        let mut ids = std::collections::HashSet::with_capacity(tables.len());
        for table in tables {
            let span = table.span();
            let DeValue::Table(table) = table.into_inner() else {
                return Err(PackError::at(span, "a `[[rule]]` entry must be a table"));
            };
            let mut spec = RuleSpec::read(Spanned::new(span, table))?;
            spec.lazy = built_in;
            if !ids.insert(spec.id.as_ref().clone()) {
                return Err(PackError::at(
                    spec.id.span(),
                    format!("rule id `{}` is used twice in this pack", spec.id.as_ref()),
                ));
            }
            rules.push(build_rule(spec, &pack_name)?);
        }
        Ok(Pack {
            name: pack_name.to_string(),
            description: file.pack.description,
            default: file.pack.default,
            rules,
        })
    }
}

fn build_rule(spec: RuleSpec, pack: &Arc<str>) -> Result<Rule, PackError> {
    let id = spec.id.as_ref();
    if !is_valid_id(id) {
        return Err(PackError::at(
            spec.id.span(),
            "rule ids use lowercase letters, digits and hyphens",
        ));
    }
    let kind = find_kind(spec.kind.as_ref()).ok_or_else(|| {
        let known: Vec<&str> = super::KINDS.iter().map(|k| k.name).collect();
        PackError::at(
            spec.kind.span(),
            format!(
                "unknown rule kind `{}` (known kinds: {})",
                spec.kind.as_ref(),
                known.join(", ")
            ),
        )
    })?;
    for (name, span) in spec.params_present() {
        if kind.params.iter().any(|p| p.is(name)) {
            continue;
        }
        let elsewhere = super::KINDS
            .iter()
            .any(|k| k.params.iter().any(|p| p.is(name)));
        return Err(PackError::at(
            span,
            if elsewhere {
                format!("`{name}` is not a parameter of kind `{}`", kind.name)
            } else {
                let mut known: Vec<String> = super::params::struct_fields::<CommonSpec>()
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect();
                known.extend(kind.params.iter().map(|p| format!("`{}`", p.name())));
                format!(
                    "unknown field `{name}`, expected one of {}",
                    known.join(", ")
                )
            },
        ));
    }
    for template in std::iter::once(&spec.message).chain(spec.help.as_ref()) {
        for name in placeholders(template.as_ref()) {
            if !kind.vars.iter().any(|(v, _)| *v == name) {
                let known: Vec<&str> = kind.vars.iter().map(|(v, _)| *v).collect();
                return Err(PackError::at(
                    template.span(),
                    format!(
                        "unknown placeholder `{{{name}}}` (kind `{}` offers: {})",
                        kind.name,
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
        }
    }
    for bad in &spec.bad {
        if let BadExample::Full {
            format: Some(ext), ..
        } = bad
            && bad.format().is_none()
        {
            return Err(PackError::at(
                spec.id.span(),
                format!(
                    "an example of rule `{id}` names the format `{ext}`, which galley does not read"
                ),
            ));
        }
    }
    if spec.bad.is_empty() {
        return Err(PackError::at(
            spec.id.span(),
            format!("rule `{id}` has no `bad` example: give at least one text it must flag"),
        ));
    }
    let check = (kind.build)(&spec)?;
    let meta = RuleMeta {
        id: Arc::from(id.as_str()),
        pack: pack.clone(),
        kind,
        severity: spec.severity,
        message: spec.message.into_inner(),
        help: spec.help.map(Spanned::into_inner),
        description: spec.description,
        scope: spec.scope,
        exclude: spec.exclude,
        bad: spec.bad,
        good: spec.good,
        enabled: spec.enabled,
        on_with_pack: spec.enabled,
    };
    Ok(Rule::new(meta, check))
}

/// Ids and pack names: lowercase ASCII letters, digits and inner hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> (String, String) {
        let err = Pack::parse(text).expect_err("pack should be rejected");
        let at = err
            .span
            .clone()
            .map(|s| text[s].to_string())
            .unwrap_or_default();
        (err.message, at)
    }

    const HEAD: &str = "[pack]\nname = \"p\"\n";

    #[test]
    fn invalid_regex_points_at_the_pattern() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a(b\"\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.starts_with("invalid regex"), "{message}");
        assert_eq!(at, "\"a(b\"");
    }

    #[test]
    fn regex_errors_speak_of_the_pattern_as_written() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"substitution\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"e-(mail\"\nreplacement = \"x\"\n"
        );
        let (message, _) = error_of(&text);
        assert_eq!(message, "invalid regex: unclosed group");
    }

    #[test]
    fn unknown_kind_points_at_the_kind() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"telepathy\"\nmessage = \"m\"\nbad = [\"a\"]\n"
        );
        let (message, at) = error_of(&text);
        assert!(
            message.starts_with("unknown rule kind `telepathy`"),
            "{message}"
        );
        assert_eq!(at, "\"telepathy\"");
    }

    #[test]
    fn unknown_key_is_an_error_with_a_span() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\ncolour = 1\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.contains("unknown field `colour`"), "{message}");
        assert_eq!(at, "colour");
    }

    #[test]
    fn rules_that_are_not_a_list_of_tables_are_an_error() {
        let (message, at) = error_of(&format!("rule = \"all of them\"\n{HEAD}"));
        assert!(message.contains("`rule` must be a list"), "{message}");
        assert_eq!(at, "\"all of them\"");
        let (message, _) = error_of(&format!("colour = 1\n{HEAD}"));
        assert!(message.contains("unknown field `colour`"), "{message}");
    }

    #[test]
    fn parameter_of_another_kind_is_an_error() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\ncues-after = [\"x\"]\n"
        );
        let (message, _) = error_of(&text);
        assert_eq!(
            message,
            "`cues-after` is not a parameter of kind `existence`"
        );
    }

    #[test]
    fn rule_without_bad_example_is_an_error() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"a\"\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.contains("has no `bad` example"), "{message}");
        assert_eq!(at, "\"r\"");
    }

    #[test]
    fn duplicate_rule_id_is_an_error() {
        let rule = "[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\n";
        let (message, _) = error_of(&format!("{HEAD}{rule}{rule}"));
        assert_eq!(message, "rule id `r` is used twice in this pack");
    }

    #[test]
    fn unknown_placeholder_is_an_error() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"bad {{colour}}\"\nbad = [\"a\"]\npattern = \"a\"\n"
        );
        let (message, _) = error_of(&text);
        assert!(
            message.starts_with("unknown placeholder `{colour}`"),
            "{message}"
        );
    }

    #[test]
    fn missing_parameter_is_named_at_the_rule_id() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"substitution\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\n"
        );
        let (message, at) = error_of(&text);
        assert_eq!(
            message,
            "rule `r` of kind `substitution` needs the parameter `replacement`"
        );
        assert_eq!(at, "\"r\"");
    }

    #[test]
    fn parameter_of_the_wrong_type_points_at_its_value() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"duplicate-caption\"\nmessage = \"m\"\nbad = [\"a\"]\nmin-words = \"four\"\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.contains("invalid type"), "{message}");
        assert_eq!(at, "\"four\"");
    }

    #[test]
    fn a_rule_entry_must_be_a_table() {
        let (message, _) = error_of(&format!("{HEAD}rule = [1]\n"));
        assert!(!message.is_empty());
    }

    #[test]
    fn an_example_table_may_omit_the_fix_and_name_its_format() {
        let rule = "[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"a\"\n";
        let ok = format!(
            "{HEAD}{rule}bad = [{{ text = \"a\" }}, {{ text = \"a\", format = \"md\" }}]\n"
        );
        let pack = Pack::parse(&ok).expect("valid pack");
        assert_eq!(pack.rules[0].meta.bad[0].fixed(), None);
        assert_eq!(pack.rules[0].meta.bad[1].format(), Some(Format::MARKDOWN));
        let (message, _) = error_of(&format!(
            "{HEAD}{rule}bad = [{{ text = \"a\", format = \"odt\" }}]\n"
        ));
        assert!(message.contains("names the format `odt`"), "{message}");
    }

    #[test]
    fn a_malformed_example_says_what_shapes_are_allowed() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"a\"\nbad = [{{ txt = \"a\" }}]\n"
        );
        let (message, at) = error_of(&text);
        assert!(
            message.starts_with("each `bad` example is a string, or a table with `text`"),
            "{message}"
        );
        assert_eq!(at, "[{ txt = \"a\" }]");
    }
}
