//! Fuzz the rule engine with the default packs, loaded as `galley check`
//! loads them (from the pack index, each rule built on first use), in both
//! formats: checking and fixing never panic, spans are valid, and fixing is
//! idempotent.
#![no_main]

use std::sync::LazyLock;

use galley::check::{check_source, fix_until_stable};
use galley::config::{Overrides, Settings};
use galley::document::Format;
use galley::rules::Concurrency;
use galley::source::SourceFile;
use libfuzzer_sys::fuzz_target;

static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    let overrides = Overrides {
        no_config: true,
        lean: true,
        ..Overrides::default()
    };
    Settings::load(std::path::Path::new("."), &overrides).expect("the built-in packs load")
});

fuzz_target!(|text: &str| {
    for format in [Format::TEXT, Format::MARKDOWN] {
        let source = SourceFile::new("fuzz", text);
        for d in check_source(&source, format, &SETTINGS, Concurrency::Alongside) {
            assert!(source.text.is_char_boundary(d.span.start) && source.text.is_char_boundary(d.span.end));
        }
        let once = fix_until_stable(source, format, &SETTINGS, true, Concurrency::Alongside);
        let twice = fix_until_stable(once.source.clone(), format, &SETTINGS, true, Concurrency::Alongside);
        assert_eq!(twice.source.text, once.source.text, "fixing is idempotent");
    }
});
