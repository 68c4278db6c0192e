//! Property tests: on any input, in either format, galley does not panic,
//! every span lies on character boundaries inside the text, line/column
//! convert back to the same offset, and applying fixes keeps valid text.
//! Plain `cargo test` runs an eighth of the cases; `GALLEY_SLOW_TESTS=1`
//! (`.ci/run`) all of them, and the shared news set too.

use galley::check::check_source;
use galley::check::fix_until_stable;
use galley::config::Settings;
use galley::document::{Document, Format};
use galley::fix::apply_fixes;
use galley::rules::{Concurrency, check_document};
use galley::source::SourceFile;
use proptest::prelude::*;

/// Loaded once: compiling the packs per case would dominate the run.
static SETTINGS: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(Settings::builtin);

/// Fragments that exercise the parsers and the rules: markup, furniture,
/// odd whitespace, non-ASCII, and the words some rules look for.
const FRAGMENTS: &[&str] = &[
    "the",
    "The",
    "the the",
    " ",
    "  ",
    "\u{a0}",
    "\n",
    "\r\n",
    "\n\n",
    "\r",
    "\t",
    "sighed",
    "agreement",
    "signed",
    "By:",
    "By ",
    "Photo: ",
    "Editor: ",
    "# ",
    "## ",
    "![alt](x.jpg)",
    "![](y.png)\n",
    "`code`",
    "**",
    "*",
    "_",
    "[link](http://x.y/the the)",
    "> ",
    "- ",
    "1. ",
    "```\n",
    "<!-- c -->",
    "<b>",
    "&amp;",
    "\\*",
    "é",
    // An article before a capitalised word with a letter past ASCII ahead
    // of its first vowel: the article rule once cut such a word at a
    // character count, not a byte.
    "a TÉEX",
    "an ŠTOLA",
    "e\u{301}",
    "中文",
    "“",
    "”",
    "’",
    "'",
    ".",
    ",",
    "!",
    "?",
    "…",
    "---\n",
    "+++\n",
    "|",
    "https://example.com/a",
    "a@b.org",
    "Mr.",
    "Aug.",
    "BEIJING, Aug. 23 -- ",
    "\u{feff}",
    "\u{fffc}",
    "\u{2028}",
    "😀",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|parts| parts.concat())
}

fn check_invariants(text: &str, format: Format, settings: &Settings) -> Result<(), TestCaseError> {
    let source = SourceFile::new("p.txt", text);
    let diagnostics = check_source(&source, format, settings, Concurrency::Alongside);
    let t = &source.text;
    for d in &diagnostics {
        let spans = std::iter::once(d.span).chain(d.related.iter().map(|r| r.span));
        for span in spans {
            prop_assert!(
                span.start <= span.end && span.end <= t.len(),
                "{span:?} outside text"
            );
            prop_assert!(t.is_char_boundary(span.start) && t.is_char_boundary(span.end));
            let at = source.line_col(span.start);
            prop_assert_eq!(source.offset_of(at), Some(span.start));
        }
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            prop_assert!(t.is_char_boundary(edit.span.start) && t.is_char_boundary(edit.span.end));
        }
    }
    // A document checked alone spreads its work over threads: the same
    // findings, in the same order.
    prop_assert_eq!(
        &check_source(&source, format, settings, Concurrency::Alone),
        &diagnostics
    );
    // The prefilter only skips rules that cannot fire: same findings without it.
    let doc = Document::parse(&source, format, &settings.article);
    let triggered = settings.prefilter.scan(t);
    prop_assert_eq!(
        check_document(
            &settings.rules,
            &doc,
            None,
            Some(&triggered),
            Concurrency::Alongside
        ),
        check_document(&settings.rules, &doc, None, None, Concurrency::Alongside)
    );
    let fixed = apply_fixes(t, &diagnostics, true);
    // Fixes touch nothing outside their edits: the text between edits
    // (merged where they overlap) is still there, in order.
    let mut spans: Vec<(usize, usize)> = diagnostics
        .iter()
        .flat_map(|d| d.fix.iter().flat_map(|f| &f.edits))
        .map(|e| (e.span.start, e.span.end))
        .collect();
    spans.sort_unstable();
    let mut kept = Vec::new();
    let mut at = 0;
    for (start, end) in spans {
        if start > at {
            kept.push(&t[at..start]);
        }
        at = at.max(end);
    }
    kept.push(&t[at..]);
    let mut cursor = 0;
    for piece in kept {
        let found = fixed.text[cursor..].find(piece);
        prop_assert!(
            found.is_some(),
            "untouched text {piece:?} is missing after fixing"
        );
        cursor += found.unwrap_or(0) + piece.len();
    }
    // Fixing to a fixpoint is idempotent.
    let once = fix_until_stable(
        source.clone(),
        format,
        settings,
        true,
        Concurrency::Alongside,
    );
    let twice = fix_until_stable(
        once.source.clone(),
        format,
        settings,
        true,
        Concurrency::Alongside,
    );
    prop_assert_eq!(
        twice.applied,
        0,
        "a second fix changed {:?}",
        once.source.text
    );
    prop_assert_eq!(&twice.source.text, &once.source.text);
    fixing_finds_what_whole_checks_find(&source, format, settings)
}

/// Fixing runs only the rules that offer fixes until the text settles,
/// then the others once: the text, the count of fixes and the findings are
/// those of whole checks between the fixes.
fn fixing_finds_what_whole_checks_find(
    source: &SourceFile,
    format: Format,
    settings: &Settings,
) -> Result<(), TestCaseError> {
    for unsafe_fixes in [true, false] {
        let run = fix_until_stable(
            source.clone(),
            format,
            settings,
            unsafe_fixes,
            Concurrency::Alongside,
        );
        let (text, diagnostics, applied) =
            fixed_by_whole_checks(source, format, settings, unsafe_fixes);
        prop_assert_eq!(&run.source.text, &text);
        prop_assert_eq!(run.applied, applied);
        prop_assert_eq!(&run.diagnostics, &diagnostics);
    }
    Ok(())
}

/// `fix_until_stable` done plainly: a whole check, its fixes, a whole check
/// of the fixed text, and so on (at most `MAX_PASSES` rounds of fixes).
fn fixed_by_whole_checks(
    source: &SourceFile,
    format: Format,
    settings: &Settings,
    unsafe_fixes: bool,
) -> (String, Vec<galley::diagnostic::Diagnostic>, usize) {
    let mut source = source.clone();
    let mut applied = 0;
    let mut diagnostics = check_source(&source, format, settings, Concurrency::Alongside);
    for _ in 0..galley::check::MAX_PASSES {
        let fixed = apply_fixes(&source.text, &diagnostics, unsafe_fixes);
        if fixed.applied == 0 || fixed.text == source.text {
            break;
        }
        applied += fixed.applied;
        source = source.with_text(fixed.text);
        diagnostics = check_source(&source, format, settings, Concurrency::Alongside);
    }
    (source.text.to_string(), diagnostics, applied)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::support::cases(400)))]

    #[test]
    fn article_fragments_never_break_invariants(text in article()) {
        check_invariants(&text, Format::TEXT, &SETTINGS)?;
        check_invariants(&text, Format::MARKDOWN, &SETTINGS)?;
        check_invariants(&text, Format::HTML, &SETTINGS)?;
    }

    #[test]
    fn arbitrary_text_never_breaks_invariants(text in any::<String>()) {
        check_invariants(&text, Format::TEXT, &SETTINGS)?;
        check_invariants(&text, Format::MARKDOWN, &SETTINGS)?;
        check_invariants(&text, Format::HTML, &SETTINGS)?;
    }
}

/// Every built-in pack and rule on, house options included: what "every
/// fix of every built-in rule" means.
static EVERY_RULE: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(|| {
    let mut enable: Vec<String> = Settings::builtin()
        .packs
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    let listing = galley::config::Settings::load(
        std::path::Path::new("."),
        &galley::config::Overrides {
            no_config: true,
            enable: enable.clone(),
            ..Default::default()
        },
    )
    .expect("the built-in packs load");
    enable.extend(listing.rules.iter().map(|r| r.meta.id.to_string()));
    galley::config::Settings::load(
        std::path::Path::new("."),
        &galley::config::Overrides {
            no_config: true,
            enable,
            ..Default::default()
        },
    )
    .expect("the built-in packs load")
});

/// No fix changes a byte outside the span its finding reports, and once
/// the fixes are applied the text outside the reported spans is still
/// there, in order.
fn fixes_stay_in_their_spans(text: &str, format: Format) -> Result<(), TestCaseError> {
    let source = SourceFile::new("p.txt", text);
    // Spans are offsets into the text without its byte order mark.
    let text = source.text.as_str();
    let diagnostics = check_source(&source, format, &EVERY_RULE, Concurrency::Alongside);
    for d in &diagnostics {
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            prop_assert!(
                d.span.start <= edit.span.start && edit.span.end <= d.span.end,
                "{}: the edit {:?} → {:?} reaches outside the reported {:?} ({:?}) in {:?}",
                d.rule,
                &text[edit.span.range()],
                edit.replacement,
                &text[d.span.range()],
                d.span,
                text
            );
        }
    }
    let fixed = apply_fixes(text, &diagnostics, true);
    let mut spans: Vec<(usize, usize)> = diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| (d.span.start, d.span.end))
        .collect();
    spans.sort_unstable();
    let mut cursor = 0;
    let mut at = 0;
    for (start, end) in spans.into_iter().chain([(text.len(), text.len())]) {
        if start > at {
            let piece = &text[at..start];
            let found = fixed.text[cursor..].find(piece);
            prop_assert!(found.is_some(), "{piece:?} outside every span was changed");
            cursor += found.unwrap_or(0) + piece.len();
        }
        at = at.max(end);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::support::cases(200)))]

    #[test]
    fn every_fix_of_every_rule_stays_in_its_span(text in article()) {
        fixes_stay_in_their_spans(&text, Format::TEXT)?;
        fixes_stay_in_their_spans(&text, Format::MARKDOWN)?;
        fixes_stay_in_their_spans(&text, Format::HTML)?;
    }
}

/// The same over real articles: the bundled example and fixtures, every
/// rule's `bad` examples, and with `GALLEY_SLOW_TESTS` the shared clean
/// news set when it is there.
#[test]
fn unsafe_fixes_on_real_articles_change_only_reported_spans() {
    let files = real_articles(crate::support::slow());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let format = galley::check::format_for(path);
        if let Err(e) = fixes_stay_in_their_spans(&text, format) {
            panic!("{}: {e}", path.display());
        }
    }
    for rule in &EVERY_RULE.rules {
        for bad in &rule.docs().bad {
            if let Err(e) = fixes_stay_in_their_spans(bad.text(), Format::TEXT) {
                panic!("{}'s example: {e}", rule.meta.id);
            }
        }
    }
}

/// Fixing the bundled articles, with the default rules (the example also
/// with every rule), finds what whole checks between the fixes find (duplicate
/// captions, names and the other findings without fixes are in these, not
/// in the fragments). The shared news set would take minutes here.
#[test]
fn fixing_real_articles_finds_what_whole_checks_find() {
    for path in real_articles(false) {
        let text = std::fs::read_to_string(&path).unwrap();
        let source = SourceFile::new(path.clone(), &text);
        let format = galley::check::format_for(&path);
        // Every rule on the example only: in a debug build the whole set
        // takes a second or more per article.
        let every = path.ends_with("examples/tianjin-2017.txt");
        for settings in [&*SETTINGS, &*EVERY_RULE]
            .into_iter()
            .take(1 + usize::from(every))
        {
            if let Err(e) = fixing_finds_what_whole_checks_find(&source, format, settings) {
                panic!("{}: {e}", path.display());
            }
        }
    }
}

/// The bundled example and fixtures, and with `shared` the shared clean
/// news set when it is there.
fn real_articles(shared: bool) -> Vec<std::path::PathBuf> {
    let root = crate::support::root();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut dirs = vec![root.join("examples"), root.join("tests/fixtures")];
    let news = root.join("../shared/data/wikinews-clean");
    if !shared {
    } else if news.is_dir() {
        dirs.push(news);
    } else {
        eprintln!("note: ../shared/data/wikinews-clean is absent; bundled articles only");
    }
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "md" | "html")
            ) {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    files.sort();
    files
}
