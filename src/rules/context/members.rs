//! The members of a `context` rule's confusion sets, held flat, each with
//! the other members it is weighed against and their model ids.

use std::borrow::Cow;

use crate::lang::model::Model;
use crate::lang::model::neighbours::Alternative;

/// The members of a rule's sets (lowercase), each once, with the other
/// members of the sets it is in, held flat: a rule of a few hundred sets
/// is built without an allocation per member, and a built-in rule's
/// borrows what build.rs wrote.
#[derive(Default)]
pub(super) struct Members {
    /// The members' spellings, one after another.
    pub text: Cow<'static, str>,
    /// Where each member's spelling ends in `text`.
    pub ends: Cow<'static, [u32]>,
    /// The other members of each member's sets, as indexes, in the order
    /// the sets give them; member `i`'s end at `others_ends[i]`.
    pub others: Cow<'static, [u32]>,
    /// The own odds of the set each of `others` came from, if it has them.
    pub others_odds: Cow<'static, [Option<f64>]>,
    pub others_ends: Cow<'static, [u32]>,
    /// log10 of the rule's `min-odds`: the gain each of `others` must
    /// reach unless its set has odds of its own.
    pub min_gain: f32,
    /// Each member's id in the model and its alternatives' (with the gain
    /// each must reach), looked up when the member is first met in a text: a run
    /// that meets none of a rule's words never touches the model for them.
    pub ids: Vec<std::sync::OnceLock<Option<MemberIds>>>,
}

/// A member's id in the model, and its alternatives' ids with the least
/// gain (log10) that flags the member for each.
type MemberIds = (u32, Vec<Alternative>);

impl Members {
    fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        start..ends[i] as usize
    }

    pub fn word(&self, i: usize) -> &str {
        &self.text[Self::span(&self.ends, i)]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Member `i`'s model ids and its alternatives' (the words the model
    /// knows; a user's pack is refused a word it does not, when built).
    pub fn ids(&self, i: usize, model: &Model) -> Option<&MemberIds> {
        self.ids[i]
            .get_or_init(|| {
                let span = Self::span(&self.others_ends, i);
                let others = self.others[span.clone()]
                    .iter()
                    .zip(&self.others_odds[span])
                    .filter_map(|(&o, &odds)| {
                        Some(Alternative {
                            id: model.id(self.word(o as usize))?,
                            min_gain: odds.map_or(self.min_gain, |odds| odds.log10() as f32),
                            spread: false,
                            function_for_content: false,
                        })
                    })
                    .collect();
                Some((model.id(self.word(i))?, others))
            })
            .as_ref()
    }
}
