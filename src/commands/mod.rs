//! The subcommands: each turns parsed arguments into work and returns the
//! exit status, or a [`Failure`] that [`run`] reports in one place (see
//! [`crate::status`] for what 0, 1 and 2 mean).

mod check;
mod listing;
mod setup;
mod version;

use std::io::{self, IsTerminal, Write};
use std::path::Path;

pub use listing::rules_markdown;
pub use setup::INIT_TEMPLATE;

use crate::baseline::BaselineError;
use crate::cli::{Cli, ColorChoice, Command, ConfigArgs};
use crate::config::{ConfigError, Overrides, Settings};
use crate::emit::{stream, write_config_error, write_error};
use crate::status::TROUBLE;

/// Why a command could not do its work.
#[derive(Debug)]
pub enum Failure {
    /// `galley.toml` or a pack is wrong: shown in place in the file.
    Config(ConfigError),
    /// Anything else, said in full ("baseline x: no such file or directory").
    Message(String),
    /// Standard output or error could not be written.
    Output(io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Config(err) => err.fmt(f),
            Failure::Message(message) => f.write_str(message),
            Failure::Output(err) => write!(f, "cannot write output: {err}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<BaselineError> for Failure {
    fn from(err: BaselineError) -> Self {
        Failure::Message(err.to_string())
    }
}

impl From<ConfigError> for Failure {
    fn from(err: ConfigError) -> Self {
        Failure::Config(err)
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Self {
        Failure::Output(err)
    }
}

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    let color = match &cli.command {
        Command::Check(args) => args.color,
        _ => ColorChoice::Auto,
    };
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Rules(args) => listing::rules(&args),
        Command::Explain(args) => listing::explain(&args),
        Command::Test(args) => listing::test(&args),
        Command::Structure(args) => listing::structure(&args),
        Command::Server(args) => Ok(crate::lsp::run(args.max_file_size)),
        Command::Init(args) => setup::init(&args),
        Command::Completions(args) => setup::completions(&args),
        Command::Man => setup::man(),
        Command::Version(args) => version::version(&args),
    };
    result.unwrap_or_else(|failure| report(failure, color))
}

/// The one place a failure becomes a message on standard error and an exit
/// status.
fn report(failure: Failure, color: ColorChoice) -> i32 {
    let mut err = stream(io::stderr(), color.wants_color(io::stderr().is_terminal()));
    // If standard error cannot be written either, the exit status is all
    // that is left to say it.
    let _ = match failure {
        // A closed pipe (`galley check | head`) is not an error of ours.
        Failure::Output(err) if err.kind() == io::ErrorKind::BrokenPipe => return 0,
        Failure::Config(config) => write_config_error(&mut *err, &config),
        other => write_error(&mut err, &other.to_string()),
    };
    TROUBLE
}

/// The settings for a command; with `lean`, the built-in packs that
/// nothing turns on are not loaded.
fn load_settings(args: &ConfigArgs, lean: bool) -> Result<Settings, Failure> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| Path::new(".").to_path_buf());
    let overrides = Overrides {
        config: args.config.clone(),
        no_config: args.no_config,
        enable: args.enable.clone(),
        disable: args.disable.clone(),
        lean,
    };
    let settings = Settings::load(&cwd, &overrides)?;
    // What the configuration asks that galley cannot follow (a Vale setting
    // or check type), said by every command that loads it: `check`,
    // `rules`, `explain`, `test` alike.
    let mut err = std::io::stderr().lock();
    for warning in &settings.warnings {
        // Standard error may be closed; the command goes on regardless.
        let _ = writeln!(err, "{}: warning: {}", warning.place(), warning.message);
        if let Some(help) = &warning.help {
            let _ = writeln!(err, "  help: {help}");
        }
    }
    Ok(settings)
}
