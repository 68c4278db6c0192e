//! Rule packs: TOML files with a `[pack]` header and `[[rule]]` entries.
//!
//! Parsing is strict (unknown keys are errors) and every error carries the
//! byte span of the offending TOML, so it can be shown in place.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{Rule, RuleMeta, ScopeItem, find_kind, placeholders};
use crate::diagnostic::{Applicability, Severity};

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

impl PackError {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        PackError {
            message: message.into(),
            span: Some(span),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
    #[serde(default)]
    rule: Vec<RuleSpec>,
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

/// A text that a rule must flag, with the text its fix must give.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum BadExample {
    Text(String),
    Fixed { text: String, fixed: String },
}

impl BadExample {
    pub fn text(&self) -> &str {
        match self {
            BadExample::Text(text) | BadExample::Fixed { text, .. } => text,
        }
    }

    pub fn fixed(&self) -> Option<&str> {
        match self {
            BadExample::Text(_) => None,
            BadExample::Fixed { fixed, .. } => Some(fixed),
        }
    }
}

/// One `[[rule]]` table. The common keys come first; the rest are parameters,
/// each used by some kinds (see [`super::KindInfo::params`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    pub help: Option<Spanned<String>>,
    pub description: Option<String>,
    pub scope: Option<Vec<ScopeItem>>,
    #[serde(default)]
    pub exclude: Vec<ScopeItem>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub bad: Vec<BadExample>,
    #[serde(default)]
    pub good: Vec<String>,

    // Kind parameters.
    pub pattern: Option<Spanned<String>>,
    pub replacement: Option<Spanned<String>>,
    pub ignore_case: Option<Spanned<bool>>,
    pub applicability: Option<Spanned<Applicability>>,
    pub word: Option<Spanned<String>>,
    pub intended: Option<Spanned<String>>,
    pub inflect: Option<Spanned<String>>,
    pub forms: Option<Spanned<Vec<[String; 2]>>>,
    pub cues_before: Option<Spanned<Vec<String>>>,
    pub cues_after: Option<Spanned<Vec<String>>>,
    pub window_before: Option<Spanned<usize>>,
    pub window_after: Option<Spanned<usize>>,
    pub exceptions: Option<Spanned<Vec<String>>>,
    pub select: Option<Spanned<String>>,
    pub expect: Option<Spanned<String>>,
    pub check: Option<Spanned<String>>,
    pub min_words: Option<Spanned<usize>>,
    pub variants: Option<Spanned<Vec<String>>>,
    pub case_clash: Option<Spanned<bool>>,
    pub allow: Option<Spanned<Vec<String>>>,
    pub case: Option<Spanned<String>>,
    /// Compile regexes on first use (set by the loader, not by packs).
    #[serde(skip)]
    pub lazy: bool,
    pub metric: Option<Spanned<String>>,
    pub accept: Option<Spanned<Vec<String>>>,
    pub reject: Option<Spanned<Vec<String>>>,
    pub ignore_names: Option<Spanned<bool>>,
    pub max: Option<Spanned<f64>>,
    pub min: Option<Spanned<f64>>,
    pub define: Option<Spanned<std::collections::BTreeMap<String, String>>>,
    pub replace: Option<Spanned<Vec<String>>>,
    pub keep_case: Option<Spanned<bool>>,
    pub unless: Option<Spanned<Vec<String>>>,
    pub within: Option<Spanned<String>>,
    pub corrections: Option<Spanned<std::collections::BTreeMap<String, String>>>,
    pub choose: Option<Spanned<String>>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

impl RuleSpec {
    /// The kind parameters present in this rule, with their spans.
    fn params_present(&self) -> Vec<(&'static str, Range<usize>)> {
        fn at<T>(
            name: &'static str,
            v: &Option<Spanned<T>>,
        ) -> Option<(&'static str, Range<usize>)> {
            v.as_ref().map(|s| (name, s.span()))
        }
        [
            at("pattern", &self.pattern),
            at("replacement", &self.replacement),
            at("ignore-case", &self.ignore_case),
            at("applicability", &self.applicability),
            at("word", &self.word),
            at("intended", &self.intended),
            at("inflect", &self.inflect),
            at("forms", &self.forms),
            at("cues-before", &self.cues_before),
            at("cues-after", &self.cues_after),
            at("window-before", &self.window_before),
            at("window-after", &self.window_after),
            at("exceptions", &self.exceptions),
            at("select", &self.select),
            at("expect", &self.expect),
            at("check", &self.check),
            at("min-words", &self.min_words),
            at("variants", &self.variants),
            at("case-clash", &self.case_clash),
            at("allow", &self.allow),
            at("case", &self.case),
            at("metric", &self.metric),
            at("accept", &self.accept),
            at("reject", &self.reject),
            at("ignore-names", &self.ignore_names),
            at("max", &self.max),
            at("min", &self.min),
            at("define", &self.define),
            at("replace", &self.replace),
            at("keep-case", &self.keep_case),
            at("unless", &self.unless),
            at("within", &self.within),
            at("corrections", &self.corrections),
            at("choose", &self.choose),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// A required parameter, or an error at the rule's id.
    pub fn required<'a, T>(
        &self,
        name: &str,
        value: &'a Option<Spanned<T>>,
    ) -> Result<&'a Spanned<T>, PackError> {
        value.as_ref().ok_or_else(|| {
            PackError::at(
                self.id.span(),
                format!(
                    "rule `{}` of kind `{}` needs the parameter `{name}`",
                    self.id.as_ref(),
                    self.kind.as_ref()
                ),
            )
        })
    }
}

/// Compiles a regex given in a pack, reporting errors at its span.
pub fn compile_regex(
    source: &Spanned<String>,
    ignore_case: bool,
) -> Result<regex::Regex, PackError> {
    compile_wrapped(source, ignore_case, |p| p.to_string())
}

/// Compiles `wrap(pattern)`, but reports a syntax error in the pattern as the
/// writer wrote it, not as wrapped.
pub fn compile_wrapped(
    source: &Spanned<String>,
    ignore_case: bool,
    wrap: impl Fn(&str) -> String,
) -> Result<regex::Regex, PackError> {
    let build = |pattern: &str| {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(1 << 24)
            .build()
    };
    let error = |err: regex::Error| {
        let reason = match err {
            regex::Error::Syntax(text) => {
                let last = text.lines().last().unwrap_or(&text);
                one_line(last.strip_prefix("error: ").unwrap_or(last))
            }
            regex::Error::CompiledTooBig(limit) => {
                format!(
                    "the pattern compiles to more than {limit} bytes; split it into several rules"
                )
            }
            other => one_line(&other.to_string()),
        };
        PackError::at(source.span(), format!("invalid regex: {reason}"))
    };
    build(source.as_ref()).map_err(error)?;
    build(&wrap(source.as_ref())).map_err(error)
}

fn one_line(message: &str) -> String {
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
        let file: PackFile = toml::from_str(text).map_err(|err| PackError {
            message: one_line(err.message()),
            span: err.span(),
        })?;
        let pack_name: Arc<str> = Arc::from(file.pack.name.as_ref().as_str());
        if !is_valid_id(&pack_name) {
            return Err(PackError::at(
                file.pack.name.span(),
                "pack names use lowercase letters, digits and hyphens",
            ));
        }
        let mut rules: Vec<Rule> = Vec::with_capacity(file.rule.len());
        let mut ids = std::collections::HashSet::with_capacity(file.rule.len());
        let lazy = built_in;
        for mut spec in file.rule {
            spec.lazy = lazy;
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
        if !kind.params.iter().any(|(p, _)| *p == name) {
            return Err(PackError::at(
                span,
                format!("`{name}` is not a parameter of kind `{}`", kind.name),
            ));
        }
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
}
