//! Configuration: read `galley.toml` ([`file`]), load the built-in and user
//! rule packs into the run's rule registry (`registry`), and resolve which
//! rules run on which files (`path_rules`), at which severity, into
//! [`Settings`].

mod error;
mod file;
mod pack_path;
mod path_rules;
mod registry;
mod vale;
mod vale_rule;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::ConfigError;
pub use file::{CONFIG_FILE, discover};

use file::{ConfigFile, ValeConfig};
use path_rules::PathOverride;
pub use registry::{nearest, shortened};
pub use vale::{VALE_FILES, discover as discover_vale};

use crate::document::ArticleSettings;
pub use crate::rules::builtin::{BUILTIN_PACKS, ON_DEMAND_PACKS};
use crate::rules::prefilter::Prefilter;
use crate::rules::{Pack, Rule, RulePolicy};
use crate::source::normalize;
use crate::timings::Timings;

/// What the command line adds to the configuration.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config FILE`; otherwise `galley.toml` is searched for.
    pub config: Option<PathBuf>,
    /// `--no-config`: ignore any `galley.toml` and `.vale.ini`.
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
    /// Directory that override globs and baseline paths are relative to:
    /// the configuration file's, or the working directory without one.
    /// Absolute.
    pub config_dir: PathBuf,
    /// The working directory the run started in, absolute: paths given on
    /// the command line are relative to it.
    pub cwd: PathBuf,
    pub deny_warnings: bool,
    pub max_warnings: Option<usize>,
    /// Who the tracked changes and comments written into a .docx are by
    /// (`docx-author` in galley.toml; `galley` by default).
    pub docx_author: String,
    /// The project's own words (`vocabulary` in galley.toml), lowercase:
    /// the spelling rules never report them.
    pub vocabulary: std::collections::HashSet<String>,
    overrides: Vec<PathOverride>,
    /// Decides per document which rules can fire (built once per run).
    pub prefilter: Prefilter,
    /// Rule id → index in `rules` (a fast hash of the shared id: built
    /// for every rule at each start).
    rule_index: foldhash::HashMap<Arc<str>, usize>,
    /// Problems that do not stop the run (a Vale setting galley cannot
    /// follow), with their places.
    pub warnings: Vec<ConfigError>,
    /// The Vale configuration loaded, if any.
    pub vale_path: Option<PathBuf>,
    /// Where the run's time goes, per rule and stage (`check --timings`);
    /// `None` times nothing.
    pub timings: Option<Arc<Timings>>,
}

/// The configuration file's text and path, to place errors in it.
struct Place<'a> {
    path: Option<&'a Path>,
    text: &'a str,
}

impl Place<'_> {
    fn error(&self, span: Option<Range<usize>>, message: String) -> ConfigError {
        match self.path {
            Some(path) => ConfigError::in_file(path, self.text, span, message),
            None => ConfigError::cli(message),
        }
    }
}

impl Settings {
    /// Loads configuration for a run started in `cwd`: the file, then the
    /// packs, then the file's choices, its overrides, and the command line's
    /// choices, in that order (later wins).
    pub fn load(cwd: &Path, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let config_path = if overrides.no_config {
            None
        } else if let Some(path) = &overrides.config {
            Some(path.clone())
        } else {
            discover(cwd)
        };
        let (file, text) = match &config_path {
            Some(path) => file::read(path)?,
            None => (ConfigFile::default(), String::new()),
        };
        let place = Place {
            path: config_path.as_deref(),
            text: &text,
        };
        let config_dir = normalize(
            &cwd.join(
                config_path
                    .as_deref()
                    .and_then(Path::parent)
                    .unwrap_or(Path::new("")),
            ),
        );
        let article = ArticleSettings::new(
            file.article.byline_prefixes.clone(),
            file.article.credit_prefixes.clone(),
        )
        .map_err(|message| place.error(None, message))?
        .with_front_matter(&file.article.front_matter);
        let mut settings = Settings {
            rules: Vec::new(),
            packs: Vec::new(),
            article,
            config_path: config_path.clone(),
            config_dir,
            cwd: normalize(cwd),
            deny_warnings: file.deny_warnings,
            max_warnings: file.max_warnings,
            docx_author: match file.docx_author.as_deref().map(str::trim) {
                Some(author) if !author.is_empty() => author.to_string(),
                _ => "galley".to_string(),
            },
            vocabulary: file
                .vocabulary
                .iter()
                .map(|w| w.trim().to_lowercase())
                .collect(),
            overrides: Vec::new(),
            prefilter: Prefilter::default(),
            rule_index: foldhash::HashMap::default(),
            warnings: Vec::new(),
            vale_path: None,
            timings: None,
        };
        let named = || {
            file.names()
                .chain(overrides.enable.iter().map(String::as_str))
                .chain(overrides.disable.iter().map(String::as_str))
        };
        settings.load_builtin_packs(overrides.lean, named)?;
        settings.load_user_packs(&file, &place, overrides.config.is_some())?;
        // A `.vale.ini` galley.toml names must be whole; one found by
        // looking around may lack styles `vale sync` has not downloaded.
        let (vale_path, named) = match file.vale_config.as_ref().map(|c| (c.as_ref(), c.span())) {
            Some((ValeConfig::Off, _)) => (None, false),
            Some((ValeConfig::Path(name), span)) => {
                let path = settings.config_dir.join(name);
                if !path.is_file() {
                    return Err(place.error(
                        Some(span),
                        format!("no Vale configuration at {}", path.display()),
                    ));
                }
                (Some(path), true)
            }
            None if overrides.no_config => (None, false),
            None => {
                let root = config_path.as_ref().map(|_| settings.config_dir.as_path());
                (vale::discover(cwd, root), false)
            }
        };
        if let Some(path) = vale_path {
            settings.load_vale(&path, named)?;
            settings.vale_path = Some(path);
        }
        settings.apply_file_choices(&file, &place)?;
        for entry in &file.overrides {
            let compiled = PathOverride::new(
                entry,
                |name| (!settings.knows(name)).then(|| settings.unknown(name)),
                |span, message| place.error(Some(span), message),
            )?;
            settings.overrides.push(compiled);
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

    /// Per-rule policy for `path` when a `[[overrides]]` entry matches it;
    /// `None` when the rules' own settings apply.
    pub fn policy_for(&self, path: &Path) -> Option<Vec<RulePolicy>> {
        if self.overrides.is_empty() {
            return None;
        }
        let absolute = normalize(&self.cwd.join(path));
        path_rules::policy(
            &self.overrides,
            &self.rules,
            &self.project_path(path),
            &absolute,
        )
    }

    /// A path as given on the command line (relative to the working
    /// directory, or absolute), made relative to [`Settings::config_dir`]:
    /// the same file gives the same path from any working directory. A file
    /// outside that folder keeps the path it was given.
    pub fn project_path(&self, path: &Path) -> PathBuf {
        let absolute = normalize(&self.cwd.join(path));
        match absolute.strip_prefix(&self.config_dir) {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => path.to_path_buf(),
        }
    }

    /// The built-in packs; with `lean`, the on-demand ones only when a name
    /// in the configuration or on the command line needs them.
    fn load_builtin_packs<'n, I: Iterator<Item = &'n str>>(
        &mut self,
        lean: bool,
        named: impl Fn() -> I,
    ) -> Result<(), ConfigError> {
        for (path, pack_text) in BUILTIN_PACKS {
            if lean
                && ON_DEMAND_PACKS.contains(path)
                && !crate::rules::builtin::needed(path, pack_text, named())
            {
                continue;
            }
            // A check run takes the rules from the index and builds each
            // one only if a document can trigger it.
            let pack = match crate::rules::builtin::indexed(path, pack_text).filter(|_| lean) {
                Some(indexed) => indexed,
                None => Pack::parse_with(pack_text, true).map_err(|err| {
                    ConfigError::in_file(Path::new(path), pack_text, err.span, err.message)
                })?,
            };
            self.add_pack(pack, path, pack_text, format!("built-in ({path})"))?;
        }
        Ok(())
    }

    /// The `packs = [...]` the configuration file names, relative to it;
    /// inside the project unless the file was named on the command line
    /// (`trusted`).
    fn load_user_packs(
        &mut self,
        file: &ConfigFile,
        place: &Place,
        trusted: bool,
    ) -> Result<(), ConfigError> {
        let root =
            (!trusted && !file.packs.is_empty()).then(|| pack_path::project_root(&self.config_dir));
        for entry in &file.packs {
            let path = self.config_dir.join(entry.as_ref());
            if let Some(reason) = root
                .as_ref()
                .and_then(|root| pack_path::outside(&path, root))
            {
                return Err(place.error(Some(entry.span()), reason));
            }
            let pack_text =
                crate::source::read_text_limited(&path, crate::source::DEFAULT_MAX_FILE_SIZE)
                    .map_err(|err| {
                        place.error(
                            Some(entry.span()),
                            format!("cannot read pack {}: {err}", path.display()),
                        )
                    })?;
            if !pack_path::is_a_pack(&pack_text) {
                return Err(place.error(
                    Some(entry.span()),
                    format!(
                        "{} is not a pack: it is not TOML with a [pack] table (nothing of it is shown)",
                        path.display()
                    ),
                ));
            }
            let pack = Pack::parse(&pack_text)
                .map_err(|err| ConfigError::in_file(&path, &pack_text, err.span, err.message))?;
            let shown = path.display().to_string();
            self.add_pack(pack, &shown, &pack_text, shown.clone())?;
        }
        Ok(())
    }

    /// The file's `enable`, `disable` and `severity`.
    fn apply_file_choices(&mut self, file: &ConfigFile, place: &Place) -> Result<(), ConfigError> {
        for name in &file.enable {
            self.set_enabled(name.as_ref(), true)
                .map_err(|m| place.error(Some(name.span()), m))?;
        }
        for name in &file.disable {
            self.set_enabled(name.as_ref(), false)
                .map_err(|m| place.error(Some(name.span()), m))?;
        }
        for (name, severity) in &file.severity {
            self.set_severity(name, *severity.as_ref())
                .map_err(|m| place.error(Some(severity.span()), m))?;
        }
        Ok(())
    }
}
