//! The general detector's candidates: the words one edit from a word that
//! it is weighed against, less inflections, spelling variants and the words
//! the caller lists (the `context` kind: those its built-in sets hold), each
//! with the odds it must reach.

use super::Model;
use super::words::inflection;

/// The British and American spellings of a part of a word that
/// [`spelling_variant`] tells apart.
const PAIRS: &[(&str, &str)] = &[
    ("our", "or"),
    ("ise", "ize"),
    ("isa", "iza"),
    ("yse", "yze"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ll", "l"),
    ("ogue", "og"),
    ("ae", "e"),
    ("oe", "e"),
];

/// Whether two words differ only as a British and an American spelling
/// do: colour/color, realise/realize, analyse/analyze, centre/center,
/// defence/defense, travelled/traveled, anaemia/anemia.
pub(crate) fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // The two words agree up to `same`: a swap can start no later. The
    // lengths first, then each start up to there, by bytes: most pairs are
    // ruled out without a search (this runs for every neighbour of every
    // word the general detector meets).
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let swaps_to = |from: &[u8], x: &str, y: &str, to: &[u8]| {
        let (x, y) = (x.as_bytes(), y.as_bytes());
        if to.len() + x.len() != from.len() + y.len() {
            return false;
        }
        // The places of `x` in `from`, left to right and not overlapping.
        let mut p = 0;
        while p <= same && p + x.len() <= from.len() {
            if !from[p..].starts_with(x) {
                p += 1;
                continue;
            }
            if to[p..].starts_with(y) && to[p + y.len()..] == from[p + x.len()..] {
                return true;
            }
            p += x.len();
        }
        false
    };
    PAIRS
        .iter()
        .any(|(uk, us)| swaps_to(a, uk, us, b) || swaps_to(b, uk, us, a))
}

/// Closed-class words: determiners, pronouns, prepositions, conjunctions,
/// auxiliaries and the like. Which of two of them fits is grammar, which a
/// trigram model judges less surely than a choice between content words.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "again", "against", "all", "along", "also", "am",
    "amid", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be", "because",
    "been", "before", "behind", "being", "below", "between", "beyond", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "done", "down", "during", "each", "eight", "either",
    "even", "ever", "every", "except", "few", "five", "for", "four", "from", "had", "has", "have",
    "having", "he", "her", "here", "him", "himself", "his", "how", "i", "if", "in", "inside",
    "into", "is", "it", "its", "itself", "just", "least", "less", "many", "may", "me", "might",
    "more", "most", "much", "must", "my", "near", "neither", "never", "nine", "no", "nor", "not",
    "now", "of", "off", "on", "one", "only", "onto", "or", "other", "ought", "our", "out", "over",
    "own", "past", "per", "same", "seven", "shall", "she", "should", "since", "six", "so", "some",
    "still", "such", "ten", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "though", "three", "through", "thus", "to", "too", "toward",
    "towards", "two", "under", "unless", "until", "up", "upon", "us", "very", "via", "was", "we",
    "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "without", "would", "yes", "yet", "you", "your",
];

fn function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// A word the one written may be a slip for, and the least gain (log10)
/// that flags it.
#[derive(Clone, Copy)]
pub(crate) struct Alternative {
    pub id: u32,
    pub min_gain: f32,
    /// Add log10 of the alternative's own number of common neighbours to
    /// `min_gain` (the general detector's noisy channel; counted only for
    /// an alternative that passes `min_gain` alone).
    pub spread: bool,
    /// A function word weighed against a content word written: not
    /// suggested where the grammar wants a content word (see
    /// [`content_slot`]).
    pub function_for_content: bool,
}

/// Words after which a content word, not a function word, comes:
/// determiners and possessives (a noun or adjective follows: "its woes",
/// not "its does"; "each ant", not "each and") and modals (a verb
/// follows: "can owe", not "can we").
const BEFORE_CONTENT: &[&str] = &[
    "a", "an", "another", "any", "can", "could", "each", "every", "her", "his", "its", "many",
    "may", "might", "must", "my", "no", "our", "several", "shall", "should", "the", "their",
    "these", "this", "those", "will", "would", "your",
];

/// Whether the word after `prev` (lowercase) is a content word's place.
pub(crate) fn content_slot(prev: &str) -> bool {
    BEFORE_CONTENT.contains(&prev)
}

/// The words one edit from `written` that the general detector weighs it
/// against (common, not its inflection or spelling variant, not in
/// those `listed` says), each with the least gain (log10) that flags it:
/// `function_gain.0` for a pair with a function word written,
/// `function_gain.1` for a function word against a content word written
/// ("ton" for to, "wars" for was); otherwise `min_gain`
/// plus log10 of the number of the candidate's own neighbours ([`spread`]),
/// as a noisy channel spreads a slip's chance over every word one edit
/// away.
pub(crate) fn neighbour_candidates(
    m: &Model,
    written: u32,
    floor: f32,
    min_gain: f32,
    function_gain: (f32, f32),
    listed: impl Fn(&str) -> bool,
) -> Vec<Alternative> {
    let w = m.word(written);
    // Found once a run for each word judged: the written word's class is
    // asked once, not twice for each neighbour.
    let written_function = function_word(w);
    m.neighbours(written)
        .filter(|&c| m.unigram(c) >= floor)
        .filter(|&c| {
            let c = m.word(c);
            c.len() > 1 && !inflection(w, c) && !spelling_variant(w, c) && !listed(c)
        })
        .map(|id| {
            let other_function = function_word(m.word(id));
            let function = written_function || other_function;
            let for_content = !written_function && other_function;
            Alternative {
                id,
                min_gain: match (for_content, function) {
                    (true, _) => function_gain.1,
                    (false, true) => function_gain.0,
                    (false, false) => min_gain,
                },
                spread: !function,
                function_for_content: for_content,
            }
        })
        .collect()
}

/// The other grammatical number of `written`, as the model spells it:
/// the word with or without its `-s`, `-es` or `-ies` ending
/// (year/years, box/boxes, city/cities), each at least `floor` common, with
/// `min_gain` as the gain that flags it. Spelling alone: a verb's `-s`
/// (reflect/reflects) is a number swap too, of its subject.
pub(crate) fn number_candidates(
    m: &Model,
    written: u32,
    floor: f32,
    min_gain: f32,
) -> Vec<Alternative> {
    let w = m.word(written);
    let mut forms: Vec<String> = vec![format!("{w}s"), format!("{w}es")];
    if let Some(stem) = w.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    if let Some(stem) = w.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    }
    if let Some(stem) = w.strip_suffix("es") {
        forms.push(stem.to_string());
    }
    if let Some(stem) = w.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        forms.push(stem.to_string());
    }
    let mut found: Vec<Alternative> = Vec::new();
    for form in forms.iter().filter(|f| f.len() > 2) {
        if let Some(id) = m
            .id(form)
            .filter(|&id| id != written && m.unigram(id) >= floor)
            && !found.iter().any(|a| a.id == id)
        {
            found.push(Alternative {
                id,
                min_gain,
                spread: false,
                function_for_content: false,
            });
        }
    }
    found
}

/// log10 of the number of common words (at least `floor`) one edit from
/// word `id`.
pub(crate) fn spread(m: &Model, id: u32, floor: f32) -> f32 {
    let n = m.neighbours(id).filter(|&n| m.unigram(n) >= floor).count();
    (n.max(1) as f32).log10()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_common_words_one_edit_away_less_inflections() {
        let m = super::super::english();
        let floor = -6.0;
        // Words a built-in set lists (weak/week, peak/peek/pique).
        let listed = |w: &str| ["weak", "peak", "peek", "pique"].contains(&w);
        let found: Vec<String> =
            neighbour_candidates(m, m.id("week").unwrap(), floor, 3.0, (4.5, 4.5), listed)
                .into_iter()
                .map(|alt| m.word(alt.id).to_string())
                .collect();
        for near in ["seek", "weep", "wee"] {
            assert!(found.iter().any(|w| w == near), "{near} not in {found:?}");
        }
        // Its inflection, and the listed words.
        let left_out = ["weeks", "weak", "peek"];
        assert!(
            !found.iter().any(|w| left_out.contains(&w.as_str())),
            "{found:?}"
        );
        assert!(inflection("sign", "signed") && inflection("study", "studies"));
        assert!(!inflection("week", "weak") && !inflection("form", "from"));
    }

    /// The first form of [`spelling_variant`], by string search: the
    /// reference of the byte search.
    fn spelling_variant_by_search(a: &str, b: &str) -> bool {
        let swaps_to = |from: &str, x: &str, y: &str, to: &str| {
            to.len() + x.len() == from.len() + y.len()
                && from.match_indices(x).any(|(p, _)| {
                    to.starts_with(&from[..p])
                        && to[p..].starts_with(y)
                        && to[p + y.len()..] == from[p + x.len()..]
                })
        };
        PAIRS
            .iter()
            .any(|(uk, us)| swaps_to(a, uk, us, b) || swaps_to(b, uk, us, a))
    }

    proptest::proptest! {
        /// The byte search says what a string search says, on words made of
        /// the letters of the swaps (so that most pairs share them).
        #[test]
        fn the_byte_search_agrees_with_a_string_search(
            a in "[aeilnorstuyzg]{0,9}",
            b in "[aeilnorstuyzg]{0,9}",
            cut in 0usize..10,
        ) {
            // Half the pairs: `b` made from `a` by a swap at `cut`.
            let b2 = {
                let at = cut.min(a.len());
                let (head, tail) = a.split_at(at);
                let mut made = head.to_string();
                for (uk, us) in [("our", "or"), ("ll", "l"), ("ise", "ize"), ("ae", "e"), ("tre", "ter")] {
                    if let Some(rest) = tail.strip_prefix(uk) {
                        made.push_str(us);
                        made.push_str(rest);
                        break;
                    }
                }
                made
            };
            for (x, y) in [(&a, &b), (&a, &b2), (&b2, &a)] {
                proptest::prop_assert_eq!(
                    spelling_variant(x, y),
                    spelling_variant_by_search(x, y),
                    "{} {}", x, y
                );
            }
        }
    }

    #[test]
    fn the_other_number_of_a_word() {
        let m = super::super::english();
        let other = |w: &str| -> Vec<&str> {
            number_candidates(m, m.id(w).unwrap(), -7.0, 1.0)
                .into_iter()
                .map(|alt| m.word(alt.id))
                .collect()
        };
        assert_eq!(other("year"), ["years"]);
        assert_eq!(other("years"), ["year"]);
        assert_eq!(other("city"), ["cities"]);
        assert_eq!(other("boxes"), ["box"]);
        // Not "clas" from "class".
        assert_eq!(other("class"), ["classes"]);
    }

    #[test]
    fn spelling_variants_are_not_slips() {
        for (uk, us) in [
            ("colour", "color"),
            ("realise", "realize"),
            ("analyse", "analyze"),
            ("centre", "center"),
            ("defence", "defense"),
            ("travelled", "traveled"),
        ] {
            assert!(spelling_variant(uk, us), "{uk}/{us}");
            assert!(spelling_variant(us, uk), "{us}/{uk}");
        }
        for (a, b) in [("form", "from"), ("sighed", "signed"), ("trail", "trial")] {
            assert!(!spelling_variant(a, b), "{a}/{b}");
        }
    }
}
