//! galley: an editorial proofreading linter for news articles.
//!
//! The pipeline, one module per stage. Each module uses only those declared
//! before it below (`tests/integration/architecture.rs` enforces this):
//!
//! ```text
//! timings → memory → source → diagnostic → fix → document → lang → rules
//!         → config → suppress → walk → check → baseline → status → emit
//!         → lsp → cli → commands
//! ```
//!
//! - [`timings`] measures where a run's time goes (`check --timings`);
//!   [`memory`] tunes the C allocator so large parts are given back;
//! - [`source`] reads and decodes files and maps byte offsets to lines;
//! - [`diagnostic`] holds findings and their fixes; [`fix`] splices fixes
//!   into text and writes files atomically;
//! - [`document`] reads each input format into blocks (headline, paragraphs,
//!   captions, bylines…), sentences and words;
//! - [`lang`] is what galley knows of English (word classes, inflections,
//!   dictionaries, names, pronunciation, the context model), shared by the
//!   rule kinds;
//! - [`rules`] holds the rule kinds and TOML packs, and runs them over a
//!   document; [`config`] reads `galley.toml` and resolves which rules run
//!   where; [`suppress`] honours in-text suppression comments;
//! - [`walk`] finds article files; [`check`] runs all of the above over
//!   them, fixing as asked; [`baseline`] filters known findings;
//!   [`status`] tallies a run and decides its exit status;
//! - [`emit`] writes findings in each output format, to any writer;
//! - [`lsp`] is the language server, for editors;
//! - [`cli`] and [`commands`] are the command line.

// In pipeline order (rustfmt would sort an unbroken list of `mod` items).
pub mod timings;
// then
pub mod memory;
// then
pub mod source;
// then
pub mod diagnostic;
// then
pub mod fix;
// then
pub mod document;
// then
pub mod lang;
// then
pub mod vale;
// then
pub mod rules;
// then
pub mod config;
// then
pub mod suppress;
// then
pub mod walk;
// then
pub mod check;
// then
pub mod baseline;
// then
pub mod status;
// then
pub mod emit;
// then
pub mod lsp;
// then
pub mod cli;
// then
pub mod commands;
