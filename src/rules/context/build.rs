//! Building a `context` rule from its pack entry: the confusion sets read
//! into members and the pairs each is weighed in (a built-in rule's as
//! build.rs flattened them), and the thresholds.

use std::borrow::Cow;

use toml::Spanned;

use super::members::Members;
use super::{Candidates, ContextRule, Params, sets};
use crate::diagnostic::Applicability;
use crate::lang::fnv::BuildFnv;
use crate::lang::model;
use crate::lang::model::words::ListIndex;
use crate::rules::{Check, PackError, RuleSpec};

/// A rule's flattened sets ([`sets::flatten`]'s), borrowed or owned.
struct Flat {
    sets: Cow<'static, str>,
    text: Cow<'static, str>,
    ends: Cow<'static, [u32]>,
    others: Cow<'static, [u32]>,
    others_odds: Cow<'static, [Option<f64>]>,
    others_ends: Cow<'static, [u32]>,
}

pub(super) fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    // A built-in rule's sets were flattened by build.rs, from the same
    // text (a rule is built lazily only from a built-in pack, whose text is
    // compiled in); they are not read again.
    let prebuilt = sets::prebuilt(spec.id.as_ref())
        .filter(|pre| spec.lazy && spec.param_len("sets") == Some(pre.count));
    let p: Params = match prebuilt {
        Some(_) => spec.params_without("sets")?,
        None => spec.params()?,
    };
    let model = model::english();
    let neighbours = p.neighbours.as_ref().is_some_and(|n| *n.as_ref());
    let no_sets: Vec<Spanned<String>> = Vec::new();
    let given = p.sets.as_ref().map_or(&no_sets, |s| s.as_ref());
    if given.is_empty() && prebuilt.is_none() && !neighbours {
        return Err(PackError::at(
            spec.id.span(),
            "a context rule needs `sets` (or `neighbours = true`): it has nothing to decide between",
        ));
    }
    // Checked for a user's pack; a built-in one is checked by the tests.
    let known = |member: &str| {
        if spec.lazy || model.id(member).is_some() {
            return Ok(());
        }
        Err(format!(
            "the context model does not know `{member}`: it can only decide between words it has counts for"
        ))
    };
    // Every member once, in the order the sets give them, each with the
    // other members of every set it is in; and the sets as read. A
    // built-in rule's are borrowed as build.rs wrote them, with its index.
    let (flat, index) = match prebuilt {
        Some(pre) => (
            Flat {
                sets: Cow::Borrowed(pre.sets),
                text: Cow::Borrowed(pre.text),
                ends: Cow::Borrowed(pre.ends),
                others: Cow::Borrowed(pre.others),
                others_odds: Cow::Borrowed(pre.others_odds),
                others_ends: Cow::Borrowed(pre.others_ends),
            },
            Some(ListIndex::written(pre.bits, pre.slots)),
        ),
        None => {
            let flat =
                sets::flatten::<BuildFnv>(given.iter().map(|set| set.as_ref().as_str()), known)
                    .map_err(|(k, e)| PackError::at(given[k].span(), e))?;
            let flat = Flat {
                sets: Cow::Owned(flat.sets),
                text: Cow::Owned(flat.text),
                ends: Cow::Owned(flat.ends),
                others: Cow::Owned(flat.others),
                others_odds: Cow::Owned(flat.others_odds),
                others_ends: Cow::Owned(flat.others_ends),
            };
            (flat, None)
        }
    };
    let min_odds = p.min_odds.as_ref().map_or(100.0, |o| *o.as_ref());
    if !(min_odds >= 1.0 && min_odds.is_finite()) {
        let span = p.min_odds.as_ref().expect("a value was given").span();
        return Err(PackError::at(
            span,
            format!("`min-odds` is {min_odds}: use a number of 1 or more"),
        ));
    }
    let min_gain = min_odds.log10() as f32;
    let members = Members {
        text: flat.text,
        others: flat.others,
        others_odds: flat.others_odds,
        others_ends: flat.others_ends,
        min_gain,
        ids: std::iter::repeat_with(std::sync::OnceLock::new)
            .take(flat.ends.len())
            .collect(),
        ends: flat.ends,
    };
    let sets = flat.sets;
    let index = match index {
        Some(index) => index,
        None if members.len() == 0 => ListIndex::empty(),
        None => ListIndex::new((0..members.len()).map(|i| members.word(i).as_bytes())),
    };
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
        min_gain,
        min_odds,
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Unsafe, |a| *a.as_ref()),
    }))
}
