//! `name-spelling`: one surname written two ways for one person (or one
//! product or body), the spelling the article uses less reported; and the
//! links between spellings that `age-consistency` follows.

use super::{by_surname, last};
use crate::diagnostic::{Applicability, Fix, Related};
use crate::lang::case::with_lowercase;
use crate::lang::lexicon::is_proper_noun_only;
use crate::lang::names::{self, LISTED, Mention, PERSON, PLACE, name_like, near};
use crate::rules::{Context, Finding, Shared};
use crate::source::Span;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use smallvec::SmallVec;

pub(super) fn check_spelling(
    all: &[&Mention],
    people: &[&Mention],
    links: &[Link],
    cx: &mut Context,
) {
    check_given_names(all, people, cx);
    let counts = surname_counts(all);
    let mut flagged: HashSet<Span> = HashSet::new();
    for link in links {
        if cx.stopped() {
            return;
        }
        let (odd, usual) = (link.odd, last(link.person));
        let (n_odd, n_usual) = (counts[odd], counts[usual]);
        // Two spellings each written several times are more likely two
        // people than one slip made again and again.
        if n_odd.min(n_usual) > 1 && n_odd.min(n_usual) * 3 > n_odd.max(n_usual) {
            continue;
        }
        // The minority spelling is the slip; when the counts tie, the later
        // one is reported and neither is guessed right.
        let first_at = |word: &str| {
            all.iter()
                .find(|m| last(m) == word)
                .map_or(usize::MAX, |m| m.span().start)
        };
        let (wrong, right) = match n_odd.cmp(&n_usual) {
            std::cmp::Ordering::Less => (odd, usual),
            std::cmp::Ordering::Greater => (usual, odd),
            std::cmp::Ordering::Equal if first_at(odd) > first_at(usual) => (odd, usual),
            std::cmp::Ordering::Equal => (usual, odd),
        };
        let tie = n_odd == n_usual;
        // A full name the article writes once, whose surname is a known
        // name ("Robert Preston" beside "Peston" … "Peston"): more likely
        // someone else than a slip, which seldom makes a real name.
        if !tie && wrong == usual && with_lowercase(wrong, is_proper_noun_only) {
            continue;
        }
        let Some(right_at) = all.iter().find(|m| last(m) == right) else {
            continue;
        };
        let name = link.person.full();
        let times = times(counts[right]);
        for m in all.iter().filter(|m| last(m) == wrong) {
            let span = m.last_span();
            if !flagged.insert(span) {
                continue;
            }
            let related = Related {
                span: right_at.last_span(),
                message: format!("written `{right}` here").into(),
            };
            let offer = if tie { Offer::Tie } else { Offer::Fix };
            let spelled = Spelled {
                wrong,
                right,
                name,
                times: &times,
            };
            report_spelled(cx, span, &spelled, related, offer);
        }
    }
}

/// "once", "twice", "3 times".
pub(super) fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// How often each word ends a mention: the spellings of surnames, counted.
fn surname_counts<'m>(all: &[&'m Mention]) -> HashMap<&'m str, usize> {
    // Room for every mention's (capped: see `people::room`).
    let mut counts: HashMap<&str, usize> = HashMap::with_capacity(super::room(all.len()));
    for m in all {
        *counts.entry(last(m)).or_default() += 1;
    }
    counts
}

/// A surname written a second way that the evidence ties to one person.
pub(super) struct Link<'m> {
    /// The other spelling.
    pub(super) odd: &'m str,
    /// The mention where it is first written (`odd` is its last word).
    pub(super) odd_at: &'m Mention,
    /// The person named in full whose surname it is near.
    pub(super) person: &'m Mention,
}

/// Whether two spellings start with the same letter (accents aside): a
/// slip rarely changes a name's first letter, and names that differ there
/// are usually different names ("Kelly", "Nelly"; "Condon", "London").
fn same_initial(a: &str, b: &str) -> bool {
    // Two ASCII initials are compared as they are, without a copy: the
    // rule asks this of every name against every person.
    if let (Some(x), Some(y)) = (a.as_bytes().first(), b.as_bytes().first())
        && x.is_ascii()
        && y.is_ascii()
    {
        return x.eq_ignore_ascii_case(y);
    }
    let initial = |w: &str| {
        names::without_accents(
            &w.chars()
                .next()
                .map(|c| c.to_lowercase().to_string())
                .unwrap_or_default(),
        )
    };
    initial(a) == initial(b)
}

/// [`spelling_links`] of `all` (those of `names` whose bits are set in
/// `included`), made once for the two rules that follow them
/// (`name-spelling` and `age-consistency`) when both read the same
/// mentions, as they do unless one's scope is changed.
pub(super) fn shared_links<'m>(
    names: &'m [Mention],
    all: &[&'m Mention],
    people: &[&'m Mention],
    included: &[u64],
    shared: &Shared,
) -> Vec<Link<'m>> {
    // A mention of `names` by its index, and back.
    let index = |m: &Mention| {
        let offset = (m as *const Mention as usize).wrapping_sub(names.as_ptr() as usize);
        let i = offset / std::mem::size_of::<Mention>();
        assert!(i < names.len(), "a mention of the document");
        u32::try_from(i).expect("fewer than 2^32 mentions")
    };
    let make = || {
        spelling_links(all, people, shared)
            .iter()
            .map(|l| [index(l.odd_at), index(l.person)])
            .collect::<Box<[_]>>()
    };
    // Made by the first rule that asks and kept for the next, unless
    // that one reads another set of mentions (it makes its own).
    let (made_of, kept) = shared.name_links.get_or_init(|| (included.into(), make()));
    match (**made_of == *included).then_some(&**kept) {
        Some(kept) => kept
            .iter()
            .map(|&[odd, person]| {
                let odd_at = &names[odd as usize];
                Link {
                    odd: last(odd_at),
                    odd_at,
                    person: &names[person as usize],
                }
            })
            .collect(),
        None => spelling_links(all, people, shared),
    }
}

/// The spellings of a surname that are one person's: a name alone one or
/// two letters off exactly one surname of people named in full, and no
/// word of anyone else's name, no place and no entry of a list; or a full
/// name with an earlier person's given name and a surname a letter off
/// theirs ("Karen Whitfield" … "Karen Whitfeld"). Those found so far
/// when `shared` says stop.
fn spelling_links<'m>(
    all: &[&'m Mention],
    people: &[&'m Mention],
    shared: &Shared,
) -> Vec<Link<'m>> {
    let name_words: HashSet<&str> = people.iter().flat_map(|p| p.words()).collect();
    let lengths: HashSet<usize> = people.iter().map(|p| last(p).chars().count()).collect();
    let mut given_names: HashMap<&str, Vec<&Mention>> = HashMap::new();
    for p in people.iter().filter(|p| p.first_word().chars().count() > 1) {
        given_names.entry(p.first_word()).or_default().push(p);
    }
    let counts = surname_counts(all);
    // Names only ever written alone, with how often and their first mention.
    let mut alone: Vec<(&str, usize, &Mention)> = Vec::new();
    // Each word judged once, at its first mention alone that is neither
    // listed nor a place: what else makes it one of `alone` is the word's
    // (a later mention of a word refused would be refused again, at the
    // price of the lexicon's look-up).
    let mut judged: HashSet<&str> = HashSet::new();
    for m in all {
        if shared.cancelled() {
            return Vec::new();
        }
        let word = last(m);
        if m.len() == 1
            && !m.is(LISTED)
            && !m.is(PLACE)
            && judged.insert(word)
            && !name_words.contains(word)
            && name_like(word)
        {
            alone.push((word, counts[word], m));
        }
    }
    // Each person's surname, found once: a name alone is compared with
    // every person.
    let surnames: Vec<&str> = people.iter().map(|p| last(p)).collect();
    let mut links: Vec<Link> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    // The words alone already compared (linked or not): what a name alone
    // that is neither listed nor a place is linked to is the word's alone,
    // so a later mention of one left unlinked would be left so again.
    let mut tried: HashSet<&str> = HashSet::new();
    for m in all {
        if shared.cancelled() {
            break;
        }
        let word = last(m);
        if m.is(LISTED) || seen.contains(word) {
            continue;
        }
        let candidates: Vec<&Mention> = if m.len() == 1 {
            if m.is(PLACE) || !tried.insert(word) || name_words.contains(word) || !name_like(word) {
                continue;
            }
            let len = word.chars().count();
            if !(len.saturating_sub(2)..=len + 2).any(|n| lengths.contains(&n)) {
                // No person's surname is near it in length.
                Vec::new()
            } else {
                // The cheap tests first: the initial, before the spellings'
                // distance.
                people
                    .iter()
                    .zip(&surnames)
                    .filter(|&(p, &surname)| {
                        !p.is(LISTED) && same_initial(word, surname) && near(word, surname)
                    })
                    .map(|(&p, _)| p)
                    .collect()
            }
        } else if m.is(PERSON) && m.first_word().chars().count() > 1 {
            let at = m.span().start;
            given_names
                .get(m.first_word())
                .into_iter()
                .flatten()
                .copied()
                .filter(|p| {
                    p.span().start < at
                        && !p.is(LISTED)
                        && same_initial(word, last(p))
                        && near(word, last(p))
                })
                .collect()
        } else {
            continue;
        };
        let mut spellings: Vec<&str> = candidates.iter().map(|p| last(p)).collect();
        spellings.sort_unstable();
        spellings.dedup();
        if let ([_], Some(person)) = (spellings.as_slice(), candidates.first()) {
            seen.insert(word);
            links.push(Link {
                odd: word,
                odd_at: m,
                person,
            });
        } else if candidates.is_empty() && m.len() == 1 && counts[word] == 1 {
            // A product or a body named by one word, never in full: a
            // spelling written once against one written three times or more
            // ("Sativex" … "Satifex").
            let usual = alone
                .iter()
                .find(|(other, n, _)| *n >= 3 && same_initial(word, other) && near(word, other));
            if let Some(&(_, _, first)) = usual {
                seen.insert(word);
                links.push(Link {
                    odd: word,
                    odd_at: m,
                    person: first,
                });
            }
        }
    }
    links
}

/// The mentions of each (surname, given name) as written.
type Written<'m> = HashMap<(&'m str, &'m str), SmallVec<[&'m Mention; 2]>>;

/// "Jose García" after "José García": the given name written two ways for
/// one surname.
fn check_given_names(all: &[&Mention], people: &[&Mention], cx: &mut Context) {
    let surnames = by_surname(people);
    // Each (surname, given name) as written, and where.
    // Most spellings are written once or twice: held inline, not
    // allocated each.
    // Made only when a given name is found written two ways, as few
    // articles have one.
    let mut written: Option<Written> = None;
    let write = || {
        let mut written: Written = HashMap::with_capacity(super::room(all.len()));
        for m in all.iter().filter(|m| m.len() > 1) {
            written
                .entry((last(m), m.first_word()))
                .or_default()
                .push(m);
        }
        written
    };
    let mut flagged: HashSet<Span> = HashSet::new();
    for m in all.iter().filter(|m| m.len() > 1) {
        if cx.stopped() {
            return;
        }
        let (word, given) = (last(m), m.first_word());
        let Some(p) = surnames.get(word).into_iter().flatten().find(|p| {
            p.first_word() != given && given.chars().count() > 1 && near(given, p.first_word())
        }) else {
            continue;
        };
        let other = p.first_word();
        let written = written.get_or_insert_with(write);
        let (mine, theirs) = (&written[&(word, given)], &written[&(word, other)]);
        // The given name written less is the slip; on a tie, the later.
        let tie = mine.len() == theirs.len();
        if mine.len() > theirs.len() || tie && mine[0].span().start < theirs[0].span().start {
            continue;
        }
        let name = theirs[0].full();
        let times = times(theirs.len());
        for o in mine {
            let span = o.word_span(0);
            if !flagged.insert(span) {
                continue;
            }
            let related = Related {
                span: theirs[0].span(),
                message: format!("written `{name}` here").into(),
            };
            let offer = if tie { Offer::Tie } else { Offer::Fix };
            let spelled = Spelled {
                wrong: given,
                right: other,
                name,
                times: &times,
            };
            report_spelled(cx, span, &spelled, related, offer);
        }
    }
}

/// A name found written two ways: the spelling reported, the other, the
/// name as written at the other, and how often the other is written.
pub(super) struct Spelled<'a> {
    pub(super) wrong: &'a str,
    pub(super) right: &'a str,
    pub(super) name: &'a str,
    pub(super) times: &'a str,
}

/// What a finding on a name written two ways offers.
pub(super) enum Offer {
    /// The other spelling as the fix.
    Fix,
    /// No fix (the rule fixes nothing).
    Nothing,
    /// No fix, and a help that says neither is guessed right: the counts tie.
    Tie,
}

/// Reports one spelling of a name at `at`, the other named at `related`.
pub(super) fn report_spelled(
    cx: &mut Context,
    at: Span,
    spelled: &Spelled,
    related: Related,
    offer: Offer,
) {
    let Spelled {
        wrong,
        right,
        name,
        times,
    } = *spelled;
    let vars = [
        ("match", wrong),
        ("name", name),
        ("spelling", right),
        ("times", times),
        ("first", ""),
    ];
    let mut finding = Finding::new(at, &vars);
    finding.related.push(related);
    match offer {
        Offer::Fix => finding.fix = Some(Fix::replace(at, right, Applicability::Unsafe)),
        Offer::Nothing => {}
        Offer::Tie => {
            finding.help = Some(format!(
                "check which of `{wrong}` and `{right}` is right and write it both times"
            ));
        }
    }
    cx.report(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Document, Format};
    use crate::source::SourceFile;

    /// The links kept for the second rule are those made for it, and a
    /// rule that reads other mentions makes its own.
    #[test]
    fn links_kept_for_the_second_rule_are_those_made_for_it() {
        let text = "Mayor Karen Whitfield, 52, opened the park. Whitfeld, 53, left. \
            Union leader Maria Vasquez spoke. Vazquez, 48, agreed. Karen Whitfeld waved.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let shared = Shared::default();
        let names = shared.mentions(&doc);
        let read = |all: &[&Mention]| {
            names
                .iter()
                .enumerate()
                .filter(|(_, m)| all.iter().any(|a| std::ptr::eq(*a, *m)))
                .fold(vec![0u64; names.len().div_ceil(64)], |mut bits, (i, _)| {
                    bits[i / 64] |= 1 << (i % 64);
                    bits
                })
        };
        let seen = |links: &[Link]| -> Vec<(String, usize, usize)> {
            links
                .iter()
                .map(|l| {
                    (
                        l.odd.to_string(),
                        l.odd_at.span().start,
                        l.person.span().start,
                    )
                })
                .collect()
        };
        let all: Vec<&Mention> = names.iter().collect();
        let (bits, people) = (
            read(&all),
            super::super::distinct(all.iter().copied().filter(|m| m.is(PERSON))),
        );
        let direct = seen(&spelling_links(&all, &people, &shared));
        assert_eq!(direct.len(), 2, "{direct:?}");
        for _ in 0..2 {
            let links = shared_links(&names, &all, &people, &bits, &shared);
            assert_eq!(seen(&links), direct);
        }
        // Without "Vazquez": one link fewer.
        let fewer: Vec<&Mention> = all
            .iter()
            .copied()
            .filter(|m| m.full() != "Vazquez")
            .collect();
        let (bits, people) = (
            read(&fewer),
            super::super::distinct(fewer.iter().copied().filter(|m| m.is(PERSON))),
        );
        let own = seen(&spelling_links(&fewer, &people, &shared));
        assert_ne!(own, direct);
        assert_eq!(
            seen(&shared_links(&names, &fewer, &people, &bits, &shared)),
            own
        );
    }

    proptest::proptest! {
        /// Two ASCII initials compared as bytes compare as the initials
        /// lowercased and stripped of accents do.
        #[test]
        fn initials_compare_as_their_plain_lowercase(a in "[aAbBéÉ]{0,2}", b in "[aAbBéÉ]{0,2}") {
            let initial = |w: &str| {
                names::without_accents(&w.chars().next().map(|c| c.to_lowercase().to_string()).unwrap_or_default())
            };
            proptest::prop_assert_eq!(same_initial(&a, &b), initial(&a) == initial(&b));
        }
    }
}
