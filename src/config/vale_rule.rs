//! One Vale rule file's definition made a galley rule of kind `vale`: its
//! check type vetted, the vocabulary and the sections' ignores added, its
//! scope mapped onto galley's blocks (with warnings for what galley cannot
//! follow), and its level made a severity.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::{ConfigError, Settings};
use crate::diagnostic::Severity;
use crate::rules::{
    Rule, RuleBody, RuleDocs, RuleMeta, RuleSpec, ScopeItem, VALE_UNSUPPORTED_REGEX, find_kind,
    kind_mask,
};
use crate::vale::{Definition, Extends, Level, Masks, Placed, scope};

/// Galley's severity for a Vale level.
pub(super) fn severity(level: Level) -> Severity {
    match level {
        Level::Suggestion => Severity::Info,
        Level::Warning => Severity::Warning,
        Level::Error => Severity::Error,
    }
}

/// What every Vale rule of a configuration shares: the accepted words
/// (exceptions of rules with `vocab`) and what the configuration masks.
pub(super) struct Vocabulary {
    pub(super) accepted: Vec<String>,
    pub(super) masks: Arc<Masks>,
    /// Where spelling rules' `ignore` files are looked for: the
    /// `.vale.ini`'s folder and the `StylesPath`.
    pub(super) dir: PathBuf,
    pub(super) styles_path: PathBuf,
}

/// One loaded Vale rule before it joins the settings.
pub(super) struct Loaded {
    pub(super) rule: Rule,
    pub(super) level: Level,
}

impl Settings {
    /// A rule from its definition: `None` (with a warning) for a check type
    /// galley does not run.
    pub(super) fn build_rule(
        &mut self,
        id: &str,
        style: &str,
        mut def: Definition,
        shared: &Vocabulary,
        located: &dyn Fn(Range<usize>, String) -> ConfigError,
    ) -> Result<Option<Loaded>, ConfigError> {
        let kind = find_kind("vale").expect("the vale kind is registered");
        if !matches!(
            def.extends,
            Extends::Existence
                | Extends::Substitution
                | Extends::Occurrence
                | Extends::Repetition
                | Extends::Consistency
                | Extends::Conditional
                | Extends::Capitalization
                | Extends::Metric
                | Extends::Readability
                | Extends::Spelling
                | Extends::Sequence
        ) {
            self.warnings.push(located(
                def.extends_span.clone(),
                format!(
                    "Vale's `{}` rules are not supported; the rule is skipped",
                    def.extends.as_str()
                ),
            ));
            return Ok(None);
        }
        if def.extends == Extends::Spelling && !self.spelling_words(&mut def, shared, located) {
            return Ok(None);
        }
        if matches!(
            def.extends,
            Extends::Metric | Extends::Readability | Extends::Sequence
        ) {
            // Vale reads the whole document's summary (metric, readability)
            // or every sentence (sequence), whatever the scope.
            def.scope.clear();
        }
        def.masks = Arc::clone(&shared.masks);
        def.origin = Arc::from(format!("Vale rule {id}"));
        if def.vocab {
            def.exceptions
                .extend(shared.accepted.iter().map(|a| Placed {
                    text: a.clone(),
                    span: 0..0,
                }));
        }
        let where_ = scope::read(&def.scope);
        for unsupported in &where_.unsupported {
            self.warnings.push(located(
                unsupported.span.clone(),
                format!(
                    "galley has no `{}` scope; the rule reads {}",
                    unsupported.text,
                    if where_.include.as_ref().is_some_and(Vec::is_empty) {
                        "nothing"
                    } else {
                        "all prose"
                    }
                ),
            ));
        }
        let level = def.level;
        let description = def.description.clone().unwrap_or_default();
        let link = def.link.clone();
        let message = def.message.clone();
        let def = Arc::new(def);
        let spec = RuleSpec::vale(id, def);
        let check = match (kind.build)(&spec) {
            Ok(check) => check,
            // A .NET regex feature galley lacks: the rule is skipped, as
            // an unsupported check type is.
            Err(e) if e.message.starts_with(VALE_UNSUPPORTED_REGEX) => {
                self.warnings
                    .push(located(e.span.unwrap_or(0..0), e.message));
                return Ok(None);
            }
            Err(e) => return Err(located(e.span.unwrap_or(0..0), e.message)),
        };
        let scope_items: Option<Vec<ScopeItem>> = where_
            .include
            .map(|kinds| kinds.into_iter().map(ScopeItem::Kind).collect());
        let exclude: Vec<ScopeItem> = where_.exclude.into_iter().map(ScopeItem::Kind).collect();
        let body = RuleBody {
            message: "{message}".to_string(),
            help: link.map(|l| format!("see {l}")),
            kinds: kind_mask(&scope_items, &exclude),
            scope: scope_items,
            exclude,
        };
        let docs = RuleDocs {
            description: Some(format!("{message} {description}").trim().to_string()),
            bad: Vec::new(),
            good: Vec::new(),
        };
        let meta = RuleMeta {
            id: Arc::from(id),
            pack: Arc::from(style),
            kind,
            severity: severity(level),
            enabled: false,
            on_with_pack: true,
        };
        Ok(Some(Loaded {
            rule: Rule::new(meta, body, docs, check),
            level,
        }))
    }

    /// A spelling rule's words: those of its `ignore` files (found as Vale
    /// finds them: as named, under the StylesPath, or under its
    /// `config/ignore`). `false` (with a warning) when the rule names a
    /// hunspell dictionary other than English, which galley cannot read.
    fn spelling_words(
        &mut self,
        def: &mut Definition,
        shared: &Vocabulary,
        located: &dyn Fn(Range<usize>, String) -> ConfigError,
    ) -> bool {
        let english = |name: &str| {
            let n = name.trim().to_ascii_lowercase().replace('-', "_");
            let stem = n.trim_end_matches(".dic").trim_end_matches(".aff");
            ["en", "en_us", "en_gb", "en_ca", "en_au"].contains(&stem)
        };
        if let Some(other) = def.dictionaries.iter().find(|d| !english(&d.text)) {
            self.warnings.push(located(
                other.span.clone(),
                format!(
                    "galley cannot read the hunspell dictionary `{}` (it checks with its own English dictionary); the rule is skipped",
                    other.text
                ),
            ));
            return false;
        }
        for file in &def.ignore {
            let candidates = [
                shared.dir.join(&file.text),
                shared.styles_path.join(&file.text),
                shared.styles_path.join("config/ignore").join(&file.text),
            ];
            match candidates
                .iter()
                .find_map(|p| std::fs::read_to_string(p).ok())
            {
                Some(text) => def.ignored.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                ),
                None => self.warnings.push(located(
                    file.span.clone(),
                    format!(
                        "no ignore file `{}` beside the .vale.ini or on the StylesPath",
                        file.text
                    ),
                )),
            }
        }
        true
    }
}
