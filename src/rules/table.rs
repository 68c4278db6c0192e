//! One `[[rule]]` table of a pack: its common keys read ([`RuleSpec`]),
//! checked (id, kind, parameters, placeholders, examples) and built into a
//! rule by its kind. A user's pack builds all its rules at load; a built-in
//! rule is built from its table when a document first needs it.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::bad_example::{BadExample, MARK_CLOSE, MARK_OPEN};
use super::pretable::PreRule;
use super::{Check, RuleBody, RuleDocs, RuleMeta, ScopeItem, find_kind, kind_mask, placeholders};
use crate::diagnostic::Severity;

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

pub(super) fn yes() -> bool {
    true
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
    pub scope: Option<Vec<ScopeItem>>,
    pub exclude: Vec<ScopeItem>,
    pub enabled: bool,
    /// The description and examples.
    pub docs: RuleDocs,
    /// Compile regexes on first use (set by the loader, not by packs).
    pub lazy: bool,
    /// The Vale rule a rule of kind `vale` is built from (set by the
    /// configuration's Vale loader; packs cannot declare one).
    pub vale: Option<std::sync::Arc<crate::vale::Definition>>,
    /// The keys that are not common ones.
    params: Spanned<DeTable<'a>>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// The keys every `[[rule]]` table may have, whatever its kind.
pub(super) fn common_keys() -> &'static [&'static str] {
    super::params::struct_fields::<CommonSpec>()
}

impl<'a> RuleSpec<'a> {
    /// Reads one `[[rule]]` table.
    pub(super) fn read(table: Spanned<DeTable<'a>>) -> Result<Self, PackError> {
        let span = table.span();
        let mut common = DeTable::new();
        let mut params = DeTable::new();
        let common_keys = common_keys();
        for (key, value) in table.into_inner() {
            if common_keys.contains(&key.as_ref().as_ref()) {
                common.insert(key, value);
            } else {
                params.insert(key, value);
            }
        }
        Self::read_parts(span, common, params)
    }

    /// Reads one `[[rule]]` table given as its common keys (those of
    /// [`common_keys`]) and the others.
    pub(super) fn read_parts(
        span: Range<usize>,
        common: DeTable<'a>,
        params: DeTable<'a>,
    ) -> Result<Self, PackError> {
        let c = CommonSpec::deserialize(Spanned::new(span.clone(), common).into_deserializer())
            .map_err(|err| PackError {
                message: if err.message().contains("untagged enum BadExample") {
                    "each `bad` example is a string, or a table with `text` and optionally \
                     `fixed` (the text after the fix), `message` (the message it must give) \
                     and `format` (`txt`, `md` or `html`)"
                        .to_string()
                } else {
                    one_line(err.message())
                },
                span: err.span().or(Some(span.clone())),
            })?;
        let bad = c
            .bad
            .into_iter()
            .map(BadExample::unmarked)
            .collect::<Result<_, _>>()
            .map_err(|message| PackError::at(c.id.span(), message))?;
        if let Some(marked) = c.good.iter().find(|g| g.contains([MARK_OPEN, MARK_CLOSE])) {
            return Err(PackError::at(
                c.id.span(),
                format!("good example {marked:?} has marks: only a bad example marks a span"),
            ));
        }
        Ok(RuleSpec {
            id: c.id,
            kind: c.kind,
            severity: c.severity,
            message: c.message,
            help: c.help,
            scope: c.scope,
            exclude: c.exclude,
            enabled: c.enabled,
            docs: RuleDocs {
                description: c.description,
                bad,
                good: c.good,
            },
            lazy: false,
            vale: None,
            params: Spanned::new(span, params),
        })
    }

    /// The spec of a rule of kind `vale`, built from a Vale rule file
    /// rather than a `[[rule]]` table (`id` is `Style.Rule`).
    pub fn vale(
        id: &str,
        definition: std::sync::Arc<crate::vale::Definition>,
    ) -> RuleSpec<'static> {
        RuleSpec {
            id: Spanned::new(0..0, id.to_string()),
            kind: Spanned::new(0..0, "vale".to_string()),
            severity: Severity::Warning,
            message: Spanned::new(0..0, "{message}".to_string()),
            help: None,
            scope: None,
            exclude: Vec::new(),
            enabled: true,
            docs: RuleDocs::default(),
            lazy: false,
            vale: Some(definition),
            params: Spanned::new(0..0, DeTable::new()),
        }
    }

    /// The kind parameters present in this rule, with their spans.
    fn params_present(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.params
            .as_ref()
            .iter()
            .map(|(key, _)| (key.as_ref().as_ref(), key.span()))
    }

    /// The kind's parameters, read into its own type `P` (see
    /// `rules::params::params`).
    pub fn params<P: DeserializeOwned>(&self) -> Result<P, PackError> {
        self.read_params(self.params.clone())
    }

    /// The kind's parameters without `name`, which the kind has from
    /// elsewhere (a built-in rule's, prepared by build.rs).
    pub fn params_without<P: DeserializeOwned>(&self, name: &str) -> Result<P, PackError> {
        let mut params = DeTable::new();
        for (key, value) in self.params.as_ref() {
            if key.as_ref().as_ref() != name {
                params.insert(key.clone(), value.clone());
            }
        }
        self.read_params(Spanned::new(self.params.span(), params))
    }

    /// How many items the parameter `name` has, if it is an array.
    pub fn param_len(&self, name: &str) -> Option<usize> {
        match self.params.as_ref().get(name)?.as_ref() {
            DeValue::Array(items) => Some(items.len()),
            _ => None,
        }
    }

    fn read_params<P: DeserializeOwned>(
        &self,
        params: Spanned<DeTable<'a>>,
    ) -> Result<P, PackError> {
        P::deserialize(params.into_deserializer()).map_err(|err| {
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

/// Ids and pack names: lowercase ASCII letters, digits and inner hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The keys of a `[[rule]]` table that only people and tests read: a
/// check run of a built-in rule parses its table without them.
pub(super) const DOC_KEYS: [&str; 3] = ["description", "bad", "good"];

/// Where the values of [`DOC_KEYS`] are in one `[[rule]]` table, from the
/// key to the end of its value, as the pack index records them
/// (`FROM-TO,...`, offsets in the table; `-` for none).
pub(super) fn doc_places(table: &str) -> Result<String, PackError> {
    let entry = rule_entry(table)?;
    let mut places: Vec<Range<usize>> = entry
        .as_ref()
        .iter()
        .filter(|(key, _)| DOC_KEYS.contains(&key.as_ref().as_ref()))
        .map(|(key, value)| key.span().start..value.span().end)
        .collect();
    places.sort_by_key(|p| p.start);
    if places.is_empty() {
        return Ok("-".to_string());
    }
    let written: Vec<String> = places
        .iter()
        .map(|p| format!("{}-{}", p.start, p.end))
        .collect();
    Ok(written.join(","))
}

/// `table` without the places `docs` names (see [`doc_places`]); `None`
/// if they are not places in it.
pub(super) fn without_docs(table: &str, docs: &str) -> Option<String> {
    let mut out = String::with_capacity(table.len());
    let mut at = 0;
    for place in docs.split(',').filter(|p| *p != "-") {
        let (from, to) = place.split_once('-')?;
        let (from, to): (usize, usize) = (from.parse().ok()?, to.parse().ok()?);
        out.push_str(table.get(at..from)?);
        at = to;
    }
    out.push_str(table.get(at..)?);
    Some(out)
}

/// The one entry of a text holding a single `[[rule]]` table.
pub(super) fn rule_entry(table: &str) -> Result<Spanned<DeTable<'_>>, PackError> {
    let syntax = |err: toml::de::Error| PackError {
        message: one_line(err.message()),
        span: err.span(),
    };
    let root = DeTable::parse(table).map_err(syntax)?;
    let Some(DeValue::Array(tables)) = root.into_inner().remove("rule").map(Spanned::into_inner)
    else {
        return Err(PackError::at(0..0, "not a `[[rule]]` table"));
    };
    let Some(entry) = tables.into_iter().next() else {
        return Err(PackError::at(0..0, "not a `[[rule]]` table"));
    };
    let span = entry.span();
    match entry.into_inner() {
        DeValue::Table(entry) => Ok(Spanned::new(span, entry)),
        _ => Err(PackError::at(span, "a `[[rule]]` entry must be a table")),
    }
}

/// The description and examples of a built-in rule, read from its whole
/// `[[rule]]` table.
pub(super) fn read_docs(table: &str) -> Result<RuleDocs, PackError> {
    Ok(RuleSpec::read(rule_entry(table)?)?.docs)
}

/// Builds a built-in rule known from the pack index from its `[[rule]]`
/// table, read without the places `docs` names (its description and
/// examples): its body and code. `parsed` is that table as build.rs parsed
/// it, read instead of the text when given.
pub(super) fn build_table(
    table: &str,
    docs: &str,
    parsed: Option<&'static PreRule>,
    meta: &RuleMeta,
) -> Result<(RuleBody, Box<dyn Check>), PackError> {
    let text: String;
    let common_keys = common_keys();
    let is_common = |key: &str| common_keys.contains(&key);
    let mut spec = match parsed.and_then(|p| super::pretable::entry_parts(p, is_common)) {
        Some((span, common, params)) => RuleSpec::read_parts(span, common, params)?,
        None => {
            text = without_docs(table, docs).ok_or_else(|| {
                PackError::at(0..0, "the pack index names places outside the table")
            })?;
            RuleSpec::read(rule_entry(&text)?)?
        }
    };
    spec.lazy = true;
    let (built, body, _, check) = build_rule(spec, &meta.pack)?;
    if built.id != meta.id || built.kind.name != meta.kind.name {
        return Err(PackError::at(
            0..0,
            format!(
                "the pack index says rule `{}` of kind `{}`",
                meta.id, meta.kind.name
            ),
        ));
    }
    Ok((body, check))
}

pub(super) fn build_rule(
    spec: RuleSpec,
    pack: &Arc<str>,
) -> Result<(RuleMeta, RuleBody, RuleDocs, Box<dyn Check>), PackError> {
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
    for bad in &spec.docs.bad {
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
    // A built-in rule built for a check is read without its examples; the
    // test suite checks that it has them.
    if spec.docs.bad.is_empty() && !spec.lazy {
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
        enabled: spec.enabled,
        on_with_pack: spec.enabled,
    };
    let body = RuleBody {
        message: spec.message.into_inner(),
        help: spec.help.map(Spanned::into_inner),
        kinds: kind_mask(&spec.scope, &spec.exclude),
        scope: spec.scope,
        exclude: spec.exclude,
    };
    Ok((meta, body, spec.docs, check))
}
