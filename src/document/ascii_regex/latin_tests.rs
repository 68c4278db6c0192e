//! Tests of the Latin version of a pattern (see `AsciiFirst::for_text`):
//! on text of Latin letters it answers as the pattern as written does.

use super::*;

/// Bylines and datelines with Latin letters past ASCII, and some with
/// characters past the Latin ones (answered by the full pattern).
const LINES: &[&str] = &[
    "By José Ortiz",
    "By José Ortiz and Ana Fernández",
    "By JOSÉ ORTIZ",
    "By josé ortiz",
    "By Łukasz Nowak, AP",
    "By Šimon Dvořák and Zoë Brontë",
    "BY ÉMILE ZOLA AND ANA DE LA CRUZ",
    "By Seán O’Neill",
    "By Σωκράτης Papadopoulos",
    "Written by Renée Fleming",
    "By: Jürgen Müller",
    "By Jürgen  Müller",
    "SÃO PAULO (AP) —",
    "MÉXICO CITY -",
    "By Ana de la Cruz é",
    "By Þór Ægisson",
];

#[test]
fn the_latin_version_answers_as_the_pattern_does() {
    let mut latin = 0;
    let mut matched = 0;
    for &(pattern, _, _) in AHEAD {
        let lazy: AsciiFirst<IsMatch> = AsciiFirst::new(pattern.to_string(), false, 1 << 24);
        let full = Regex::new(pattern).unwrap();
        for line in LINES {
            let used = lazy.for_text(line);
            assert_eq!(
                used.is_match(line),
                full.is_match(line),
                "{pattern} on {line:?}"
            );
            matched += usize::from(full.is_match(line));
            if is_latin(line) && !line.is_ascii() {
                assert!(!std::ptr::eq(used, lazy.full()), "{line:?}");
                latin += 1;
            } else {
                assert!(std::ptr::eq(used, lazy.full()), "{line:?}");
            }
        }
    }
    assert!(
        latin > 20 && matched > 5,
        "{latin} Latin lines, {matched} matches"
    );
}

/// The Latin versions build.rs compiled ahead answer as the ones compiled
/// at run time, and are what the built-in patterns use.
#[test]
fn the_latin_dfas_built_ahead_answer_as_those_compiled() {
    assert!(AHEAD_LATIN.len() >= 4, "{} built ahead", AHEAD_LATIN.len());
    let mut matched = 0;
    for &(pattern, _, _) in AHEAD_LATIN {
        let ahead = IsMatch::built_ahead_latin(pattern, false, 1 << 24).expect(pattern);
        assert!(matches!(ahead.short, Short::Ahead(_)), "{pattern}");
        let lazy: AsciiFirst<IsMatch> = AsciiFirst::new(pattern.to_string(), false, 1 << 24);
        let compiled = lazy.cut_version(LATIN_LAST).expect(pattern);
        assert!(matches!(compiled.short, Short::Compiled(_)), "{pattern}");
        for line in LINES.iter().filter(|line| is_latin(line)) {
            assert_eq!(
                ahead.is_match(line),
                compiled.is_match(line),
                "{pattern} on {line:?}"
            );
            matched += usize::from(compiled.is_match(line));
        }
        let used = lazy.for_text("By José Ortiz");
        assert!(matches!(used.short, Short::Ahead(_)), "{pattern}");
    }
    assert!(matched > 3, "{matched} matches");
    assert!(IsMatch::built_ahead_latin(AHEAD_LATIN[0].0, true, 1 << 24).is_none());
}

#[test]
fn latin_text_is_told_by_its_bytes() {
    for text in ["", "abc", "é", "Ł", "ſ", "Žž"] {
        assert!(is_latin(text), "{text}");
    }
    for text in ["ƀ", "’", "Σ", "中", "a\u{301}"] {
        assert_eq!(
            is_latin(text),
            text.chars().all(|c| c <= LATIN_LAST),
            "{text}"
        );
    }
}

/// A regex kind other than [`IsMatch`] keeps to the pattern as written
/// past ASCII: its Latin version is never made.
#[test]
fn a_full_regex_has_no_latin_version() {
    let lazy: AsciiFirst<Regex> = AsciiFirst::new(r"\p{Lu}\p{Ll}+".to_string(), false, 1 << 24);
    assert!(std::ptr::eq(lazy.for_text("José"), lazy.full()));
    assert!(lazy.latin.get().is_none());
}

proptest::proptest! {
    /// Whatever the letters, cases and spaces, the byline pattern's
    /// verdict on Latin text is the pattern's.
    #[test]
    fn the_latin_byline_verdict_is_the_patterns(
        text in "By [A-Za-zÉéÑñŁłŠšßÆæ' .,-]{0,24}"
    ) {
        let pattern = AHEAD.iter().map(|a| a.0).find(|p| p.starts_with("^By (")).unwrap();
        let lazy: AsciiFirst<IsMatch> = AsciiFirst::new(pattern.to_string(), false, 1 << 24);
        let full = Regex::new(pattern).unwrap();
        proptest::prop_assert_eq!(lazy.for_text(&text).is_match(&text), full.is_match(&text));
    }
}
