//! Tests of the word look-ups of the `context` kind: the words' model ids,
//! the lists' index and the words read in place.

use super::*;

/// The key of each word of `doc`, as the check computes them: none (0)
/// for a placeholder, a word of one letter or a long one.
fn keys_of(doc: &Document) -> Vec<u32> {
    crate::lang::word_index::word_keys(doc, || false)
}

/// Words met again (in any case, and words whose keys share low bits)
/// get the id a look-up of their own gives.
#[test]
fn ids_of_repeated_words_are_the_ids_of_each() {
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;
    let text = "The mayor said the council said THE plan was the Plan. \
        Said the mayor: the plans, the planner and the planet. \
        A plan, a mayor and I said it\u{2019}s the council\u{2019}s caf\u{e9}. \
        The A4 plan of 2024 said B52 and a1 and the 1990s. "
        .repeat(20);
    let source = SourceFile::new("t.txt", &text);
    let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
    let keys = keys_of(&doc);
    let ids = model_ids(&doc, &keys, || false);
    let m = super::super::english();
    let mut digits = 0;
    for (word, id) in doc.words.iter().zip(&ids) {
        // The model writes a straight apostrophe.
        let text = doc.word_text(word).replace('\u{2019}', "'").to_lowercase();
        // A word with a digit is never read, met before or not.
        if text.bytes().any(|b| b.is_ascii_digit()) {
            assert_eq!(*id, BREAK, "{text}");
            digits += 1;
            continue;
        }
        assert_eq!(*id, m.id(&text).unwrap_or(BREAK), "{text}");
    }
    assert_eq!(digits, 5 * 20);
    assert!(ids.iter().filter(|&&id| id != BREAK).count() > 300);
}

/// Documents checked one after another on one thread share its cache
/// of ids: each still gets the ids a look-up of its own gives, with
/// thousands of words whose keys share low bits and words met in an
/// earlier document, in other cases.
#[test]
fn ids_kept_from_earlier_documents_are_the_ids_of_each() {
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;
    let m = super::super::english();
    let (size, _, _) = m.size();
    let vocabulary: Vec<&str> = (0..size as u32)
        .step_by(3)
        .map(|i| m.word(i))
        .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    assert!(vocabulary.len() > 2 * ID_SLOTS, "{}", vocabulary.len());
    let texts = [
        vocabulary[..ID_SLOTS].join(" "),
        vocabulary[ID_SLOTS / 2..].join(" ").to_uppercase(),
        vocabulary
            .iter()
            .step_by(3)
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
        "The council said the mayor said Qqzx the plan.".to_string(),
    ];
    let mut known = 0;
    for text in &texts {
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let keys = keys_of(&doc);
        for (word, id) in doc.words.iter().zip(model_ids(&doc, &keys, || false)) {
            let text = doc.word_text(word).to_ascii_lowercase();
            assert_eq!(id, m.id(&text).unwrap_or(BREAK), "{text}");
            known += usize::from(id != BREAK);
        }
    }
    assert!(known > 3 * ID_SLOTS, "{known}");
}

/// The cache starts small and grows with the words a thread reads,
/// keeping the ids it holds: each word still gets its own id.
#[test]
fn the_cache_of_ids_grows_with_the_words_read() {
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;
    let m = super::super::english();
    let vocabulary: Vec<&str> = (0..3000u32)
        .map(|i| m.word(i))
        .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    // A thread of its own: its cache is empty at first.
    std::thread::spawn(move || {
        let mut sizes = Vec::new();
        for words in [100, 400, 2500] {
            let text = vocabulary[..words.min(vocabulary.len())].join(" ");
            let source = SourceFile::new("t.txt", &text);
            let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
            let keys = keys_of(&doc);
            for (word, id) in doc.words.iter().zip(model_ids(&doc, &keys, || false)) {
                let text = doc.word_text(word).to_ascii_lowercase();
                assert_eq!(id, m.id(&text).unwrap_or(BREAK), "{text}");
            }
            sizes.push(RECENT_IDS.with_borrow(|(_, recent)| recent.len()));
        }
        assert_eq!(sizes, [FIRST_ID_SLOTS, FIRST_ID_SLOTS, 4096]);
    })
    .join()
    .expect("the ids are each word's own");
}

/// Asked to stop, the look-up stops between blocks: the words of the
/// blocks not yet read keep no id.
#[test]
fn ids_stop_between_blocks_when_asked() {
    use crate::document::{ArticleSettings, Format};
    use crate::source::SourceFile;
    use std::cell::Cell;
    let text = "The mayor said the plan was late.\n\n".repeat(50);
    let source = SourceFile::new("t.txt", &text);
    let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
    let keys = keys_of(&doc);
    // Says stop from its 10th question on.
    let asked = Cell::new(0);
    let ids = model_ids(&doc, &keys, || {
        asked.set(asked.get() + 1);
        asked.get() > 10
    });
    let known = |block: usize| {
        let range = doc.blocks[block].words();
        ids[range].iter().filter(|&&id| id != BREAK).count()
    };
    assert_eq!(doc.blocks.len(), 50);
    assert!(known(0) >= 5 && known(9) >= 5, "{} {}", known(0), known(9));
    assert!((10..50).all(|b| known(b) == 0));
}

/// A word looked up in an index: by key, then by spelling in any ASCII
/// case, as the rules look words up.
fn find(index: &ListIndex, list: &[String], word: &str) -> Option<usize> {
    index.get(word_key(word.as_bytes()), |i| {
        list[i].as_bytes().eq_ignore_ascii_case(word.as_bytes())
    })
}

/// A word whose key shares its low 16 bits with a member's, and not
/// its high 16 bits, is turned away by the bits alone (with one bit, a
/// common word such as "the" went on to the slots at each use).
#[test]
fn a_word_sharing_a_members_low_bits_is_turned_away() {
    let members = ["affect", "effect", "council", "counsel", "of", "off"];
    let index = ListIndex::new(members.iter().map(|w| w.as_bytes()));
    let low = |w: &str| word_key(w.as_bytes()) & 0xffff;
    let lows: Vec<u32> = members.iter().map(|w| low(w)).collect();
    let sharing: Vec<String> = (0..2_000_000)
        .map(|i| format!("w{i}"))
        .filter(|w| lows.contains(&low(w)))
        .take(20)
        .collect();
    assert!(sharing.len() >= 10, "{}", sharing.len());
    // The bits set: each member's low and high 16 bits.
    let set: Vec<u32> = members
        .iter()
        .flat_map(|w| {
            [
                word_key(w.as_bytes()) & 0xffff,
                word_key(w.as_bytes()) >> 16,
            ]
        })
        .collect();
    let mut turned_away = 0;
    for word in &sharing {
        let key = word_key(word.as_bytes());
        let passes = set.contains(&(key >> 16));
        assert_eq!(index.may_contain(key), passes, "{word}");
        turned_away += usize::from(!passes);
        let list: Vec<String> = members.iter().map(|w| w.to_string()).collect();
        assert_eq!(find(&index, &list, word), None, "{word}");
    }
    assert!(turned_away >= 10, "{turned_away}");
    for word in members {
        assert!(index.may_contain(word_key(word.as_bytes())), "{word}");
    }
}

proptest::proptest! {
    /// Two words of one length have the same short spelling exactly
    /// when they are equal in any ASCII case, a long word or one past
    /// ASCII has none, and the eight-byte digit test is the bytes'.
    #[test]
    fn short_spellings_are_equal_when_the_words_are(
        a in proptest::collection::vec(proptest::sample::select(b"aAbBzZ'-09/:@[`{\xc3\xa9".to_vec()), 1..20),
        b in proptest::collection::vec(proptest::sample::select(b"aAbBzZ'-09/:@[`{\xc3\xa9".to_vec()), 1..20),
    ) {
        let (sa, sb) = (short_ascii(&a), short_ascii(&b));
        proptest::prop_assert_eq!(sa.is_none(), a.len() > 16 || !a.is_ascii());
        if let (Some(sa), Some(sb)) = (sa, sb) && a.len() == b.len() {
            proptest::prop_assert_eq!(sa == sb, a.eq_ignore_ascii_case(&b));
        }
        if let Some(sa) = sa {
            // The spelling is the word's lowercase bytes, zeros after.
            let mut lower = a.to_ascii_lowercase();
            lower.resize(16, 0);
            let lo = u64::from_le_bytes(lower[..8].try_into().unwrap());
            let hi = u64::from_le_bytes(lower[8..].try_into().unwrap());
            proptest::prop_assert_eq!(sa, [lo, hi]);
            let digit = a.iter().any(u8::is_ascii_digit);
            proptest::prop_assert_eq!(has_digit8(sa[0]) || has_digit8(sa[1]), digit);
        }
        // `a` in other cases, as text would spell a word met before.
        for upper in [a.to_ascii_uppercase(), a.to_ascii_lowercase()] {
            proptest::prop_assert_eq!(short_ascii(&upper), sa);
        }
        let digit = a.iter().any(u8::is_ascii_digit);
        proptest::prop_assert_eq!(digits_and_ascii(&a), (digit, a.is_ascii()));
    }

    /// A word's short spelling read from the text it is in is the one
    /// made from a copy of its bytes, wherever it sits in the text and
    /// whatever follows it; none is read within 16 bytes of the end.
    #[test]
    fn short_spellings_read_in_place_are_those_of_a_copy(
        text in proptest::collection::vec(proptest::sample::select(b"aAzZ'-09 \xc3\xa9".to_vec()), 0..40),
        start in 0usize..40,
        len in 0usize..24,
    ) {
        let end = (start + len).min(text.len());
        let start = start.min(end);
        let in_place = short_ascii_in(&text, start, end - start);
        proptest::prop_assert_eq!(in_place.is_some(), start + 16 <= text.len() && end - start <= 16);
        if let Some(short) = in_place {
            proptest::prop_assert_eq!(short, short_ascii(&text[start..end]));
        }
    }

    /// Whether a word is lowercase ASCII, read eight bytes at a time in
    /// the text, is what its bytes say; and whether it is joined, read
    /// from the bytes either side first, is what the characters say.
    #[test]
    fn words_read_in_place_are_read_as_their_bytes_and_characters(
        text in proptest::collection::vec(proptest::sample::select(vec!['a', 'z', 'A', '`', '{', '-', '/', '_', '.', '@', ':', ' ', '9', '\u{e9}', '\u{2010}', '\u{2011}']), 0..30),
        start in 0usize..30,
        len in 0usize..20,
    ) {
        let text: String = text.into_iter().collect();
        // A range on character boundaries.
        let at = |n: usize| text.char_indices().map(|(i, _)| i).chain([text.len()]).nth(n).unwrap_or(text.len());
        let (start, end) = (at(start), at(start + len));
        let bytes = text.as_bytes();
        proptest::prop_assert_eq!(
            ascii_lowercase(bytes, start..end),
            bytes[start..end].iter().all(u8::is_ascii_lowercase)
        );
        proptest::prop_assert_eq!(joined(&text, start..end), joined_by_chars(&text, start..end));
    }

    /// The index finds each word of its list, in any case, and nothing
    /// else: the bit test in front turns away only words not listed.
    #[test]
    fn the_index_finds_what_a_list_search_finds(
        list in proptest::collection::hash_set("[a-z']{2,9}", 0..600),
        others in proptest::collection::vec("[a-zA-Z']{2,9}", 0..300),
    ) {
        let list: Vec<String> = list.into_iter().collect();
        let index = ListIndex::new(list.iter().map(|w| w.as_bytes()));
        for (i, word) in list.iter().enumerate() {
            proptest::prop_assert_eq!(find(&index, &list, word), Some(i));
            let upper = word.to_ascii_uppercase();
            proptest::prop_assert_eq!(find(&index, &list, &upper), Some(i));
        }
        for word in &others {
            let listed = list.iter().position(|w| w.eq_ignore_ascii_case(word));
            proptest::prop_assert_eq!(find(&index, &list, word), listed);
        }
    }
}
