//! Baselines: a record of accepted findings, so that a CI gate on an old
//! archive fails only on new ones.
//!
//! A finding is keyed by its file, its rule and the text it flags, not by its
//! line: editing elsewhere in the file moves lines but keeps the key. Each key
//! holds a count, so a third "sighed" is new when two were accepted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::check::FileReport;
use crate::config::Settings;

/// A baseline file that could not be read or written.
#[derive(Debug)]
pub enum BaselineError {
    Read { path: PathBuf, reason: String },
    Write { path: PathBuf, reason: String },
}

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BaselineError::Read { path, reason } => {
                write!(f, "baseline {}: {reason}", path.display())
            }
            BaselineError::Write { path, reason } => {
                write!(f, "cannot write baseline {}: {reason}", path.display())
            }
        }
    }
}

impl std::error::Error for BaselineError {}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    text: String,
    count: usize,
}

type Key = (String, String, String);

/// The path as a key: forward slashes, no leading `./`.
fn path_key(path: &Path) -> String {
    let shown = path.display().to_string().replace('\\', "/");
    shown.strip_prefix("./").unwrap_or(&shown).to_string()
}

/// The keys of a report's findings; paths relative to the configuration's
/// folder, so a baseline holds from any working directory.
fn keys<'r>(report: &'r FileReport, settings: &Settings) -> impl Iterator<Item = Key> + 'r {
    let path = path_key(&settings.project_path(&report.source.path));
    report.diagnostics.iter().map(move |d| {
        (
            path.clone(),
            d.rule.to_string(),
            report.source.slice(d.span).to_string(),
        )
    })
}

/// Accepted findings, read from a baseline file.
#[derive(Debug, Default)]
pub struct Accepted {
    counts: BTreeMap<Key, usize>,
}

impl Accepted {
    pub fn load(path: &Path) -> Result<Accepted, BaselineError> {
        Self::read(path).map_err(|reason| BaselineError::Read {
            path: path.to_path_buf(),
            reason,
        })
    }

    fn read(path: &Path) -> Result<Accepted, String> {
        let text = crate::source::read_text_limited(path, crate::source::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| e.to_string())?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("not a galley baseline: {e}"))?;
        if baseline.version != 1 {
            return Err(format!("unsupported baseline version {}", baseline.version));
        }
        let counts = baseline
            .findings
            .into_iter()
            .map(|e| ((e.path, e.rule, e.text), e.count))
            .collect();
        Ok(Accepted { counts })
    }

    /// Removes the accepted findings from `report`; returns how many.
    pub fn filter(&self, report: &mut FileReport, settings: &Settings) -> usize {
        let mut budget: BTreeMap<Key, usize> = BTreeMap::new();
        let keep: Vec<bool> = keys(report, settings)
            .map(|key| {
                let allowed = self.counts.get(&key).copied().unwrap_or(0);
                let used = budget.entry(key).or_insert(0);
                *used += 1;
                *used > allowed
            })
            .collect();
        let before = report.diagnostics.len();
        let mut flags = keep.into_iter();
        report.diagnostics.retain(|_| flags.next().unwrap_or(true));
        before - report.diagnostics.len()
    }
}

/// Collects findings to write a baseline.
#[derive(Debug, Default)]
pub struct Recorder {
    counts: BTreeMap<Key, usize>,
}

impl Recorder {
    pub fn record(&mut self, report: &FileReport, settings: &Settings) {
        for key in keys(report, settings) {
            *self.counts.entry(key).or_insert(0) += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Writes the baseline as JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        self.write_json(path)
            .map_err(|reason| BaselineError::Write {
                path: path.to_path_buf(),
                reason,
            })
    }

    fn write_json(&self, path: &Path) -> Result<(), String> {
        let baseline = Baseline {
            version: 1,
            findings: self
                .counts
                .iter()
                .map(|((path, rule, text), count)| Entry {
                    path: path.clone(),
                    rule: rule.clone(),
                    text: text.clone(),
                    count: *count,
                })
                .collect(),
        };
        let json = serde_json::to_string_pretty(&baseline).map_err(|e| e.to_string())? + "\n";
        crate::fix::write_file(path, json.as_bytes(), 0o644)?;
        Ok(())
    }
}
