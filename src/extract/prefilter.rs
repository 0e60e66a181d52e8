//! Tells cheaply which of many rule regexes can match a sentence: each rule's required words.
//!
//! A rule regex such as `X (?:has )?(?:armed|backed) Y` can only match a sentence that holds
//! "armed" or "backed". Reading each rule's syntax tree once gives such a set of words (any
//! one of them must occur); one Aho-Corasick pass over the lower-cased sentence then tells
//! which rules are worth running. This is the idea of RE2's FilteredRE2. It replaced one
//! `RegexSet` over all rules, whose lazy DFA rebuilt states on nearly every sentence once the
//! rules had long bounded gaps over Unicode classes.
//!
//! The filter never drops a rule that can match: a rule whose words cannot be read (a class
//! too wide, a word too short to be selective) is always run.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::{BTreeMap, BTreeSet};

/// Words shorter than this (in characters) select too little to be worth a requirement.
const MIN_WORD: usize = 3;
/// The most strings an exact set may hold before it stops being tracked.
const MAX_EXACT: usize = 24;
/// The most words one set may list.
const MAX_ANY: usize = 1024;

/// Which rules of a list can match a text.
pub struct RuleFilter {
    words: AhoCorasick,
    /// For each rule, the clauses it needs, each a list of word ids one of which must occur.
    /// A rule with no clause is always run.
    clauses: Vec<Vec<Vec<usize>>>,
    /// How many words the automaton knows.
    word_count: usize,
    /// Whether every word is ASCII: then the automaton ignores ASCII case and most texts
    /// need no lower-cased copy.
    ascii: bool,
}

impl RuleFilter {
    /// A filter for these patterns, in order; a pattern that does not parse is always run.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Self {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut clauses = Vec::new();
        for pattern in patterns {
            let needs = required_words(pattern);
            let rule: Vec<Vec<usize>> = needs
                .into_iter()
                .map(|clause| {
                    clause
                        .into_iter()
                        .map(|w| {
                            let next = ids.len();
                            *ids.entry(w).or_insert(next)
                        })
                        .collect()
                })
                .collect();
            clauses.push(rule);
        }
        let mut words: Vec<(usize, String)> = ids.into_iter().map(|(w, id)| (id, w)).collect();
        words.sort();
        let word_count = words.len();
        let ascii = words.iter().all(|(_, w)| w.is_ascii());
        let words = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ascii)
            // A few thousand short words: the full DFA is small and scans fastest.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(words.iter().map(|(_, w)| w))
            .expect("rule words build an automaton");
        RuleFilter {
            words,
            clauses,
            word_count,
            ascii,
        }
    }

    /// For each rule, whether it may match `text`.
    pub fn live(&self, text: &str) -> Vec<bool> {
        let mut seen = vec![false; self.word_count];
        // ASCII words meet ASCII letters in any case; only the long s and the Kelvin sign
        // also fold to them, and only then is a lower-cased copy needed.
        let folded;
        let text = if self.ascii && !text.contains(['ſ', '\u{212A}']) {
            text
        } else {
            folded = fold(text);
            &folded
        };
        for m in self.words.find_overlapping_iter(text) {
            seen[m.pattern().as_usize()] = true;
        }
        self.clauses
            .iter()
            .map(|rule| rule.iter().all(|clause| clause.iter().any(|&w| seen[w])))
            .collect()
    }

    /// How many rules run on every sentence, having no readable words.
    #[cfg(test)]
    pub fn unfiltered(&self) -> usize {
        self.clauses.iter().filter(|c| c.is_empty()).count()
    }
}

/// The text as rule words are compared: lower-cased, with the two non-ASCII letters that
/// case-fold to ASCII ones (long s, Kelvin sign) mapped to them.
fn fold(text: &str) -> String {
    text.to_lowercase().replace('ſ', "s")
}

/// Sets of lower-cased words, one word of each set occurring in every match of `pattern`.
fn required_words(pattern: &str) -> Vec<Words> {
    match regex_syntax::ParserBuilder::new().build().parse(pattern) {
        Ok(hir) => requirement(&info(&hir)),
        Err(_) => Vec::new(),
    }
}

type Words = BTreeSet<String>;

/// What a piece of regex tells about the strings it matches.
struct Info {
    /// Every string it can match, lower-cased, when there are few.
    exact: Option<Words>,
    /// Word sets one word of each occurring in every match (empty: nothing known).
    all: Vec<Words>,
}

impl Info {
    fn exact(set: Words) -> Self {
        Info {
            exact: Some(set),
            all: Vec::new(),
        }
    }
    fn unknown() -> Self {
        Info {
            exact: None,
            all: Vec::new(),
        }
    }
}

/// The word sets every match holds: the exact strings if each is selective, else `all`.
fn requirement(info: &Info) -> Vec<Words> {
    if let Some(exact) = &info.exact {
        if !exact.is_empty() && exact.iter().all(|s| s.chars().count() >= MIN_WORD) {
            return vec![exact.clone()];
        }
    }
    info.all.clone()
}

fn info(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact([String::new()].into()),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Info::exact([s.to_lowercase()].into()),
            Err(_) => Info::unknown(),
        },
        HirKind::Class(class) => class_info(class),
        HirKind::Capture(c) => info(&c.sub),
        HirKind::Repetition(r) => {
            let sub = info(&r.sub);
            match (r.min, r.max) {
                (1, Some(1)) => sub,
                (0, Some(1)) => match sub.exact {
                    Some(mut e) if e.len() < MAX_EXACT => {
                        e.insert(String::new());
                        Info::exact(e)
                    }
                    _ => Info::unknown(),
                },
                (0, _) => Info::unknown(),
                _ => Info {
                    exact: None,
                    all: requirement(&sub),
                },
            }
        }
        HirKind::Concat(parts) => concat_info(parts),
        HirKind::Alternation(branches) => alternation_info(branches),
    }
}

/// A class matches a few letters, compared lower-cased: `(?i)a` is `[Aa]`.
fn class_info(class: &Class) -> Info {
    let mut chars = BTreeSet::new();
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                if (r.end() as u32) - (r.start() as u32) > 8 {
                    return Info::unknown();
                }
                for ch in r.start()..=r.end() {
                    chars.insert(ch.to_lowercase().to_string());
                    if chars.len() > 4 {
                        return Info::unknown();
                    }
                }
            }
        }
        Class::Bytes(_) => return Info::unknown(),
    }
    // `(?i)s` also matches the long s and `(?i)k` the Kelvin sign; `fold` maps both to ASCII
    // in the text, so the ASCII letter alone stands for them here.
    if chars.iter().any(|c| c.is_ascii()) {
        chars.retain(|c| c.is_ascii());
    }
    Info::exact(chars)
}

fn concat_info(parts: &[Hir]) -> Info {
    // Adjacent exact parts multiply into longer strings; each run that ends is a word set
    // every match needs, as are each inexact part's own sets.
    let mut all: Vec<Words> = Vec::new();
    let mut run: Option<Words> = Some([String::new()].into());
    let mut all_exact = true;
    for part in parts {
        let i = info(part);
        match (&mut run, i.exact) {
            (Some(r), Some(e)) if r.len() * e.len() <= MAX_EXACT => {
                *r = r
                    .iter()
                    .flat_map(|a| e.iter().map(move |b| format!("{a}{b}")))
                    .collect();
            }
            (_, e) => {
                if let Some(r) = run.take() {
                    all.extend(requirement(&Info::exact(r)));
                }
                all_exact = false;
                match e {
                    Some(e) => run = Some(e),
                    None => all.extend(i.all),
                }
            }
        }
    }
    if all_exact {
        return Info::exact(run.unwrap_or_default());
    }
    if let Some(r) = run {
        all.extend(requirement(&Info::exact(r)));
    }
    all.sort();
    all.dedup();
    Info { exact: None, all }
}

/// A word set selects better with longer shortest words, then with fewer words.
fn selectivity(words: &Words) -> (usize, std::cmp::Reverse<usize>) {
    (
        words.iter().map(|w| w.chars().count()).min().unwrap_or(0),
        std::cmp::Reverse(words.len()),
    )
}

fn alternation_info(branches: &[Hir]) -> Info {
    let infos: Vec<Info> = branches.iter().map(info).collect();
    let exact: Option<Words> = infos.iter().try_fold(BTreeSet::new(), |mut acc, i| {
        acc.extend(i.exact.clone()?);
        (acc.len() <= MAX_EXACT).then_some(acc)
    });
    if let Some(exact) = exact {
        return Info::exact(exact);
    }
    // Each branch gives its most selective set; a match holds a word of one of them.
    let any = infos.iter().try_fold(BTreeSet::new(), |mut acc, i| {
        acc.extend(requirement(i).into_iter().max_by_key(selectivity)?);
        (acc.len() <= MAX_ANY).then_some(acc)
    });
    Info {
        exact: None,
        all: any.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(p: &str) -> Vec<Vec<String>> {
        required_words(p)
            .into_iter()
            .map(|s| s.into_iter().collect())
            .collect()
    }

    fn set(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn reads_the_words_a_rule_needs() {
        assert_eq!(
            words(r"⟦A\d+⟧\s+(?:has\s+)?(?:armed|backed)\s+⟦A\d+⟧"),
            vec![set(&["armed", "backed"])]
        );
        // Adjacent literal pieces make longer words; an optional piece gives both readings.
        assert_eq!(
            words(r"\w+(?: with support)? from backer \w+"),
            vec![set(&[" from backer ", " with support from backer "])]
        );
        // Every mandatory piece is a requirement of its own.
        assert_eq!(
            words(r"with\s+\w+\s+protection"),
            vec![set(&["protection"]), set(&["with"])]
        );
        // Case-insensitive letters are compared lower-cased, the long s folded to "s".
        assert_eq!(words(r"(?i)supplies"), vec![set(&["supplies"])]);
        let f = RuleFilter::new([r"(?i)supplies"]);
        assert_eq!(f.live("Iran ſupplies them"), vec![true]);
        assert_eq!(f.live("Iran SUPPLIES them"), vec![true]);
        let f = RuleFilter::new([r"(?i)kill", r"(?i)déclaré"]);
        assert_eq!(f.live("\u{212A}ILL"), vec![true, false]);
        assert_eq!(f.live("DÉCLARÉ"), vec![false, true]);
    }

    #[test]
    fn a_rule_without_readable_words_is_always_run() {
        assert!(words(r"⟦A\d+⟧[^.]{0,40}⟦A\d+⟧").is_empty());
        // "to" and "of" are too short to select anything.
        assert!(words(r"(?:to|of)\s+\w+").is_empty());
        // One branch without words makes the whole alternation unknown.
        assert!(words(r"(?:backed|\w+)\s").is_empty());
        let f = RuleFilter::new([r"\w+ backs \w+", r"[^.]+"]);
        assert_eq!(f.unfiltered(), 1);
        assert_eq!(f.live("nothing"), vec![false, true]);
    }

    #[test]
    fn a_rule_is_live_when_its_words_occur_and_never_missed_when_it_matches() {
        let patterns = [
            r"(?i)⟦A\d+⟧\s+(?:armed|backed)\s+⟦A\d+⟧",
            r"⟦A\d+⟧\s+fought\s+⟦A\d+⟧",
            r"with\s+(?:the\s+)?protection\s+of",
            r"\w+",
        ];
        let f = RuleFilter::new(patterns);
        assert_eq!(f.live("⟦A1⟧ BACKED ⟦A2⟧"), vec![true, false, false, true]);
        assert_eq!(
            f.live("⟦A1⟧ fought ⟦A2⟧ with guns"),
            vec![false, true, false, true]
        );
        assert_eq!(
            f.live("under the protection of"),
            vec![false, false, false, true]
        );
        let texts = [
            "⟦A1⟧ armed ⟦A2⟧ and ⟦A3⟧ fought ⟦A4⟧",
            "nothing here",
            "Armed",
            "With the protection of X",
            "with protection of",
        ];
        for text in texts {
            let live = f.live(text);
            for (i, p) in patterns.iter().enumerate() {
                if regex::Regex::new(p).unwrap().is_match(text) {
                    assert!(live[i], "{p} matches {text:?} but was filtered out");
                }
            }
        }
    }
}
