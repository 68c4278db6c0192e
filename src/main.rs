//! The `galley` binary: parse arguments, run the command, exit with its status.

use clap::Parser;

fn main() {
    let cli = galley::cli::Cli::parse();
    std::process::exit(galley::commands::run(cli));
}
