//! The syntax of a confusion set in a pack: members separated by `/`
//! (`affect/effect`), a one-way pair (`it's>its`: only the first is
//! judged), and either followed by odds of its own (`brake/break:1000`);
//! a rule's sets flattened into its members, the built-in rules' by
//! build.rs.

/// The sets of every rule of a pack's TOML, as written.
#[cfg(test)]
fn in_pack(pack: &toml::Table) -> impl Iterator<Item = &str> {
    pack.get("rule")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|rule| rule.get("sets")?.as_array())
        .flatten()
        .filter_map(toml::Value::as_str)
}

/// The words of the built-in confusion sets: the general detector leaves
/// them to the rules that list them. build.rs reads them from the pack's
/// text with `sets_in_text` (listed.rs, without parsing it as TOML; a test
/// checks that both read the same sets) and writes them sorted, with a
/// table of their slots by `listed_slot`, so a run builds nothing.
pub(super) struct Listed {
    words: &'static [&'static str],
    /// A power of two of slots, at most half of them used: 0 for none,
    /// else 1 + the index of the word in `words`.
    slots: &'static [u16],
}

impl Listed {
    /// Whether `word` (as a set writes it) is listed.
    pub(super) fn contains(&self, word: &str) -> bool {
        let mask = self.slots.len() - 1;
        let mut at = listed_slot(word, self.slots.len());
        loop {
            match self.slots[at] {
                0 => return false,
                i if self.words[usize::from(i) - 1] == word => return true,
                _ => at = (at + 1) & mask,
            }
        }
    }
}

pub(super) fn listed_words() -> &'static Listed {
    static LISTED: Listed = {
        let (words, slots) = include!(concat!(env!("OUT_DIR"), "/listed_words.rs"));
        Listed { words, slots }
    };
    &LISTED
}

// `sets_in_text` and `members` for build.rs and the tests; `listed_slot`.
include!("listed.rs");

// `parse`, `lowercase` and `flatten`, shared with build.rs.
include!("flat.rs");

/// A built-in rule's sets as build.rs flattened them (with `flatten`, from
/// the context pack's text), and the index of its members as it laid it
/// out (with `list_layout`): a rule built from them borrows them.
pub(super) struct Prebuilt {
    pub id: &'static str,
    /// How many sets the rule has.
    pub count: usize,
    pub sets: &'static str,
    pub text: &'static str,
    pub ends: &'static [u32],
    pub others: &'static [u32],
    pub others_odds: &'static [Option<f64>],
    pub others_ends: &'static [u32],
    /// The bits and slots of the members' `ListIndex`.
    pub bits: &'static [u64; 1 << 10],
    pub slots: &'static [(u32, u32)],
}

/// The sets of the built-in rule `id` as build.rs flattened them, if it
/// has sets that flatten: reading and flattening them was most of building
/// the rule.
pub(super) fn prebuilt(id: &str) -> Option<&'static Prebuilt> {
    static PREBUILT: &[Prebuilt] = include!(concat!(env!("OUT_DIR"), "/context_sets.rs"));
    PREBUILT.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_are_read_with_their_odds_and_direction() {
        let s = parse("brake/break:1000").unwrap();
        assert_eq!(
            (s.words, s.one_way, s.odds),
            (vec!["brake", "break"], false, Some(1000.0))
        );
        let s = parse("it's>its").unwrap();
        assert_eq!(
            (s.words, s.one_way, s.odds),
            (vec!["it's", "its"], true, None)
        );
        let s = parse("cite/site/sight").unwrap();
        assert_eq!(s.words.len(), 3);
    }

    #[test]
    fn malformed_sets_say_what_is_wrong() {
        for (set, says) in [
            ("affect", "one member"),
            ("affect/", "empty member"),
            ("affect/effect:0.5", "number of 1 or more"),
            ("affect/effect:many", "number of 1 or more"),
            ("a>b/c", "one-way pair"),
            ("a>b>c", "one-way pair"),
        ] {
            let err = parse(set).err().unwrap_or_default();
            assert!(err.contains(says), "{set}: {err}");
        }
    }

    /// The sets read from the built-in pack's text are the sets its TOML
    /// holds, in order.
    #[test]
    fn the_sets_are_read_from_the_text_as_from_the_toml() {
        let text = include_str!("../../../rules/context.toml");
        let pack: toml::Table = toml::from_str(text).unwrap();
        let parsed: Vec<&str> = in_pack(&pack).collect();
        let scanned: Vec<&str> = sets_in_text(text).collect();
        assert!(parsed.len() > 300, "{}", parsed.len());
        assert_eq!(scanned, parsed);
        // Every built-in set parses, to the members the quick split gives.
        for set in parsed {
            let members: Vec<&str> = members(set).collect();
            assert_eq!(parse(set).unwrap().words, members, "{set}");
        }
        let two = "[[rule]]\nsets = [\"a/b\", \"c/d\"]\nbad = [\"x\"]\n[[rule]]\nsets = [\n  \"e>f\",\n]\n";
        assert_eq!(sets_in_text(two).collect::<Vec<_>>(), ["a/b", "c/d", "e>f"]);
    }

    /// The words build.rs wrote are the members of the sets the pack's TOML
    /// holds, sorted, once each, and each is found in their table.
    #[test]
    fn the_listed_words_are_the_members_of_the_built_in_sets() {
        let pack: toml::Table =
            toml::from_str(include_str!("../../../rules/context.toml")).unwrap();
        let mut words: Vec<&str> = in_pack(&pack)
            .flat_map(|set| parse(set).unwrap().words)
            .collect();
        words.sort_unstable();
        words.dedup();
        assert!(words.len() > 600, "{}", words.len());
        let listed = listed_words();
        assert_eq!(listed.words, words);
        assert!(listed.slots.len().is_power_of_two() && listed.slots.len() >= 2 * words.len());
        for word in &words {
            assert!(listed.contains(word), "{word}");
            assert!(!listed.contains(&format!("{word}qx")), "{word}qx");
        }
        assert!(!listed.contains("") && !listed.contains("zebra"));
    }

    /// The sets build.rs flattened for each built-in rule that has sets
    /// are what flattening the sets its TOML holds gives.
    #[test]
    fn the_prebuilt_sets_are_the_sets_of_the_toml_flattened() {
        let pack: toml::Table =
            toml::from_str(include_str!("../../../rules/context.toml")).unwrap();
        let mut rules = 0;
        for rule in pack["rule"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            let Some(sets) = rule.get("sets").and_then(toml::Value::as_array) else {
                assert!(prebuilt(id).is_none(), "{id}");
                continue;
            };
            let sets: Vec<&str> = sets.iter().map(|s| s.as_str().unwrap()).collect();
            let flat = flatten::<std::hash::RandomState>(sets.iter().copied(), |_| Ok(())).unwrap();
            let pre = prebuilt(id).unwrap_or_else(|| panic!("{id} was not flattened"));
            assert_eq!(pre.count, sets.len(), "{id}");
            let written = Flat {
                sets: pre.sets.to_string(),
                text: pre.text.to_string(),
                ends: pre.ends.to_vec(),
                others: pre.others.to_vec(),
                others_odds: pre.others_odds.to_vec(),
                others_ends: pre.others_ends.to_vec(),
            };
            assert_eq!(written, flat, "{id}");
            // The index build.rs laid out is the one made from the members.
            let words = (0..flat.ends.len()).map(|i| {
                let start = if i == 0 { 0 } else { flat.ends[i - 1] as usize };
                &flat.text.as_bytes()[start..flat.ends[i] as usize]
            });
            let made = crate::lang::model::words::ListIndex::new(words);
            assert_eq!(made.tables(), (&pre.bits[..], pre.slots), "{id}");
            assert!(flat.others_odds.iter().any(Option::is_some) || id != "usage-pairs");
            rules += 1;
        }
        assert!(rules >= 3, "{rules}");
        assert!(prebuilt("no-such-rule").is_none());
    }

    #[test]
    fn flattening_lists_each_member_once_with_the_others_of_its_sets() {
        let flat = flatten::<std::hash::RandomState>(
            ["Cite/site/sight", "site>side:20", "sight/site:300"],
            |_| Ok(()),
        )
        .unwrap();
        assert_eq!(flat.sets, "cite/site/sight, site/side, sight/site");
        assert_eq!(flat.text, "citesitesightside");
        assert_eq!(flat.ends, [4, 8, 13, 17]);
        // cite: site, sight; site: cite, sight, side; sight: cite, site
        // (a pair met twice keeps the odds of the first set it is in).
        assert_eq!(flat.others, [1, 2, 0, 2, 3, 0, 1]);
        assert_eq!(flat.others_ends, [2, 5, 7, 7]);
        assert_eq!(
            flat.others_odds,
            [None, None, None, None, Some(20.0), None, None]
        );
        let err = flatten::<std::hash::RandomState>(["a/b", "c/d"], |w| {
            if w == "d" { Err("no d".into()) } else { Ok(()) }
        });
        assert_eq!(err, Err((1, "no d".to_string())));
    }

    /// A word in the sets of two built-in rules would get two findings with
    /// different suggestions; in one rule its sets are weighed together.
    #[test]
    fn no_word_is_in_two_built_in_rules() {
        let pack: toml::Table =
            toml::from_str(include_str!("../../../rules/context.toml")).unwrap();
        let mut owner: std::collections::HashMap<String, String> = Default::default();
        for rule in pack["rule"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            let mut one: toml::Table = toml::Table::new();
            one.insert("rule".into(), toml::Value::Array(vec![rule.clone()]));
            for set in in_pack(&one) {
                for word in parse(set).unwrap().words {
                    let first = owner
                        .entry(word.to_string())
                        .or_insert_with(|| id.to_string());
                    assert_eq!(first, id, "`{word}` is in {first} and {id}");
                }
            }
        }
        assert!(owner.len() > 600, "{} words", owner.len());
    }
}
