//! Vale compatibility, the reading half: Vale's YAML rule files ([`rule`])
//! and its `.vale.ini` configuration ([`ini`]), read into plain typed
//! values with every error placed in its file. The `vale` rule kind
//! compiles a [`rule::Definition`]; `config` wires both into a run.

pub mod formula;
pub mod ini;
pub mod masks;
pub mod regex;
pub mod rule;
pub mod scope;
pub mod section;
mod value;
pub mod yaml;

pub use rule::{Definition, Extends, Ignores, Level, Masks, Placed, RuleError};
