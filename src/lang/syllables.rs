//! Syllables in an English word, counted by vowel groups: what the
//! readability measures (galley's `metric` kind, Vale's `metric` and
//! `readability` rules) divide by.

/// Syllables in an English word, by vowel groups (a silent final "e" does
/// not count); at least one.
pub fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &lower {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    // A final "e" after a consonant is silent ("make"), but "-le" after a
    // consonant is a syllable of its own ("table").
    let n = lower.len();
    let silent_e = n > 2 && lower[n - 1] == 'e' && !vowel(lower[n - 2]);
    let syllabic_le = n > 2 && lower[n - 2] == 'l' && !vowel(lower[n - 3]);
    if silent_e && !syllabic_le {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::syllables;

    #[test]
    fn syllable_counts() {
        for (word, n) in [
            ("cat", 1),
            ("table", 2),
            ("make", 1),
            ("university", 5),
            ("the", 1),
            ("agreement", 3),
            ("TJU", 1),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }
}
