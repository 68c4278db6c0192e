//! `galley version`: the version and the commit it was built from, and the
//! versions of what is built in with it (each pack's fingerprint and rule
//! count, the context model's size), as text or JSON for bug reports.

use std::io::{self, Write};

use serde_json::json;

use super::Failure;
use crate::cli::VersionArgs;
use crate::lang::model;
use crate::rules::builtin::BUILTIN_PACKS;
use crate::rules::builtin_pack_fingerprint;
use crate::status::CLEAN;

/// Where the context model comes from (see `rules/model/README.md`).
const MODEL_SOURCE: &str = "CMU Sphinx US-English trigram model (en-us.lm.bin, pocketsphinx 5.1.1)";

/// One built-in pack: its name, where it is in the source, how many rules
/// it has and its fingerprint.
struct PackVersion {
    name: String,
    path: &'static str,
    rules: usize,
    fingerprint: String,
}

fn packs() -> Vec<PackVersion> {
    BUILTIN_PACKS
        .iter()
        .map(|&(path, text)| PackVersion {
            name: pack_name(text).unwrap_or(path).to_string(),
            path,
            rules: text.lines().filter(|l| l.trim() == "[[rule]]").count(),
            fingerprint: builtin_pack_fingerprint(text),
        })
        .collect()
}

/// The `name` of a pack's `[pack]` table.
fn pack_name(text: &str) -> Option<&str> {
    let table = &text[text.find("[pack]")?..];
    let line = table.lines().find(|l| l.trim_start().starts_with("name"))?;
    let value = line.split_once('=')?.1.trim();
    value.strip_prefix('"')?.strip_suffix('"')
}

pub fn version(args: &VersionArgs) -> Result<i32, Failure> {
    let packs = packs();
    let bytes = model::english_bytes();
    let (words, bigrams, trigrams) = model::english().size();
    let mut out = io::stdout().lock();
    if args.json {
        let value = json!({
            "version": env!("CARGO_PKG_VERSION"),
            "build": env!("GALLEY_VERSION"),
            "packs": packs.iter().map(|p| json!({
                "name": p.name,
                "path": p.path,
                "rules": p.rules,
                "fingerprint": p.fingerprint,
            })).collect::<Vec<_>>(),
            "context_model": {
                "file": "rules/model/en-trigrams.bin",
                "bytes": bytes,
                "words": words,
                "bigrams": bigrams,
                "trigrams": trigrams,
                "source": MODEL_SOURCE,
            },
        });
        writeln!(out, "{value:#}").map_err(Failure::Output)?;
        return Ok(CLEAN);
    }
    let mut text = format!("galley {}\n\nbuilt-in packs:\n", env!("GALLEY_VERSION"));
    let width = packs.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for p in &packs {
        let rules = if p.rules == 1 { "rule " } else { "rules" };
        text.push_str(&format!(
            "  {:width$}  {:>3} {rules}  {}  {}\n",
            p.name, p.rules, p.fingerprint, p.path
        ));
    }
    text.push_str(&format!(
        "\ncontext model: {MODEL_SOURCE}\n  rules/model/en-trigrams.bin, {bytes} bytes: {words} words, {bigrams} bigrams, {trigrams} trigrams\n"
    ));
    out.write_all(text.as_bytes()).map_err(Failure::Output)?;
    Ok(CLEAN)
}
