//! Property tests: on any input, in either format, galley does not panic,
//! every span lies on character boundaries inside the text, line/column
//! convert back to the same offset, and applying fixes keeps valid text.

use galley::check::check_source;
use galley::check::fix_until_stable;
use galley::config::Settings;
use galley::document::{Document, Format};
use galley::fix::apply_fixes;
use galley::rules::check_document;
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
    let diagnostics = check_source(&source, format, settings);
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
    // The prefilter only skips rules that cannot fire: same findings without it.
    let doc = Document::parse(&source, format, &settings.article);
    let triggered = settings.prefilter.scan(t);
    prop_assert_eq!(
        check_document(&settings.rules, &doc, None, Some(&triggered)),
        check_document(&settings.rules, &doc, None, None)
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
    let once = fix_until_stable(source.clone(), format, settings, true);
    let twice = fix_until_stable(once.source.clone(), format, settings, true);
    prop_assert_eq!(
        twice.applied,
        0,
        "a second fix changed {:?}",
        once.source.text
    );
    prop_assert_eq!(&twice.source.text, &once.source.text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

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
