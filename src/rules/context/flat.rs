// A `context` rule's confusion sets read and flattened into its members
// (each once, with the other members it is weighed against), shared by
// build.rs (which flattens the built-in rules' sets and writes the result
// for `sets::prebuilt`) and src/rules/context/sets.rs (which flattens a
// user's sets, and whose tests check the written result against it)
// through `include!`, so the two cannot disagree.

/// A set as written.
pub(crate) struct SetSpec<'s> {
    /// The members, as written (not yet trimmed or lowercased).
    pub words: Vec<&'s str>,
    /// Only the first member is judged, against the second.
    pub one_way: bool,
    /// Its own odds, in place of the rule's `min-odds`.
    pub odds: Option<f64>,
}

/// Reads one set, or says what is wrong with it.
pub(crate) fn parse(set: &str) -> Result<SetSpec<'_>, String> {
    let (words, odds) = match set.rsplit_once(':') {
        Some((words, odds)) => match odds.trim().parse::<f64>() {
            Ok(odds) if odds >= 1.0 && odds.is_finite() => (words, Some(odds)),
            _ => {
                return Err(format!(
                    "the set `{set}` ends in `:{odds}`: give its odds as a number of 1 or more"
                ));
            }
        },
        None => (set, None),
    };
    let (words, one_way) = match words.split_once('>') {
        Some((from, to)) if from.contains('/') || to.contains(['/', '>']) => {
            return Err(format!(
                "the set `{set}` mixes `>` with other members: write a one-way pair as `word>word`"
            ));
        }
        Some((from, to)) => (vec![from, to], true),
        None => (words.split('/').collect::<Vec<_>>(), false),
    };
    if words.len() < 2 {
        return Err(format!(
            "the set `{set}` has one member: separate its words with `/`"
        ));
    }
    if words.iter().any(|w| w.trim().is_empty()) {
        return Err(format!("the set `{set}` has an empty member"));
    }
    Ok(SetSpec {
        words,
        one_way,
        odds,
    })
}

/// A set member as written, trimmed and lowercased (borrowed when it
/// already is).
pub(crate) fn lowercase(member: &str) -> std::borrow::Cow<'_, str> {
    let member = member.trim();
    if member.is_ascii() && !member.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(member)
    } else {
        std::borrow::Cow::Owned(member.to_lowercase())
    }
}

/// A rule's sets flattened: every member once, in the order the sets give
/// them, each with the other members of every set it is in.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Flat {
    /// The sets as read, members lowercased: `a/b, c/d/e`.
    pub sets: String,
    /// The members' spellings, one after another.
    pub text: String,
    /// Where each member's spelling ends in `text`.
    pub ends: Vec<u32>,
    /// The other members of each member's sets, as indexes, in the order
    /// the sets give them, a member met in two sets with the same word
    /// once; member `i`'s end at `others_ends[i]`.
    pub others: Vec<u32>,
    /// The own odds of the set each of `others` came from, if it has them.
    pub others_odds: Vec<Option<f64>>,
    pub others_ends: Vec<u32>,
}

/// Flattens `sets`; `known` is asked about each member (lowercased) as it
/// is read. An error gives the index of the set it is in.
#[allow(dead_code)]
pub(crate) fn flatten<'s, H: std::hash::BuildHasher + Default>(
    sets: impl IntoIterator<Item = &'s str>,
    mut known: impl FnMut(&str) -> Result<(), String>,
) -> Result<Flat, (usize, String)> {
    let mut flat = Flat::default();
    let mut number: std::collections::HashMap<std::borrow::Cow<str>, u32, H> =
        std::collections::HashMap::default();
    let mut pairs: Vec<(u32, u32, Option<f64>)> = Vec::new();
    let mut set_members: Vec<u32> = Vec::new();
    let count = |len: usize| u32::try_from(len).expect("fewer than 2^32 members");
    for (k, set) in sets.into_iter().enumerate() {
        let parsed = parse(set).map_err(|e| (k, e))?;
        let (own_odds, one_way) = (parsed.odds, parsed.one_way);
        set_members.clear();
        for member in parsed.words.into_iter().map(lowercase) {
            known(&member).map_err(|e| (k, e))?;
            let separator = match (flat.sets.is_empty(), set_members.is_empty()) {
                (true, _) => "",
                (false, true) => ", ",
                (false, false) => "/",
            };
            flat.sets.push_str(separator);
            flat.sets.push_str(&member);
            let i = match number.get(&*member) {
                Some(&i) => i,
                None => {
                    flat.text.push_str(&member);
                    flat.ends.push(count(flat.text.len()));
                    let i = count(flat.ends.len() - 1);
                    number.insert(member, i);
                    i
                }
            };
            set_members.push(i);
        }
        if one_way {
            pairs.push((set_members[0], set_members[1], own_odds));
            continue;
        }
        for &i in &set_members {
            pairs.extend(
                set_members
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| (i, j, own_odds)),
            );
        }
    }
    // By member, each member's pairs in the order made (a stable sort),
    // a member met in two sets with the same word kept once.
    pairs.sort_by_key(|&(i, _, _)| i);
    let mut pairs = pairs.into_iter().peekable();
    for i in 0..count(flat.ends.len()) {
        let from = flat.others.len();
        while let Some((_, j, own)) = pairs.next_if(|&(at, _, _)| at == i) {
            if !flat.others[from..].contains(&j) {
                flat.others.push(j);
                flat.others_odds.push(own);
            }
        }
        flat.others_ends.push(count(flat.others.len()));
    }
    Ok(flat)
}
