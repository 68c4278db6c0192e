//! The tests of the ASCII-first regexes: the cut patterns match where the written ones do.

use super::*;
use regex_syntax::hir::Hir;

/// On ASCII text both versions find the same matches, with the same
/// groups; on other text the full regex is used.
#[test]
fn the_ascii_version_matches_ascii_text_exactly() {
    let patterns = [
        (r"^By \p{Lu}[\p{L}\p{M}'’.-]*(?: \p{Lu}\p{Ll}+)*$", false),
        (r"(?P<w>\w+)\s+\b\w", false),
        (r"[^)]+\)\s*—$", false),
        (r"colou?r|\bgrey\b", true),
        (r"(?i)straße|k", false),
        (r"\d{1,2}:\d\d\s*[ap]\.?m\.?", false),
        (r".\B.", false),
        (r"[^\p{L}\s]+|\P{Lu}\W\D\S", false),
        (r"[\w&&[^\d]]+|[\p{Greek}a]", false),
        (r"a.b[’x]|[\x{a0}\s]+|[a]\w", false),
        (r"(?:\p{Lu}\.)+", false),
    ];
    let texts = [
        "By Jane Doe",
        "By jane doe",
        "the the cat",
        "BEIJING (AP) —",
        "Colour and GREY, grey-ish",
        "STRASSE Kelvin k",
        "at 10:30 p.m. and 9:00am",
        "ab cd",
        "",
    ];
    for (pattern, ignore_case) in patterns {
        let two = AsciiFirstRegex::new(pattern.to_string(), ignore_case, 1 << 24);
        let full = two.full();
        let matcher = AsciiFirst::<IsMatch>::new(pattern.to_string(), ignore_case, 1 << 24);
        let long = format!("By Jane Doe{}", " and Jane Doe".repeat(400));
        let extra = ["Seán Ó Brien", "ΑΘΗΝΑ", "By Zoë", long.as_str()];
        for text in texts.iter().chain(&extra) {
            assert_eq!(
                matcher.for_text(text).is_match(text),
                full.is_match(text),
                "{pattern} on {text:?}, IsMatch"
            );
        }
        for text in texts {
            let ascii = two.for_text(text);
            let spans = |r: &Regex| {
                r.captures_iter(text)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            };
            assert_eq!(spans(ascii), spans(full), "{pattern} on {text:?}");
        }
        assert!(
            matches!(two.ascii.get(), Some(Some(_))),
            "{pattern} has an ASCII version"
        );
        // Not ASCII: the full regex.
        assert!(std::ptr::eq(two.for_text("Seán"), two.full()));
    }
}

/// The DFAs build.rs built for the built-in furniture patterns answer
/// as the patterns do, compiled at run time or written in full, on
/// ASCII text: the pack's examples and lines near them.
#[test]
fn the_dfas_built_ahead_match_as_the_patterns_do() {
    let pack: toml::Table = toml::from_str(include_str!("../../../rules/furniture.toml")).unwrap();
    let mut texts: Vec<String> = Vec::new();
    for rule in pack["rule"].as_array().unwrap() {
        for key in ["good", "bad"] {
            for example in rule
                .get(key)
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
            {
                let text = example
                    .as_str()
                    .or_else(|| example.get("text")?.as_str())
                    .unwrap();
                texts.push(text.replace(['⟦', '⟧'], ""));
            }
        }
    }
    for line in [
        "",
        "By ",
        "By Jane  Doe",
        "By Jane Doe,",
        "by Jane Doe",
        "By J.",
        "By Jane Doe, ap",
        "WASHINGTON --",
        "WASHINGTON, D.C. -",
        "LONDON (AP) -",
        "London -",
        "A -",
        "AB-",
    ] {
        texts.push(line.to_string());
    }
    let lines: Vec<String> = texts
        .iter()
        .flat_map(|t| t.lines())
        .map(str::to_string)
        .collect();
    assert!(AHEAD.len() >= 4, "{} patterns built ahead", AHEAD.len());
    let mut ascii = 0;
    for &(pattern, _, _) in AHEAD {
        let ahead = IsMatch::built_ahead(pattern, false, 1 << 24).expect(pattern);
        assert!(matches!(ahead.short, Short::Ahead(_)), "{pattern}");
        let cut = IsMatch::compile(&with_ascii_classes(pattern).unwrap(), false, 1 << 24);
        let (cut, full) = (cut.unwrap(), Regex::new(pattern).unwrap());
        for line in lines.iter().filter(|l| l.is_ascii()) {
            assert_eq!(
                ahead.is_match(line),
                full.is_match(line),
                "{pattern} on {line:?}"
            );
            assert_eq!(
                cut.is_match(line),
                full.is_match(line),
                "{pattern} on {line:?}"
            );
            ascii += usize::from(full.is_match(line));
        }
    }
    assert!(ascii > 10, "{ascii} matches");
    // Not built ahead: with case folding, or a pattern of no built-in rule.
    assert!(IsMatch::built_ahead(AHEAD[0].0, true, 1 << 24).is_none());
    assert!(IsMatch::built_ahead("^By", false, 1 << 24).is_none());
}

/// Classes are cut in the pattern's text, also inside brackets and
/// negated ones; a pattern with flags is left to the slower way.
#[test]
fn classes_are_written_as_their_ascii_members() {
    let pattern = r"^By \p{Lu}[\p{L}\p{M}'’.-]*\w[^\d\s]\PL";
    let cut = with_ascii_classes(pattern).unwrap();
    assert!(!cut.contains("\\p") && !cut.contains("\\w"), "{cut}");
    let (cut, full) = (Regex::new(&cut).unwrap(), Regex::new(pattern).unwrap());
    for text in [
        "By Jo_x!",
        "By jo_x!",
        "By Jo_x1",
        "By JO x",
        "By J.-o'a_x-y",
        "",
    ] {
        assert_eq!(cut.find(text), full.find(text), "{text:?}");
    }
    // No class is left with a member past ASCII: none needs the UTF-8
    // automata that make a Unicode class slow to compile.
    fn ascii_classes_only(hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| r.end() <= '\x7f'),
            HirKind::Class(Class::Bytes(c)) => c.ranges().iter().all(|r| r.end() <= 0x7f),
            HirKind::Repetition(rep) => ascii_classes_only(&rep.sub),
            HirKind::Capture(cap) => ascii_classes_only(&cap.sub),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().all(ascii_classes_only)
            }
            HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => true,
        }
    }
    for pattern in [
        pattern,
        r"[^)]+\)\s*—$",
        r"a.b[’x]|[\x{a0}\s]+",
        r"[^\p{L}\s]+|\P{Lu}\W\D\S",
        r"[\w&&[^\d]]+|[\p{Greek}a][b]\w",
    ] {
        let cut = with_ascii_classes(pattern).unwrap();
        let hir = regex_syntax::Parser::new().parse(&cut).unwrap();
        assert!(ascii_classes_only(&hir), "{pattern} gives {cut}");
    }
    assert_eq!(with_ascii_classes("(?i)a"), None);
    assert_eq!(with_ascii_classes("(?i:a)b"), None);
    assert_eq!(with_ascii_classes("a(b"), None);
    assert_eq!(
        with_ascii_classes(r"\pM").as_deref(),
        Some(r"[^\x00-\x{10ffff}]")
    );
}

/// A line regex finds the match, the groups and the replacement the
/// `regex` crate's regex does, each version of the pattern.
#[test]
fn a_line_regex_captures_and_replaces_as_a_regex_does() {
    let patterns = [
        (r"^(?i:by)[\s\x{a0}]*[:：][\s\x{a0}]*", "By "),
        (
            r"^(?P<place>\p{Lu}+)\s*\((?P<wire>\w+)\)\s*[-–]+\s*",
            "$place ($wire) — ",
        ),
        (r"(?i)\b(\w+) (?P<next>the)\b", "${1}$$ $next"),
        (r"(?:, )?(\p{Lu}{2,5})$", "; $1"),
        (r"x*", "<$0>"),
    ];
    let texts = [
        "By: Liu Ziqi and Zhang Xuan",
        "BY ： jane roe",
        "by\u{a0}:\u{a0}Seán Ó Brien",
        "BEIJING (Xinhua) -- the the",
        "ATHÈNES (AFP) –– ΑΘΗΝΑ",
        "By Jane Doe, AP",
        "The The end",
        "",
    ];
    for (pattern, replacement) in patterns {
        let line = AsciiFirst::<LineRegex>::new(pattern.to_string(), false, 1 << 24);
        let regex = AsciiFirstRegex::new(pattern.to_string(), false, 1 << 24);
        for text in texts {
            let (ours, theirs) = (line.for_text(text), regex.for_text(text));
            let found = ours.captures(text).map(|caps| {
                let groups: Vec<_> = (0..caps.group_len())
                    .map(|i| caps.get_group(i).map(|s| s.range()))
                    .collect();
                groups
            });
            let expected = theirs.captures(text).map(|caps| {
                let groups: Vec<_> = caps.iter().map(|m| m.map(|m| m.range())).collect();
                groups
            });
            assert_eq!(found, expected, "{pattern:?} on {text:?}");
            assert_eq!(
                ours.replace(text, replacement),
                theirs.replace(text, replacement),
                "{pattern:?} on {text:?}"
            );
        }
    }
}
