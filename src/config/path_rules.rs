//! `[[overrides]]`: per-path changes to which rules run and how severely,
//! matched by globs relative to the configuration file's folder; and the
//! same for `.vale.ini` sections, relative to that file's folder.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::ConfigError;
use super::file::OverrideConfig;
use crate::diagnostic::Severity;
use crate::rules::{Rule, RulePolicy};
use crate::vale::section;

/// What one `[[overrides]]` entry does to the files it matches.
#[derive(Debug, Clone)]
enum Action {
    Enable(String),
    Disable(String),
    Severity(String, Severity),
}

/// One `[[overrides]]` entry, compiled.
#[derive(Debug, Clone)]
pub(super) struct PathOverride {
    globs: GlobSet,
    actions: Vec<Action>,
    /// For a `.vale.ini` section, the `.vale.ini`'s folder (absolute):
    /// its glob is matched against paths relative to it, as its ignores
    /// are ([`crate::vale::section`]).
    vale_root: Option<PathBuf>,
}

impl PathOverride {
    /// Compiles an entry; `unknown` says why a name is no rule or pack,
    /// and `error` places a message in the configuration file.
    pub(super) fn new(
        entry: &OverrideConfig,
        unknown: impl Fn(&str) -> Option<String>,
        error: impl Fn(std::ops::Range<usize>, String) -> ConfigError,
    ) -> Result<Self, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in entry.files.as_ref() {
            let glob = Glob::new(pattern).map_err(|e| {
                error(
                    entry.files.span(),
                    format!("invalid glob `{pattern}`: {}", e.kind()),
                )
            })?;
            builder.add(glob);
        }
        let globs = builder
            .build()
            .map_err(|e| error(entry.files.span(), e.to_string()))?;
        let named = |name: &Spanned<String>| match unknown(name.as_ref()) {
            None => Ok(name.as_ref().clone()),
            Some(message) => Err(error(name.span(), message)),
        };
        let mut actions = Vec::new();
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
        Ok(PathOverride {
            globs,
            actions,
            vale_root: None,
        })
    }

    /// The override a `.vale.ini` section makes: its glob (relative to
    /// `root`, the `.vale.ini`'s folder), the rules it turns on and off,
    /// and their levels; the error says why the glob is bad.
    pub(super) fn vale(
        glob: &str,
        root: &Path,
        enable: Vec<String>,
        disable: Vec<String>,
        severity: Vec<(String, Severity)>,
    ) -> Result<Self, String> {
        let glob = section::glob(glob)?;
        let globs = GlobSetBuilder::new()
            .add(glob)
            .build()
            .map_err(|e| e.to_string())?;
        let actions = enable
            .into_iter()
            .map(Action::Enable)
            .chain(disable.into_iter().map(Action::Disable))
            .chain(severity.into_iter().map(|(n, s)| Action::Severity(n, s)))
            .collect();
        Ok(PathOverride {
            globs,
            actions,
            vale_root: Some(root.to_path_buf()),
        })
    }

    /// Whether this override turns `rule` on for some files.
    pub(super) fn may_enable(&self, rule: &Rule) -> bool {
        self.actions.iter().any(|a| {
            matches!(a, Action::Enable(name) if *name == *rule.meta.id || *name == *rule.meta.pack)
        })
    }
}

/// Per-rule policy (same order as `rules`) for the file at `relative` (to
/// the configuration's folder; `absolute` for `.vale.ini` sections), when
/// an override matches it; `None` when the rules' own settings apply.
pub(super) fn policy(
    overrides: &[PathOverride],
    rules: &[Rule],
    relative: &Path,
    absolute: &Path,
) -> Option<Vec<RulePolicy>> {
    let matching: Vec<&PathOverride> = overrides
        .iter()
        .filter(|o| match &o.vale_root {
            Some(root) => o.globs.is_match(section::relative(root, absolute)),
            None => o.globs.is_match(relative),
        })
        .collect();
    if matching.is_empty() {
        return None;
    }
    let mut policy: Vec<RulePolicy> = rules
        .iter()
        .map(|r| RulePolicy {
            enabled: r.meta.enabled,
            severity: r.meta.severity,
        })
        .collect();
    for action in matching.iter().flat_map(|o| &o.actions) {
        for (rule, p) in rules.iter().zip(policy.iter_mut()) {
            let m = &rule.meta;
            match action {
                Action::Enable(name) if *name == *m.id => p.enabled = true,
                Action::Enable(name) if *name == *m.pack => p.enabled = m.on_with_pack,
                Action::Disable(name) if *name == *m.id || *name == *m.pack => p.enabled = false,
                Action::Severity(name, s) if *name == *m.id || *name == *m.pack => p.severity = *s,
                _ => {}
            }
        }
    }
    Some(policy)
}
