//! The language layer: what galley knows of English, shared by the rule
//! kinds and the run — case helpers, hashing of words, word classes and
//! inflections, dictionaries, names, pronunciation, syllables and the context
//! model.
//! It imports nothing from `rules` (`tests/integration/architecture.rs`
//! checks this); the kinds import it.

pub mod case;
pub mod dictionary;
pub mod fnv;
pub mod inflect;
pub mod lexicon;
pub mod misspellings;
pub mod model;
pub mod names;
pub mod pronounce;
pub mod syllables;
pub(crate) mod tokens;
pub(crate) mod word_index;
