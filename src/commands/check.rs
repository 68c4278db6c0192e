//! `galley check`: find the files, check them on every core, write the
//! findings in the format asked for, and give the exit status.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::{Failure, load_settings};
use crate::baseline::{Accepted, Recorder};
use crate::check::{
    CheckOptions, DEFAULT_MAX_FILE_SIZE, FixMode, Outcome, check_all, check_bytes, format_for,
};
use crate::cli::{CheckArgs, DenyLevel};
use crate::config::Settings;
use crate::emit::{Layout, OutputFormat, Stream, emitter, shown_path, stream};
use crate::fix::Destination;
use crate::rules::Concurrency;
use crate::status::{FailPolicy, RunKind, Summary};
use crate::timings::{Stage, Timings, timed};

pub(super) fn check(args: &CheckArgs) -> Result<i32, Failure> {
    let loading = Instant::now();
    let mut settings = load_settings(&args.config, true)?;
    if args.timings {
        let timings = Timings::new(settings.rules.len());
        timings.add(Stage::LoadRules, nanos(loading.elapsed()));
        settings.timings = Some(Arc::new(timings));
    }
    // A check run is the whole process: its settings (the rules, built as
    // documents need them) live until it exits, and are left to the
    // operating system rather than freed one allocation at a time, which
    // took as long as checking a short article.
    let settings: &'static Settings = Box::leak(Box::new(settings));
    let status = check_with(args, settings)?;
    if let Some(timings) = &settings.timings {
        let rules = &settings.rules;
        let not_run = rules
            .iter()
            .enumerate()
            .filter(|(i, r)| r.meta.enabled && !timings.ran(*i))
            .count();
        let table = timings.report(|i| &rules[i].meta.id, not_run);
        // Written whole, after the findings: nothing of it reaches stdout.
        let _ = io::stderr().lock().write_all(table.as_bytes());
    }
    Ok(status)
}

fn nanos(took: std::time::Duration) -> u64 {
    u64::try_from(took.as_nanos()).unwrap_or(u64::MAX)
}

fn check_with(args: &CheckArgs, settings: &'static Settings) -> Result<i32, Failure> {
    let options = CheckOptions {
        fix: if args.diff {
            FixMode::Preview
        } else if args.fix || args.unsafe_fixes {
            FixMode::Apply
        } else {
            FixMode::Off
        },
        unsafe_fixes: args.unsafe_fixes,
        fix_read_only: args.fix_read_only,
        max_file_size: match args.max_file_size {
            Some(0) => None,
            Some(limit) => Some(limit),
            None => Some(DEFAULT_MAX_FILE_SIZE),
        },
        concurrency: Concurrency::Alongside,
        annotate: args.annotate,
    };
    let policy = FailPolicy {
        deny_warnings: settings.deny_warnings || args.deny == Some(DenyLevel::Warnings),
        max_warnings: args.max_warnings.or(settings.max_warnings),
    };
    let accepted = match &args.baseline {
        Some(path) => Some(Accepted::load(path)?),
        None => None,
    };
    let format = if args.diff {
        OutputFormat::Diff
    } else {
        args.format
    };
    let stdin = args.paths.len() == 1 && args.paths[0].as_os_str() == "-";
    if stdin {
        return check_stdin(args, settings, options, policy, format);
    }
    if args.stdin_filename.is_some() {
        return Err(Failure::Message(
            "--stdin-filename names standard input: give `-` as the path to read it".to_string(),
        ));
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Message(
            "`-` (standard input) cannot be combined with other paths".to_string(),
        ));
    }
    for path in &args.paths {
        if !path.is_dir() {
            refuse_annotate(args, path, format_for(path))?;
        }
    }
    let mut output = Output::open(args)?;
    let mut emitter = emitter(
        format,
        settings,
        Layout::of_stdout(),
        output.stream(args)?,
        stderr(args),
    );
    let walk = || crate::walk::collect(&args.paths);
    let walked = timed(settings.timings.as_deref(), Stage::Walk, walk);
    let mut summary = Summary::default();
    let mut recorder = Recorder::default();
    for error in &walked.errors {
        emitter.file_error(&error.path, &error.reason)?;
        summary.io_errors += 1;
    }
    let mut result = Ok(());
    let timings = settings.timings.as_deref();
    check_all(&walked.files, settings, options, |outcome| {
        if result.is_err() {
            return;
        }
        let _timer = timings.map(|t| t.start(Stage::Output));
        result = match outcome {
            Outcome::Checked(mut report) => {
                if let Some(accepted) = &accepted {
                    summary.baselined += accepted.filter(&mut report, settings);
                }
                if args.write_baseline.is_some() {
                    recorder.record(&report, settings);
                }
                summary.add(&report);
                let unwritten = match &report.not_written {
                    Some(reason) => emitter
                        .file_error(&report.source.path, &format!("fixes not written: {reason}")),
                    None => Ok(()),
                };
                unwritten
                    .and_then(|()| emitter.file(&report))
                    .and_then(|()| match &report.note {
                        Some(note) => writeln!(
                            io::stderr(),
                            "note: {}: {note}",
                            shown_path(&report.source.path)
                        ),
                        None => Ok(()),
                    })
            }
            Outcome::Skipped { path, note } => {
                summary.files_skipped += 1;
                match note {
                    Some(note) => writeln!(io::stderr(), "note: {}: {note}", shown_path(&path)),
                    None => Ok(()),
                }
            }
            Outcome::Failed { path, reason } => {
                summary.io_errors += 1;
                emitter.file_error(&path, &reason)
            }
        };
    });
    let kind = if args.write_baseline.is_some() {
        RunKind::WriteBaseline
    } else if args.diff {
        RunKind::Diff
    } else {
        RunKind::Check
    };
    // When the reader of our output goes away (`galley check | head`), stop
    // quietly with the status the findings so far call for.
    let finish = || result.and_then(|()| emitter.finish(&summary));
    match timed(timings, Stage::Output, finish) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
            return Ok(summary.exit_code(policy, kind));
        }
        other => other?,
    }
    drop(emitter);
    output.persist()?;
    if let Some(path) = &args.write_baseline {
        // The error names the baseline and says what failed.
        recorder
            .write(path)
            .map_err(|error| Failure::Message(error.to_string()))?;
        writeln!(
            io::stderr(),
            "wrote {} findings to the baseline {}",
            recorder.len(),
            path.display()
        )?;
    }
    if let Some(reason) = summary.failure_reason(policy, kind) {
        writeln!(io::stderr(), "{reason}")?;
    }
    Ok(summary.exit_code(policy, kind))
}

/// `--annotate` writes into Word documents only: a file named on the
/// command line in another format is a usage error (in a folder, such
/// files are checked and fixed as usual).
fn refuse_annotate(
    args: &CheckArgs,
    path: &std::path::Path,
    format: crate::document::Format,
) -> Result<(), Failure> {
    if !args.annotate || format.annotates() {
        return Ok(());
    }
    Err(Failure::Message(format!(
        "--annotate writes comments into Word documents (.docx) only, and {} is read as {}: give a .docx, or drop --annotate",
        path.display(),
        format.name()
    )))
}

/// Standard output for findings, buffered, in colour as `--color` says.
fn stdout<'w>(args: &CheckArgs) -> Stream<'w> {
    let color = args.color.wants_color(io::stdout().is_terminal());
    stream(BufWriter::new(io::stdout()), color)
}

/// Where the findings go: standard output, or with `--output FILE` a
/// temporary file beside FILE that replaces it once the run is done.
struct Output {
    file: Option<(PathBuf, tempfile::NamedTempFile)>,
}

impl Output {
    fn open(args: &CheckArgs) -> Result<Output, Failure> {
        let Some(path) = &args.output else {
            return Ok(Output { file: None });
        };
        // A report is for others to read: the usual mode, less the umask.
        let temp = Destination::resolve(path)
            .and_then(|destination| destination.temporary(0o644))
            .map_err(|err| Failure::Message(format!("cannot write {}: {err}", path.display())))?;
        Ok(Output {
            file: Some((path.clone(), temp)),
        })
    }

    /// The stream the emitter writes to: colour only on a terminal.
    fn stream<'w>(&mut self, args: &CheckArgs) -> Result<Stream<'w>, Failure> {
        match &self.file {
            None => Ok(stdout(args)),
            Some((path, temp)) => {
                let file = temp.as_file().try_clone().map_err(|err| {
                    Failure::Message(format!("cannot write {}: {err}", path.display()))
                })?;
                Ok(stream(BufWriter::new(file), false))
            }
        }
    }

    /// Puts the finished output in place.
    fn persist(self) -> Result<(), Failure> {
        if let Some((path, temp)) = self.file {
            temp.as_file()
                .sync_all()
                .map_err(|err| crate::source::io_reason(&err))
                .and_then(|()| Destination::persist(temp, &path))
                .map_err(|err| {
                    Failure::Message(format!("cannot write {}: {err}", path.display()))
                })?;
        }
        Ok(())
    }
}

/// Standard error for problems with files.
fn stderr<'w>(args: &CheckArgs) -> Stream<'w> {
    stream(
        io::stderr(),
        args.color.wants_color(io::stderr().is_terminal()),
    )
}

/// `galley check -`: the article comes on standard input. With `--fix` the
/// fixed text goes to standard output (and findings that remain to stderr,
/// concisely); with `--diff`, the diff.
fn check_stdin(
    args: &CheckArgs,
    settings: &Settings,
    options: CheckOptions,
    policy: FailPolicy,
    format: OutputFormat,
) -> Result<i32, Failure> {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
    // Counted as it is read: standard input may never end.
    let bytes = match crate::source::read_limited(io::stdin().lock(), options.max_file_size) {
        Ok(bytes) => bytes,
        Err(crate::source::SourceError::TooLarge { limit, .. }) => {
            return Err(Failure::Message(format!(
                "{}: more than the --max-file-size of {limit} bytes; nothing was checked (raise it, up to 1G)",
                name.display()
            )));
        }
        Err(err) => {
            return Err(Failure::Message(format!(
                "cannot read standard input: {err}"
            )));
        }
    };
    let options = CheckOptions {
        concurrency: Concurrency::Alone,
        ..options
    };
    let input_format = format_for(&name);
    refuse_annotate(args, &name, input_format)?;
    // A format written back (a .docx) is written out whole: as it came,
    // when nothing was changed in it.
    let input = input_format.writes_back().then(|| bytes.clone());
    let mut report = match check_bytes(&name, input_format, bytes, settings, options) {
        Outcome::Checked(report) => report,
        Outcome::Skipped { .. } => {
            return Err(Failure::Message(format!(
                "{}: binary input (it holds NUL bytes)",
                name.display()
            )));
        }
        Outcome::Failed { reason, .. } => {
            return Err(Failure::Message(format!("{}: {reason}", name.display())));
        }
    };
    let mut summary = Summary::default();
    summary.add(&report);
    let kind = if format == OutputFormat::Diff {
        RunKind::Diff
    } else {
        RunKind::Check
    };
    let mut output = Output::open(args)?;
    let _timer = settings.timings.as_deref().map(|t| t.start(Stage::Output));
    let written = (|| -> io::Result<()> {
        if options.fix == FixMode::Apply {
            // The fixed text is the output; what remains goes to stderr.
            let fixed = match (report.rewritten.take(), input) {
                (Some(bytes), _) | (None, Some(bytes)) => bytes,
                (None, None) => report.source.to_bytes(),
            };
            io::stdout().lock().write_all(&fixed)?;
            let mut remaining = emitter(
                OutputFormat::Concise,
                settings,
                Layout::default(),
                stderr(args),
                stderr(args),
            );
            return remaining.file(&report);
        }
        let mut emitter = emitter(
            format,
            settings,
            Layout::of_stdout(),
            output.stream(args).map_err(io::Error::other)?,
            stderr(args),
        );
        emitter.file(&report)?;
        // A diff of standard input is the whole output: no count after it.
        if kind != RunKind::Diff {
            emitter.finish(&summary)?;
        }
        Ok(())
    })();
    output.persist()?;
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(summary.exit_code(policy, kind)),
    }
}
