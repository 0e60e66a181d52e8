//! Descriptions that stand for an actor named before ("the rebels", "the Iran-backed militant
//! group", "the junta"): their head nouns with the actor type each implies, and how to find
//! one in a sentence.

use std::collections::{BTreeMap, HashMap, HashSet};

use regex::Regex;

use super::{regex, words_regex, ActorType, Description};

/// The head nouns (`[anaphora]` of patterns.toml plus lexicon/descriptions.csv) and the words
/// that cannot stand between "the" and a head (`[grammar] description_breaks`).
#[derive(Debug)]
pub struct Descriptions {
    heads: Regex,
    /// A compound ("Iranian-backed") that lets a description go without "the".
    modifier: Regex,
    /// "several of ", "one of " right before "the": a part, not one actor.
    partitive: Regex,
    types: HashMap<String, ActorType>,
    breaks: HashSet<String>,
}

/// One description in a sentence: "the" (or the compound modifier when there is no "the") at
/// `start`, the head noun at `head_start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescriptionMatch {
    pub start: usize,
    pub head_start: usize,
    pub end: usize,
    /// The head as written, lower-cased.
    pub head: String,
    /// A capitalised head ("the Front") names its actor: it stands only for one whose name
    /// holds it.
    pub capitalised: bool,
    /// Whether "the" opens it; without it a compound modifier does ("Iranian-backed militias").
    pub determiner: bool,
    pub actor_type: ActorType,
}

/// At most this many modifiers between "the" and the head ("the banned Iran-backed group").
const MAX_MODIFIERS: usize = 3;

impl Descriptions {
    /// `adjectival`: heads that before another noun are adjectives ("the rebel stronghold"), so
    /// they are left out; their plurals stay ("the rebels").
    pub fn new(
        anaphora: &BTreeMap<String, Vec<String>>,
        generated: &[Description],
        breaks: &[String],
        adjectival: &[String],
        partitives: &[String],
        modifier: Regex,
    ) -> Result<Self, String> {
        let mut types: HashMap<String, ActorType> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut add = |word: &str, t: ActorType| -> Result<(), String> {
            words.push(word.to_string());
            match types.insert(word.to_lowercase(), t) {
                Some(old) if old != t => Err(format!(
                    "head noun {word:?} has two types, {} and {}",
                    old.name(),
                    t.name()
                )),
                _ => Ok(()),
            }
        };
        for (t, nouns) in anaphora {
            let t = ActorType::parse(t).ok_or_else(|| format!("unknown type {t}"))?;
            for n in nouns {
                add(n, t)?;
            }
        }
        for d in generated {
            if !adjectival.contains(&d.noun) {
                add(&d.noun, d.actor_type)?;
            }
            if let Some(p) = &d.plural {
                add(p, d.actor_type)?;
            }
        }
        words.sort();
        words.dedup();
        let heads = regex(&format!(r"\b{}\b", words_regex(&words))).map_err(|e| e.to_string())?;
        let partitive = regex(&format!(r"\b{}\s+of\s+$", words_regex(partitives)))
            .map_err(|e| e.to_string())?;
        Ok(Descriptions {
            heads,
            modifier,
            partitive,
            types,
            breaks: breaks.iter().map(|b| b.to_lowercase()).collect(),
        })
    }

    /// The descriptions of a sentence: a head noun after "the" and at most three modifiers, not
    /// followed by "of" ("the head of", "the government of X" name something else).
    pub fn find(&self, sentence: &str) -> Vec<DescriptionMatch> {
        let mut out: Vec<DescriptionMatch> = Vec::new();
        for m in self.heads.find_iter(sentence) {
            if out.last().is_some_and(|d| d.end > m.start()) {
                continue;
            }
            let after = &sentence[m.end()..];
            if after.starts_with(" of ") || after.starts_with('-') {
                continue;
            }
            let head = m.as_str().to_lowercase();
            let capitalised = m.as_str().starts_with(char::is_uppercase);
            let Some(&actor_type) = self.types.get(&head) else {
                continue;
            };
            let Some((start, determiner)) = self.opening_before(&sentence[..m.start()]) else {
                continue;
            };
            // "several of the factions" is some of them, not one actor.
            if determiner && self.partitive.is_match(&sentence[..start]) {
                continue;
            }
            // "the militant group": the last head of a run is the head, the others modify it.
            // A head followed by other words ("the alliance routed junta garrisons") ends the
            // description there: what follows is no modifier.
            if let Some(prev) = out.last() {
                if prev.start == start {
                    if !sentence[prev.end..m.start()].trim().is_empty() {
                        continue;
                    }
                    out.pop();
                }
            }
            out.push(DescriptionMatch {
                start,
                head_start: m.start(),
                end: m.end(),
                head,
                capitalised,
                determiner,
                actor_type,
            });
        }
        out
    }

    /// Where the description opens, when only modifiers stand between the opening and the end
    /// of `before`: at "the" (true), else at the first compound modifier (false).
    fn opening_before(&self, before: &str) -> Option<(usize, bool)> {
        if !before.ends_with(' ') {
            return None;
        }
        let mut end = before.len();
        let mut compound = None;
        for _ in 0..=MAX_MODIFIERS {
            let trimmed = before[..end].trim_end();
            let word_start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            let word = &trimmed[word_start..];
            if word == "the" || word == "The" {
                return Some((word_start, true));
            }
            let lower = word.to_lowercase();
            let punctuated = word.ends_with([',', ';', ':', '(', ')', '"', '“', '”']);
            if word.is_empty()
                || punctuated
                || self.breaks.contains(&lower)
                || word.chars().any(|c| c.is_ascii_digit())
            {
                break;
            }
            if self.modifier.is_match(word) {
                compound = Some(word_start);
            }
            end = word_start;
        }
        compound.map(|c| (c, false))
    }

    /// The actor type a head noun implies.
    pub fn type_of(&self, head: &str) -> Option<ActorType> {
        self.types.get(&head.to_lowercase()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn descriptions() -> Descriptions {
        let anaphora = BTreeMap::from([(
            "ArmedGroup".to_string(),
            vec!["group".to_string(), "militia".to_string()],
        )]);
        let generated = [
            Description {
                noun: "junta".into(),
                plural: Some("juntas".into()),
                actor_type: ActorType::Government,
            },
            Description {
                noun: "militant".into(),
                plural: Some("militants".into()),
                actor_type: ActorType::ArmedGroup,
            },
        ];
        Descriptions::new(
            &anaphora,
            &generated,
            &["and".into(), "said".into()],
            &["militant".into()],
            &["several".into()],
            Regex::new(r"\S-backed$").unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_head_after_the_and_modifiers_is_a_description() {
        let d = descriptions();
        let s = "Officials said the Tehran-backed militant group shelled a base run by the junta.";
        let found = d.find(s);
        let heads: Vec<(&str, &str)> = found
            .iter()
            .map(|m| (&s[m.start..m.end], m.head.as_str()))
            .collect();
        assert_eq!(
            heads,
            [
                ("the Tehran-backed militant group", "group"),
                ("the junta", "junta")
            ]
        );
        assert_eq!(found[1].actor_type, ActorType::Government);
    }

    #[test]
    fn a_head_followed_by_a_verb_ends_the_description() {
        let d = descriptions();
        let s = "Later the group overran junta militia posts.";
        let found: Vec<&str> = d.find(s).iter().map(|m| &s[m.start..m.end]).collect();
        assert_eq!(found, ["the group"]);
    }

    #[test]
    fn no_description_without_the_or_across_a_break_or_before_of() {
        let d = descriptions();
        assert!(d.find("A militia attacked the town.").is_empty());
        assert!(
            d.find("They took the militant stronghold.").is_empty(),
            "an adjectival head is no head"
        );
        assert!(
            d.find("Qatar paid several of the militias.").is_empty(),
            "a part of them is no reference"
        );
        let s = "Officials said Iran-backed militia fired.";
        let found = d.find(s);
        assert_eq!(
            found
                .iter()
                .map(|m| (&s[m.start..m.end], m.determiner))
                .collect::<Vec<_>>(),
            [("Iran-backed militia", false)]
        );
        assert!(d.find("the army and militia fought.").is_empty());
        assert!(d.find("the leader of the group of seven spoke.").is_empty());
        assert!(d.find("the 5th militia moved.").is_empty());
        assert!(
            d.find("the one two three four militia.").is_empty(),
            "more than three modifiers"
        );
    }

    #[test]
    fn a_head_noun_with_two_types_is_refused() {
        let anaphora = BTreeMap::from([("Government".to_string(), vec!["militia".to_string()])]);
        let generated = [Description {
            noun: "militia".into(),
            plural: None,
            actor_type: ActorType::ArmedGroup,
        }];
        let err = Descriptions::new(
            &anaphora,
            &generated,
            &[],
            &[],
            &[],
            Regex::new("-backed$").unwrap(),
        )
        .unwrap_err();
        assert!(err.contains("militia"), "{err}");
    }
}
