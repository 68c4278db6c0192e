//! A rule: what the configuration knows of it ([`RuleMeta`]), what its
//! pack says beyond that ([`RuleBody`]), its code, and its description and
//! examples ([`RuleDocs`]); for a built-in rule, the last three are read
//! from its pack when first needed.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use super::pretable::PreRule;
use super::{BadExample, Check, Context, Interner, KindInfo, Shared, apply_scope_filters, table};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};

/// One entry of a rule's `scope` or `exclude`: a block kind ("caption"),
/// every front matter field ("front-matter"), or one of them by key
/// ("front-matter.author").
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum ScopeItem {
    Kind(BlockKind),
    FrontMatter(Option<String>),
}

impl ScopeItem {
    pub fn matches(&self, block: &Block) -> bool {
        match self {
            ScopeItem::Kind(kind) => block.kind == *kind,
            ScopeItem::FrontMatter(None) => block.field.is_some(),
            ScopeItem::FrontMatter(Some(key)) => block.field.as_deref() == Some(key.as_str()),
        }
    }

    pub fn name(&self) -> String {
        match self {
            ScopeItem::Kind(kind) => kind.as_str().to_string(),
            ScopeItem::FrontMatter(None) => "front-matter".to_string(),
            ScopeItem::FrontMatter(Some(key)) => format!("front-matter.{key}"),
        }
    }
}

impl TryFrom<String> for ScopeItem {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        if name == "front-matter" {
            return Ok(ScopeItem::FrontMatter(None));
        }
        if let Some(key) = name.strip_prefix("front-matter.") {
            return Ok(ScopeItem::FrontMatter(Some(key.to_string())));
        }
        BlockKind::ALL
            .iter()
            .find(|k| k.as_str() == name)
            .map(|k| ScopeItem::Kind(*k))
            .ok_or_else(|| {
                let known: Vec<&str> = BlockKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "unknown scope `{name}`: use {}, `front-matter` or `front-matter.KEY`",
                    known.join(", ")
                )
            })
    }
}

/// What the configuration reads and changes about a rule: who it is, and
/// whether and how loudly it runs. Known without building the rule (for a
/// built-in rule, from the pack index; see [`builtin`](crate::rules::builtin)).
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: Arc<str>,
    pub pack: Arc<str>,
    pub kind: &'static KindInfo,
    pub severity: Severity,
    /// On unless the configuration turns it off.
    pub enabled: bool,
    /// The rule's own `enabled` in its pack: whether turning the pack on
    /// turns it on (a rule marked off runs only when enabled by its id).
    pub on_with_pack: bool,
}

/// What a check needs of a rule beyond its identity: its wording and where
/// it looks.
#[derive(Debug, Clone)]
pub struct RuleBody {
    pub message: String,
    pub help: Option<String>,
    /// Block kinds the rule applies to; `None` means all.
    pub scope: Option<Vec<ScopeItem>>,
    pub exclude: Vec<ScopeItem>,
    /// The block kinds the rule looks at as a bit set (bit `kind as u16`),
    /// when its scope and exclusions name only kinds: [`applies_to`] is
    /// asked once per block and rule.
    ///
    /// [`applies_to`]: RuleBody::applies_to
    pub(crate) kinds: Option<u16>,
}

/// What a pack says about a rule for people and tests: its description and
/// examples. A check run never needs them, so a built-in rule reads them
/// from its pack only when asked (`galley explain`, SARIF, the language
/// server's hover, `galley test`).
#[derive(Debug, Clone, Default)]
pub struct RuleDocs {
    pub description: Option<String>,
    pub bad: Vec<BadExample>,
    pub good: Vec<String>,
}

/// The bit set of block kinds a scope and its exclusions let through, or
/// `None` when either names a front matter key (which a kind cannot tell).
pub(crate) fn kind_mask(scope: &Option<Vec<ScopeItem>>, exclude: &[ScopeItem]) -> Option<u16> {
    let mask = |items: &[ScopeItem]| {
        items.iter().try_fold(0u16, |mask, item| match item {
            ScopeItem::Kind(kind) => Some(mask | 1 << *kind as u16),
            ScopeItem::FrontMatter(_) => None,
        })
    };
    let included = match scope {
        Some(scope) => mask(scope)?,
        None => BlockKind::ALL
            .iter()
            .filter(|&&kind| kind != BlockKind::Dateline)
            .fold(0, |mask, &kind| mask | 1 << kind as u16),
    };
    Some(included & !mask(exclude)?)
}

impl RuleBody {
    /// Whether the rule looks at `block`, by its kind or front matter key.
    /// A dateline (`BEIJING (AP) — `) has a form of its own: only rules
    /// that name it in their scope look at it.
    pub fn applies_to(&self, block: &Block) -> bool {
        if let Some(kinds) = self.kinds {
            return kinds & 1 << block.kind as u16 != 0;
        }
        let in_scope = match &self.scope {
            Some(scope) => scope.iter().any(|i| i.matches(block)),
            None => block.kind != BlockKind::Dateline,
        };
        in_scope && !self.exclude.iter().any(|i| i.matches(block))
    }

    /// Whether the rule excludes direct quotations.
    pub fn excludes_quotes(&self) -> bool {
        self.exclude.contains(&ScopeItem::Kind(BlockKind::Quote))
    }
}

/// A rule ready to run. Its body and code are built when first needed: at
/// once for a user's pack, on the first document that can trigger it for a
/// built-in one (most of a check run's built-in rules are never built).
pub struct Rule {
    pub meta: RuleMeta,
    built: OnceLock<Built>,
    docs: OnceLock<RuleDocs>,
    /// Where a rule not built yet is built from.
    deferred: Option<Deferred>,
}

struct Built {
    body: RuleBody,
    check: Box<dyn Check>,
}

/// A built-in rule known from the pack index: its `[[rule]]` table, the
/// parts of it a check does not read (see [`table::without_docs`]), and the
/// trigger words the index recorded for it, tab-separated (`None` for a
/// rule that always runs).
struct Deferred {
    table: &'static str,
    docs: &'static str,
    triggers: Option<&'static str>,
    /// The table without `docs`, as build.rs parsed it.
    parsed: Option<&'static PreRule>,
}

impl Rule {
    pub fn new(meta: RuleMeta, body: RuleBody, docs: RuleDocs, check: Box<dyn Check>) -> Self {
        Rule {
            meta,
            built: OnceLock::from(Built { body, check }),
            docs: OnceLock::from(docs),
            deferred: None,
        }
    }

    /// A built-in rule built from its `[[rule]]` table when first needed;
    /// `triggers` (tab-separated) are what its code will say (the index is
    /// checked against the packs by the test suite and the build script).
    pub fn deferred(
        meta: RuleMeta,
        table: &'static str,
        docs: &'static str,
        triggers: Option<&'static str>,
        parsed: Option<&'static PreRule>,
    ) -> Self {
        Rule {
            meta,
            built: OnceLock::new(),
            docs: OnceLock::new(),
            deferred: Some(Deferred {
                table,
                docs,
                triggers,
                parsed,
            }),
        }
    }

    fn source(&self) -> &Deferred {
        self.deferred
            .as_ref()
            .expect("a rule is either built or deferred")
    }

    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            let deferred = self.source();
            let (body, check) =
                table::build_table(deferred.table, deferred.docs, deferred.parsed, &self.meta)
                    .unwrap_or_else(|err| self.broken(err));
            Built { body, check }
        })
    }

    fn broken(&self, err: table::PackError) -> ! {
        panic!(
            "built-in rule `{}` does not build ({}); the test suite checks every one",
            self.meta.id, err.message
        )
    }

    /// The rule's wording and scope.
    pub fn body(&self) -> &RuleBody {
        &self.built().body
    }

    /// The rule's description and examples.
    pub fn docs(&self) -> &RuleDocs {
        self.docs.get_or_init(|| {
            table::read_docs(self.source().table).unwrap_or_else(|err| self.broken(err))
        })
    }

    /// Whether the rule is built (its patterns compiled) yet.
    pub(super) fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    /// How this rule's fixes are applied; `None` if it offers none.
    pub fn fix(&self) -> Option<Applicability> {
        self.built().check.fix()
    }

    /// The literal words the prefilter looks for; `None` if it always runs.
    pub fn triggers(&self) -> Option<Vec<String>> {
        self.trigger_words()
            .map(|words| words.into_iter().map(Cow::into_owned).collect())
    }

    /// The trigger words as [`Rule::triggers`] gives them, borrowed from
    /// the pack index while the rule is not built.
    pub fn trigger_words(&self) -> Option<Vec<Cow<'static, str>>> {
        match (&self.deferred, self.built.get()) {
            (_, Some(built)) => built
                .check
                .triggers()
                .map(|words| words.into_iter().map(Cow::Owned).collect()),
            (Some(deferred), None) => deferred
                .triggers
                .map(|words| words.split('\t').map(Cow::Borrowed).collect()),
            (None, None) => unreachable!("a rule is either built or deferred"),
        }
    }

    /// Parameter lines for `galley explain` (a phrase rule's pattern).
    pub fn details(&self) -> Vec<(&'static str, String)> {
        self.built().check.details()
    }

    /// The parts of the document's shared work it reads.
    pub(super) fn reads(&self) -> super::Reads {
        self.built().check.reads()
    }

    /// Runs this rule alone over a document; diagnostics sorted by position.
    pub fn check(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.run(
            doc,
            &mut out,
            None,
            &Shared::default(),
            &Interner::default(),
        );
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out
    }

    /// Runs this rule over a document, adding its findings to `out`;
    /// `hits` are where the prefilter found its triggers, if it looked.
    pub(super) fn run(
        &self,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
        hits: Option<&[super::prefilter::Hit]>,
        shared: &Shared,
        interner: &Interner,
    ) {
        let first = out.len();
        let built = self.built();
        let mut cx = Context {
            meta: &self.meta,
            body: &built.body,
            out,
            hits,
            shared,
            interner,
        };
        built.check.check(doc, &mut cx);
        apply_scope_filters(self, doc, out, first);
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("meta", &self.meta)
            .field("body", &self.built.get().map(|b| &b.body))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_mask_agrees_with_the_scope() {
        let kind = |k: BlockKind| ScopeItem::Kind(k);
        let scopes = [
            None,
            Some(vec![kind(BlockKind::Caption)]),
            Some(vec![kind(BlockKind::Paragraph), kind(BlockKind::Dateline)]),
        ];
        let excludes = [
            vec![],
            vec![kind(BlockKind::Quote)],
            vec![kind(BlockKind::Paragraph)],
        ];
        let source = crate::source::SourceFile::new("t.txt", "A paragraph.\n");
        let doc = crate::document::Document::parse(
            &source,
            crate::document::Format::TEXT,
            &crate::document::ArticleSettings::default(),
        );
        let mut block = doc.blocks[0].clone();
        for scope in &scopes {
            for exclude in &excludes {
                let mut body = RuleBody {
                    message: String::new(),
                    help: None,
                    scope: scope.clone(),
                    exclude: exclude.clone(),
                    kinds: kind_mask(scope, exclude),
                };
                assert!(body.kinds.is_some());
                for k in BlockKind::ALL {
                    block.kind = k;
                    let fast = body.applies_to(&block);
                    body.kinds = None;
                    assert_eq!(
                        fast,
                        body.applies_to(&block),
                        "{k:?} in {scope:?} but {exclude:?}"
                    );
                    body.kinds = kind_mask(scope, exclude);
                }
            }
        }
        let front = Some(vec![ScopeItem::FrontMatter(None)]);
        assert_eq!(kind_mask(&front, &[]), None);
    }
}
