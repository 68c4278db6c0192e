//! Configuration: find and parse `galley.toml`, load the built-in and user rule
//! packs, and resolve which rules run, at which severity, into [`Settings`].

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::document::{ArticleSettings, BlockKind};
use crate::rules::prefilter::Prefilter;
use crate::rules::{Pack, Rule, RulePolicy};

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
                        crate::source::io_reason(&err)
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
                        crate::source::io_reason(&err)
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
