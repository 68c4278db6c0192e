//! The tests of names in an article: mentions, titles, ages and spellings.

use super::*;

/// A mention as the tests read it: its name, its words' spans, its age
/// and its title.
type Read = (String, Vec<Span>, Option<(u32, Span)>, Option<&'static str>);

fn names(text: &str) -> Vec<Read> {
    let source = crate::source::SourceFile::new("t.txt", text);
    let doc = Document::parse(
        &source,
        crate::document::Format::TEXT,
        &crate::document::ArticleSettings::default(),
    );
    mentions(&doc, || false)
        .iter()
        .map(|m| {
            let spans = (0..m.len()).map(|k| m.word_span(k)).collect();
            (m.full().to_string(), spans, m.age(), m.title())
        })
        .collect()
}

#[test]
fn a_mention_gives_back_each_word_span_its_age_and_title() {
    let text = "Mayor Ann Lee, 52, met John F. Kennedy and Dr Bo Ray's aide.";
    let span = |word: &str| {
        let at = text.find(word).unwrap();
        Span::new(at, at + word.len())
    };
    let found = names(text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, "Ann Lee");
    assert_eq!(found[0].1, [span("Ann"), span("Lee")]);
    assert_eq!(found[0].2, Some((52, span("52"))));
    assert_eq!(found[0].3, Some("mayor"));
    // Three words: held apart.
    assert_eq!(found[1].0, "John F Kennedy");
    assert_eq!(found[1].1, [span("John"), span("F"), span("Kennedy")]);
    assert_eq!((found[1].2, found[1].3), (None, None));
    // An honorific is no title; the possessive is left out.
    assert_eq!(found[2].0, "Bo Ray");
    assert_eq!(found[2].1, [span("Bo"), span("Ray")]);
    assert_eq!(found[2].3, None);
}

#[test]
fn words_far_apart_in_the_source_keep_their_spans() {
    // Held inline up to 255 bytes from the name's start, apart beyond.
    for second in [9, 255, 256, 300, 70_000] {
        let spans = [Range32::new(5..8), Range32::new(second..second + 4)];
        let m = Mention::new("Ann Lee".into(), &spans, None, None, 0);
        assert_eq!(m.len(), 2);
        assert_eq!(m.word_span(0), Span::new(5, 8));
        assert_eq!(m.word_span(1), Span::new(second, second + 4));
        assert_eq!(m.span(), Span::new(5, second + 4));
    }
}

#[test]
fn a_mention_keeps_each_flag_apart_from_its_words() {
    let spans = [Range32::new(5..8), Range32::new(9..12)];
    let flags = [IN_BODY, PERSON, LISTED, PLACE];
    for set in 0..16u8 {
        let mut m = Mention::new("Ann Lee".into(), &spans, None, Some(3), 7);
        for (i, &flag) in flags.iter().enumerate() {
            m.set(flag, set & (1 << i) != 0);
        }
        for (i, &flag) in flags.iter().enumerate() {
            assert_eq!(m.is(flag), set & (1 << i) != 0, "{set:04b}");
        }
        assert_eq!(m.len(), 2);
        assert_eq!(m.word_span(1), Span::new(9, 12));
        assert_eq!((m.block(), m.title()), (7, Some(TITLES[3])));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
    /// The ASCII shortcut answers as the test by characters does.
    #[test]
    fn a_name_word_by_bytes_is_a_name_word_by_chars(word in "[aAzZ'’éÉ.1 -]{0,5}") {
        proptest::prop_assert_eq!(is_name_word(&word), is_name_word_by_chars(&word));
    }

    /// A name's words, found by a loop over its bytes, are its text split
    /// at each space.
    #[test]
    fn a_names_words_are_its_text_split_at_spaces(full in "[Aaé’ ]{0,9}") {
        let m = Mention::new(full.as_str().into(), &[Range32::new(0..1)], None, None, 0);
        let split: Vec<&str> = full.split(' ').collect();
        proptest::prop_assert_eq!(m.words().collect::<Vec<_>>(), split.clone());
        proptest::prop_assert_eq!(m.first_word(), split[0]);
        proptest::prop_assert_eq!(m.last_word(), split[split.len() - 1]);
        for k in 0..split.len() + 1 {
            proptest::prop_assert_eq!(m.word(k), split.get(k).copied().unwrap_or(""));
        }
    }
}

/// Every word of the places file is a place, in any case, and the search
/// of the sorted table finds nothing else.
#[test]
fn the_places_of_the_list_and_no_others_are_places() {
    let listed: Vec<&str> = include_str!("../../../rules/names/places.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    assert!(listed.len() > 500, "{} places", listed.len());
    for place in &listed {
        assert!(is_place(place), "{place}");
        let capitalised = format!("{}{}", place[..1].to_uppercase(), &place[1..]);
        assert!(is_place(&capitalised), "{capitalised}");
    }
    for word in ["said", "mayor", "smith", "", "zzz"] {
        assert_eq!(is_place(word), listed.contains(&word), "{word}");
    }
}

#[test]
fn the_lead_tests_one_look_up_gives_both_answers_of_the_two() {
    use crate::lang::lexicon::{can_be_name, can_be_name_and_is_everyday, is_everyday_word};
    // Known only as a name, as a name and a word, only as a word, and
    // unknown to the lexicon.
    for lower in ["john", "brown", "the", "young", "xqzvw", "may", ""] {
        assert_eq!(
            can_be_name_and_is_everyday(lower),
            (can_be_name(lower), is_everyday_word(lower)),
            "{lower}"
        );
    }
    // A capitalised everyday word alone at a sentence's start is no name;
    // a name is.
    assert!(names("Young arrived.").is_empty());
    assert_eq!(names("Xqzvw arrived.")[0].0, "Xqzvw");
    // A title by its lowercase form, ASCII or not: "King" written with
    // the Kelvin sign lowers to "king" as well.
    for text in ["King Ann Lee spoke.", "\u{212A}ing Ann Lee spoke."] {
        let found = names(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!((found[0].0.as_str(), found[0].3), ("Ann Lee", Some("king")));
    }
}
