//! `people`: the article read against itself, person by person. Names are
//! runs of capitalised words (after titles such as "Mayor" or "Dr."); a run
//! of two or more words names a person, its first form being the spelling.
//! `check = "spelling"` flags a later reference one or two letters off that
//! spelling ("Whitfield" … "Whitfeld said") when it matches no other person;
//! `check = "age"` flags a person whose age is given twice, differently
//! ("Whitfield, 52" … "Whitfield, 53"); `first-reference`, a surname alone
//! before the full name; `title`, a title that changes; `proper-names`, a
//! place or body spelled two ways; `figures` (in [`figures`]), a headline
//! number the story gives differently.

mod figures;
mod spelling;

use crate::lang::names::{IN_BODY, Mention, PERSON, near};
use spelling::{Link, Offer, Spelled, check_spelling, report_spelled, shared_links, times};

use crate::lang::case::with_lowercase;
use crate::lang::lexicon::is_proper_noun_only;
use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, Reads, RuleSpec};
use crate::diagnostic::{Applicability, Related};
use crate::document::Document;
use crate::source::Span;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use smallvec::SmallVec;

params! {
    /// The parameters of this kind.
    struct Params {
        /// `spelling` (a name a letter or two off a person named in full, fixable), `age` (a
        /// person's age given twice, differently), `first-reference` (a surname alone before the
        /// full name), `title` (a person's title changing), `figures` (a number in the headline or
        /// a caption that the body gives differently) or `proper-names` (a name of a place or body
        /// spelled two ways)
        check: Option<Spanned<String>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "people",
    summary: "the people an article names, read against itself: one spelling and one age per person",
    params: Params::DOCS,
    vars: &[
        (
            "match",
            "the name, age or figure found (a figure with the noun it counts)",
        ),
        ("name", "the person's name as first written in full"),
        ("spelling", "the other spelling of the name (spelling)"),
        (
            "times",
            "how often the article writes that other spelling: once, twice, 3 times (spelling)",
        ),
        ("first", "the age given first, or the body's figure"),
    ],
    build,
    honours_sic: true,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Spelling,
    Age,
    FirstReference,
    Title,
    Figures,
    ProperNames,
}

struct People {
    which: Which,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let which = match p.check.as_ref().map(|c| (c.as_ref().as_str(), c.span())) {
        Some(("spelling", _)) => Which::Spelling,
        Some(("age", _)) => Which::Age,
        Some(("first-reference", _)) => Which::FirstReference,
        Some(("title", _)) => Which::Title,
        Some(("figures", _)) => Which::Figures,
        Some(("proper-names", _)) => Which::ProperNames,
        Some((other, span)) => {
            return Err(PackError::at(
                span,
                format!(
                    "unknown `check` value `{other}`: use `spelling`, `age`, `first-reference`, `title`, `figures` or `proper-names`"
                ),
            ));
        }
        None => return Err(PackError::at(spec.id.span(), "kind `people` needs `check`")),
    };
    Ok(Box::new(People { which }))
}

impl Check for People {
    fn fix(&self) -> Option<Applicability> {
        (self.which == Which::Spelling).then_some(Applicability::Unsafe)
    }

    fn reads(&self) -> Reads {
        match self.which {
            Which::Figures => Reads::NOTHING,
            _ => Reads::NAMES,
        }
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // Each check but the figures' reads the names (every mention, and
        // the people's first ones). Figures are no names: neither the names
        // nor a list of them is made for them.
        if self.which == Which::Figures {
            return figures::check_figures(doc, cx);
        }
        // Room for every name at once: a long document's list, grown by
        // doubling, reserved up to twice what it held.
        let names = cx.shared.mentions(doc);
        let mut all: Vec<&Mention> = Vec::with_capacity(names.len());
        // Which mentions the rule reads, a bit each: the key the links
        // between spellings are shared under.
        let mut included = vec![0u64; names.len().div_ceil(64)];
        for (i, m) in names.iter().enumerate() {
            if cx.applies_to(&doc.blocks[m.block()]) {
                included[i / 64] |= 1 << (i % 64);
                all.push(m);
            }
        }
        // People: each name of two words or more, at its first mention.
        let people = distinct(all.iter().copied().filter(|m| m.is(PERSON)));
        let links = || shared_links(&names, &all, &people, &included, cx.shared);
        match self.which {
            Which::Spelling => check_spelling(&all, &people, &links(), cx),
            Which::Age => check_age(&all, &people, &links(), cx),
            Which::FirstReference => check_first_reference(&all, &people, cx),
            Which::Title => check_title(&all, &people, cx),
            Which::ProperNames => check_proper_names(&all, cx),
            Which::Figures => {}
        }
    }
}

/// Each name once, at its first mention, in order: the repeated mentions
/// of a name add nothing to compare, and comparing them all would take time
/// that grows with the square of the mentions.
fn distinct<'m>(mentions: impl Iterator<Item = &'m Mention>) -> Vec<&'m Mention> {
    // Room for every mention at once: the set is not grown a doubling at
    // a time.
    let mut seen = HashSet::with_capacity(room(mentions.size_hint().1.unwrap_or(0)));
    mentions.filter(|m| seen.insert(m.full())).collect()
}

fn last(p: &Mention) -> &str {
    p.last_word()
}

/// Room to make in a map or set before it is filled with up to `n`
/// entries: all of them in an article's, so it is not grown a doubling at
/// a time, but no more than [`ROOM`]: a long document's mentions repeat
/// few names, and room for each mention was some 9 MB at 10 MB of text.
pub(super) fn room(n: usize) -> usize {
    n.min(ROOM)
}

/// The most entries [`room`] makes room for.
const ROOM: usize = 1024;

/// The people named in full, by surname. Most surnames are one
/// person's: held inline, not allocated each.
type Surnames<'m> = HashMap<&'m str, SmallVec<[&'m Mention; 2]>>;

/// The people named in full, by surname.
fn by_surname<'m>(people: &[&'m Mention]) -> Surnames<'m> {
    let mut map: Surnames = HashMap::with_capacity(room(people.len()));
    for p in people {
        map.entry(last(p)).or_default().push(p);
    }
    map
}

/// Reports `at` with the message's placeholders and one related place.
fn report(cx: &mut Context, at: Span, vars: [(&'static str, &str); 4], related: (Span, String)) {
    let mut finding = Finding::new(at, &vars);
    finding.related.push(Related {
        span: related.0,
        message: related.1.into(),
    });
    cx.report(finding);
}

/// AP: the first reference gives the full name; a surname alone before it
/// in the running text leaves the reader guessing.
fn check_first_reference(all: &[&Mention], people: &[&Mention], cx: &mut Context) {
    let surnames = by_surname(people);
    // Surnames that a title or an age shows to be a person's.
    let evidently_people: HashSet<&str> = all
        .iter()
        .filter(|m| m.title().is_some() || m.age().is_some())
        .map(|m| last(m))
        .collect();
    // Surnames named in full so far (a headline or caption introduces too).
    let mut introduced: HashSet<&str> = HashSet::new();
    for m in all {
        if cx.stopped() {
            return;
        }
        if m.len() >= 2 {
            introduced.insert(last(m));
            continue;
        }
        let word = last(m);
        if !m.is(IN_BODY) || introduced.contains(word) {
            continue;
        }
        // The full name comes later (no full name with this surname came
        // before), for one person who is surely a person.
        // Asked of the people of that surname only until a second is
        // found: no list of them is made.
        let mut later = surnames
            .get(word)
            .into_iter()
            .flatten()
            .filter(|p| surely_a_person(p, &evidently_people));
        let (Some(person), None) = (later.next(), later.next()) else {
            continue;
        };
        introduced.insert(word);
        let name = person.full();
        let vars = [
            ("match", word),
            ("name", name),
            ("spelling", ""),
            ("first", ""),
        ];
        report(
            cx,
            m.span(),
            vars,
            (
                person.span(),
                format!("`{name}` is named in full only here"),
            ),
        );
    }
}

/// Evidence that a full name is a person's, not a place's or a body's: a
/// first word known only as a given name, or a title or an age with the
/// surname somewhere in the article.
fn surely_a_person(p: &Mention, evidently_people: &HashSet<&str>) -> bool {
    // The set first: the lexicon's look-up is the dearer test, and the
    // first word is lowercased without a copy on the heap.
    evidently_people.contains(last(p)) || with_lowercase(p.first_word(), is_proper_noun_only)
}

/// A person's title changing between references: "Mayor Whitfield" …
/// "Councilwoman Whitfield".
fn check_title(all: &[&Mention], people: &[&Mention], cx: &mut Context) {
    // (person's surname, title, where) in order.
    let surnames = by_surname(people);
    let mut titles: HashMap<&str, (&str, Span)> = HashMap::new();
    for m in all {
        if cx.stopped() {
            return;
        }
        let (Some(title), Some(last)) = (m.title(), Some(m.last_word())) else {
            continue;
        };
        // Whose surname it is must be clear: one person has it.
        if surnames.get(last).is_some_and(|named| named.len() > 1) {
            continue;
        }
        match titles.get(last).copied() {
            Some((first, at)) if first != title => {
                let vars = [
                    ("match", title),
                    ("name", last),
                    ("spelling", ""),
                    ("first", first),
                ];
                report(cx, m.span(), vars, (at, format!("`{first}` here")));
            }
            Some(_) => {}
            None => {
                titles.insert(last, (title, m.span()));
            }
        }
    }
}

/// A name of a place or body spelled two ways: the same words but one, and
/// that one a letter off ("Food Standards Austrlia").
fn check_proper_names(all: &[&Mention], cx: &mut Context) {
    let names: Vec<&Mention> = all.iter().copied().filter(|m| m.len() >= 2).collect();
    // Two names that differ in word k share the key of their other words
    // (a hash: the names found under it are compared word by word, see
    // [`key_but`]); each name is registered under its keys at its first
    // mention.
    // Most keys hold one name or two: held inline, not allocated each.
    let keys = names.iter().map(|m| m.len()).sum();
    let mut earlier_by_key: HashMap<(usize, u64), SmallVec<[usize; 2]>> =
        HashMap::with_capacity(room(keys));
    let mut registered: HashSet<&str> = HashSet::with_capacity(room(names.len()));
    // How often the article writes each word of a name, and what is
    // reported: counted only once a name is found spelled two ways, as
    // few articles have one.
    let mut word_counts: Option<HashMap<&str, usize>> = None;
    let count_words = || {
        let mut counts: HashMap<&str, usize> = HashMap::with_capacity(room(all.len()));
        for m in all {
            for w in m.words() {
                *counts.entry(w).or_default() += 1;
            }
        }
        counts
    };
    let mut flagged: HashSet<Span> = HashSet::new();
    for (i, m) in names.iter().enumerate() {
        if cx.stopped() {
            return;
        }
        let keys: SmallVec<[(usize, u64); 4]> = (0..m.len()).map(|k| (k, key_but(m, k))).collect();
        let found = keys.iter().find_map(|key| {
            let k = key.0;
            earlier_by_key
                .get(key)
                .into_iter()
                .flatten()
                .filter(|&&j| same_but(m, names[j], k))
                .find_map(|&j| {
                    let earlier = names[j];
                    // Two people are `name-spelling`'s to compare; two everyday
                    // words ("United", "Untied") are the confusion rules'.
                    let (a, b) = (m.word(k), earlier.word(k));
                    let skip = a == b
                        || (m.is(PERSON) && earlier.is(PERSON))
                        || !near(a, b)
                        || (crate::lang::dictionary::in_dictionary(&a.to_lowercase())
                            && crate::lang::dictionary::in_dictionary(&b.to_lowercase()));
                    (!skip).then_some((k, earlier))
                })
        });
        if let Some((k, earlier)) = found {
            let word_counts = word_counts.get_or_insert_with(count_words);
            // The spelling the article uses less is the slip; on a tie, the
            // later one is reported and neither is guessed right.
            let (mine, theirs) = (m.word(k), earlier.word(k));
            let (n_mine, n_theirs) = (word_counts[mine], word_counts[theirs]);
            let (wrong, right, at, named) = if n_mine > n_theirs {
                (theirs, mine, earlier.word_span(k), *m)
            } else {
                (mine, theirs, m.word_span(k), earlier)
            };
            if flagged.insert(at) {
                let name = named.full();
                let times = times(word_counts[right]);
                let related = Related {
                    span: named.span(),
                    message: format!("written `{name}` here").into(),
                };
                let spelled = Spelled {
                    wrong,
                    right,
                    name,
                    times: &times,
                };
                let offer = if n_mine == n_theirs {
                    Offer::Tie
                } else {
                    Offer::Nothing
                };
                report_spelled(cx, at, &spelled, related, offer);
            }
        }
        if registered.insert(m.full()) {
            for key in keys {
                earlier_by_key.entry(key).or_default().push(i);
            }
        }
    }
}

/// A hash of the words of `m` but word `k` (and of where they stand): two
/// names of as many words that differ at most in word `k` have the same.
fn key_but(m: &Mention, k: usize) -> u64 {
    let step = |hash: u64, byte: u8| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    m.words()
        .enumerate()
        .fold(0xcbf2_9ce4_8422_2325, |hash, (i, word)| {
            let word: &[u8] = if i == k { &[0] } else { word.as_bytes() };
            step(word.iter().fold(hash, |h, &b| step(h, b)), b' ')
        })
}

/// Whether two names have as many words, the same but word `k`.
fn same_but(a: &Mention, b: &Mention, k: usize) -> bool {
    a.len() == b.len()
        && a.words()
            .zip(b.words())
            .enumerate()
            .all(|(i, (x, y))| i == k || x == y)
}

fn check_age(all: &[&Mention], people: &[&Mention], links: &[Link], cx: &mut Context) {
    // (person's full name, age, span) in order of appearance.
    let surnames = by_surname(people);
    // A surname written another way is still that person's ("Vasquez, 47"
    // … "Vazquez, 48"): `links`.
    let mut seen: HashMap<&str, (u32, Span)> = HashMap::new();
    for m in all {
        if cx.stopped() {
            return;
        }
        let Some((age, span)) = m.age() else {
            continue;
        };
        let owners: &[&Mention] = surnames.get(last(m)).map_or(&[], SmallVec::as_slice);
        let linked = || {
            links
                .iter()
                .find(|l| l.odd == last(m))
                .map(|l| l.person.full())
        };
        let full = match (m.len(), owners) {
            (n, _) if n >= 2 => linked().unwrap_or_else(|| m.full()),
            (_, [one]) => one.full(),
            (_, []) if linked().is_some() => linked().unwrap_or_default(),
            // Unknown or shared surname: whose age it is, is unclear.
            _ => continue,
        };
        if let Some(&(first, at)) = seen.get(full) {
            if first != age {
                let first_text = first.to_string();
                let age_text = age.to_string();
                let vars = [
                    ("match", age_text.as_str()),
                    ("name", full),
                    ("spelling", ""),
                    ("first", first_text.as_str()),
                ];
                let mut finding = Finding::new(span, &vars);
                finding.related.push(Related {
                    span: at,
                    message: format!("given as {first} here").into(),
                });
                cx.report(finding);
            }
        } else {
            seen.insert(full, (age, span));
        }
    }
}

#[cfg(test)]
mod tests;
