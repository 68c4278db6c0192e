//! The subcommands: each turns parsed arguments into work and returns the
//! process exit status (0 clean, 1 findings at the failing level, 2 usage,
//! configuration or I/O error).

use std::io::{self, Read, Write};
use std::path::Path;

use clap::CommandFactory;
use serde_json::json;

use crate::baseline::{Accepted, Recorder};
use crate::check::{
    CheckOptions, DEFAULT_MAX_FILE_SIZE, FixMode, Outcome, check_all, check_bytes, format_for,
};
use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, CompletionsArgs, ConfigArgs, DenyLevel, ExplainArgs,
    InitArgs, ListFormat, OutputFormat, RulesArgs,
};
use crate::config::{CONFIG_FILE, Overrides, Settings};
use crate::emit::{
    Concise, Diff, Emitter, FailPolicy, Github, Human, Json, Sarif, Summary, print_config_error,
};
use crate::rules::examples::check_examples;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => rules(&args),
        Command::Explain(args) => explain(&args),
        Command::Test(args) => test(&args),
        Command::Init(args) => init(&args),
        Command::Completions(args) => completions(&args),
        Command::Man => man(),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`galley check | head`) is not an error of ours.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(err) => {
            eprintln!("error: cannot write output: {err}");
            2
        }
    }
}

fn load_settings(args: &ConfigArgs, color: ColorChoice) -> Result<Settings, i32> {
    load_settings_with(args, color, false)
}

/// With `lean`, the built-in packs that nothing turns on are not loaded.
fn load_settings_with(args: &ConfigArgs, color: ColorChoice, lean: bool) -> Result<Settings, i32> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| Path::new(".").to_path_buf());
    let overrides = Overrides {
        config: args.config.clone(),
        no_config: args.no_config,
        enable: args.enable.clone(),
        disable: args.disable.clone(),
        lean,
    };
    Settings::load(&cwd, &overrides).map_err(|err| {
        print_config_error(&err, color);
        2
    })
}

fn check(args: &CheckArgs) -> io::Result<i32> {
    let settings = match load_settings_with(&args.config, args.color, true) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let options = CheckOptions {
        fix: if args.diff {
            FixMode::Preview
        } else if args.fix || args.unsafe_fixes {
            FixMode::Apply
        } else {
            FixMode::Off
        },
        unsafe_fixes: args.unsafe_fixes,
        max_file_size: match args.max_file_size {
            Some(0) => None,
            Some(limit) => Some(limit),
            None => Some(DEFAULT_MAX_FILE_SIZE),
        },
    };
    let policy = FailPolicy {
        deny_warnings: settings.deny_warnings || args.deny == Some(DenyLevel::Warnings),
        max_warnings: args.max_warnings.or(settings.max_warnings),
    };
    let accepted = match &args.baseline {
        Some(path) => match Accepted::load(path) {
            Ok(accepted) => Some(accepted),
            Err(reason) => {
                eprintln!("error: baseline {}: {reason}", path.display());
                return Ok(2);
            }
        },
        None => None,
    };
    let stdin = args.paths.len() == 1 && args.paths[0].as_os_str() == "-";
    if stdin {
        return check_stdin(args, &settings, options, policy);
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: `-` (standard input) cannot be combined with other paths");
        return Ok(2);
    }
    let mut emitter: Box<dyn Emitter> = if args.diff {
        Box::new(Diff)
    } else {
        match args.format {
            OutputFormat::Human => Box::new(Human::new(args.color)),
            OutputFormat::Concise => Box::new(Concise),
            OutputFormat::Json => Box::new(Json::new()),
            OutputFormat::Sarif => Box::new(Sarif::new(&settings)),
            OutputFormat::Github => Box::new(Github),
        }
    };
    let walked = crate::walk::collect(&args.paths);
    let mut summary = Summary::default();
    let mut recorder = Recorder::default();
    for (path, reason) in &walked.errors {
        emitter.file_error(path, reason)?;
        summary.io_errors += 1;
    }
    let mut result = Ok(());
    check_all(&walked.files, &settings, options, |outcome| {
        if result.is_err() {
            return;
        }
        result = match outcome {
            Outcome::Checked(mut report) => {
                if let Some(accepted) = &accepted {
                    summary.baselined += accepted.filter(&mut report);
                }
                if args.write_baseline.is_some() {
                    recorder.record(&report);
                }
                summary.add(&report);
                emitter.file(&report)
            }
            Outcome::Skipped { path, note } => {
                summary.files_skipped += 1;
                if let Some(note) = note {
                    eprintln!("note: {}: {note}", path.display());
                }
                Ok(())
            }
            Outcome::Failed { path, reason } => {
                summary.io_errors += 1;
                emitter.file_error(&path, &reason)
            }
        };
    });
    result?;
    emitter.finish(&summary)?;
    if let Some(path) = &args.write_baseline {
        if let Err(reason) = recorder.write(path) {
            eprintln!("error: cannot write baseline {}: {reason}", path.display());
            return Ok(2);
        }
        eprintln!(
            "wrote {} findings to the baseline {}",
            recorder.len(),
            path.display()
        );
        return Ok(if summary.io_errors > 0 { 2 } else { 0 });
    }
    if args.diff {
        return Ok(if summary.io_errors > 0 {
            2
        } else {
            i32::from(summary.files_fixed > 0)
        });
    }
    Ok(summary.exit_code(policy))
}

/// `galley check -`: the article comes on standard input. With `--fix` the
/// fixed text goes to standard output (and findings that remain to stderr,
/// concisely); with `--diff`, the diff.
fn check_stdin(
    args: &CheckArgs,
    settings: &Settings,
    options: CheckOptions,
    policy: FailPolicy,
) -> io::Result<i32> {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    let report = match check_bytes(&name, format_for(&name), bytes, settings, options) {
        Outcome::Checked(report) => report,
        Outcome::Skipped { .. } => {
            eprintln!(
                "error: {}: binary input (it holds NUL bytes)",
                name.display()
            );
            return Ok(2);
        }
        Outcome::Failed { reason, .. } => {
            eprintln!("error: {}: {reason}", name.display());
            return Ok(2);
        }
    };
    let mut summary = Summary::default();
    summary.add(&report);
    match options.fix {
        FixMode::Apply => {
            io::stdout().lock().write_all(&report.source.to_bytes())?;
            Concise.file_to(&mut io::stderr().lock(), &report)?;
        }
        FixMode::Preview => {
            Diff.file(&report)?;
            return Ok(i32::from(report.original.is_some()));
        }
        FixMode::Off => {
            let mut emitter: Box<dyn Emitter> = match args.format {
                OutputFormat::Human => Box::new(Human::new(args.color)),
                OutputFormat::Concise => Box::new(Concise),
                OutputFormat::Json => Box::new(Json::new()),
                OutputFormat::Sarif => Box::new(Sarif::new(settings)),
                OutputFormat::Github => Box::new(Github),
            };
            emitter.file(&report)?;
            emitter.finish(&summary)?;
        }
    }
    Ok(summary.exit_code(policy))
}

fn rules(args: &RulesArgs) -> io::Result<i32> {
    let settings = match load_settings(&args.config, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
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
                        "message": r.meta.message,
                        "description": r.meta.description,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json!({ "rules": rules }))
                .map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ListFormat::Markdown => write!(out, "{}", rules_markdown(&settings))?,
        ListFormat::Human => {
            let width = settings
                .rules
                .iter()
                .map(|r| r.meta.id.len())
                .max()
                .unwrap_or(0);
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
                        "  {:width$}  {:<7}  {:<18} {:<6}  {}",
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
                        r.meta.description.as_deref().map_or("", first_sentence),
                    )?;
                }
            }
        }
    }
    Ok(0)
}

/// The rule reference (docs/rules.md), generated from the kinds and packs so
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
                r.meta
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

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

fn explain(args: &ExplainArgs) -> io::Result<i32> {
    let settings = match load_settings(&args.config, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let Some(rule) = settings.find_rule(&args.rule) else {
        eprintln!(
            "error: no rule is named `{}` (`galley rules` lists them)",
            args.rule
        );
        return Ok(2);
    };
    let m = &rule.meta;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({} pack, kind `{}`, {})",
        m.id, m.pack, m.kind.name, m.severity
    )?;
    writeln!(out)?;
    if let Some(description) = &m.description {
        writeln!(out, "{description}")?;
        writeln!(out)?;
    }
    writeln!(out, "Kind `{}`: {}.", m.kind.name, m.kind.summary)?;
    writeln!(out, "Message: {}", m.message)?;
    if let Some(help) = &m.help {
        writeln!(out, "Help: {help}")?;
    }
    if let Some(scope) = &m.scope {
        let names: Vec<String> = scope.iter().map(|k| k.name()).collect();
        writeln!(out, "Applies to: {}", names.join(", "))?;
    }
    for (label, value) in rule.details() {
        writeln!(out, "{label}: {value}")?;
    }
    writeln!(out, "Enabled: {}", if m.enabled { "yes" } else { "no" })?;
    writeln!(out)?;
    writeln!(out, "Flagged:")?;
    for bad in &m.bad {
        writeln!(out, "  {:?}", bad.text())?;
        if let Some(fixed) = bad.fixed() {
            writeln!(out, "    fixed: {fixed:?}")?;
        }
    }
    if !m.good.is_empty() {
        writeln!(out, "Not flagged:")?;
        for good in &m.good {
            writeln!(out, "  {good:?}")?;
        }
    }
    Ok(0)
}

fn test(args: &ConfigArgs) -> io::Result<i32> {
    let settings = match load_settings(args, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let mut out = io::stdout().lock();
    let mut examples = 0;
    let mut failures = 0;
    for rule in &settings.rules {
        examples += rule.meta.bad.len() + rule.meta.good.len();
        for failure in check_examples(rule, &settings.article) {
            failures += 1;
            writeln!(
                out,
                "FAIL {}: {:?}: {}",
                failure.rule, failure.text, failure.problem
            )?;
        }
    }
    writeln!(
        out,
        "{} rules, {examples} examples: {} passed, {failures} failed",
        settings.rules.len(),
        examples - failures
    )?;
    Ok(if failures == 0 { 0 } else { 1 })
}

/// The galley.toml that `galley init` writes.
pub const INIT_TEMPLATE: &str = include_str!("init.toml");

fn init(args: &InitArgs) -> io::Result<i32> {
    let path = Path::new(CONFIG_FILE);
    if path.exists() && !args.force {
        eprintln!("error: {CONFIG_FILE} already exists (use --force to replace it)");
        return Ok(2);
    }
    std::fs::write(path, INIT_TEMPLATE)?;
    println!("wrote {CONFIG_FILE}");
    Ok(0)
}

fn completions(args: &CompletionsArgs) -> io::Result<i32> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "galley", &mut io::stdout());
    Ok(0)
}

fn man() -> io::Result<i32> {
    clap_mangen::Man::new(Cli::command()).render(&mut io::stdout())?;
    Ok(0)
}
