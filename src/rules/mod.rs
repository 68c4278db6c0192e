//! Rules: the [`Check`] trait that every rule kind implements, the metadata a
//! pack gives each rule, and the run of all enabled rules over one document.
//!
//! A *kind* is Rust code (one file per kind below); a *rule* is a kind plus an
//! id, severity, wording, parameters and examples, declared in a TOML pack.

mod acronym;
mod article;
mod bad_example;
pub mod builtin;

mod capitalization;
mod confusion;
mod consistency;
mod context;
mod duplicate_caption;
mod duplicate_paragraph;
pub mod examples;
mod existence;
mod furniture;
mod held;
mod interner;
mod matcher;
mod metric;
mod misspelling;
pub mod pack;
mod params;
mod people;
mod phrase;
pub mod prefilter;
mod pretable;
mod pull_quote;
mod regex_check;
mod registry;
mod repetition;
mod rule;
mod run;
mod shared;
mod spelling;
mod substitution;
mod table;
mod vale;
mod whitespace;

pub use crate::lang::case::match_case;
pub use pack::Pack;

/// A built-in pack's fingerprint, as `rules/builtin.index` records it.
pub fn builtin_pack_fingerprint(text: &str) -> String {
    builtin::fingerprint(text)
}
pub use bad_example::{BadExample, MARK_CLOSE, MARK_OPEN, unmark};
pub use held::Reads;
pub(crate) use interner::Interner;
pub use registry::{KindInfo, find_kind};
pub(crate) use rule::kind_mask;
pub use rule::{Rule, RuleBody, RuleDocs, RuleMeta, ScopeItem};
pub use run::{
    Concurrency, Select, check_document, check_selected, cores, merge_findings, threads_for,
};
pub use shared::{Cancel, Shared};
pub use table::{PackError, RuleSpec};
pub use vale::UNSUPPORTED as VALE_UNSUPPORTED_REGEX;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Related, Severity};
use crate::document::{Block, Document};
use crate::source::Span;
use prefilter::Hit;

/// Every rule kind galley has: the one list that names them (the engine
/// finds a kind by name with [`find_kind`]).
pub static KINDS: &[&KindInfo] = &[
    &substitution::KIND,
    &existence::KIND,
    &confusion::KIND,
    &context::KIND,
    &repetition::KIND,
    &duplicate_caption::KIND,
    &duplicate_paragraph::KIND,
    &furniture::KIND,
    &whitespace::KIND,
    &consistency::KIND,
    &acronym::KIND,
    &capitalization::KIND,
    &metric::KIND,
    &metric::OCCURRENCE,
    &misspelling::KIND,
    &spelling::KIND,
    &phrase::KIND,
    &article::KIND,
    &people::KIND,
    &pull_quote::KIND,
    &vale::KIND,
];

/// The code of a rule kind. Stateless: everything it needs was compiled when
/// the pack was loaded, so one instance is shared by all threads.
pub trait Check: Send + Sync {
    fn check(&self, doc: &Document, cx: &mut Context);

    /// How the fixes this rule offers may be applied; `None` if it has none.
    fn fix(&self) -> Option<Applicability> {
        None
    }

    /// Lowercase literal words one of which every finding of this rule
    /// contains, for the prefilter; `None` means the rule always runs.
    fn triggers(&self) -> Option<Vec<String>> {
        None
    }

    /// What `galley explain` shows of the rule's parameters beyond its
    /// wording: (label, value) lines, such as a phrase rule's pattern.
    fn details(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The parts of the document's shared work (see [`Shared`]) the rule
    /// reads: each is let go once its last reader is done, so a rule that
    /// reads one must say so.
    fn reads(&self) -> Reads {
        Reads::NOTHING
    }
}

/// Whether a rule runs on a file, and at which severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RulePolicy {
    pub enabled: bool,
    pub severity: Severity,
}

/// Drops the findings (from index `first` on) that the rule's scope rules
/// out beyond block kinds: inside a direct quotation when the rule excludes
/// `quote`, and on a word marked `[sic]` for kinds that honour it.
fn apply_scope_filters(rule: &Rule, doc: &Document, out: &mut Vec<Diagnostic>, first: usize) {
    // Most rules find nothing in most documents: then there is nothing to
    // drop, and the text is not searched for `[sic]`.
    if out.len() == first {
        return;
    }
    let skip_quotes = rule.body().excludes_quotes() && !doc.quotes.is_empty();
    let honour_sic = rule.meta.kind.honours_sic
        && memchr::memmem::find(doc.source.text.as_bytes(), b"[sic]").is_some();
    if !skip_quotes && !honour_sic {
        return;
    }
    let text = &doc.source.text;
    // One pass that keeps what stays in order (removing the findings one
    // by one moved all those after each: quadratic in a document whose
    // quotations are full of slips).
    let mut index = 0;
    out.retain(|d| {
        index += 1;
        if index <= first {
            return true;
        }
        let span = d.span;
        let quoted = skip_quotes && doc.in_quotation(span);
        let sic = honour_sic
            && text[span.end..]
                .trim_start_matches([' ', '\u{a0}'])
                .starts_with("[sic]");
        !(quoted || sic)
    });
}

/// Where a rule reports its findings.
pub struct Context<'a> {
    meta: &'a RuleMeta,
    body: &'a RuleBody,
    out: &'a mut Vec<Diagnostic>,
    /// Where the prefilter found this rule's triggers (source offsets,
    /// sorted); `None` to look in every block.
    hits: Option<&'a [Hit]>,
    /// Work done once per document for all the rules that need it.
    pub shared: &'a Shared,
    /// Texts of findings already reported on this thread.
    interner: &'a Interner,
}

/// The indexes of the blocks that hold one of a rule's trigger hits (all
/// blocks when the prefilter did not look). With the blocks in source
/// order, hits and blocks are walked together by galloping search, so a
/// rule whose triggers are rare costs nothing per block.
struct Candidates<'d, 'h> {
    blocks: &'d [Block<'d>],
    /// Trigger hits' source offsets, sorted.
    hits: Option<&'h [Hit]>,
    by_hits: bool,
    /// The next hit to look from (by hits), or the next block.
    next: usize,
    /// By hits: the block the last hit was in or before.
    block: usize,
}

/// Whether one of `hits` (sorted by offset) lies inside `span`.
fn hit_within(hits: &[Hit], span: Span) -> bool {
    let i = hits.partition_point(|&at| (at as usize) < span.start);
    hits.get(i).is_some_and(|&at| (at as usize) < span.end)
}

/// `slice.partition_point(pred)` by galloping from the front: a step or two
/// when the answer is near, a binary search when it is far.
fn gallop<T>(slice: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut bound = 1;
    while bound < slice.len() && pred(&slice[bound - 1]) {
        bound *= 2;
    }
    let window = &slice[bound / 2..bound.min(slice.len())];
    bound / 2 + window.partition_point(pred)
}

impl Iterator for Candidates<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self.hits {
            Some(hits) if self.by_hits => loop {
                let at = *hits.get(self.next)? as usize;
                // Hits and blocks are both in order: each search goes on
                // from where the last one stopped.
                let from = self.block.min(self.blocks.len());
                let i = from + gallop(&self.blocks[from..], |b| b.span.end <= at);
                self.block = i;
                let block = self.blocks.get(i)?;
                let rest = &hits[self.next..];
                if block.span.start <= at {
                    // Past every hit inside this block.
                    self.next += gallop(rest, |&at| (at as usize) < block.span.end);
                    return Some(i);
                }
                // A hit between blocks: go on from the first hit in block `i`.
                self.next += gallop(rest, |&at| (at as usize) < block.span.start);
            },
            hits => {
                while self.next < self.blocks.len() {
                    let (i, b) = (self.next, &self.blocks[self.next]);
                    self.next += 1;
                    if hits.is_none_or(|h| hit_within(h, b.span)) {
                        return Some(i);
                    }
                }
                None
            }
        }
    }
}

/// One finding, before the rule's wording is applied.
pub struct Finding<'v> {
    pub span: Span,
    /// Values for the `{name}` placeholders of the message and help.
    pub vars: &'v [(&'static str, &'v str)],
    pub label: Option<std::borrow::Cow<'static, str>>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// Help the kind writes itself, instead of the pack's template (when
    /// the template's suggestion does not apply to this finding).
    pub help: Option<String>,
}

impl<'v> Finding<'v> {
    pub fn new(span: Span, vars: &'v [(&'static str, &'v str)]) -> Self {
        Finding {
            span,
            vars,
            label: None,
            related: Vec::new(),
            fix: None,
            help: None,
        }
    }
}

impl<'a> Context<'a> {
    /// The blocks this rule applies to, with their indexes: for a rule
    /// with triggers, only the blocks holding one.
    pub fn blocks<'d>(
        &self,
        doc: &'d Document<'d>,
    ) -> impl Iterator<Item = (usize, &'d Block<'d>)> + use<'a, 'd> {
        let body: &'a RuleBody = self.body;
        let shared: &'a Shared = self.shared;
        let blocks: &'d [Block<'d>] = &doc.blocks;
        Candidates {
            blocks,
            hits: self.hits,
            by_hits: doc.in_source_order,
            next: 0,
            block: 0,
        }
        .map(move |i| (i, &blocks[i]))
        .filter(move |(_, b)| body.applies_to(b))
        // A check asked to stop stops between blocks too, not only
        // between rules: one rule over a long document takes seconds.
        .take_while(move |_| !shared.cancelled())
    }

    pub fn applies_to(&self, block: &Block) -> bool {
        self.body.applies_to(block)
    }

    /// Whether the check is asked to stop: a kind that walks the whole
    /// document other than by [`Context::blocks`] (names, figures, quotes
    /// against the story) asks between its steps, and returns.
    pub fn stopped(&self) -> bool {
        self.shared.cancelled()
    }

    /// Whether the prefilter found one of the rule's triggers inside `span`
    /// (always true when it did not look).
    /// How many findings this run has reported so far (all rules'), to
    /// pass to [`Context::retain_since`].
    pub fn reported(&self) -> usize {
        self.out.len()
    }

    /// Keeps, of the findings reported since `first`, those `keep` allows
    /// (a rule that learns only after reporting that some places are out
    /// of bounds: Vale's TokenIgnores).
    pub fn retain_since(&mut self, first: usize, mut keep: impl FnMut(&Diagnostic) -> bool) {
        let mut index = 0;
        self.out.retain(|d| {
            index += 1;
            index <= first || keep(d)
        });
    }

    pub fn may_fire_in(&self, span: Span) -> bool {
        self.hits.is_none_or(|h| hit_within(h, span))
    }

    pub fn report(&mut self, finding: Finding) {
        let (meta, body) = (self.meta, self.body);
        // A finding is held until the document's are all written out: the
        // room a push reserved beyond its related places is given back
        // (one related place pushed reserves four: 160 bytes, not 40).
        let mut related = finding.related;
        related.shrink_to_fit();
        self.out.push(Diagnostic {
            rule: meta.id.clone(),
            severity: meta.severity,
            message: self.interner.intern(render(&body.message, finding.vars)),
            span: finding.span,
            label: finding.label,
            related,
            notes: Vec::new(),
            help: finding
                .help
                .or_else(|| body.help.as_deref().map(|h| render(h, finding.vars)))
                .map(|help| self.interner.intern(help)),
            fix: finding.fix,
        });
    }
}

/// Fills `{name}` placeholders; `{{` and `}}` stand for braces.
pub fn render(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let name = &tail[1..end];
            match vars.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                out.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers for the unit tests of each kind.

    use super::*;
    use crate::document::ArticleSettings;
    use crate::document::Format;
    use crate::fix::apply_fixes;
    use crate::source::SourceFile;

    /// The built-in rules, as the default configuration builds them.
    pub fn builtin_rules() -> Vec<Rule> {
        crate::config::Settings::builtin().rules
    }

    /// Builds a rule of `kind` from TOML parameter lines.
    pub fn rule(kind: &str, params: &str) -> Rule {
        let text = format!(
            "[pack]\nname = \"test\"\n[[rule]]\nid = \"t\"\nkind = \"{kind}\"\nmessage = \"m\"\nbad = [\"x\"]\n{params}\n"
        );
        let pack = Pack::parse(&text).unwrap_or_else(|e| panic!("test pack: {}", e.message));
        pack.rules.into_iter().next().expect("one rule")
    }

    /// The message of the error building a rule of `kind` gives.
    pub fn build_error(kind: &str, params: &str) -> String {
        let text = format!(
            "[pack]\nname = \"test\"\n[[rule]]\nid = \"t\"\nkind = \"{kind}\"\nmessage = \"m\"\nbad = [\"x\"]\n{params}\n"
        );
        match Pack::parse(&text) {
            Ok(_) => panic!("the rule was built: {params}"),
            Err(e) => e.message,
        }
    }

    pub fn findings(text: &str, rule: &Rule) -> Vec<(String, Option<String>)> {
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        rule.check(&doc)
            .into_iter()
            .map(|d| {
                (
                    source.slice(d.span).to_string(),
                    d.help.map(|h| h.to_string()),
                )
            })
            .collect()
    }

    /// Each finding's text and the texts of its related places.
    pub fn with_related(text: &str, rule: &Rule) -> Vec<(String, Vec<String>)> {
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        rule.check(&doc)
            .into_iter()
            .map(|d| {
                let related = d.related.iter().map(|r| source.slice(r.span).to_string());
                (source.slice(d.span).to_string(), related.collect())
            })
            .collect()
    }

    pub fn flagged(text: &str, rule: &Rule) -> Vec<String> {
        findings(text, rule).into_iter().map(|f| f.0).collect()
    }

    pub fn fixed(text: &str, rule: &Rule) -> String {
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let diags = rule.check(&doc);
        apply_fixes(&source.text, &diags, true).text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn render_fills_known_placeholders() {
        assert_eq!(
            render(
                "`{match}` → `{replacement}` {{x}} {other}",
                &[("match", "a"), ("replacement", "b")]
            ),
            "`a` → `b` {x} {other}"
        );
        assert_eq!(placeholders("{a} and {{b}} {c}"), ["a", "c"]);
    }

    fn candidates(doc: &Document, hits: Option<&[Hit]>, by_hits: bool) -> Vec<usize> {
        Candidates {
            blocks: &doc.blocks,
            hits,
            by_hits,
            next: 0,
            block: 0,
        }
        .collect()
    }

    fn parse_text(source: &crate::source::SourceFile) -> Document<'_> {
        Document::parse(
            source,
            crate::document::Format::TEXT,
            &crate::document::ArticleSettings::default(),
        )
    }

    #[test]
    fn a_rule_with_hits_looks_at_the_blocks_holding_them() {
        let text = "Headline\n\nOne the the.\n\nTwo.\n\nThree then.\n\nFour.\n";
        let source = crate::source::SourceFile::new("t.txt", text);
        let doc = parse_text(&source);
        assert!(doc.in_source_order);
        let at = |w: &str| text.find(w).unwrap() as u32;
        // Hits in block 1 (twice), between blocks, in block 3, past the end.
        let hits = [
            at("the the"),
            at("the."),
            at("\n\nTwo"),
            at("then"),
            text.len() as u32,
        ];
        assert_eq!(candidates(&doc, Some(&hits), true), [1, 3]);
        assert_eq!(candidates(&doc, Some(&hits), false), [1, 3]);
        let all: Vec<usize> = (0..doc.blocks.len()).collect();
        assert_eq!(candidates(&doc, None, true), all);
        // Many blocks, hits close together and far apart.
        let text: String = (0..200)
            .map(|i| format!("Paragraph {i} here.\n\n"))
            .collect();
        let source = crate::source::SourceFile::new("t.txt", text.as_str());
        let doc = parse_text(&source);
        for step in [1, 7, 19, 150, 1500] {
            let hits: Vec<Hit> = (0..text.len()).step_by(step).map(|at| at as u32).collect();
            assert_eq!(
                candidates(&doc, Some(&hits), true),
                candidates(&doc, Some(&hits), false),
                "hits every {step} bytes"
            );
        }
    }

    #[test]
    fn findings_that_say_the_same_thing_share_its_text() {
        let interner = Interner::default();
        let a = interner.intern("`the` is repeated".to_string());
        let b = interner.intern("`the` is repeated".to_string());
        let c = interner.intern("`a` is repeated".to_string());
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(&*c, "`a` is repeated");
    }
}
