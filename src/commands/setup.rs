//! `galley init`, `galley completions` and `galley man`: setting galley up.

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;

use super::Failure;
use crate::cli::{Cli, CompletionsArgs, InitArgs};
use crate::config::CONFIG_FILE;
use crate::source::io_reason;
use crate::status::CLEAN;

/// The galley.toml that `galley init` writes.
pub const INIT_TEMPLATE: &str = include_str!("../init.toml");

pub(super) fn init(args: &InitArgs) -> Result<i32, Failure> {
    let path = Path::new(CONFIG_FILE);
    if path.exists() && !args.force {
        return Err(Failure::Message(format!(
            "{CONFIG_FILE} already exists (use --force to replace it)"
        )));
    }
    std::fs::write(path, INIT_TEMPLATE).map_err(|err| {
        Failure::Message(format!("cannot write {CONFIG_FILE}: {}", io_reason(&err)))
    })?;
    writeln!(io::stdout(), "wrote {CONFIG_FILE}")?;
    Ok(CLEAN)
}

pub(super) fn completions(args: &CompletionsArgs) -> Result<i32, Failure> {
    // Written whole, so that a closed pipe is an error we handle, not a
    // panic inside clap_complete.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "galley", &mut script);
    io::stdout().write_all(&script)?;
    Ok(CLEAN)
}

pub(super) fn man() -> Result<i32, Failure> {
    clap_mangen::Man::new(Cli::command()).render(&mut io::stdout())?;
    Ok(CLEAN)
}
