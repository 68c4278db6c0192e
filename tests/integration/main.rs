//! Integration tests, built as one test binary: the command line, the
//! built-in packs' examples, clean articles, and snapshots of the output.

mod architecture;
mod articles;
mod bad_input;
mod book;
mod cli;
mod config;
mod context;
mod docs;
mod docx_write;
mod fix;
mod formats;
mod formats_same;
mod furniture_precision;
mod golden;
mod hostile;
mod lsp;
mod lsp_limits;
mod mark_spans;
mod names_and_figures;
mod newsroom;
mod packs;
mod people;
mod properties;
mod release;
mod report;
mod rule_examples;
mod snapshots;
mod support;
mod tianjin;
mod usage;
mod usage_precision;
mod wheel;
mod workflow;
mod writes;
