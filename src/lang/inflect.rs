//! Inflection: the regular forms of an English verb or noun ("sigh" →
//! sighs, sighed, sighing), and with the irregular verbs, every form of a
//! lemma, for the confusion kind's words and the phrase patterns' `$lemma`.

use std::collections::HashMap;

/// Regular verb forms: base, third person, past, present participle.
pub fn verb_forms(base: &str) -> Vec<String> {
    let third = plural(base);
    // "pore" → "poring", but "toe" → "toeing", "free" → "freeing".
    let stem_e = base
        .strip_suffix('e')
        .filter(|_| !["ee", "oe", "ye"].iter().any(|end| base.ends_with(end)));
    let past = if base.ends_with('e') {
        format!("{base}d")
    } else if let Some(stem) = consonant_y_stem(base) {
        format!("{stem}ied")
    } else {
        format!("{base}ed")
    };
    let ing = match stem_e {
        Some(stem) => format!("{stem}ing"),
        None => format!("{base}ing"),
    };
    vec![base.to_string(), third, past, ing]
}

/// Base and regular plural.
pub fn noun_forms(base: &str) -> Vec<String> {
    vec![base.to_string(), plural(base)]
}

fn plural(base: &str) -> String {
    if let Some(stem) = consonant_y_stem(base) {
        format!("{stem}ies")
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| base.ends_with(e))
    {
        format!("{base}es")
    } else {
        format!("{base}s")
    }
}

fn consonant_y_stem(base: &str) -> Option<&str> {
    let stem = base.strip_suffix('y')?;
    let before = stem.chars().last()?;
    (!"aeiou".contains(before)).then_some(stem)
}

/// Irregular verbs: base, past, past participle.
const IRREGULAR: &[[&str; 3]] = &[
    ["be", "was", "been"],
    ["beat", "beat", "beaten"],
    ["become", "became", "become"],
    ["begin", "began", "begun"],
    ["bet", "bet", "bet"],
    ["break", "broke", "broken"],
    ["bring", "brought", "brought"],
    ["broadcast", "broadcast", "broadcast"],
    ["build", "built", "built"],
    ["burst", "burst", "burst"],
    ["buy", "bought", "bought"],
    ["cast", "cast", "cast"],
    ["catch", "caught", "caught"],
    ["choose", "chose", "chosen"],
    ["come", "came", "come"],
    ["cost", "cost", "cost"],
    ["cut", "cut", "cut"],
    ["do", "did", "done"],
    ["draw", "drew", "drawn"],
    ["drink", "drank", "drunk"],
    ["drive", "drove", "driven"],
    ["eat", "ate", "eaten"],
    ["fall", "fell", "fallen"],
    ["feel", "felt", "felt"],
    ["fight", "fought", "fought"],
    ["find", "found", "found"],
    ["fly", "flew", "flown"],
    ["forecast", "forecast", "forecast"],
    ["forget", "forgot", "forgotten"],
    ["get", "got", "gotten"],
    ["give", "gave", "given"],
    ["go", "went", "gone"],
    ["grow", "grew", "grown"],
    ["have", "had", "had"],
    ["hear", "heard", "heard"],
    ["hit", "hit", "hit"],
    ["hold", "held", "held"],
    ["hurt", "hurt", "hurt"],
    ["keep", "kept", "kept"],
    ["know", "knew", "known"],
    ["lead", "led", "led"],
    ["leave", "left", "left"],
    ["let", "let", "let"],
    ["lose", "lost", "lost"],
    ["make", "made", "made"],
    ["mean", "meant", "meant"],
    ["meet", "met", "met"],
    ["overcome", "overcame", "overcome"],
    ["pay", "paid", "paid"],
    ["put", "put", "put"],
    ["quit", "quit", "quit"],
    ["read", "read", "read"],
    ["ride", "rode", "ridden"],
    ["ring", "rang", "rung"],
    ["rise", "rose", "risen"],
    ["run", "ran", "run"],
    ["say", "said", "said"],
    ["see", "saw", "seen"],
    ["sell", "sold", "sold"],
    ["send", "sent", "sent"],
    ["set", "set", "set"],
    ["shake", "shook", "shaken"],
    ["show", "showed", "shown"],
    ["shut", "shut", "shut"],
    ["sing", "sang", "sung"],
    ["sink", "sank", "sunk"],
    ["sit", "sat", "sat"],
    ["speak", "spoke", "spoken"],
    ["spend", "spent", "spent"],
    ["split", "split", "split"],
    ["spread", "spread", "spread"],
    ["stand", "stood", "stood"],
    ["steal", "stole", "stolen"],
    ["swim", "swam", "swum"],
    ["take", "took", "taken"],
    ["teach", "taught", "taught"],
    ["tell", "told", "told"],
    ["think", "thought", "thought"],
    ["throw", "threw", "thrown"],
    ["understand", "understood", "understood"],
    ["upset", "upset", "upset"],
    ["wake", "woke", "woken"],
    ["wear", "wore", "worn"],
    ["win", "won", "won"],
    ["write", "wrote", "written"],
];

/// Which forms of an irregular verb `word` (lower case) is spelled as:
/// base, past, past participle ("run" is a base and a participle, "cut"
/// all three, "ran" a past); `None` for a spelling no irregular verb has.
pub fn irregular_forms(word: &str) -> Option<[bool; 3]> {
    static FORMS: std::sync::OnceLock<HashMap<&'static str, [bool; 3]>> =
        std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let mut forms: HashMap<&str, [bool; 3]> = HashMap::new();
        for row in IRREGULAR {
            for (i, spelled) in row.iter().enumerate() {
                forms.entry(spelled).or_default()[i] = true;
            }
        }
        forms
    });
    forms.get(word).copied()
}

/// The forms of `lemma` as a verb and a noun: `click` → click, clicks,
/// clicked, clicking; `stop` → stopped, stopping; `go` → went, gone.
pub fn inflections(lemma: &str) -> Vec<String> {
    let mut forms = verb_forms(lemma);
    forms.extend(noun_forms(lemma));
    if lemma.ends_with('o') {
        forms.push(format!("{lemma}es"));
    }
    let bytes = lemma.as_bytes();
    // A short vowel before a final consonant doubles it: stop → stopped.
    if let [.., a, b, c] = bytes
        && !is_vowel(*a)
        && is_vowel(*b)
        && !is_vowel(*c)
        && !b"wxy".contains(c)
    {
        let last = *c as char;
        forms.push(format!("{lemma}{last}ed"));
        forms.push(format!("{lemma}{last}ing"));
    }
    if let Some([_, past, participle]) = IRREGULAR.iter().find(|v| v[0] == lemma) {
        forms.push((*past).to_string());
        forms.push((*participle).to_string());
    }
    if lemma == "be" {
        forms.extend(super::lexicon::BE.iter().map(|s| s.to_string()));
    }
    forms.sort();
    forms.dedup();
    forms
}

fn is_vowel(b: u8) -> bool {
    b"aeiou".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_are_generated() {
        assert_eq!(verb_forms("sigh"), ["sigh", "sighs", "sighed", "sighing"]);
        assert_eq!(
            verb_forms("wreak"),
            ["wreak", "wreaks", "wreaked", "wreaking"]
        );
        assert_eq!(verb_forms("pore"), ["pore", "pores", "pored", "poring"]);
        assert_eq!(verb_forms("bury"), ["bury", "buries", "buried", "burying"]);
        assert_eq!(verb_forms("toe"), ["toe", "toes", "toed", "toeing"]);
        assert_eq!(noun_forms("breach"), ["breach", "breaches"]);
    }

    #[test]
    fn irregular_spellings_say_which_forms_they_are() {
        assert_eq!(irregular_forms("run"), Some([true, false, true]));
        assert_eq!(irregular_forms("cut"), Some([true, true, true]));
        assert_eq!(irregular_forms("ran"), Some([false, true, false]));
        assert_eq!(irregular_forms("walked"), None);
    }

    #[test]
    fn inflections_cover_regular_doubled_and_irregular_forms() {
        let go = inflections("go");
        assert!(
            ["go", "goes", "went", "gone", "going"]
                .iter()
                .all(|f| go.iter().any(|g| g == f))
        );
        let stop = inflections("stop");
        assert!(stop.iter().any(|f| f == "stopped") && stop.iter().any(|f| f == "stopping"));
        let click = inflections("click");
        assert!(click.iter().any(|f| f == "clicked") && click.iter().any(|f| f == "clicks"));
    }
}
