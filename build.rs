//! Build script: turns the typos project's dictionary of misspellings
//! (crate `typos-dict`, MIT OR Apache-2.0) into a compact, pointer-free table
//! for the `misspelling` rule, plus a Bloom filter over it.
//!
//! Linking `typos-dict` itself would put some 230,000 pointers in the binary,
//! each relocated at every start (4 ms, too much for a pre-commit hook); the
//! table written here is one sorted text and an offset index, read in place.

use std::path::PathBuf;

include!("src/lang/misspelling_filter.rs");
include!("src/rules/pack_hash.rs");
include!("src/rules/context/listed.rs");
include!("src/rules/context/flat.rs");
include!("src/document/ascii_hir.rs");
include!("src/lang/model/list_layout.rs");
include!("src/lang/model/pair_filter.rs");

fn main() {
    let mut entries: Vec<(String, String)> = typos_dict::WORD
        .map
        .entries()
        .filter(|(_, corrections)| !corrections.is_empty())
        .map(|(key, corrections)| (key.into_inner().to_lowercase(), corrections.join(",")))
        .filter(|(key, corrections)| {
            !key.contains(['\t', '\n']) && !corrections.contains(['\t', '\n'])
        })
        .collect();
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);

    let mut text = String::new();
    let mut index: Vec<u8> = Vec::with_capacity(entries.len() * 4);
    let mut bits = vec![0u8; 1 << (FILTER_BITS - 3)];
    for (key, corrections) in &entries {
        index.extend_from_slice(&(text.len() as u32).to_le_bytes());
        text.push_str(key);
        text.push('\t');
        text.push_str(corrections);
        text.push('\n');
        for i in filter_bits(filter_key(key)) {
            bits[i >> 3] |= 1 << (i & 7);
        }
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("misspellings.txt"), text).expect("write the table");
    std::fs::write(out.join("misspellings.idx"), index).expect("write the index");
    std::fs::write(out.join("misspelling_filter.bin"), bits).expect("write the filter");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lang/misspelling_filter.rs");
    let model = std::fs::read("rules/model/en-trigrams.bin").expect("read the context model");
    let filter = pair_filter_of(&model).expect("the context model's header");
    std::fs::write(out.join("pair_filter.bin"), filter).expect("write the bigrams' filter");
    println!("cargo:rerun-if-changed=rules/model/en-trigrams.bin");
    println!("cargo:rerun-if-changed=src/lang/model/pair_filter.rs");
    lexicon_index(&out);
    dictionary_index(&out);
    pack_index(&out);
    listed_words(&out);
    context_sets(&out);
    places(&out);
    furniture_dfas(&out);
    rule_tests(&out);
    version();
    link_at_a_fixed_address();
}

/// On Linux the `galley` binary is linked as a position-dependent
/// executable. A position-independent one has 25,000 pointers in its
/// read-only data (vtables, tables of strings) that the dynamic loader
/// rewrites at every start, copying some 115 pages: a tenth of checking a
/// short file. The cost is address randomisation of the binary's own code
/// (shared libraries, the stack and the heap keep theirs).
fn link_at_a_fixed_address() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// The members of the context pack's confusion sets, sorted and once each,
/// and an open-addressing table of them by `listed_slot` (1 + a word's
/// index, 0 for an empty slot), as a Rust pair of arrays: the general
/// detector leaves these words to the rules that list them, and a run
/// looks them up without building a set.
fn listed_words(out: &std::path::Path) {
    const PACK: &str = "rules/context.toml";
    println!("cargo:rerun-if-changed={PACK}");
    println!("cargo:rerun-if-changed=src/rules/context/listed.rs");
    let text = std::fs::read_to_string(PACK).expect("read the context pack");
    let mut words: Vec<&str> = sets_in_text(&text).flat_map(members).collect();
    words.sort_unstable();
    words.dedup();
    let mut slots = vec![0u16; (2 * words.len()).next_power_of_two().max(2)];
    let mask = slots.len() - 1;
    for (i, word) in words.iter().enumerate() {
        let mut at = listed_slot(word, slots.len());
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = u16::try_from(i + 1).expect("fewer than 65,535 listed words");
    }
    let mut code = String::from("(\n    &[\n");
    for word in words {
        code.push_str(&format!("        {word:?},\n"));
    }
    code.push_str("    ],\n    &[");
    for slot in slots {
        code.push_str(&format!("{slot},"));
    }
    code.push_str("],\n)");
    std::fs::write(out.join("listed_words.rs"), code).expect("write the listed words");
}

/// The sets of each built-in `context` rule that has them, flattened by
/// `flatten` (flat.rs, which flattens a user's at run time), and the index
/// of their members laid out by `list_layout` (list_layout.rs, which lays
/// out a user's at run time), as a Rust table of `sets::Prebuilt`: a run
/// that builds the rule reads, flattens and indexes none of them, and
/// borrows what is written here. A rule whose sets do not flatten is left
/// out (a run then reads them and reports the error).
fn context_sets(out: &std::path::Path) {
    const PACK: &str = "rules/context.toml";
    println!("cargo:rerun-if-changed=src/rules/context/flat.rs");
    println!("cargo:rerun-if-changed=src/lang/model/list_layout.rs");
    let text = std::fs::read_to_string(PACK).expect("read the context pack");
    let pack: toml::Table = text.parse().expect("the context pack is TOML");
    let mut code = String::from("&[\n");
    for rule in pack
        .get("rule")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|rule| rule.get("kind").and_then(toml::Value::as_str) == Some("context"))
    {
        let id = rule.get("id").and_then(toml::Value::as_str);
        let sets = rule.get("sets").and_then(toml::Value::as_array);
        let (Some(id), Some(sets)) = (id, sets) else {
            continue;
        };
        let Some(sets) = sets
            .iter()
            .map(toml::Value::as_str)
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Ok(flat) = flatten::<std::hash::RandomState>(sets.iter().copied(), |_| Ok(())) else {
            continue;
        };
        // Each member's key as `lang::fnv::word_key` makes it (which
        // `filter_key` is, over the lowercase spelling).
        let (bits, slots) = list_layout((0..flat.ends.len()).map(|i| {
            let start = if i == 0 { 0 } else { flat.ends[i - 1] as usize };
            filter_key(&flat.text[start..flat.ends[i] as usize])
        }));
        code.push_str(&format!(
            "    Prebuilt {{ id: {id:?}, count: {}, sets: {:?}, text: {:?}, ends: &{:?}, \
             others: &{:?}, others_odds: &{:?}, others_ends: &{:?}, bits: &{:?}, slots: &{:?} }},\n",
            sets.len(),
            flat.sets,
            flat.text,
            flat.ends,
            flat.others,
            flat.others_odds,
            flat.others_ends,
            bits,
            slots
        ));
    }
    code.push(']');
    std::fs::write(out.join("context_sets.rs"), code).expect("write the context sets");
}

/// The places of `rules/names/places.txt`, sorted and once each, as a Rust
/// array: the people rules search it, and a run builds no set of them.
fn places(out: &std::path::Path) {
    const PLACES: &str = "rules/names/places.txt";
    println!("cargo:rerun-if-changed={PLACES}");
    let text = std::fs::read_to_string(PLACES).expect("read the places");
    let mut words: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    words.sort_unstable();
    words.dedup();
    let code: String = words.iter().map(|w| format!("{w:?},")).collect();
    std::fs::write(out.join("places.rs"), format!("&[{code}]")).expect("write the places");
}

/// The ASCII version of each `expect` and `select` pattern of the built-in
/// `furniture` rules (the pattern with every class cut to ASCII, as
/// `document::ascii_regex` cuts it for ASCII text), and its Latin version
/// (classes cut to U+017F, for text of Latin letters), each compiled to a
/// minimised dense DFA: a run reads it in place instead of compiling the pattern
/// (millions of instructions for a byline's). Writes the DFAs one after
/// another, each at a multiple of 8 bytes, and a Rust table for each
/// version of each pattern with where its DFA is. A pattern that does not compile to a DFA
/// is left out: a run compiles it as any other.
fn furniture_dfas(out: &std::path::Path) {
    use regex_automata::dfa::dense;
    const PACK: &str = "rules/furniture.toml";
    println!("cargo:rerun-if-changed={PACK}");
    println!("cargo:rerun-if-changed=src/document/ascii_hir.rs");
    let text = std::fs::read_to_string(PACK).expect("read the furniture pack");
    let pack: toml::Table = text.parse().expect("the furniture pack is TOML");
    let mut patterns: Vec<&str> = pack
        .get("rule")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|rule| rule.get("kind").and_then(toml::Value::as_str) == Some("furniture"))
        .flat_map(|rule| ["expect", "select"].map(|key| rule.get(key)))
        .flatten()
        .filter_map(toml::Value::as_str)
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    let mut bytes: Vec<u8> = Vec::new();
    // The ASCII versions, then the Latin ones (classes cut to U+017F, as
    // `AsciiFirst::for_text` cuts them for text of Latin letters).
    let mut tables = [String::from("&[\n"), String::from("&[\n")];
    for pattern in patterns {
        let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
            continue;
        };
        let versions = [to_ascii(&hir), cut_classes(&hir, '\u{17f}')];
        for (table, cut) in tables.iter_mut().zip(versions) {
            let dfa = regex_automata::nfa::thompson::Compiler::new()
                .build_from_hir(&cut)
                .ok()
                .and_then(|nfa| {
                    dense::Builder::new()
                        .configure(dense::Config::new().minimize(true))
                        .build_from_nfa(&nfa)
                        .ok()
                });
            let Some(dfa) = dfa else {
                continue;
            };
            let (serialized, pad) = dfa.to_bytes_little_endian();
            let start = bytes.len();
            bytes.extend_from_slice(&serialized[pad..]);
            table.push_str(&format!("    ({pattern:?}, {start}, {}),\n", bytes.len()));
            bytes.resize(bytes.len().next_multiple_of(8), 0);
        }
    }
    let [ascii, latin] = tables.map(|mut table| {
        table.push(']');
        table
    });
    std::fs::write(out.join("ascii_dfas.bin"), bytes).expect("write the furniture DFAs");
    std::fs::write(out.join("ascii_dfas.rs"), ascii).expect("write the furniture DFAs' table");
    std::fs::write(out.join("latin_dfas.rs"), latin).expect("write the Latin DFAs' table");
}

/// Copies the entries of `rules/builtin.index` whose pack has the
/// fingerprint recorded there: a check run reads a changed pack in full
/// rather than trust table ranges that no longer fit it. A changed pack is
/// reported as a warning; the test suite fails until the index is written
/// again.
fn pack_index(out: &std::path::Path) {
    const INDEX: &str = "rules/builtin.index";
    println!("cargo:rerun-if-changed={INDEX}");
    let text = std::fs::read_to_string(INDEX).unwrap_or_default();
    let mut kept = String::new();
    let mut keep = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("pack\t") {
            let mut fields = rest.split('\t');
            let (path, recorded) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            println!("cargo:rerun-if-changed={path}");
            let current = std::fs::read_to_string(path).map(|t| pack_hash(&t));
            keep = current.ok().as_deref() == Some(recorded);
            if !keep {
                println!(
                    "cargo:warning={path} changed since {INDEX} was written: check runs parse it \
                     in full until `GALLEY_UPDATE_INDEX=1 cargo test --lib pack_index` is run"
                );
            }
        } else if !line.starts_with("rule\t") {
            keep = true;
        }
        if keep {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    std::fs::write(out.join("builtin.index"), &kept).expect("write the pack index");
    std::fs::write(out.join("builtin_index.rs"), index_table(&kept)).expect("write the pack index");
}

/// The kept index as a Rust table, its fields read here rather than split
/// from text at each start: per pack (path, name, default, description as
/// escaped in the index, rules), per rule (id, kind, severity, enabled,
/// from, to, docs, triggers: the rest of the line). A pack with a line
/// that does not read is left out, so a run parses it in full.
fn index_table(kept: &str) -> String {
    let mut code = String::from("&[\n");
    let mut lines = kept.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("pack\t") else {
            continue;
        };
        let mut rules = String::new();
        let mut whole = true;
        let header: Vec<&str> = rest.split('\t').collect();
        let pack = std::fs::read_to_string(header[0]).unwrap_or_default();
        while let Some(rule) = lines.next_if(|l| l.starts_with("rule\t")) {
            let f: Vec<&str> = rule.splitn(9, '\t').skip(1).collect();
            let places = (f.len() == 8).then(|| (f[4].parse::<usize>(), f[5].parse::<usize>()));
            let Some((Ok(from), Ok(to))) = places else {
                whole = false;
                continue;
            };
            let parsed = pack
                .get(from..to)
                .and_then(|table| preparsed(table, f[6]))
                .map_or("None".to_string(), |p| format!("Some(&{p})"));
            rules.push_str(&format!(
                "        ({:?}, {:?}, {:?}, {}, {from}, {to}, {:?}, {:?}, {parsed}),\n",
                f[0],
                f[1],
                f[2],
                f[3] == "1",
                f[6],
                f[7]
            ));
        }
        if let (true, [path, _, name, default, description]) = (whole, &header[..]) {
            code.push_str(&format!(
                "    ({path:?}, {name:?}, {}, {description:?}, &[\n{rules}    ]),\n",
                *default == "1"
            ));
        }
    }
    code.push(']');
    code
}

/// A built-in rule's `[[rule]]` table without the places `docs` names (its
/// description and examples, as `table::without_docs` cuts them), parsed
/// here into the tree `rules::pretable` rebuilds at run time with the same
/// values and spans: a run that builds the rule does not parse its TOML.
/// `None` when the table does not read (a run then parses it).
fn preparsed(table: &str, docs: &str) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    let mut text = String::with_capacity(table.len());
    let mut at = 0;
    for place in docs.split(',').filter(|p| *p != "-") {
        let (from, to) = place.split_once('-')?;
        let (from, to): (usize, usize) = (from.parse().ok()?, to.parse().ok()?);
        text.push_str(table.get(at..from)?);
        at = to;
    }
    text.push_str(table.get(at..)?);
    let root = DeTable::parse(&text).ok()?;
    let DeValue::Array(tables) = root.into_inner().remove("rule")?.into_inner() else {
        return None;
    };
    let entry = tables.first()?;
    let DeValue::Table(rule) = entry.get_ref() else {
        return None;
    };
    let span = entry.span();
    Some(format!(
        "({}, {}, {})",
        span.start,
        span.end,
        pre_table(&text, rule)?
    ))
}

/// A table of [`preparsed`]: `&[(key, key span, value span, value)]`.
fn pre_table(text: &str, table: &toml::de::DeTable) -> Option<String> {
    let mut code = String::from("&[");
    for (key, value) in table.iter() {
        let (k, v) = (key.span(), value.span());
        code.push_str(&format!(
            "({:?}, {}, {}, {}, {}, {}),",
            key.get_ref(),
            k.start,
            k.end,
            v.start,
            v.end,
            pre_value(text, value)?
        ));
    }
    code.push(']');
    Some(code)
}

/// A value of [`preparsed`]: a string as decoded, a boolean, a number or
/// date as written (a run reads it with the TOML reader), an array of
/// values with their spans, or a table.
fn pre_value(text: &str, value: &toml::Spanned<toml::de::DeValue>) -> Option<String> {
    use toml::de::DeValue;
    Some(match value.get_ref() {
        DeValue::String(s) => format!("Pre::Str({s:?})"),
        DeValue::Boolean(b) => format!("Pre::Bool({b})"),
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_) => {
            format!("Pre::Scalar({:?})", text.get(value.span())?)
        }
        DeValue::Array(items) => {
            let mut code = String::from("Pre::Array(&[");
            for item in items.iter() {
                let span = item.span();
                code.push_str(&format!(
                    "({}, {}, {}),",
                    span.start,
                    span.end,
                    pre_value(text, item)?
                ));
            }
            code.push_str("])");
            code
        }
        DeValue::Table(table) => format!("Pre::Table({})", pre_table(text, table)?),
    })
}

/// One `#[test]` per built-in rule, for `tests/integration/rule_examples.rs`
/// to include: a module per pack (`rules/news-style.toml` is `news_style`)
/// holding `rule_<id>` with the id's hyphens as underscores, which runs that
/// rule's examples (`cargo test sigh_sign`). The ids are the `id = "…"`
/// lines that follow each `[[rule]]` header, as the pack index reads them.
fn rule_tests(out: &std::path::Path) {
    println!("cargo:rerun-if-changed=rules");
    let mut packs: Vec<PathBuf> = std::fs::read_dir("rules")
        .expect("read rules/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    packs.sort();
    let ident = |name: &str| name.replace('-', "_");
    let mut code =
        String::from("// Generated by build.rs from rules/*.toml: one test per built-in rule.\n");
    let mut ids = Vec::new();
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("read a pack");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a pack's name");
        code.push_str(&format!("pub mod {} {{\n", ident(stem)));
        let mut in_rule = false;
        for line in text.lines() {
            if line.trim() == "[[rule]]" {
                in_rule = true;
            } else if in_rule && let Some(rest) = line.strip_prefix("id = \"") {
                let id = rest.split('"').next().unwrap_or_default();
                assert!(
                    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                    "{}: rule id {id:?} is not lowercase words and hyphens",
                    path.display()
                );
                code.push_str(&format!(
                    "    #[test]\n    fn rule_{}() {{\n        super::examples_of({id:?});\n    }}\n",
                    ident(id)
                ));
                ids.push(id.to_string());
                in_rule = false;
            }
        }
        code.push_str("}\n");
    }
    code.push_str(&format!(
        "/// The rules that have a test above.\npub const TESTED: &[&str] = &{ids:?};\n"
    ));
    std::fs::write(out.join("rule_examples.rs"), code).expect("write the rule tests");
}

/// The offsets of the entries of the word-class lexicon (after its `#`
/// header), little-endian u32 each, so that looking a word up is a binary
/// search with nothing built at start-up. Checks that the entries are
/// sorted by bytes, as the search needs, and each a word, a tab and its
/// classes, as its comparisons read them.
fn lexicon_index(out: &std::path::Path) {
    const LEXICON: &str = "rules/harper/words.txt";
    println!("cargo:rerun-if-changed={LEXICON}");
    let text = std::fs::read_to_string(LEXICON).expect("read the lexicon");
    let mut index: Vec<u8> = Vec::with_capacity(600_000);
    let mut previous: Option<&str> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if line.starts_with('#') {
            assert!(
                previous.is_none(),
                "{LEXICON}: a header line after the entries"
            );
            continue;
        }
        let word = line.split('\t').next().unwrap_or_default();
        assert!(
            previous.is_none_or(|p| p < word),
            "{LEXICON}: `{word}` is out of order"
        );
        // `lexicon::compare_entry` reads a word as ending at its tab.
        assert!(
            line.matches('\t').count() == 1 && word.bytes().all(|b| b > b' '),
            "{LEXICON}: `{word}` is not a word of printable bytes, a tab and its classes"
        );
        previous = Some(word);
        index.extend_from_slice(&(start as u32).to_le_bytes());
    }
    std::fs::write(out.join("lexicon.idx"), index).expect("write the lexicon index");
}

/// The offset of each word of the English dictionary (one word a line),
/// little-endian u32 each: looking a word up is a binary search of the text
/// as it is built into the binary, with nothing split or allocated at
/// start-up (splitting it took half of checking a short article). Checks
/// that the words are sorted by bytes, each line ends in `\n` and none is
/// empty, so that the search finds what a search of its lines would.
fn dictionary_index(out: &std::path::Path) {
    const DICTIONARY: &str = "rules/dictionaries/en.txt";
    println!("cargo:rerun-if-changed={DICTIONARY}");
    let text = std::fs::read_to_string(DICTIONARY).expect("read the dictionary");
    let mut index: Vec<u8> = Vec::with_capacity(4 * 120_000);
    let mut previous: Option<&str> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let word = line
            .strip_suffix('\n')
            .unwrap_or_else(|| panic!("{DICTIONARY}: the last line has no newline"));
        assert!(
            !word.is_empty() && !word.contains('\r'),
            "{DICTIONARY}: an empty line or a carriage return after `{}`",
            previous.unwrap_or_default()
        );
        assert!(
            previous.is_none_or(|p| p < word),
            "{DICTIONARY}: `{word}` is out of order"
        );
        previous = Some(word);
        index.extend_from_slice(&(at as u32).to_le_bytes());
        at += line.len();
    }
    std::fs::write(out.join("dictionary.idx"), index).expect("write the dictionary index");
}

/// `galley --version`: the package version, and the commit when built from
/// galley's git checkout ("0.1.0 (git 1a2b3c4d5e)"); a build outside git (a
/// crate or wheel source) gives the version alone.
fn version() {
    let version = env!("CARGO_PKG_VERSION");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    // Only galley's own checkout counts, not a repository it is vendored in.
    let manifest = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).ok();
    let own = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| std::fs::canonicalize(top).ok())
        .is_some_and(|top| Some(top) == manifest);
    let shown = match git(&["rev-parse", "--short=10", "HEAD"]) {
        Some(commit) if own && !commit.is_empty() => format!("{version} (git {commit})"),
        _ => version.to_string(),
    };
    println!("cargo:rustc-env=GALLEY_VERSION={shown}");
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        let dir = std::path::Path::new(&dir);
        println!("cargo:rerun-if-changed={}", dir.join("HEAD").display());
        if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"]) {
            println!("cargo:rerun-if-changed={}", dir.join(head).display());
        }
    }
}
