//! Case helpers shared by the kinds: looking a word up by its lowercase
//! spelling without allocating, and giving a replacement the case of the
//! text it replaces.

/// `f` of `word` lowercased: on the stack when it is ASCII and short (24
/// bytes, a `CompactString` held inline), as nearly every word is, so that
/// looking a word up in a lowercase table does not allocate.
#[inline]
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() {
        let mut lower = compact_str::CompactString::new(word);
        lower.make_ascii_lowercase();
        f(&lower)
    } else {
        f(&word.to_lowercase())
    }
}

/// Gives `replacement` the case pattern of `original`: "Sighed" → "Signed",
/// "SIGHED" → "SIGNED", "sighed" → "signed".
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_lowercase_is_to_lowercase_on_the_stack_or_not() {
        let long = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        for word in [
            "Sighed",
            "NATO",
            "",
            "a",
            "ÉTÉ",
            "Zoë",
            long,
            &long[..32],
            "İstanbul",
        ] {
            assert_eq!(
                with_lowercase(word, str::to_string),
                word.to_lowercase(),
                "{word}"
            );
        }
    }

    #[test]
    fn match_case_keeps_the_writers_case() {
        assert_eq!(match_case("Sighed", "signed"), "Signed");
        assert_eq!(match_case("SIGHED", "signed"), "SIGNED");
        assert_eq!(match_case("sighed", "signed"), "signed");
        assert_eq!(match_case("I", "we"), "We");
    }
}
