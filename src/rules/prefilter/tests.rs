//! The tests of the prefilter: the table of first bytes and the automaton
//! find the same triggers, and the literals drawn from patterns.

use super::*;

/// The table of first bytes and the automaton find the same triggers
/// of the built-in rules, so the rules that run are the same before and
/// after a run builds the automaton.
#[test]
fn the_table_and_the_automaton_give_the_same_verdict() {
    let rules = crate::rules::test_support::builtin_rules();
    let all = vec![true; rules.len()];
    let mut texts = vec![
        "They sighed the deal; THE end.".to_string(),
        "We could of RECIEVED it in a hour, he said.".to_string(),
        String::new(),
        "a".to_string(),
        "nothing here".to_string(),
        "Ünïcödé — “quotes” and e-mail, E-MAIL, voicemail; it's its own.".to_string(),
    ];
    texts.push(include_str!("../../../examples/tianjin-2017.txt").to_string());
    for text in &texts {
        let by_table = Prefilter::new(&rules, &all);
        let by_automaton = Prefilter::new(&rules, &all);
        by_automaton
            .scanned
            .store(SCAN_BEFORE_AUTOMATON + 1, Ordering::Relaxed);
        let (a, b) = (by_table.scan(text), by_automaton.scan(text));
        assert_eq!(
            (&a.on, &a.starts, &a.hits),
            (&b.on, &b.starts, &b.hits),
            "{text}"
        );
        assert!(by_table.automaton.get().is_none());
        assert!(by_automaton.automaton.get().is_some());
    }
}

/// The DFA's own loop finds what the library's overlapping search
/// finds, each occurrence once: patterns inside others, ending
/// together, at either end of the text, in any ASCII case.
#[test]
fn the_dfa_loop_finds_what_the_overlapping_search_finds() {
    let rules = crate::rules::test_support::builtin_rules();
    let all = vec![true; rules.len()];
    let builtin = Prefilter::new(&rules, &all).patterns;
    let small: Vec<Cow<'static, str>> = ["he", "she", "hers", "his", "s", "ushers", "é"]
        .map(Cow::Borrowed)
        .into();
    let mut texts = vec![
        "ushers SHE said; his hers he".to_string(),
        "He could of RECIEVED it in a hour. Its".to_string(),
        String::new(),
        "s".to_string(),
        "Ünïcödé é — “quotes” and e-mail, E-MAIL, voicemail; it's its own.".to_string(),
    ];
    texts.push(include_str!("../../../examples/tianjin-2017.txt").to_string());
    // Each text from each place in a group of four bytes, as the DFA's
    // loop reads them.
    let texts: Vec<String> = (0..4)
        .flat_map(|pad| texts.iter().map(move |t| format!("{}{t}", " ".repeat(pad))))
        .collect();
    for patterns in [&builtin, &small] {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|p| p.as_bytes()))
            .unwrap();
        let scanner = Prefilter {
            patterns: patterns.clone(),
            ..Prefilter::default()
        };
        let Some(Scanner::Dfa(dfa)) = scanner.automaton() else {
            panic!("a DFA for {} patterns", patterns.len());
        };
        for text in &texts {
            let mut wanted: Vec<(usize, usize)> = ac
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start()))
                .collect();
            let mut got = Vec::new();
            find_by_dfa(dfa, text.as_bytes(), &mut |p, at| got.push((p, at)));
            assert!(!text.is_empty() || got.is_empty());
            wanted.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, wanted, "{text}");
        }
    }
}

#[test]
fn literals_of_simple_patterns() {
    let email = literal_triggers("e-?mail(s?)", true).unwrap();
    assert!(!email.is_empty());
    assert!(
        email
            .iter()
            .all(|t| t.starts_with("e-mail") || t.starts_with("email")),
        "{email:?}"
    );
    let recieve = literal_triggers("recieve|recieved", true).unwrap();
    assert!(
        recieve.iter().all(|t| t.starts_with("recieve")),
        "{recieve:?}"
    );
    assert_eq!(
        literal_triggers("Very Unique", true),
        Some(vec!["very unique".to_string()])
    );
}

#[test]
fn literals_inside_a_pattern_that_starts_open() {
    let title = r#"(^|[.,]\s*|\b(?:by|with|to)\s)chancellor (\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+)"#;
    assert_eq!(
        literal_triggers(title, false),
        Some(vec!["chancellor ".to_string()])
    );
    // A figure, then the word.
    assert_eq!(
        literal_triggers(r"\d+ (?:percent|per cent)\b", true),
        Some(vec!["per cent".to_string(), "percent".to_string()])
    );
    assert_eq!(literal_triggers(r"\w+ \d+", true), None);
}

#[test]
fn no_triggers_for_open_patterns() {
    assert_eq!(literal_triggers(r"\w+ly\b", true), None);
    assert_eq!(literal_triggers("", true), None);
    assert_eq!(literal_triggers("Émile", true), None);
    assert_eq!(
        literal_triggers("Émile", false),
        Some(vec!["Émile".to_ascii_lowercase()])
    );
}

proptest::proptest! {
    /// Each rule's hits are its offsets sorted, without repeats, in
    /// whatever order the scan found them; a rule past the last has none.
    #[test]
    fn grouped_hits_are_the_hits_sorted(
        hits in proptest::collection::vec((0u32..6, 0u32..40), 0..60),
    ) {
        let mut sorted = hits.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let (starts, offsets) = sorted_hits(hits, 6);
        let triggered = Triggered { on: vec![true; 6], starts, hits: offsets };
        for rule in 0..7 {
            let want: Vec<u32> = sorted
                .iter()
                .filter(|&&(r, _)| r as usize == rule)
                .map(|&(_, at)| at)
                .collect();
            proptest::prop_assert_eq!(triggered.hits(rule), &want[..], "rule {}", rule);
        }
        proptest::prop_assert_eq!(triggered.hits.len(), sorted.len());
    }
}
