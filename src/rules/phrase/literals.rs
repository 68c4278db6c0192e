//! The cheap test a phrase rule makes before tokenizing a sentence: whether
//! it holds, at a word start, a word of each of the pattern's literal
//! groups; word by word for a run's first sentences, then with an automaton.

/// The groups (`group_of[pattern]`, a bit each) of the `patterns` found at
/// a word start in `sentence`, compared ASCII case-insensitively: what the
/// automaton of `Phrase::may_match` finds, without building it. Stops
/// once every group of `all` is seen.
pub(super) fn groups_at_word_starts(
    sentence: &str,
    patterns: &[String],
    group_of: &[usize],
    all: u64,
) -> u64 {
    let bytes = sentence.as_bytes();
    let mut seen = 0u64;
    let mut after_word_char = false;
    for (at, c) in sentence.char_indices() {
        if !after_word_char {
            let first = bytes[at].to_ascii_lowercase();
            for (pattern, &group) in patterns.iter().zip(group_of) {
                let word = pattern.as_bytes();
                // The first byte alone turns most patterns away.
                if word.first().map(u8::to_ascii_lowercase) == Some(first)
                    && bytes[at..]
                        .get(..word.len())
                        .is_some_and(|b| b.eq_ignore_ascii_case(word))
                {
                    seen |= 1 << group;
                    if seen == all {
                        return seen;
                    }
                }
            }
        }
        after_word_char = c.is_alphanumeric();
    }
    seen
}

/// [`groups_at_word_starts`] with the automaton of the patterns.
pub(super) fn groups_found(
    ac: &aho_corasick::AhoCorasick,
    sentence: &str,
    group_of: &[usize],
    all: u64,
) -> u64 {
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut seen = 0u64;
    for m in ac.find_overlapping_iter(sentence) {
        // A trigger may stop short of its word's end (`can` for `can't`),
        // so only the start must be a word boundary.
        if !is_word_char(sentence[..m.start()].chars().next_back()) {
            seen |= 1 << group_of[m.pattern().as_usize()];
            if seen == all {
                break;
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-by-word test and the automaton find the same groups.
    #[test]
    fn both_ways_of_finding_literals_agree() {
        let sets: [(&[&str], &[usize]); 4] = [
            (&["could", "should", "of"], &[0, 0, 1]),
            (&["can", "'s", "lot"], &[0, 1, 2]),
            (&["é", "naïve", "affect"], &[0, 0, 1]),
            (&["a", "an", "the", "hour"], &[0, 0, 0, 1]),
        ];
        let sentences = [
            "We could of done it.",
            "SHOULD OF, said the shouldn't-be crowd",
            "He can't; John's lot is a LOT.",
            "A naïve effect; é and É, un-affected",
            "an hour, the hours, a houri",
            "",
            "ofcould should",
            "x-could of",
        ];
        for (patterns, group_of) in sets {
            let words: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&words)
                .unwrap();
            let all = (1u64 << (group_of.iter().max().unwrap() + 1)) - 1;
            for sentence in sentences {
                assert_eq!(
                    groups_at_word_starts(sentence, &words, group_of, all),
                    groups_found(&ac, sentence, group_of, all),
                    "{patterns:?} in {sentence:?}"
                );
            }
        }
    }
}
