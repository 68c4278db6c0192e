//! Command-line definitions (clap). Raw input only: turning it into settings
//! and work is done elsewhere.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::emit::{ColorChoice, OutputFormat};

#[derive(Debug, Parser)]
#[command(
    name = "galley",
    version = env!("GALLEY_VERSION"),
    about = "An editorial proofreading linter for news articles",
    long_about = "galley checks articles (plain text, Markdown, HTML and Word .docx) for the mistakes that pass a spell \
                  checker: real-word typos (\"sighed the agreement\"), captions pasted twice, bylines \
                  in the wrong format, doubled words and stray no-break spaces.\n\n\
                  Exit status: 0 no error-level finding, 1 at least one, 2 usage, configuration or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles and report findings
    Check(CheckArgs),
    /// List the rules, with their pack, kind, severity and whether they run
    Rules(RulesArgs),
    /// Explain a rule: what it catches, why, and its examples
    Explain(ExplainArgs),
    /// Run the examples of every rule in every loaded pack
    Test(ConfigArgs),
    /// Run the language server (LSP over stdio), for editors
    #[command(alias = "lsp")]
    Server(ServerArgs),
    /// Show how galley reads articles: each block (headline, byline,
    /// dateline, caption, pull quote, paragraph…) with its place and text
    Structure(StructureArgs),
    /// Write a commented galley.toml in the current directory
    Init(InitArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Print the version, the commit it was built from, and the versions of
    /// the built-in packs and context model
    Version(VersionArgs),
}

#[derive(Debug, Args)]
pub struct VersionArgs {
    /// Print JSON, for scripts and bug reports
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Refuse to check documents larger than SIZE (bytes, or with K, M or
    /// G), with a message; 0 for the most galley reads (1 GiB). Clients may
    /// also set `maxFileSize` in their initialization options
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Replace an existing galley.toml
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; directories are searched for article
    /// files (.txt, .text, .md, .markdown, .mdown, .mkd, .html, .htm, .xhtml,
    /// .docx), honouring .gitignore. `-` reads standard input
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Apply safe fixes in place, then report what remains
    #[arg(long)]
    pub fix: bool,

    /// Also apply unsafe fixes (implies --fix)
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Also fix read-only files (they stay read-only); without it they are
    /// reported and left alone
    #[arg(long)]
    pub fix_read_only: bool,

    /// Print a unified diff of what --fix would change; write nothing
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Write findings into Word documents (.docx) as comments; with --fix,
    /// those its tracked changes do not settle
    #[arg(long, conflicts_with = "diff")]
    pub annotate: bool,

    /// Make warnings fail the run too (exit status 1)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,

    /// Fail the run when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Skip files larger than SIZE (bytes, or with K, M or G), with a note;
    /// 0 for the most galley reads of a file (1 GiB)
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,

    /// With `-`: the file name standard input stands for (its extension
    /// chooses the format; config overrides match it)
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Report only findings not recorded in this baseline file
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every current finding in this baseline file and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Write the findings to FILE instead of standard output (replaced
    /// whole, once the run is done: never left half written)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to use colour (NO_COLOR is respected with `auto`)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// After the run, print on standard error each rule's and each stage's
    /// share of the time (summed over threads), the slowest first
    #[arg(long)]
    pub timings: bool,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArgs {
    /// Use this configuration file instead of searching for galley.toml
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Ignore any galley.toml and .vale.ini: built-in defaults only
    #[arg(long, conflicts_with = "config", global = true)]
    pub no_config: bool,

    /// Turn on a pack or rule for this run (repeatable)
    #[arg(long, value_name = "ID", global = true)]
    pub enable: Vec<String>,

    /// Turn off a pack or rule for this run (repeatable)
    #[arg(long, value_name = "ID", global = true)]
    pub disable: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct StructureArgs {
    /// Article files to read
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as printed in brackets after `error` or `warning`
    pub rule: String,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Warnings fail the run as errors do
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
    /// The rule reference page, docs/src/rules.md
    Markdown,
}

/// Parses a size: bytes, or a number with K, M or G (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 10M)"))?;
    let factor: u64 = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("`{text}` has an unknown unit (use K, M or G)")),
    };
    n.checked_mul(factor)
        .filter(|&size| size <= crate::source::MAX_TEXT_SIZE)
        .ok_or_else(|| format!("`{text}` is over 1G, the most galley reads of a file"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert_eq!(
            parse_size("2G"),
            Err("`2G` is over 1G, the most galley reads of a file".to_string())
        );
        assert!(parse_size("5X").is_err());
    }
}
