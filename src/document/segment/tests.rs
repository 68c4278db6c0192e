//! Tests of sentence and word segmentation and of the compare form.

use super::*;

fn word_list(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    words(text, |r, _| out.push(&text[r]));
    out
}

#[test]
fn sentences_are_trimmed_of_any_space() {
    assert_eq!(
        sentence_list("\u{a0}It rained.\u{2003} Then  it stopped.\u{3000}"),
        ["It rained.", "Then  it stopped."]
    );
}

/// The sentences, split into a buffer that held others.
fn sentence_list(text: &str) -> Vec<&str> {
    let mut out = vec![3..4, 0..1];
    sentences_into(text, &mut out);
    out.into_iter().map(|r| &text[r]).collect()
}

#[test]
fn words_keep_apostrophes_and_split_hyphens() {
    assert_eq!(
        word_list("TJU’s well-off don't 2017, Li."),
        ["TJU’s", "well", "off", "don't", "2017", "Li"]
    );
    assert_eq!(word_list("中文版 web"), ["中文版", "web"]);
}

#[test]
fn sentences_respect_abbreviations_and_initials() {
    assert_eq!(
        sentence_list("On Aug. 23rd, 2017, Mr. Li signed. J. K. Rowling wrote. It rained!"),
        [
            "On Aug. 23rd, 2017, Mr. Li signed.",
            "J. K. Rowling wrote.",
            "It rained!"
        ]
    );
}

#[test]
fn sentences_end_after_closing_quotes() {
    assert_eq!(
        sentence_list("He said, “we will.” Then he left. 3.5 percent rose."),
        ["He said, “we will.”", "Then he left.", "3.5 percent rose."]
    );
}

#[test]
fn etc_can_end_a_sentence() {
    assert_eq!(
        sentence_list("Books, databases etc. They share."),
        ["Books, databases etc.", "They share."]
    );
}

#[test]
fn normal_form_ignores_case_space_quotes_and_final_period() {
    assert_eq!(
        normalize_for_compare("The “Healthy  China”\u{a0}plan. "),
        normalize_for_compare("the \"healthy china\" plan")
    );
    assert_eq!(normalize_for_compare("  Wait... what?! "), "wait... what");
    assert_eq!(normalize_for_compare("A. B."), "a. b");
    assert_eq!(normalize_for_compare("…"), "");
    assert_eq!(
        compare_hash("The “Healthy  China”\u{a0}plan. "),
        compare_hash("the \"healthy china\" plan")
    );
}

/// [`words`] a character at a time, as it was written before its
/// ASCII shortcuts: what they must keep to.
fn words_by_chars(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let len = c.len_utf8();
        if c == PLACEHOLDER {
            if let Some(start) = word_start.take() {
                out.push((start..i, false));
            }
            out.push((i..i + len, true));
        } else if is_word_char(c) {
            word_start.get_or_insert(i);
        } else if word_start.is_some()
            && is_apostrophe(c)
            && text[i + len..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            // Inside the word.
        } else if let Some(start) = word_start.take() {
            out.push((start..i, false));
        }
    }
    if let Some(start) = word_start {
        out.push((start..text.len(), false));
    }
    out
}

#[test]
fn the_table_of_letters_and_digits_is_the_ascii_test() {
    for b in 0..=u8::MAX {
        let lower = ASCII_ALNUM_LOWER[usize::from(b)];
        assert_eq!(lower != 0, b.is_ascii_alphanumeric(), "{b}");
        if lower != 0 {
            assert_eq!(lower, b.to_ascii_lowercase(), "{b}");
        }
    }
}

#[test]
fn the_abbreviations_matched_are_those_listed() {
    for a in ABBREVIATIONS {
        assert!(is_listed_abbreviation(a.as_bytes()), "{a}");
        assert!(is_abbreviation(&a.to_uppercase()), "{a}");
        assert!(a.len() <= LONGEST_ABBREVIATION, "{a}");
    }
    for word in ["m", "mrs.", "approxx", "sepp", "eg", "The", "Dr.", ""] {
        assert!(!is_listed_abbreviation(word.as_bytes()), "{word}");
    }
}

proptest::proptest! {
    /// A word of a few letters is an abbreviation exactly when the list
    /// holds its lowercase form.
    #[test]
    fn an_abbreviation_is_one_of_the_list(word in "[a-zA-Z.é]{2,7}") {
        proptest::prop_assert_eq!(
            is_abbreviation(&word),
            ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        );
    }

    /// The words found with the ASCII shortcuts are those found a
    /// character at a time.
    #[test]
    fn words_are_the_words_found_by_characters(text in "[a'’ 1.\u{FFFC}é\u{301}-]{0,12}") {
        let mut found = Vec::new();
        words(&text, |r, placeholder| found.push((r, placeholder)));
        proptest::prop_assert_eq!(found, words_by_chars(&text));
    }

    /// The searches find each byte that may end a sentence where a test
    /// of each byte in turn finds it.
    #[test]
    fn terminal_bytes_are_found_in_order(text in "[a.!?…’ ]{0,30}") {
        let bytes = text.as_bytes();
        let (mut from, mut e2, mut found) = (0, None, Vec::new());
        while let Some(at) = next_terminal(bytes, from, &mut e2) {
            found.push(at);
            from = at + 1;
        }
        let wanted: Vec<usize> = (0..bytes.len())
            .filter(|&i| matches!(bytes[i], b'.' | b'!' | b'?' | 0xE2))
            .collect();
        proptest::prop_assert_eq!(found, wanted);
    }

    /// The fast trim is `str::trim`, whatever the spaces (Unicode's,
    /// the vertical tab, a no-break space) at either end.
    #[test]
    fn trim_is_str_trim(text in "[ a.\t\n\u{b}\u{c}\r\u{1c}\u{85}\u{a0}\u{2003}\u{3000}é]{0,8}") {
        proptest::prop_assert_eq!(trim(&text), text.trim());
    }

    /// The first byte told by the text's first character is the first
    /// byte of its normal form, whatever the spaces, quotes, punctuation
    /// and letters before and after it.
    #[test]
    fn the_known_start_is_the_first_byte_of_the_normal_form(
        a in "[ aB7.!?…\u{a0}“’—İK\n\"',-]{0,12}",
    ) {
        if let Some(start) = compare_start(&a) {
            let form = normalize_for_compare(&a);
            proptest::prop_assert_eq!(form.as_bytes().first(), Some(&start), "{:?}", form);
        }
    }

    /// The hash made on the fly is the hash of the form built whole,
    /// alone and joined, whatever the punctuation, space and case.
    #[test]
    fn the_hash_is_the_hash_of_the_normal_form(
        a in "[ aB7.!?…\u{a0}“’—İ\n\"]{0,12}",
        b in "[ aB7.!?…\u{a0}“’—İ\n\"]{0,12}",
    ) {
        let of = |form: &str| form.chars().fold(CompareHash::default(), CompareHash::char).finish();
        proptest::prop_assert_eq!(compare_hash(&a), of(&normalize_for_compare(&a)));
        let joined = format!("{} {}", normalize_for_compare(&a), normalize_for_compare(&b));
        proptest::prop_assert_eq!(
            CompareHash::default().text(&a).char(' ').text(&b).finish(),
            of(&joined)
        );
    }

    /// A range is trimmed as `str::trim` trims it, and left out when
    /// nothing is left.
    #[test]
    fn a_sentence_is_trimmed_as_str_trim_trims_it(
        text in "[ a.\t\n\u{b}\u{c}\r\u{1c}\u{85}\u{a0}\u{2003}é]{0,10}",
    ) {
        let mut out = Vec::new();
        push_trimmed(&text, 0..text.len(), &mut out);
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        let wanted = (!trimmed.is_empty()).then(|| lead..lead + trimmed.len());
        proptest::prop_assert_eq!(out, Vec::from_iter(wanted));
    }

    /// The word before a period is found back to where the search a
    /// character at a time finds its start.
    #[test]
    fn the_word_before_a_period_starts_where_the_search_by_characters_says(
        text in "[aZ7. ,é\u{301}’-]{0,10}",
    ) {
        proptest::prop_assert_eq!(word_start(&text), word_start_by_chars(&text));
    }

    /// The form built with its runs of ASCII letters and digits copied
    /// whole is the form built a character at a time, alone and appended
    /// to another.
    #[test]
    fn the_form_is_the_form_built_by_characters(
        a in "[ aB7.!?…\u{a0}“’—İ\n\"]{0,12}",
        b in "[ aB7.!?…\u{a0}“’—İ\n\"]{0,12}",
    ) {
        proptest::prop_assert_eq!(normalize_for_compare(&a), normalized_by_chars(&a));
        let mut joined = normalize_for_compare(&a);
        joined.push(' ');
        push_normalized(&mut joined, &b);
        proptest::prop_assert_eq!(
            joined,
            format!("{} {}", normalized_by_chars(&a), normalized_by_chars(&b))
        );
    }
}

/// The normal form of `text` fed a character at a time.
fn normalized_by_chars(text: &str) -> String {
    let mut out = String::new();
    let mut kept = 0;
    let mut form = Normalizer::default();
    for c in text.chars() {
        form.feed(c, &mut |c, held| {
            out.push(c);
            if !held {
                kept = out.len();
            }
        });
    }
    out.truncate(kept);
    out
}
