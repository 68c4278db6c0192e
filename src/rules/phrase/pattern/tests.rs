//! The tests of the phrase pattern parser.

use super::*;
use crate::lang::tokens::Toks;

fn p(pattern: &str) -> Node {
    parse(pattern, &HashMap::default()).unwrap_or_else(|e| panic!("{pattern}: {e:?}"))
}

/// The longest stretch a match can span bounds where an `unless`
/// pattern that covers a match may start.
#[test]
fn the_longest_match_of_a_pattern() {
    assert_eq!(p("could of").longest(), 3);
    assert_eq!(p("[a, an] [good, very good] deal").longest(), 7);
    assert_eq!(p("<([could, should] of), of>").longest(), 3);
    let text = "you could very well of";
    let toks = Toks::new(text, 0..text.len());
    let node = p("could [very, very well] of");
    let end = node.run(&toks, toks.len(), 2).expect("a match");
    assert_eq!(end - 2, node.longest());
}

fn spans(pattern: &str, text: &str) -> Vec<String> {
    let node = p(pattern);
    let toks = Toks::new(text, 0..text.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((s, e)) = node.run_span(&toks, toks.len(), i) {
            out.push(text[toks.toks[s].range().start..toks.toks[e - 1].range().end].to_string());
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn words_spaces_and_sequences() {
    assert_eq!(
        spans("could of", "He could of gone. Could  of."),
        ["could of", "Could  of"]
    );
    assert!(spans("could of", "could, of course").is_empty());
    assert_eq!(spans("low-hanging", "low-hanging fruit"), ["low-hanging"]);
    assert!(spans("low-hanging", "low - hanging").is_empty());
}

#[test]
fn alternatives_take_the_longest() {
    assert_eq!(
        spans("[could, (could not)] care", "I could not care less"),
        ["could not care"]
    );
}

#[test]
fn filters_narrow_the_reported_span() {
    assert_eq!(
        spans("<([could, should] of), of>", "You should of known."),
        ["of"]
    );
    assert_eq!(spans("<(right click), ( )>", "Right click it."), [" "]);
}

#[test]
fn negation_and_classes() {
    assert_eq!(spans("a !hour", "a hour, a day"), ["a day"]);
    assert_eq!(
        spans("had [(ADV ), ()]went", "had went, had already went"),
        ["had went", "had already went"]
    );
    assert_eq!(spans("DET NOUN", "the dog"), ["the dog"]);
    assert_eq!(spans("$click", "she clicked"), ["clicked"]);
}

#[test]
fn references_resolve_and_errors_have_places() {
    let mut defines = HashMap::default();
    defines.insert("modal".to_string(), "[could, should]".to_string());
    assert!(parse("@modal of", &defines).is_ok());
    let err = parse("@nope of", &defines).unwrap_err();
    assert_eq!(
        (err.message.as_str(), err.at),
        ("`@nope` is not in this rule's `define` table", 0)
    );
    defines.insert("loop".to_string(), "@loop".to_string());
    assert!(
        parse("@loop", &defines)
            .unwrap_err()
            .message
            .contains("refers to itself")
    );
    assert!(parse("[a, b", &HashMap::default()).is_err());
    assert!(parse("(a", &HashMap::default()).is_err());
    assert!(parse("", &HashMap::default()).is_err());
}

#[test]
fn first_words_are_known_only_when_every_match_starts_with_one() {
    assert_eq!(
        p("[could, should] of").first_words().unwrap(),
        ["could", "should"]
    );
    assert_eq!(p("<(the dog), dog>").first_words().unwrap(), ["the"]);
    assert_eq!(p("[(), a] b").first_words(), None);
    assert_eq!(p("DET NOUN").first_words(), None);
}

#[test]
fn triggers_are_required_words() {
    assert_eq!(
        p("[could, should] of").triggers().unwrap(),
        ["could", "should"]
    );
    assert_eq!(p("a (lot of)").triggers().unwrap(), ["lot"]);
    assert_eq!(
        p("[could, should] !have").triggers().unwrap(),
        ["could", "should"]
    );
    assert_eq!(p("can't way").triggers().unwrap(), ["way"]);
    assert_eq!(
        p("[i've, we've]").triggers().unwrap(),
        ["i've", "iʼve", "i‘ve", "i’ve", "we"]
    );
    assert_eq!(p("DET NOUN").triggers(), None);
}
