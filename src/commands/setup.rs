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

/// One man page holding every subcommand and all its options: clap_mangen
/// renders the top of the page; each subcommand gets a section of its own.
pub(super) fn man() -> Result<i32, Failure> {
    let mut page = Vec::new();
    let top = clap_mangen::Man::new(Cli::command());
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    page.extend(subcommand_sections(&Cli::command()).as_bytes());
    top.render_version_section(&mut page)?;
    io::stdout().write_all(&page)?;
    Ok(CLEAN)
}

/// A `GALLEY CHECK`-style section per subcommand: what it does, its
/// synopsis and every option with its help and values.
fn subcommand_sections(cli: &clap::Command) -> String {
    use roff::{Roff, bold, italic, roman};
    let mut roff = Roff::new();
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("galley {}", sub.get_name());
        roff.control("SH", [name.to_uppercase().as_str()]);
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        let mut synopsis = vec![bold(name.clone())];
        for arg in sub.get_positionals() {
            let value = arg.get_id().as_str().to_uppercase();
            synopsis.push(roman(" "));
            synopsis.push(italic(format!("[{value}]...")));
        }
        if sub.get_arguments().any(|a| !a.is_positional()) {
            synopsis.push(roman(" [OPTIONS]"));
        }
        roff.control("PP", []).text(synopsis);
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let mut head = Vec::new();
            if let Some(short) = arg.get_short() {
                head.push(bold(format!("-{short}")));
                head.push(roman(", "));
            }
            match arg.get_long() {
                Some(long) => head.push(bold(format!("--{long}"))),
                None => head.push(italic(arg.get_id().as_str().to_uppercase())),
            }
            if arg.get_long().is_some() && arg.get_action().takes_values() {
                let value = arg
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map_or_else(|| arg.get_id().as_str().to_uppercase(), |v| v.to_string());
                head.push(roman(" "));
                head.push(italic(value));
            }
            roff.control("TP", []).text(head);
            let help = arg
                .get_long_help()
                .or(arg.get_help())
                .map(ToString::to_string)
                .unwrap_or_default();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let mut text = help;
            if !values.is_empty() && arg.get_action().takes_values() {
                text.push_str(&format!(" (one of: {})", values.join(", ")));
            }
            roff.text([roman(text)]);
        }
    }
    roff.to_roff()
}
