//! Configuration: find and parse `galley.toml`, load the built-in and user rule
//! packs, and resolve which rules run, at which severity, into [`Settings`].

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::document::BlockKind;
use crate::rules::prefilter::Prefilter;
use crate::rules::{Pack, Rule};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "galley.toml";

pub use crate::rules::builtin::{BUILTIN_PACKS, ON_DEMAND_PACKS};

/// A problem with configuration or a pack, shown with the place in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file at fault; `None` for the command line.
    pub path: Option<PathBuf>,
    /// The file's text, so the error can be shown in place.
    pub text: Option<String>,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl ConfigError {
    fn cli(message: impl Into<String>) -> Self {
        ConfigError {
            path: None,
            text: None,
            span: None,
            message: message.into(),
        }
    }

    fn in_file(
        path: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        ConfigError {
            path: Some(path.to_path_buf()),
            text: Some(text.to_string()),
            span,
            message: message.into(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    /// Extra pack files, relative to the configuration file.
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
    #[serde(default)]
    article: ArticleConfig,
    /// Warnings fail the run too.
    #[serde(default)]
    deny_warnings: bool,
    /// Fail the run when there are more warnings than this.
    max_warnings: Option<usize>,
    /// Per-path changes, applied in order to the files their globs match.
    #[serde(default)]
    overrides: Vec<OverrideConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideConfig {
    files: Spanned<Vec<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
}

/// What one `[[overrides]]` entry does to the files it matches.
#[derive(Debug, Clone)]
enum Action {
    Enable(String),
    Disable(String),
    Severity(String, Severity),
}

#[derive(Debug, Clone)]
struct PathOverride {
    globs: GlobSet,
    actions: Vec<Action>,
}

impl PathOverride {
    /// Whether this override turns `rule` on for some files.
    fn may_enable(&self, rule: &Rule) -> bool {
        self.actions.iter().any(|a| matches!(a, Action::Enable(name) if *name == *rule.meta.id || *name == *rule.meta.pack))
    }
}

/// Whether a rule runs on a file, and at which severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RulePolicy {
    pub enabled: bool,
    pub severity: Severity,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ArticleConfig {
    byline_prefixes: Option<Vec<String>>,
    credit_prefixes: Option<Vec<String>>,
    /// Front matter keys and the block kind their value is (added to, or
    /// replacing, the defaults).
    #[serde(default)]
    front_matter: BTreeMap<String, BlockKind>,
}

/// What the command line adds to the configuration.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config FILE`; otherwise `galley.toml` is searched for.
    pub config: Option<PathBuf>,
    /// `--no-config`: ignore any `galley.toml`.
    pub no_config: bool,
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    /// Skip the [`ON_DEMAND_PACKS`] that nothing names (for `check`; the
    /// commands that list or test rules load every pack).
    pub lean: bool,
}

/// A pack's name and what it is, for listings.
#[derive(Debug, Clone)]
pub struct PackInfo {
    pub name: String,
    pub description: Option<String>,
    pub origin: String,
    pub enabled: bool,
}

/// Everything a run needs, resolved.
#[derive(Debug)]
pub struct Settings {
    /// All loaded rules; `meta.enabled` says which run.
    pub rules: Vec<Rule>,
    pub packs: Vec<PackInfo>,
    pub article: ArticleSettings,
    /// The configuration file used, if any.
    pub config_path: Option<PathBuf>,
    /// Directory that override globs are relative to.
    pub config_dir: PathBuf,
    pub deny_warnings: bool,
    pub max_warnings: Option<usize>,
    overrides: Vec<PathOverride>,
    /// Decides per document which rules can fire (built once per run).
    pub prefilter: Prefilter,
    /// Rule id → index in `rules`.
    rule_index: HashMap<String, usize>,
}

impl Settings {
    /// Loads configuration for a run started in `cwd`.
    pub fn load(cwd: &Path, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let config_path = if overrides.no_config {
            None
        } else if let Some(path) = &overrides.config {
            Some(path.clone())
        } else {
            discover(cwd)
        };
        let (file, text) = match &config_path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|err| ConfigError {
                    path: Some(path.clone()),
                    text: None,
                    span: None,
                    message: format!(
                        "cannot read configuration: {}",
                        crate::walk::io_reason(&err)
                    ),
                })?;
                let file: ConfigFile = toml::from_str(&text).map_err(|err| {
                    ConfigError::in_file(path, &text, err.span(), one_line(err.message()))
                })?;
                (file, text)
            }
            None => (ConfigFile::default(), String::new()),
        };
        let config_dir = config_path
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);

        let mut settings = Settings {
            rules: Vec::new(),
            packs: Vec::new(),
            article: ArticleSettings::new(
                file.article.byline_prefixes.clone(),
                file.article.credit_prefixes.clone(),
            )
            .map_err(|message| match &config_path {
                Some(path) => ConfigError::in_file(path, &text, None, message),
                None => ConfigError::cli(message),
            })?
            .with_front_matter(&file.article.front_matter),
            config_path: config_path.clone(),
            config_dir: config_dir.clone(),
            deny_warnings: file.deny_warnings,
            max_warnings: file.max_warnings,
            overrides: Vec::new(),
            prefilter: Prefilter::default(),
            rule_index: HashMap::new(),
        };
        let named = || {
            let overrides_named = file.overrides.iter().flat_map(|o| {
                o.enable
                    .iter()
                    .chain(&o.disable)
                    .map(|n| n.as_ref().as_str())
                    .chain(o.severity.keys().map(String::as_str))
            });
            file.enable
                .iter()
                .chain(&file.disable)
                .map(|n| n.as_ref().as_str())
                .chain(file.severity.keys().map(String::as_str))
                .chain(overrides_named)
                .chain(overrides.enable.iter().map(String::as_str))
                .chain(overrides.disable.iter().map(String::as_str))
        };
        for (path, pack_text) in BUILTIN_PACKS {
            if overrides.lean
                && ON_DEMAND_PACKS.contains(path)
                && !crate::rules::builtin::needed(path, pack_text, named())
            {
                continue;
            }
            let pack = Pack::parse_with(pack_text, true).map_err(|err| {
                ConfigError::in_file(Path::new(path), pack_text, err.span, err.message)
            })?;
            settings.add_pack(pack, path, pack_text, format!("built-in ({path})"))?;
        }
        for entry in &file.packs {
            let path = config_dir.join(entry.as_ref());
            let cfg_path = config_path
                .as_deref()
                .expect("packs come from a config file");
            let pack_text = std::fs::read_to_string(&path).map_err(|err| {
                ConfigError::in_file(
                    cfg_path,
                    &text,
                    Some(entry.span()),
                    format!(
                        "cannot read pack {}: {}",
                        path.display(),
                        crate::walk::io_reason(&err)
                    ),
                )
            })?;
            let pack = Pack::parse(&pack_text)
                .map_err(|err| ConfigError::in_file(&path, &pack_text, err.span, err.message))?;
            let shown = path.display().to_string();
            settings.add_pack(pack, &shown, &pack_text, shown.clone())?;
        }

        let cfg = config_path.as_deref();
        let at = |s: &Spanned<String>| (s.as_ref().clone(), s.span());
        for (name, span) in file.enable.iter().map(at) {
            settings
                .set_enabled(&name, true)
                .map_err(|m| ConfigError::in_file(cfg.expect("from file"), &text, Some(span), m))?;
        }
        for (name, span) in file.disable.iter().map(at) {
            settings
                .set_enabled(&name, false)
                .map_err(|m| ConfigError::in_file(cfg.expect("from file"), &text, Some(span), m))?;
        }
        for (name, severity) in &file.severity {
            settings
                .set_severity(name, *severity.as_ref())
                .map_err(|m| {
                    ConfigError::in_file(cfg.expect("from file"), &text, Some(severity.span()), m)
                })?;
        }
        for entry in &file.overrides {
            let cfg = cfg.expect("from file");
            let mut builder = GlobSetBuilder::new();
            for pattern in entry.files.as_ref() {
                let glob = Glob::new(pattern).map_err(|e| {
                    ConfigError::in_file(
                        cfg,
                        &text,
                        Some(entry.files.span()),
                        format!("invalid glob `{pattern}`: {}", e.kind()),
                    )
                })?;
                builder.add(glob);
            }
            let globs = builder.build().map_err(|e| {
                ConfigError::in_file(cfg, &text, Some(entry.files.span()), e.to_string())
            })?;
            let mut actions = Vec::new();
            let named = |name: &Spanned<String>| {
                if settings.knows(name.as_ref()) {
                    Ok(name.as_ref().clone())
                } else {
                    Err(ConfigError::in_file(
                        cfg,
                        &text,
                        Some(name.span()),
                        unknown(name.as_ref()),
                    ))
                }
            };
            for name in &entry.enable {
                actions.push(Action::Enable(named(name)?));
            }
            for name in &entry.disable {
                actions.push(Action::Disable(named(name)?));
            }
            for (name, severity) in &entry.severity {
                let spanned = Spanned::new(severity.span(), name.clone());
                actions.push(Action::Severity(named(&spanned)?, *severity.as_ref()));
            }
            settings.overrides.push(PathOverride { globs, actions });
        }
        for name in &overrides.enable {
            settings
                .set_enabled(name, true)
                .map_err(|m| ConfigError::cli(format!("--enable: {m}")))?;
        }
        for name in &overrides.disable {
            settings
                .set_enabled(name, false)
                .map_err(|m| ConfigError::cli(format!("--disable: {m}")))?;
        }
        let may_run: Vec<bool> = settings
            .rules
            .iter()
            .map(|r| r.meta.enabled || settings.overrides.iter().any(|o| o.may_enable(r)))
            .collect();
        settings.prefilter = Prefilter::new(&settings.rules, &may_run);
        Ok(settings)
    }

    /// Settings with only the built-in packs and no configuration.
    pub fn builtin() -> Settings {
        Settings::load(
            Path::new("."),
            &Overrides {
                no_config: true,
                ..Overrides::default()
            },
        )
        .expect("built-in packs are valid (checked by the test suite)")
    }

    /// The rules that run.
    pub fn enabled_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.meta.enabled)
    }

    /// Whether `name` is a loaded rule or pack.
    pub fn knows(&self, name: &str) -> bool {
        self.packs.iter().any(|p| p.name == name) || self.find_rule(name).is_some()
    }

    /// The pack a rule belongs to.
    pub fn pack_of(&self, rule: &str) -> Option<&str> {
        self.find_rule(rule).map(|r| &*r.meta.pack)
    }

    /// Per-rule policy for `path` when a `[[overrides]]` entry matches it;
    /// `None` when the rules' own settings apply.
    pub fn policy_for(&self, path: &Path) -> Option<Vec<RulePolicy>> {
        if self.overrides.is_empty() {
            return None;
        }
        let relative = path.strip_prefix(&self.config_dir).unwrap_or(path);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        let matching: Vec<&PathOverride> = self
            .overrides
            .iter()
            .filter(|o| o.globs.is_match(relative))
            .collect();
        if matching.is_empty() {
            return None;
        }
        let mut policy: Vec<RulePolicy> = self
            .rules
            .iter()
            .map(|r| RulePolicy {
                enabled: r.meta.enabled,
                severity: r.meta.severity,
            })
            .collect();
        for action in matching.iter().flat_map(|o| &o.actions) {
            for (rule, p) in self.rules.iter().zip(policy.iter_mut()) {
                let m = &rule.meta;
                match action {
                    Action::Enable(name) if *name == *m.id => p.enabled = true,
                    Action::Enable(name) if *name == *m.pack => p.enabled = m.on_with_pack,
                    Action::Disable(name) if *name == *m.id || *name == *m.pack => {
                        p.enabled = false
                    }
                    Action::Severity(name, s) if *name == *m.id || *name == *m.pack => {
                        p.severity = *s
                    }
                    _ => {}
                }
            }
        }
        Some(policy)
    }

    pub fn find_rule(&self, id: &str) -> Option<&Rule> {
        self.rule_index.get(id).map(|&i| &self.rules[i])
    }

    fn add_pack(
        &mut self,
        pack: Pack,
        path: &str,
        text: &str,
        origin: String,
    ) -> Result<(), ConfigError> {
        if self.packs.iter().any(|p| p.name == pack.name) {
            return Err(ConfigError::in_file(
                Path::new(path),
                text,
                None,
                format!("a pack named `{}` is already loaded", pack.name),
            ));
        }
        for rule in &pack.rules {
            if let Some(other) = self.find_rule(&rule.meta.id) {
                let span = find_id_span(text, &rule.meta.id);
                return Err(ConfigError::in_file(
                    Path::new(path),
                    text,
                    span,
                    format!(
                        "rule id `{}` is already defined in pack `{}`",
                        rule.meta.id, other.meta.pack
                    ),
                ));
            }
        }
        let enabled = pack.default;
        self.packs.push(PackInfo {
            name: pack.name,
            description: pack.description,
            origin,
            enabled,
        });
        for mut rule in pack.rules {
            rule.meta.enabled &= enabled;
            self.rule_index
                .insert(rule.meta.id.to_string(), self.rules.len());
            self.rules.push(rule);
        }
        Ok(())
    }

    /// Turns a pack or a single rule on or off.
    fn set_enabled(&mut self, name: &str, on: bool) -> Result<(), String> {
        if let Some(pack) = self.packs.iter_mut().find(|p| p.name == name) {
            pack.enabled = on;
            for rule in self.rules.iter_mut().filter(|r| &*r.meta.pack == name) {
                rule.meta.enabled = on && rule.meta.on_with_pack;
            }
            return Ok(());
        }
        match self.rule_index.get(name) {
            Some(&i) => {
                self.rules[i].meta.enabled = on;
                Ok(())
            }
            None => Err(unknown(name)),
        }
    }

    fn set_severity(&mut self, name: &str, severity: Severity) -> Result<(), String> {
        let mut found = false;
        for rule in self
            .rules
            .iter_mut()
            .filter(|r| &*r.meta.id == name || &*r.meta.pack == name)
        {
            rule.meta.severity = severity;
            found = true;
        }
        if found { Ok(()) } else { Err(unknown(name)) }
    }
}

fn unknown(name: &str) -> String {
    format!("no rule or pack is named `{name}` (`galley rules` lists them)")
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `id = "<id>"` is written in a pack, for pointing at a duplicate.
fn find_id_span(text: &str, id: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{id}\"");
    text.match_indices(&quoted)
        .map(|(i, _)| i..i + quoted.len())
        .find(|r| text[..r.start].trim_end().ends_with('='))
}

/// The nearest `galley.toml` in `dir` or a parent directory.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// How article furniture is recognised.
#[derive(Debug, Clone)]
pub struct ArticleSettings {
    pub byline_prefixes: Vec<String>,
    pub credit_prefixes: Vec<String>,
    matcher: Regex,
    /// Front matter key → block kind.
    front_matter: Vec<(String, BlockKind)>,
    /// Lowercase first words of all prefixes, to refuse most lines early.
    first_words: Vec<String>,
}

const BYLINE_PREFIXES: &[&str] = &[
    "By",
    "Written by",
    "Reported by",
    "Story by",
    "Words by",
    "Text by",
    "Report by",
];

const CREDIT_PREFIXES: &[&str] = &[
    "Photo",
    "Photos",
    "Photo by",
    "Photos by",
    "Photograph",
    "Photographs",
    "Photograph by",
    "Photography",
    "Photo credit",
    "Image",
    "Images",
    "Image by",
    "Picture",
    "Pictures",
    "Credit",
    "Credits",
    "Editor",
    "Editors",
    "Edited by",
    "Copy editor",
    "Reporter",
    "Reporters",
    "Writer",
    "Writers",
    "Translator",
    "Translated by",
    "Translation",
    "Video",
    "Video by",
    "Graphic",
    "Graphics",
    "Illustration",
    "Illustration by",
    "Source",
    "Contributor",
    "Contributors",
    "Additional reporting by",
];

/// Front matter keys read by default, and what their values are.
const FRONT_MATTER: &[(&str, BlockKind)] = &[
    ("title", BlockKind::Title),
    ("headline", BlockKind::Title),
    ("subtitle", BlockKind::Heading),
    ("description", BlockKind::Paragraph),
    ("summary", BlockKind::Paragraph),
    ("dek", BlockKind::Paragraph),
    ("excerpt", BlockKind::Paragraph),
    ("author", BlockKind::Byline),
    ("byline", BlockKind::Byline),
    ("caption", BlockKind::Caption),
    ("image_caption", BlockKind::Caption),
    ("credit", BlockKind::Credit),
    ("photo_credit", BlockKind::Credit),
];

/// Longest line, in words, that can be a byline or credit.
const MAX_FURNITURE_WORDS: usize = 16;

impl Default for ArticleSettings {
    fn default() -> Self {
        ArticleSettings::new(None, None).expect("the default prefixes are valid")
    }
}

impl ArticleSettings {
    /// Settings for these prefixes (`None`: the defaults). Fails on an
    /// empty prefix or a list too large to match.
    pub fn new(byline: Option<Vec<String>>, credit: Option<Vec<String>>) -> Result<Self, String> {
        let owned = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let byline_prefixes = byline.unwrap_or_else(|| owned(BYLINE_PREFIXES));
        let credit_prefixes = credit.unwrap_or_else(|| owned(CREDIT_PREFIXES));
        if byline_prefixes
            .iter()
            .chain(&credit_prefixes)
            .any(|p| p.trim().is_empty())
        {
            return Err("[article] prefixes must not be empty".to_string());
        }
        // One alternation, longest prefix first, with one group per list.
        let alternation = |list: &[String]| {
            let mut sorted: Vec<&String> = list.iter().collect();
            sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
            sorted
                .iter()
                .map(|p| regex::escape(p.trim()).replace(r"\ ", r"\s+"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let never = "[^\\s\\S]";
        let group = |list: &[String]| {
            if list.is_empty() {
                never.to_string()
            } else {
                alternation(list)
            }
        };
        let pattern = format!(
            r"(?i)^[\s\x{{a0}}]*(?:(?P<byline>{})|(?P<credit>{}))(?P<sep>[ \t\x{{a0}}]*[:：]|[ \t\x{{a0}}]+)[ \t\x{{a0}}]*(?P<rest>\S.*)?$",
            group(&byline_prefixes),
            group(&credit_prefixes)
        );
        let matcher = regex::RegexBuilder::new(&pattern)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| format!("[article] prefixes cannot be matched: {e}"))?;
        let mut first_words: Vec<String> = byline_prefixes
            .iter()
            .chain(&credit_prefixes)
            .filter_map(|p| p.split_whitespace().next())
            .map(str::to_lowercase)
            .collect();
        first_words.sort_unstable();
        first_words.dedup();
        Ok(ArticleSettings {
            front_matter: FRONT_MATTER
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            first_words,
            byline_prefixes,
            credit_prefixes,
            matcher,
        })
    }

    /// The block kind of a front matter field, if it is read.
    pub fn front_matter_kind(&self, key: &str) -> Option<BlockKind> {
        self.front_matter
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, kind)| *kind)
    }

    /// Adds or replaces front matter keys.
    pub fn with_front_matter(mut self, keys: &BTreeMap<String, BlockKind>) -> Self {
        for (key, kind) in keys {
            self.front_matter.retain(|(k, _)| k != key);
            self.front_matter.push((key.clone(), *kind));
        }
        self
    }

    /// Whether a line is a byline or a credit line.
    ///
    /// With a colon ("By: …", "Photo: …") a known prefix is enough. Without
    /// one, the prefix must end in "by" and be followed by a capitalised name,
    /// with no sentence punctuation at the end: "By the end of 2017, …" is
    /// prose.
    pub fn furniture_kind(&self, line: &str) -> Option<BlockKind> {
        let line = line.trim();
        // Cheap refusals first: most lines of an article are prose, and do
        // not start with the first word of any prefix.
        let first_word = line
            .split(|c: char| c.is_whitespace() || c == ':' || c == '：')
            .next()
            .unwrap_or("");
        let known = self.first_words.iter().any(|w| {
            w.eq_ignore_ascii_case(first_word)
                || (!first_word.is_ascii() && *w == first_word.to_lowercase())
        });
        if !known || line.split_whitespace().nth(MAX_FURNITURE_WORDS).is_some() {
            return None;
        }
        let caps = self.matcher.captures(line)?;
        let rest = caps.name("rest")?.as_str();
        let kind = if caps.name("byline").is_some() {
            BlockKind::Byline
        } else {
            BlockKind::Credit
        };
        let prefix = caps.name("byline").or(caps.name("credit"))?.as_str();
        let colon = caps.name("sep")?.as_str().trim().ends_with([':', '：']);
        if colon {
            return Some(kind);
        }
        let ends_in_by = prefix.to_lowercase().split_whitespace().last() == Some("by");
        let capitalised = rest.chars().next().is_some_and(char::is_uppercase);
        let sentence_end =
            rest.trim_end().ends_with(['.', '!', '?', ',']) && !ends_with_initial(rest);
        (ends_in_by && capitalised && !sentence_end && !starts_with_function_word(rest))
            .then_some(kind)
    }
}

/// "By Jane Q." ends in an initial, not a full stop.
fn ends_with_initial(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches('.');
    t.rsplit(' ').next().is_some_and(|w| w.chars().count() == 1)
}

/// "By The way", "By This time": a capitalised function word is prose.
fn starts_with_function_word(rest: &str) -> bool {
    const WORDS: &[&str] = &[
        "the", "this", "that", "then", "now", "a", "an", "all", "far", "way",
    ];
    let first = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    WORDS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_bylines_and_credits() {
        let s = ArticleSettings::default();
        assert_eq!(
            s.furniture_kind("By: Liu Ziqi and Zhang Xuan"),
            Some(BlockKind::Byline)
        );
        assert_eq!(s.furniture_kind("By Jane Roe"), Some(BlockKind::Byline));
        assert_eq!(
            s.furniture_kind("Written by Jane Roe"),
            Some(BlockKind::Byline)
        );
        assert_eq!(
            s.furniture_kind("Photo: Chen Xiaojin"),
            Some(BlockKind::Credit)
        );
        assert_eq!(
            s.furniture_kind("Photos by Ann Lee"),
            Some(BlockKind::Credit)
        );
        assert_eq!(
            s.furniture_kind("Editor: Qin Mian and\u{a0} Christopher Peter Clarke"),
            Some(BlockKind::Credit)
        );
    }

    #[test]
    fn prose_is_not_furniture() {
        let s = ArticleSettings::default();
        assert_eq!(s.furniture_kind("By the end of 2017, it was done."), None);
        assert_eq!(s.furniture_kind("By Monday, officials said."), None);
        assert_eq!(
            s.furniture_kind("Photographs of the event were shown."),
            None
        );
        assert_eq!(s.furniture_kind("Sources say the vote is near"), None);
        assert_eq!(s.furniture_kind("Photo essays are popular"), None);
    }

    #[test]
    fn prefixes_are_configurable() {
        let s = ArticleSettings::new(Some(vec!["Von".into()]), Some(vec!["Foto".into()])).unwrap();
        assert!(ArticleSettings::new(Some(vec!["  ".into()]), None).is_err());
        assert_eq!(s.furniture_kind("Von: Anna Berg"), Some(BlockKind::Byline));
        assert_eq!(s.furniture_kind("Foto: Anna Berg"), Some(BlockKind::Credit));
        assert_eq!(s.furniture_kind("By: Anna Berg"), None);
    }
}
