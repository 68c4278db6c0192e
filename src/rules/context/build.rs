//! Building a `context` rule from its pack entry: the confusion sets read
//! into members and the pairs each is weighed in, and the thresholds.

use std::borrow::Cow;
use std::collections::HashMap;

use toml::Spanned;

use super::members::Members;
use super::{Candidates, ContextRule, Params, sets};
use crate::diagnostic::Applicability;
use crate::lang::fnv::BuildFnv;
use crate::lang::model;
use crate::lang::model::words::ListIndex;
use crate::rules::{Check, PackError, RuleSpec};
use crate::source::to_u32;
use sets::lowercase;

pub(super) fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let model = model::english();
    let neighbours = p.neighbours.as_ref().is_some_and(|n| *n.as_ref());
    let no_sets: Vec<Spanned<String>> = Vec::new();
    let given = p.sets.as_ref().map_or(&no_sets, |s| s.as_ref());
    if given.is_empty() && !neighbours {
        return Err(PackError::at(
            spec.id.span(),
            "a context rule needs `sets` (or `neighbours = true`): it has nothing to decide between",
        ));
    }
    // Every member once, in the order the sets give them, each with the
    // other members of every set it is in; and the sets as read.
    let listed = given.len() * 2;
    let mut number: HashMap<Cow<str>, u32, BuildFnv> =
        HashMap::with_capacity_and_hasher(listed, BuildFnv::default());
    let mut members = Members::default();
    let mut pairs: Vec<(u32, u32, Option<f32>)> = Vec::with_capacity(2 * listed);
    let mut set_members: Vec<u32> = Vec::new();
    let mut sets = String::new();
    for set in given {
        let parsed = sets::parse(set.as_ref()).map_err(|e| PackError::at(set.span(), e))?;
        let own_odds = parsed.odds.map(|odds| odds.log10() as f32);
        let (listed, one_way) = (parsed.words, parsed.one_way);
        set_members.clear();
        for member in listed.into_iter().map(lowercase) {
            // Checked for a user's pack; a built-in one is checked by the tests.
            if !spec.lazy && model.id(&member).is_none() {
                return Err(PackError::at(
                    set.span(),
                    format!(
                        "the context model does not know `{member}`: it can only decide between words it has counts for"
                    ),
                ));
            }
            sets.push_str(match (sets.is_empty(), set_members.is_empty()) {
                (true, _) => "",
                (false, true) => ", ",
                (false, false) => "/",
            });
            sets.push_str(&member);
            let i = match number.get(&*member) {
                Some(&i) => i,
                None => {
                    members.text.push_str(&member);
                    members.ends.push(to_u32(members.text.len()));
                    let i = to_u32(members.ends.len() - 1);
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
    let min_odds = p.min_odds.as_ref().map_or(100.0, |o| *o.as_ref());
    if !(min_odds >= 1.0 && min_odds.is_finite()) {
        let span = p.min_odds.as_ref().expect("a value was given").span();
        return Err(PackError::at(
            span,
            format!("`min-odds` is {min_odds}: use a number of 1 or more"),
        ));
    }
    // By member, each member's pairs in the order made (a stable sort),
    // a member met in two sets with the same word kept once.
    let min_gain = min_odds.log10() as f32;
    pairs.sort_by_key(|&(i, _, _)| i);
    let mut pairs = pairs.into_iter().peekable();
    for i in 0..to_u32(members.len()) {
        let from = members.others.len();
        while let Some((_, j, own)) = pairs.next_if(|&(at, _, _)| at == i) {
            if !members.others[from..].contains(&j) {
                members.others.push(j);
                members.others_gain.push(own.unwrap_or(min_gain));
            }
        }
        members.others_ends.push(to_u32(members.others.len()));
    }
    members.ids = std::iter::repeat_with(std::sync::OnceLock::new)
        .take(members.len())
        .collect();
    let index = ListIndex::new((0..members.len()).map(|i| members.word(i).as_bytes()));
    Ok(Box::new(ContextRule {
        members,
        index,
        neighbours: neighbours.then(|| {
            let per_million = p.min_frequency.as_ref().map_or(1.0, |f| *f.as_ref());
            (per_million.max(1e-3) / 1e6).log10() as f32
        }),
        number: p.number.as_ref().is_some_and(|n| *n.as_ref()),
        sentence_start: p.sentence_start.as_ref().is_some_and(|n| *n.as_ref()),
        function_word_gain: {
            let function = p
                .function_word_min_odds
                .as_ref()
                .map_or(30000.0, |o| *o.as_ref());
            let to_function = p.content_to_function_min_odds.as_ref();
            let to_function = to_function.map_or(function, |o| *o.as_ref());
            let gain = |odds: f64| odds.max(1.0).log10() as f32;
            (gain(function), gain(to_function))
        },
        agreed_gain: {
            let to_function = p.content_to_function_min_odds.as_ref();
            let to_function = to_function.or(p.function_word_min_odds.as_ref());
            let agreed = p
                .content_to_function_agreed_min_odds
                .as_ref()
                .or(to_function);
            agreed.map_or(30000.0, |o| *o.as_ref()).max(1.0).log10() as f32
        },
        candidates: Candidates::default(),
        sets,
        min_gain: min_odds.log10() as f32,
        min_odds,
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Unsafe, |a| *a.as_ref()),
    }))
}
