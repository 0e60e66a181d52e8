//! Cue vocabulary generated from open codebooks (`lexicon/cues.csv`, `lexicon/descriptions.csv`,
//! both made by `scripts/gen-cues.py` from PETRARCH2's CAMEO verbs and Phoenix agents), merged
//! into the word lists and event triggers of `patterns.toml` when the patterns load.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{invalid, ActorType, LexiconError};

/// The two generated files, as text with the path they came from (for error messages).
#[derive(Clone, Copy)]
pub struct CueSources<'a> {
    pub cues: (&'a str, &'a Path),
    pub descriptions: (&'a str, &'a Path),
}

/// The parsed vocabulary: extra words per `[words]` list and per event type, and the head
/// nouns of descriptions that refer back to an actor ("the rebels", "the junta").
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Where the cues came from, for errors found when they are merged.
    pub cues_path: PathBuf,
    pub words: BTreeMap<String, Vec<String>>,
    pub events: BTreeMap<String, Vec<String>>,
    pub descriptions: Vec<Description>,
}

/// A head noun that, after "the", stands for an organisation of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    pub noun: String,
    pub plural: Option<String>,
    pub actor_type: ActorType,
}

/// The `list` column: a `[words]` list, or `event:` and an event type.
const EVENT_PREFIX: &str = "event:";

impl Vocabulary {
    pub fn parse(src: CueSources) -> Result<Self, LexiconError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct CueRow {
            phrase: String,
            list: String,
            #[allow(dead_code)]
            cameo: String,
            #[allow(dead_code)]
            source: String,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct DescriptionRow {
            noun: String,
            plural: String,
            actor_type: String,
            #[allow(dead_code)]
            phoenix: String,
            #[allow(dead_code)]
            source: String,
        }
        let (text, path) = src.cues;
        let mut out = Vocabulary {
            cues_path: path.to_path_buf(),
            ..Vocabulary::default()
        };
        for (i, row) in csv::Reader::from_reader(text.as_bytes())
            .deserialize::<CueRow>()
            .enumerate()
        {
            let line = i + 2;
            let row = row.map_err(|e| invalid(path, format!("line {line}: {e}")))?;
            let phrase = row.phrase.trim().to_string();
            if phrase.is_empty() {
                return Err(invalid(path, format!("line {line}: empty phrase")));
            }
            match row.list.strip_prefix(EVENT_PREFIX) {
                Some(kind) => out.events.entry(kind.to_string()).or_default().push(phrase),
                None => out.words.entry(row.list).or_default().push(phrase),
            }
        }
        let (text, path) = src.descriptions;
        for (i, row) in csv::Reader::from_reader(text.as_bytes())
            .deserialize::<DescriptionRow>()
            .enumerate()
        {
            let line = i + 2;
            let row = row.map_err(|e| invalid(path, format!("line {line}: {e}")))?;
            let actor_type = ActorType::parse(&row.actor_type).ok_or_else(|| {
                invalid(
                    path,
                    format!("line {line}: unknown actor type {:?}", row.actor_type),
                )
            })?;
            let plural =
                Some(row.plural.trim().to_string()).filter(|p| !p.is_empty() && *p != row.noun);
            out.descriptions.push(Description {
                noun: row.noun.trim().to_string(),
                plural,
                actor_type,
            });
        }
        Ok(out)
    }

    /// Adds the cue words to the pattern file's lists. A cue naming a list or an event type the
    /// patterns do not have is an error, so a typo in the generator cannot drop a vocabulary.
    pub(super) fn merge_into(
        &self,
        words: &mut BTreeMap<String, Vec<String>>,
        events: &mut [(String, &mut Vec<String>)],
    ) -> Result<(), LexiconError> {
        let path = self.cues_path.as_path();
        for (list, phrases) in &self.words {
            let target = words.get_mut(list).ok_or_else(|| {
                invalid(
                    path,
                    format!("list {list:?} is not a [words] list of patterns.toml"),
                )
            })?;
            merge_sorted(target, phrases);
        }
        for (kind, phrases) in &self.events {
            let (_, target) = events.iter_mut().find(|(k, _)| k == kind).ok_or_else(|| {
                invalid(
                    path,
                    format!("event type {kind:?} is not an [[events]] type of patterns.toml"),
                )
            })?;
            merge_sorted(target, phrases);
        }
        Ok(())
    }
}

fn merge_sorted(target: &mut Vec<String>, more: &[String]) {
    target.extend(more.iter().cloned());
    target.sort();
    target.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUES: &str =
        "phrase,list,cameo,source\noverran,hostile_verb,192,x\nskirmish,event:attack,190,x\n";
    const DESCRIPTIONS: &str = "noun,plural,actor_type,phoenix,source\njunta,juntas,Government,GOV,x\npolice,,ArmedGroup,COP,x\n";

    fn vocab(cues: &str, descriptions: &str) -> Result<Vocabulary, LexiconError> {
        Vocabulary::parse(CueSources {
            cues: (cues, Path::new("cues.csv")),
            descriptions: (descriptions, Path::new("descriptions.csv")),
        })
    }

    #[test]
    fn cues_join_their_lists_sorted_and_once() {
        let v = vocab(CUES, DESCRIPTIONS).unwrap();
        let mut words = BTreeMap::from([(
            "hostile_verb".to_string(),
            vec!["attacked".to_string(), "overran".to_string()],
        )]);
        let mut attack = vec!["attack".to_string()];
        v.merge_into(&mut words, &mut [("attack".to_string(), &mut attack)])
            .unwrap();
        assert_eq!(words["hostile_verb"], ["attacked", "overran"]);
        assert_eq!(attack, ["attack", "skirmish"]);
        assert_eq!(
            v.descriptions[0],
            Description {
                noun: "junta".into(),
                plural: Some("juntas".into()),
                actor_type: ActorType::Government
            }
        );
        assert_eq!(v.descriptions[1].plural, None);
    }

    #[test]
    fn an_unknown_list_or_type_is_refused_with_the_file() {
        let v = vocab(CUES, DESCRIPTIONS).unwrap();
        let err = v
            .merge_into(&mut BTreeMap::new(), &mut [])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cues.csv") && err.contains("hostile_verb"),
            "{err}"
        );
        let err = vocab(
            CUES,
            "noun,plural,actor_type,phoenix,source\nx,,Tribe,-,x\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("descriptions.csv") && err.contains("line 2"),
            "{err}"
        );
    }
}
