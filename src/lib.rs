//! galley: an editorial proofreading linter for news articles.
//!
//! The pipeline, one module per stage, each depending only on those before it:
//!
//! ```text
//! walk → source → document → rules → diagnostic → emit / fix
//! ```
//!
//! - [`walk`] finds article files; [`source`] reads and decodes them;
//! - [`document`] parses plain text and Markdown into blocks (headline,
//!   paragraphs, captions, bylines…), sentences and words;
//! - [`rules`] runs the rule kinds configured by TOML packs ([`config`]);
//! - [`diagnostic`] holds findings and fixes; [`emit`] prints them and
//!   [`fix`] applies fixes.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod docx;
pub mod emit;
pub mod fix;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod walk;
