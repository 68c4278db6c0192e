//! The `galley` binary: parse arguments, run the command, exit with its status.

use clap::Parser;

fn main() {
    // A long document's large parts are given back as soon as they are
    // freed, by every command (see `memory::large_blocks_apart`).
    galley::memory::large_blocks_apart();
    let cli = galley::cli::Cli::parse();
    std::process::exit(galley::commands::run(cli));
}
