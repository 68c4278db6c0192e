//! Tests of the context model: the built-in file read in place, its
//! search, its numbering and its neighbour lists.

use super::*;

fn ids(words: &str) -> Vec<u32> {
    let m = english();
    words.split(' ').map(|w| m.id(w).expect(w)).collect()
}

#[test]
fn the_built_in_model_reads_in_place() {
    let m = english();
    let (words, bigrams, trigrams) = m.size();
    assert_eq!((words, bigrams, trigrams), (72_547, 2_051_541, 1_669_625));
    assert!(m.id("qqqxz").is_none());
    // Every word is found by its hash at its own id (a slot holds part of
    // the key beside the id).
    for i in 0..words as u32 {
        assert_eq!(m.id(m.word(i)), Some(i), "{}", m.word(i));
    }
    let (s, end) = m.marks();
    assert_eq!((m.word(s), m.word(end)), ("<s>", "</s>"));
}

/// The sentence start is word 0, the other words follow by descending
/// probability (equal ones bytewise), and the search keys are one to
/// one: the common words' entries sit together at the start of each
/// table.
#[test]
fn words_are_numbered_by_frequency() {
    let m = english();
    assert_eq!(m.word(0), "<s>");
    let order = |i: u32| (-m.unigram(i), m.word(i).as_bytes());
    assert!((1..m.n_words as u32 - 1).all(|i| order(i) < order(i + 1)));
    assert_eq!(m.word(1), "</s>");
    assert_eq!(m.word(2), "the");
    let mut keys: Vec<u32> = (0..m.n_words as u32).map(|i| m.search_key(i)).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), m.n_words);
    assert!(keys.iter().all(|&k| k < 1 << m.word_bits));
}

/// Figures read with pocketsphinx 5.1.1 itself (`NGramModel.prob`) from
/// the source model; the file's codes are within 0.015 of them.
#[test]
fn probabilities_agree_with_the_source_model() {
    let m = english();
    let p = |w: &str| {
        let v = ids(w);
        match v.len() {
            1 => m.prob(v[0], None, None),
            2 => m.prob(v[1], Some(v[0]), None),
            _ => m.prob(v[2], Some(v[1]), Some(v[0])),
        }
    };
    for (ngram, expected) in [
        ("signed the agreement", -1.7576_f32),
        ("sighed the agreement", -3.9331),
    ] {
        let got = p(ngram);
        assert!(
            (got - expected).abs() < 0.02,
            "{ngram}: {got} against {expected}"
        );
    }
    // A trigram beats its backoff, and context moves the odds.
    assert!(p("piece of cake") > p("peace of cake") + 1.0);
    assert!(p("who were") > p("who where") + 1.0);
    assert!(p("the") > p("zebra"));
}

/// Rows ascend at every level, so no index read from the file points
/// past the next level's end.
#[test]
fn every_row_of_the_built_in_file_ascends() {
    let m = english();
    let ascending =
        |table: usize, n: usize| (0..n).all(|i| m.index(table, i) <= m.index(table, i + 1));
    assert!(ascending(m.rows, m.n_words));
    assert!(ascending(m.nb_rows, m.n_words));
    assert!(ascending(m.offsets, m.n_words));
    let contexts = (0..m.n_bigrams)
        .filter(|&b| m.trigram_range(b).is_some())
        .count();
    assert!(contexts > 400_000, "{contexts}");
    for b in 0..m.n_bigrams {
        if let Some((lo, hi)) = m.trigram_range(b) {
            assert!(lo < hi && hi <= m.n_trigrams, "bigram {b}: {lo}..{hi}");
        }
    }
}

/// The guessing search finds what a scan of the row finds, present or
/// not, in rows short and long, of bigrams and of trigrams.
#[test]
fn the_search_finds_what_a_scan_finds() {
    let m = english();
    for w in ["the", "of", "agreement", "signed", "zebra", "a"] {
        let id = m.id(w).unwrap() as usize;
        let (lo, hi) = (m.index(m.rows, id), m.index(m.rows, id + 1));
        let keys: Vec<u32> = (lo..hi).map(|i| m.key(m.bigrams, i)).collect();
        for probe in (0..m.n_words as u32).step_by(7).chain(keys.iter().copied()) {
            let scan = keys.iter().position(|&k| k == probe).map(|p| lo + p);
            assert_eq!(m.find(m.bigrams, lo, hi, probe), scan, "{w}: {probe}");
        }
    }
    // And the trigrams under bigrams of common words.
    for pair in ["of the", "in the", "one of", "said the", "the agreement"] {
        let v = ids(pair);
        let b = m.bigram(v[0], v[1]).expect(pair);
        let (lo, hi) = m.trigram_range(b).expect(pair);
        let keys: Vec<u32> = (lo..hi).map(|i| m.key(m.trigrams, i)).collect();
        for probe in (0..m.n_words as u32)
            .step_by(11)
            .chain(keys.iter().copied())
        {
            let scan = keys.iter().position(|&k| k == probe).map(|p| lo + p);
            assert_eq!(m.find(m.trigrams, lo, hi, probe), scan, "{pair}: {probe}");
        }
    }
}

/// No trigram of the built-in file is more probable than the bound
/// the scoring's pruning reads, and some is as probable.
#[test]
fn no_trigram_is_above_the_most_probable() {
    let m = english();
    let most = m.most_trigram_prob();
    assert!(most < 0.0, "{most}");
    let mut top = f32::NEG_INFINITY;
    for t in 0..m.n_trigrams {
        let p = m.code(m.trigrams, t, 0, 2);
        assert!(p <= most, "trigram {t}: {p} > {most}");
        top = top.max(p);
    }
    assert_eq!(top, most);
}

#[test]
fn neighbours_are_one_edit_away() {
    let m = english();
    let week = m.id("week").unwrap();
    let found: Vec<&str> = m.neighbours(week).map(|i| m.word(i)).collect();
    for near in ["weak", "seek", "peek", "weeks", "wee"] {
        assert!(found.contains(&near), "{near} not in {found:?}");
    }
    assert!(!found.contains(&"week"));
    // In the bytewise order of their spellings, the order the rules weigh
    // them in (not that of their ids).
    assert!(found.windows(2).all(|w| w[0] < w[1]), "{found:?}");
}

/// The model starts at a multiple of 64 KiB, as the kernel's stretches
/// of pages mapped around a fault do.
#[test]
fn the_built_in_bytes_start_at_a_multiple_of_64_kib() {
    assert_eq!(BYTES.as_ptr() as usize % (64 << 10), 0);
    assert_eq!(BYTES.len(), english_bytes());
}

#[test]
fn truncated_or_foreign_bytes_are_refused() {
    assert!(Model::new(&BYTES[..BYTES.len() - 1]).is_none());
    assert!(Model::new(b"not a model at all").is_none());
    assert!(Model::new(&BYTES[..100]).is_none());
}

/// The filter of the bigrams lets every bigram of the built-in model
/// through (the filtered search finds each where it is) and turns away
/// most pairs the model lacks, common words' and rare words'; a model of
/// other bytes has none, and its filtered search is the search.
#[test]
fn the_bigram_filter_passes_every_bigram_and_few_others() {
    let m = english();
    assert_eq!(m.pair_filter.len(), 8 << PAIR_FILTER_LOG2);
    let id_of: std::collections::HashMap<u32, u32> = (0..m.n_words as u32)
        .map(|i| (m.search_key(i), i))
        .collect();
    for w in 0..m.n_words {
        for b in m.index(m.rows, w)..m.index(m.rows, w + 1) {
            let h = id_of[&m.key(m.bigrams, b)];
            assert_eq!(m.filtered_bigram(h, w as u32), Some(b), "{h} {w}");
        }
    }
    let mut x = 17u64;
    let mut next = |below: u32| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) as u32 % below
    };
    for below in [m.n_words as u32, 3_000] {
        let (mut absent, mut turned) = (0, 0);
        for _ in 0..100_000 {
            let (h, w) = (next(below), next(below));
            let found = m.search_bigram(h, w);
            assert_eq!(m.filtered_bigram(h, w), found, "{h} {w}");
            absent += usize::from(found.is_none());
            turned += usize::from(!m.may_have_bigram(m.search_key(h), w));
        }
        // Some 61 % by the filter's load (2 bits a bigram).
        assert!(
            absent > 50_000 && turned > absent / 2,
            "{below}: {turned} of {absent}"
        );
    }
    let foreign = Model::new(BYTES).unwrap();
    assert!(foreign.pair_filter.is_empty());
    assert!(foreign.may_have_bigram(0, 0));
}
