//! Vale styles in a run: find `.vale.ini` (or `_vale.ini`) as `galley.toml`
//! is found, load the styles it names from its `StylesPath` as rules of
//! kind `vale` (one per rule file, id `Style.Rule`), its vocabularies, and
//! turn its glob sections into per-path overrides. Vale's settings that
//! galley cannot follow are warnings with their place, never silent.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::path_rules::PathOverride;
use super::vale_rule::{Loaded, Vocabulary, severity};
use super::{ConfigError, PackInfo, Settings};
use crate::vale::ini::{self, RuleSetting, ValeIni};
use crate::vale::{Definition, Extends, Ignores, Level, Masks, Placed, masks, regex, rule};

/// Vale's configuration file names, in the order they are looked for.
pub const VALE_FILES: [&str; 2] = [".vale.ini", "_vale.ini"];

/// The nearest Vale configuration in `dir` or a parent directory, found
/// as `galley.toml` is, but no higher than the project's `root` (the
/// folder of the `galley.toml` in use, when there is one): a `.vale.ini`
/// above the project, in a parent or the home folder, is not pulled in.
pub fn discover(dir: &Path, root: Option<&Path>) -> Option<PathBuf> {
    super::file::find_up(dir, &VALE_FILES, root)
}

fn read_text(path: &Path) -> Result<String, ConfigError> {
    crate::source::read_text_limited(path, crate::source::DEFAULT_MAX_FILE_SIZE).map_err(|err| {
        ConfigError {
            path: Some(path.to_path_buf()),
            text: None,
            span: None,
            message: format!("cannot read: {err}"),
            help: None,
        }
    })
}

impl Settings {
    /// Loads the Vale configuration at `path`: its styles' rules (off until
    /// a section of the file turns them on for the files it matches). A
    /// style missing from the StylesPath is an error when galley.toml
    /// `named` the file, and otherwise a warning and the style is skipped.
    pub(super) fn load_vale(&mut self, path: &Path, named: bool) -> Result<(), ConfigError> {
        let text = read_text(path)?;
        let config = ini::parse(&text)
            .map_err(|err| ConfigError::in_file(path, &text, Some(err.span), err.message))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        // Section globs are relative to the `.vale.ini`'s folder.
        let root = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        for (span, message) in &config.warnings {
            self.warnings.push(ConfigError::in_file(
                path,
                &text,
                Some(span.clone()),
                message.clone(),
            ));
        }
        let styles_path = match &config.styles_path {
            Some(p) => dir.join(&p.text),
            None => dir.to_path_buf(),
        };
        let (accepted, rejected) = self.vale_vocabularies(&config, &styles_path, path, &text)?;
        let mut ignores = Vec::new();
        for section in &config.sections {
            let mut regexes = Vec::new();
            let lists = [
                ("TokenIgnores", &section.token_ignores),
                ("BlockIgnores", &section.block_ignores),
            ];
            for (key, list) in lists {
                for placed in list {
                    let line = text[..placed.span.start].matches('\n').count() + 1;
                    let origin = Arc::from(format!("{key} in {}:{line}", path.display()));
                    // Vale compiles them multi-line.
                    match regex::compile(&format!("(?m){}", placed.text), &origin) {
                        Ok(lazy) => regexes.push(lazy),
                        // A .NET feature galley lacks: that ignore is
                        // skipped, as a rule using one is.
                        Err(message) if message.starts_with(regex::UNSUPPORTED) => {
                            self.warnings.push(ConfigError::in_file(
                                path,
                                &text,
                                Some(placed.span.clone()),
                                format!("{message}; the ignore is skipped"),
                            ));
                        }
                        Err(message) => {
                            return Err(ConfigError::in_file(
                                path,
                                &text,
                                Some(placed.span.clone()),
                                message,
                            ));
                        }
                    }
                }
            }
            ignores.push(Ignores {
                glob: section.glob.text.clone(),
                root: root.clone(),
                regexes,
            });
        }
        // Vale's element scopes: its defaults unless the file sets them.
        let tags = |set: &Option<Vec<Placed>>, default: &[&str]| -> Vec<String> {
            match set {
                Some(items) => items.iter().map(|p| p.text.to_ascii_lowercase()).collect(),
                None => default.iter().map(|t| (*t).to_string()).collect(),
            }
        };
        let mut elements = tags(&config.ignored_scopes, &masks::IGNORED_SCOPES);
        elements.extend(tags(&config.skipped_scopes, &masks::SKIPPED_SCOPES));
        let shared = Vocabulary {
            accepted,
            masks: Arc::new(Masks::new(ignores, elements)),
            dir: dir.to_path_buf(),
            styles_path: styles_path.clone(),
        };
        let min = config.min_alert_level.unwrap_or(Level::Suggestion);
        // Every style a section names, in the order first named; those
        // named in BasedOnStyles must exist, those named only by a rule
        // setting (`write-good.Passive = NO`) may not.
        let based_on: Vec<&str> = config
            .sections
            .iter()
            .flat_map(|s| s.based_on.iter().map(|p| p.text.as_str()))
            .collect();
        let mut styles: Vec<Placed> = Vec::new();
        for section in &config.sections {
            let named = section
                .based_on
                .iter()
                .cloned()
                .chain(section.rules.iter().filter_map(|(name, _)| {
                    name.text.split_once('.').map(|(style, _)| Placed {
                        text: style.to_string(),
                        span: name.span.clone(),
                    })
                }));
            for style in named {
                if !styles.iter().any(|s| s.text == style.text) {
                    styles.push(style);
                }
            }
        }
        let mut levels: Vec<(String, Level)> = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        for style in styles {
            if style.text == "Vale" {
                let loaded = self.vale_style(&shared, &rejected, path, &text)?;
                self.add_loaded(loaded, &mut levels);
                self.packs.push(PackInfo {
                    name: "Vale".to_string(),
                    description: Some("Vale's built-in style".to_string()),
                    origin: "built-in (Vale)".to_string(),
                    enabled: false,
                });
                continue;
            }
            let folder = styles_path.join(&style.text);
            if !folder.is_dir() && !based_on.contains(&style.text.as_str()) {
                self.warnings.push(ConfigError::in_file(
                    path,
                    &text,
                    Some(style.span.clone()),
                    format!(
                        "no Vale style `{}` on the StylesPath; its rule settings are ignored",
                        style.text
                    ),
                ));
                missing.push(style.text.clone());
                continue;
            }
            if !folder.is_dir() {
                let error = ConfigError::in_file(
                    path,
                    &text,
                    Some(style.span.clone()),
                    format!(
                        "no Vale style `{}`: {} is not a folder",
                        style.text,
                        folder.display()
                    ),
                )
                .with_help(
                    "run `vale sync` to download it, or set `vale-config = false` in galley.toml",
                );
                if named {
                    return Err(error);
                }
                self.warnings.push(ConfigError {
                    message: format!("{}; the style is skipped", error.message),
                    ..error
                });
                missing.push(style.text.clone());
                continue;
            }
            let loaded = self.load_style(&style.text, &folder, &shared)?;
            self.add_loaded(loaded, &mut levels);
            self.packs.push(PackInfo {
                name: style.text.clone(),
                description: Some("a Vale style".to_string()),
                origin: folder.display().to_string(),
                enabled: false,
            });
        }
        for section in &config.sections {
            let mut enable = Vec::new();
            let mut disable = Vec::new();
            let mut severities = Vec::new();
            for style in &section.based_on {
                for (id, level) in &levels {
                    if id.split_once('.').is_some_and(|(s, _)| s == style.text) && *level >= min {
                        enable.push(id.clone());
                    }
                }
            }
            for (name, setting) in &section.rules {
                let Some((_, level)) = levels.iter().find(|(id, _)| *id == name.text) else {
                    let style = name.text.split_once('.').map_or("", |(s, _)| s);
                    if missing.iter().any(|m| m == style) {
                        // Said once where the Vale style is named.
                        continue;
                    }
                    // Vale passes over a rule its styles do not have (a
                    // package drops one); so does galley, saying so.
                    self.warnings.push(ConfigError::in_file(
                        path,
                        &text,
                        Some(name.span.clone()),
                        format!(
                            "no Vale rule `{}` in the styles loaded; the setting is ignored",
                            name.text
                        ),
                    ));
                    continue;
                };
                match setting {
                    RuleSetting::Off => disable.push(name.text.clone()),
                    RuleSetting::On if *level >= min => enable.push(name.text.clone()),
                    RuleSetting::On => disable.push(name.text.clone()),
                    RuleSetting::At(at) if *at >= min => {
                        enable.push(name.text.clone());
                        severities.push((name.text.clone(), severity(*at)));
                    }
                    RuleSetting::At(_) => disable.push(name.text.clone()),
                }
            }
            let glob = &section.glob;
            let compiled = PathOverride::vale(&glob.text, &root, enable, disable, severities)
                .map_err(|m| ConfigError::in_file(path, &text, Some(glob.span.clone()), m))?;
            self.overrides.push(compiled);
        }
        Ok(())
    }

    /// Adds a style's rules to the settings, each findable by its id, and
    /// their levels to `levels`.
    fn add_loaded(&mut self, loaded: Vec<Loaded>, levels: &mut Vec<(String, Level)>) {
        for item in loaded {
            levels.push((item.rule.meta.id.to_string(), item.level));
            self.rule_index
                .insert(item.rule.meta.id.clone(), self.rules.len());
            self.rules.push(item.rule);
        }
    }

    /// Every `<Style>/*.yml` rule file of a style folder, built.
    fn load_style(
        &mut self,
        style: &str,
        folder: &Path,
        accepted: &Vocabulary,
    ) -> Result<Vec<Loaded>, ConfigError> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
            .map_err(|err| ConfigError {
                path: Some(folder.to_path_buf()),
                text: None,
                span: None,
                message: format!("cannot read the style: {err}"),
                help: None,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect();
        files.sort();
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let text = read_text(&file)?;
            let located = |span: Range<usize>, message: String| {
                ConfigError::in_file(&file, &text, Some(span), message)
            };
            let mut def = rule::read(&text).map_err(|e| located(e.span, e.message))?;
            for (span, message) in std::mem::take(&mut def.warnings) {
                self.warnings.push(located(span, message));
            }
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = format!("{style}.{stem}");
            if let Some(loaded) = self.build_rule(&id, style, def, accepted, &located)? {
                out.push(loaded);
            }
        }
        Ok(out)
    }

    /// Vale's built-in style: Vale.Repetition, Vale.Spelling, and from the
    /// vocabularies Vale.Terms (an accepted term written in another case)
    /// and Vale.Avoid (a rejected term), as Vale's `loadDefaultRules` makes
    /// them.
    fn vale_style(
        &mut self,
        shared: &Vocabulary,
        rejected: &[String],
        path: &Path,
        text: &str,
    ) -> Result<Vec<Loaded>, ConfigError> {
        let placed = |t: &str| Placed {
            text: t.to_string(),
            span: 0..0,
        };
        let mut defs = Vec::new();
        let mut repetition =
            Definition::new(Extends::Repetition, "'%s' is repeated!", Level::Error);
        repetition.alpha = true;
        repetition.tokens = vec![placed(r"[^\s]+")];
        defs.push(("Vale.Repetition", repetition));
        if !shared.accepted.is_empty() {
            let mut terms = Definition::new(
                Extends::Substitution,
                "Use '%s' instead of '%s'.",
                Level::Error,
            );
            terms.ignorecase = true;
            terms.vocab = false;
            terms.swap = shared
                .accepted
                .iter()
                .map(|t| (placed(&t.to_lowercase()), t.clone()))
                .collect();
            defs.push(("Vale.Terms", terms));
        }
        // Vale.Spelling: galley's English dictionary, with the words of
        // every file in the StylesPath's `config/ignore`.
        let mut spelling =
            Definition::new(Extends::Spelling, "Did you really mean '%s'?", Level::Error);
        if let Ok(entries) = std::fs::read_dir(shared.styles_path.join("config/ignore")) {
            let mut files: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            spelling.ignore = files
                .iter()
                .filter(|f| f.is_file())
                .map(|f| placed(&f.to_string_lossy()))
                .collect();
        }
        defs.push(("Vale.Spelling", spelling));
        if !rejected.is_empty() {
            let mut avoid = Definition::new(Extends::Existence, "Avoid using '%s'.", Level::Error);
            avoid.tokens = rejected.iter().map(|t| placed(t)).collect();
            defs.push(("Vale.Avoid", avoid));
        }
        // A bad term in a vocabulary is reported against the configuration
        // that names the vocabularies.
        let located = |_: Range<usize>, message: String| {
            ConfigError::in_file(path, text, None, format!("in a Vale vocabulary: {message}"))
        };
        let mut out = Vec::new();
        for (id, def) in defs {
            if let Some(loaded) = self.build_rule(id, "Vale", def, shared, &located)? {
                out.push(loaded);
            }
        }
        Ok(out)
    }

    /// The accepted and rejected terms of the vocabularies the file names
    /// (`config/vocabularies/<Name>/accept.txt` and `reject.txt`, or the
    /// older `Vocab/<Name>/`). Vale rules with `vocab` (the default) never
    /// report an accepted term; Vale.Terms and Vale.Avoid enforce both.
    fn vale_vocabularies(
        &self,
        config: &ValeIni,
        styles_path: &Path,
        path: &Path,
        text: &str,
    ) -> Result<(Vec<String>, Vec<String>), ConfigError> {
        let mut accepted = Vec::new();
        let mut rejected = Vec::new();
        for name in &config.vocab {
            let candidates = [
                styles_path.join("config/vocabularies").join(&name.text),
                styles_path.join("Vocab").join(&name.text),
            ];
            let Some(folder) = candidates.iter().find(|c| c.is_dir()) else {
                return Err(ConfigError::in_file(
                    path,
                    text,
                    Some(name.span.clone()),
                    format!(
                        "no Vale vocabulary `{}` under {}",
                        name.text,
                        styles_path.display()
                    ),
                ));
            };
            for (file, into) in [("accept.txt", &mut accepted), ("reject.txt", &mut rejected)] {
                let list = folder.join(file);
                if list.is_file() {
                    let words = read_text(&list)?;
                    let mut start = 0;
                    for line in words.split_inclusive('\n') {
                        let term = line.trim();
                        let at = start + (line.len() - line.trim_start().len());
                        start += line.len();
                        if term.is_empty() || term.starts_with('#') {
                            continue;
                        }
                        // Each term is a regex in Vale: a bad one is an error
                        // here, at its line, not in the rules that use it.
                        if let Err(err) = fancy_regex::Regex::new(term) {
                            return Err(ConfigError::in_file(
                                &list,
                                &words,
                                Some(at..at + term.len()),
                                format!("invalid regex in the vocabulary: {err}"),
                            ));
                        }
                        into.push(term.to_string());
                    }
                }
            }
        }
        Ok((accepted, rejected))
    }
}
