//! `galley rules`, `galley explain` and `galley test`: what the loaded
//! rules are, what one of them does, and whether their examples hold.

use std::io::{self, Write};

use serde_json::json;

use super::{Failure, load_settings};
use crate::cli::{ConfigArgs, ExplainArgs, ListFormat, RulesArgs, StructureArgs};
use crate::config::{Settings, nearest};
use crate::emit::{Layout, shown_path, terminal_safe};
use crate::rules::examples::check_examples;
use crate::status::{CLEAN, FAILED};

/// `galley structure`: each block of each article as galley reads it, one
/// line each: `path:line:col: kind: text` (text shortened, newlines shown
/// as `⏎`). A file that cannot be read is reported and the rest go on.
pub(super) fn structure(args: &StructureArgs) -> Result<i32, Failure> {
    let settings = load_settings(&args.config, true)?;
    let mut out = io::stdout().lock();
    let mut status = CLEAN;
    for path in &args.paths {
        let format = crate::check::format_for(path);
        let limit = Some(crate::source::DEFAULT_MAX_FILE_SIZE);
        let loaded = std::fs::File::open(path)
            .map_err(crate::source::SourceError::Io)
            .and_then(|file| crate::source::read_limited(file, limit))
            .and_then(|bytes| format.load(path, bytes, limit))
            .map_err(|e| e.to_string());
        let source = match loaded {
            Ok(crate::source::Loaded::Text(source)) => source,
            Ok(crate::source::Loaded::Binary) => {
                eprintln!("galley: {}: skipped: a binary file", shown_path(path));
                continue;
            }
            Err(reason) => {
                eprintln!("galley: {}: {reason}", shown_path(path));
                status = crate::status::TROUBLE;
                continue;
            }
        };
        let doc = crate::document::Document::parse(&source, format, &settings.article);
        for block in &doc.blocks {
            let at = source.line_col(block.span.start);
            let mut text: String = block.text().trim().replace('\n', "⏎");
            if text.chars().count() > 72 {
                text = text.chars().take(71).chain(['…']).collect();
            }
            writeln!(
                out,
                "{}:{}:{}: {}: {}",
                shown_path(path),
                at.line,
                at.column,
                block.kind.as_str(),
                terminal_safe(&text)
            )?;
        }
    }
    Ok(status)
}

pub(super) fn rules(args: &RulesArgs) -> Result<i32, Failure> {
    let settings = load_settings(&args.config, false)?;
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let rules: Vec<_> = settings
                .rules
                .iter()
                .map(|r| {
                    json!({
                        "id": &*r.meta.id,
                        "pack": &*r.meta.pack,
                        "kind": r.meta.kind.name,
                        "severity": r.meta.severity.as_str(),
                        "enabled": r.meta.enabled,
                        "fixable": r.fix().map(|a| a.as_str()),
                        "triggers": r.triggers(),
                        "message": r.body().message,
                        "description": r.docs().description,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json!({ "rules": rules }))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Markdown => write!(out, "{}", rules_markdown(&settings))?,
        ListFormat::Human => {
            let id_width = settings
                .rules
                .iter()
                .map(|r| r.meta.id.len())
                .max()
                .unwrap_or(0);
            // Each description in full, wrapped, under its rule.
            const INDENT: &str = "      ";
            let width = Layout::of_stdout().width.unwrap_or(120);
            for pack in &settings.packs {
                let state = if pack.enabled { "on" } else { "off" };
                writeln!(
                    out,
                    "{} ({state}, {}): {}",
                    pack.name,
                    pack.origin,
                    pack.description.as_deref().unwrap_or("")
                )?;
                for r in settings.rules.iter().filter(|r| *r.meta.pack == *pack.name) {
                    writeln!(
                        out,
                        "  {:id_width$}  {:<7}  {:<18} {}",
                        r.meta.id,
                        if r.meta.enabled {
                            r.meta.severity.as_str()
                        } else {
                            "off"
                        },
                        r.meta.kind.name,
                        r.fix().map_or("-", |a| {
                            if a == crate::diagnostic::Applicability::DisplayOnly {
                                "-"
                            } else {
                                a.as_str()
                            }
                        }),
                    )?;
                    if let Some(description) = &r.docs().description {
                        writeln!(out, "{INDENT}{}", wrap(description, INDENT.len(), width))?;
                    }
                }
            }
        }
    }
    Ok(CLEAN)
}

/// The rule reference (docs/src/rules.md), generated from the kinds and packs so
/// that it cannot drift from them; a test keeps the file in sync.
pub fn rules_markdown(settings: &Settings) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    let _ = writeln!(md, "# galley rules\n");
    let _ = writeln!(
        md,
        "Generated by `galley rules --format markdown --no-config`; do not edit by hand.\n"
    );
    let _ = writeln!(md, "## Rule kinds\n");
    for kind in crate::rules::KINDS {
        let mut summary = kind.summary.chars();
        let first = summary
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        let _ = writeln!(md, "### `{}`\n\n{first}{}.\n", kind.name, summary.as_str());
        if !kind.params.is_empty() {
            let _ = writeln!(md, "| parameter | meaning |\n| --- | --- |");
            for param in kind.params {
                let meaning = param.meaning();
                let _ = writeln!(
                    md,
                    "| `{}` | {} |",
                    param.name(),
                    meaning.replace('|', "\\|")
                );
            }
            let _ = writeln!(md);
        }
        if !kind.vars.is_empty() {
            let vars: Vec<String> = kind
                .vars
                .iter()
                .map(|(v, m)| format!("`{{{v}}}` ({m})"))
                .collect();
            let _ = writeln!(md, "Message placeholders: {}.\n", vars.join(", "));
        }
    }
    let _ = writeln!(md, "## Packs\n");
    for pack in &settings.packs {
        let _ = writeln!(
            md,
            "### `{}` ({})\n\n{}\n",
            pack.name,
            if pack.enabled {
                "on by default"
            } else {
                "off by default"
            },
            pack.description.as_deref().unwrap_or("")
        );
        let _ = writeln!(
            md,
            "| rule | kind | severity | fix | description |\n| --- | --- | --- | --- | --- |"
        );
        for r in settings.rules.iter().filter(|r| *r.meta.pack == *pack.name) {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} | {} |",
                r.meta.id,
                r.meta.kind.name,
                r.meta.severity,
                r.fix().map_or("-", |a| a.as_str()),
                r.docs()
                    .description
                    .as_deref()
                    .unwrap_or("")
                    .replace('|', "\\|")
            );
        }
        let _ = writeln!(md);
    }
    md
}

/// `text` wrapped to `width` columns, lines after the first indented by
/// `indent` spaces (the column the text starts in).
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let room = width.saturating_sub(indent).max(30);
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > room {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

pub(super) fn explain(args: &ExplainArgs) -> Result<i32, Failure> {
    let settings = load_settings(&args.config, false)?;
    let Some(rule) = settings.find_rule(&args.rule) else {
        let ids = settings.rules.iter().map(|r| &*r.meta.id);
        return Err(Failure::Message(match nearest(&args.rule, ids) {
            Some(near) => format!(
                "no rule is named `{}`; did you mean `{near}`?",
                crate::config::shortened(&args.rule)
            ),
            None => format!(
                "no rule is named `{}` (`galley rules` lists them)",
                crate::config::shortened(&args.rule)
            ),
        }));
    };
    let (m, body) = (&rule.meta, rule.body());
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({} pack, kind `{}`, {})",
        m.id, m.pack, m.kind.name, m.severity
    )?;
    writeln!(out)?;
    if let Some(description) = &rule.docs().description {
        writeln!(out, "{description}")?;
        writeln!(out)?;
    }
    writeln!(out, "Kind `{}`: {}.", m.kind.name, m.kind.summary)?;
    writeln!(out, "Message: {}", body.message)?;
    if let Some(help) = &body.help {
        writeln!(out, "Help: {help}")?;
    }
    if let Some(scope) = &body.scope {
        let names: Vec<String> = scope.iter().map(|k| k.name()).collect();
        writeln!(out, "Applies to: {}", names.join(", "))?;
    }
    for (label, value) in rule.details() {
        writeln!(out, "{label}: {value}")?;
    }
    let enabled = if m.enabled {
        "yes"
    } else if settings.enabled_by_path(rule) {
        "for some files (by path)"
    } else {
        "no"
    };
    writeln!(out, "Enabled: {enabled}")?;
    writeln!(out)?;
    // A rule read from a Vale style carries no examples.
    if !rule.docs().bad.is_empty() {
        writeln!(out, "Flagged:")?;
    }
    for bad in &rule.docs().bad {
        writeln!(out, "  {:?}", bad.text())?;
        if let Some(fixed) = bad.fixed() {
            writeln!(out, "    fixed: {fixed:?}")?;
        }
    }
    if !rule.docs().good.is_empty() {
        writeln!(out, "Not flagged:")?;
        for good in &rule.docs().good {
            writeln!(out, "  {good:?}")?;
        }
    }
    Ok(CLEAN)
}

pub(super) fn test(args: &ConfigArgs) -> Result<i32, Failure> {
    let settings = load_settings(args, false)?;
    let mut out = io::stdout().lock();
    let mut examples = 0;
    // Examples that failed (in either format), counted once each.
    let mut failed = std::collections::HashSet::new();
    let mut written = Ok(());
    for rule in &settings.rules {
        examples += rule.docs().bad.len() + rule.docs().good.len();
        for failure in check_examples(rule, &settings.article) {
            written = written.and_then(|()| {
                writeln!(
                    out,
                    "FAIL {}: {:?}: {}",
                    failure.rule, failure.text, failure.problem
                )
            });
            failed.insert((failure.rule, failure.text));
        }
    }
    let failures = failed.len();
    written = written.and_then(|()| {
        writeln!(
            out,
            "{} rules, {examples} examples: {} passed, {failures} failed",
            settings.rules.len(),
            examples.saturating_sub(failures)
        )
    });
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(if failures == 0 { CLEAN } else { FAILED }),
    }
}
