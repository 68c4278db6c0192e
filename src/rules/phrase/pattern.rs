//! The phrase pattern language: parsing a pattern into a tree of [`Node`]s
//! and matching it against a clause's tokens.
//!
//! The syntax is Harper's Weir expression language, so that Harper's rules
//! port as written:
//!
//! | pattern | matches |
//! |---|---|
//! | `could of` | the word `could`, a space, the word `of` (any case) |
//! | `(a b)` | a sequence |
//! | `[a, (b c), d]` | the longest of the alternatives |
//! | `<(could of), of>` | find `could of`, then report only `of` inside it |
//! | `!x` | one token that does not start a match of `x` |
//! | `[(very ), ()]good` | `()` matches nothing: an optional word (with its space) |
//! | `NOUN`, `VERB`, `ADJ`, `ADV`, `DET`, `PRON`, `AUX`, `ADP`, `CONJ`, `CCONJ`, `SCONJ`, `PART`, `NUM`, `PROPN`, `PROG` | a word of that class |
//! | `$lemma` | any inflection of `lemma` (`$go`: go, goes, gone, going, went) |
//! | `@name` | the pattern named `name` in the rule's `define` table |
//! | `*` | any one token |
//! | `-`, `.`, `,` … | that punctuation mark |
//!
//! A space in a pattern matches the whitespace between two words; two items
//! written without a space between them (`low-hanging`) must touch.

use foldhash::HashMap;

use crate::lang::inflect;
use crate::lang::lexicon::{self, Class};
use crate::lang::tokens::{TokKind, Toks};

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Space,
    Word(String),
    /// Any of these word forms (an inflected lemma).
    Forms(Vec<String>),
    Punct(char),
    Class(Class),
    Not(Box<Node>),
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Filter(Vec<Node>),
    Any,
}

/// Why a pattern does not parse: a message and the byte offset in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub message: String,
    pub at: usize,
}

/// Parses `pattern`, resolving `@name` references through `defines`
/// (themselves patterns, which may refer to each other but not in a cycle).
pub fn parse(pattern: &str, defines: &HashMap<String, String>) -> Result<Node, PatternError> {
    Parser::new(pattern, defines, 0).parse_all()
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    defines: &'a HashMap<String, String>,
    depth: usize,
}

const MAX_REF_DEPTH: usize = 16;

impl<'a> Parser<'a> {
    fn new(text: &'a str, defines: &'a HashMap<String, String>, depth: usize) -> Self {
        Parser {
            text,
            pos: 0,
            defines,
            depth,
        }
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, PatternError> {
        Err(PatternError {
            message: message.into(),
            at: self.pos,
        })
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn parse_all(mut self) -> Result<Node, PatternError> {
        let node = self.parse_seq(None)?;
        if self.pos < self.text.len() {
            return self.err(format!("unexpected `{}`", self.peek().unwrap_or(' ')));
        }
        if node == Node::Seq(Vec::new()) {
            return self.err("the pattern is empty");
        }
        Ok(node)
    }

    /// Items up to `close` (or the end), with spaces as [`Node::Space`];
    /// inside a list (`stop_at_comma`), also up to a comma.
    fn parse_seq(&mut self, close: Option<char>) -> Result<Node, PatternError> {
        self.parse_items(close, false)
    }

    fn parse_items(&mut self, close: Option<char>, in_list: bool) -> Result<Node, PatternError> {
        // A lone item is kept out of `items` until a second comes: most
        // alternatives of a list are one word, which needs no vector.
        let mut items = Vec::new();
        let mut lone = None;
        if in_list {
            self.skip_spaces();
        }
        while let Some(c) = self.peek() {
            if Some(c) == close || (in_list && c == ',') {
                break;
            }
            if c.is_whitespace() {
                self.skip_spaces();
                let next = self.peek();
                let ends = next.is_none() || next == close || (in_list && next == Some(','));
                if !(in_list && ends) && items.last().or(lone.as_ref()) != Some(&Node::Space) {
                    add(&mut items, &mut lone, Node::Space);
                }
                continue;
            }
            let item = self.parse_item()?;
            add(&mut items, &mut lone, item);
        }
        Ok(lone.unwrap_or(Node::Seq(items)))
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
    }

    fn parse_list(&mut self, close: char) -> Result<Vec<Node>, PatternError> {
        let open_at = self.pos - 1;
        let mut children = Vec::new();
        loop {
            self.skip_spaces();
            if self.peek().is_none_or(|c| c == ',' || c == close) {
                return self.err("an empty alternative (write `()` for nothing)");
            }
            let child = self.parse_items(Some(close), true)?;
            children.push(child);
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(children);
                }
                _ => {
                    self.pos = open_at;
                    return self.err(format!("this list is not closed with `{close}`"));
                }
            }
        }
    }

    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let apostrophe_inside = (c == '\'' || c == '’')
                && self.pos > start
                && self.text[self.pos + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || apostrophe_inside {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        &self.text[start..self.pos]
    }

    fn parse_item(&mut self) -> Result<Node, PatternError> {
        let c = self.peek().expect("caller checked");
        let at = self.pos;
        match c {
            '(' => {
                self.pos += 1;
                let inner = self.parse_seq(Some(')'))?;
                if self.peek() != Some(')') {
                    self.pos = at;
                    return self.err("this `(` is not closed");
                }
                self.pos += 1;
                // `()` is the empty sequence: `[(ADV ), ()]` makes a word optional.
                Ok(inner)
            }
            '[' => {
                self.pos += 1;
                Ok(Node::Alt(self.parse_list(']')?))
            }
            '<' => {
                self.pos += 1;
                Ok(Node::Filter(self.parse_list('>')?))
            }
            '!' => {
                self.pos += 1;
                if self.peek().is_none_or(char::is_whitespace) {
                    return self.err("`!` needs something after it");
                }
                Ok(Node::Not(Box::new(self.parse_item()?)))
            }
            '*' => {
                self.pos += 1;
                Ok(Node::Any)
            }
            '@' => {
                self.pos += 1;
                let name = self.word();
                if name.is_empty() {
                    return self.err("`@` needs the name of a pattern in `define`");
                }
                let Some(body) = self.defines.get(name) else {
                    self.pos = at;
                    return self.err(format!("`@{name}` is not in this rule's `define` table"));
                };
                if self.depth >= MAX_REF_DEPTH {
                    self.pos = at;
                    return self.err(format!("`@{name}` refers to itself"));
                }
                Parser::new(body, self.defines, self.depth + 1)
                    .parse_all()
                    .map_err(|e| PatternError {
                        message: format!("in `@{name}`: {}", e.message),
                        at,
                    })
            }
            '$' => {
                self.pos += 1;
                let lemma = self.word();
                if lemma.is_empty() {
                    return self.err("`$` needs a word after it");
                }
                Ok(Node::Forms(inflect::inflections(&lemma.to_lowercase())))
            }
            ')' | ']' => self.err(format!("unexpected `{c}`")),
            c if c.is_alphanumeric() => {
                let word = self.word();
                Ok(match Class::from_name(word) {
                    Some(class) => Node::Class(class),
                    None => Node::Word(lexicon::fold(word)),
                })
            }
            c => {
                self.pos += c.len_utf8();
                Ok(Node::Punct(c))
            }
        }
    }
}

/// Adds `node` to the items of a sequence: the first as the `lone` item,
/// then all of them to `items`.
fn add(items: &mut Vec<Node>, lone: &mut Option<Node>, node: Node) {
    match lone.take() {
        Some(first) => {
            items.reserve(8);
            items.push(first);
            items.push(node);
        }
        None if items.is_empty() => *lone = Some(node),
        None => items.push(node),
    }
}

impl Node {
    /// Where a match of `self` starting at token `i` ends (exclusive),
    /// looking at tokens before `limit` only.
    pub fn run(&self, s: &Toks, limit: usize, i: usize) -> Option<usize> {
        self.run_span(s, limit, i).map(|(_, end)| end)
    }

    /// The tokens a match starting at `i` reports: the whole match, except
    /// where a filter (`<find, part>`) narrows it to a part. Tokens from
    /// `limit` on are out of reach (the end of a clause or a filter's find).
    pub fn run_span(&self, s: &Toks, limit: usize, i: usize) -> Option<(usize, usize)> {
        let tok = || s.get(i).filter(|_| i < limit);
        let one = |ok: bool| ok.then_some((i, i + 1));
        match self {
            Node::Space => one(tok()?.kind == TokKind::Space),
            Node::Word(w) => {
                let t = tok()?;
                one(t.is_word() && s.lower(i) == w)
            }
            Node::Forms(forms) => {
                let t = tok()?;
                one(t.is_word() && forms.iter().any(|f| f == s.lower(i)))
            }
            Node::Punct(c) => one(tok()?.kind == TokKind::Punct(*c)),
            Node::Class(class) => {
                tok()?;
                one(class.admits(s.classes(i)))
            }
            Node::Any => one(tok().is_some()),
            Node::Not(inner) => one(tok().is_some() && inner.run_span(s, limit, i).is_none()),
            Node::Seq(items) => {
                let mut at = i;
                for item in items {
                    at = item.run_span(s, limit, at)?.1;
                }
                Some((i, at))
            }
            // The longest match; the first of equals.
            Node::Alt(children) => children
                .iter()
                .filter_map(|c| c.run_span(s, limit, i))
                .fold(None, |best: Option<(usize, usize)>, m| match best {
                    Some(b) if b.1 - b.0 >= m.1 - m.0 => Some(b),
                    _ => Some(m),
                }),
            Node::Filter(steps) => {
                let (first, rest) = steps.split_first()?;
                let (mut start, mut end) = first.run_span(s, limit, i)?;
                for step in rest {
                    (start, end) = (start..end).find_map(|j| step.run_span(s, end, j))?;
                }
                Some((start, end))
            }
        }
    }

    /// The most tokens a match can span: every node matches a bounded
    /// stretch (a filter reports part of its first step's match).
    pub fn longest(&self) -> usize {
        match self {
            Node::Space
            | Node::Word(_)
            | Node::Forms(_)
            | Node::Punct(_)
            | Node::Class(_)
            | Node::Not(_)
            | Node::Any => 1,
            Node::Seq(items) => items.iter().map(Node::longest).sum(),
            Node::Alt(children) => children.iter().map(Node::longest).max().unwrap_or(0),
            Node::Filter(steps) => steps.first().map_or(0, Node::longest),
        }
    }

    /// The words a match can start with, if they are a known list: lets a
    /// rule skip every other start position at once.
    pub fn first_words(&self) -> Option<Vec<String>> {
        match self {
            Node::Word(w) => Some(vec![w.clone()]),
            Node::Forms(forms) => Some(forms.clone()),
            Node::Seq(items) => items.first()?.first_words(),
            Node::Alt(children) => {
                let mut all = Vec::new();
                for child in children {
                    all.extend(child.first_words()?);
                }
                Some(all)
            }
            Node::Filter(steps) => steps.first()?.first_words(),
            Node::Space | Node::Punct(_) | Node::Class(_) | Node::Not(_) | Node::Any => None,
        }
    }

    /// Literal words (lowercase, ASCII) one of which occurs in every match,
    /// for the prefilter; `None` if there is no such set.
    pub fn triggers(&self) -> Option<Vec<String>> {
        match self {
            Node::Word(w) => trigger_words(w),
            Node::Forms(forms) => {
                let stem = common_prefix(forms);
                trigger_words(&stem)
            }
            // The most selective item: no very common word in it, then its
            // shortest word longest, then the fewest words ("list, number"
            // rather than "are, were"; "could, should" rather than "of").
            Node::Seq(items) => items.iter().filter_map(Node::triggers).max_by_key(|set| {
                let common = set.iter().any(|w| COMMON_WORDS.contains(&w.as_str()));
                let shortest = set.iter().map(String::len).min().unwrap_or(0);
                (!common, shortest, std::cmp::Reverse(set.len()))
            }),
            Node::Alt(children) => {
                let mut all = Vec::new();
                for child in children {
                    all.extend(child.triggers()?);
                }
                all.sort();
                all.dedup();
                Some(all)
            }
            Node::Filter(steps) => steps.first()?.triggers(),
            Node::Space | Node::Punct(_) | Node::Class(_) | Node::Not(_) | Node::Any => None,
        }
    }
}

/// Words in almost every paragraph: poor triggers.
const COMMON_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "are", "was", "were", "be", "been", "have", "has", "had",
    "it", "that", "for", "on", "with", "as", "by", "at", "this", "not", "or", "from", "he", "she",
    "they", "we", "you", "his", "her", "their", "its", "an", "will", "would", "said", "one", "all",
    "but", "which", "who", "there", "can", "could", "more", "so", "if", "about", "than", "do",
];

/// The part of a word the prefilter can look for: ASCII, before any
/// apostrophe (the text may use a curly one), two letters at least.
/// The literal words that find `word` in a text: the part before an
/// apostrophe ("could" for "couldn't", whichever apostrophe the text
/// uses), or, when that part is a single letter ("i've"), the word with
/// each apostrophe the tokens fold to `'`.
fn trigger_words(word: &str) -> Option<Vec<String>> {
    let head = word.split(['\'', '’']).next().unwrap_or(word);
    if !head.is_ascii() {
        return None;
    }
    if head.len() >= 2 {
        return Some(vec![head.to_string()]);
    }
    let rest = &word[head.len()..];
    let tail = rest.strip_prefix(['\'', '’'])?;
    if head.is_empty() || tail.is_empty() || !tail.is_ascii() {
        return None;
    }
    Some(
        ['\'', '’', 'ʼ', '‘']
            .iter()
            .map(|a| format!("{head}{a}{tail}"))
            .collect(),
    )
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut len = first.len();
    for w in &words[1..] {
        len = first
            .bytes()
            .zip(w.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

#[cfg(test)]
mod tests;
