//! Finds places the lexicon does not know from the nouns around them: "the village of X",
//! "X, a town near Y", "X province", "X airbase".
//!
//! Gazetteers stop at towns of some size, and war reporting names villages, districts and
//! bases. The place nouns and their types are data (`[place_nouns]` in patterns.toml); the
//! name itself must be capitalised words no actor or lexicon place already owns.

use crate::lexicon::{Lexicon, PlaceType};
use regex::Regex;

/// A place found by its noun: where its name is and what kind of place the noun makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPlace {
    pub start: usize,
    pub end: usize,
    pub kind: PlaceType,
    /// Which of the three forms found it (recorded as the entity's `foundBy`).
    pub rule: &'static str,
}

pub struct PlaceFinder {
    /// "the village of X": the name follows the noun.
    noun_of: Regex,
    /// "X, a small town near Y": the name comes before an indefinite noun.
    apposition: Regex,
    /// "X province", "X air base": the noun is part of the name.
    suffix: Regex,
    /// A name ending a text: the name before an apposition or a suffix noun, read backwards
    /// once the rarer noun is found (a regex starting with a name would try every
    /// capitalised word).
    name_at_end: Regex,
    /// "clashes near X.", "the rebels seized X,": a name right after a locative word or a verb
    /// of taking ground, ending at punctuation or a lower-case word.
    locative: Regex,
    /// ", Y and Z" after a place found by its noun or a locative word: more of the same.
    next_in_list: Regex,
}

impl PlaceFinder {
    pub fn new(lex: &Lexicon) -> Self {
        let p = &lex.patterns;
        let token = super::mentions::name_token(lex);
        let name = format!(r"(?P<name>{token}(?:[^\S\n]+{token}){{0,2}})");
        let nouns = |pred: &dyn Fn(PlaceType) -> bool| {
            let words: Vec<String> = p
                .place_nouns
                .iter()
                .filter(|(_, t)| pred(**t))
                .map(|(w, _)| w.clone())
                .collect();
            crate::lexicon::words_regex(&words)
        };
        let settlement =
            nouns(&|t| matches!(t, PlaceType::City | PlaceType::Town | PlaceType::Region));
        let suffix = nouns(&|t| matches!(t, PlaceType::Region | PlaceType::Facility));
        let re = |s: String| crate::lexicon::regex(&s).expect("place regex");
        PlaceFinder {
            noun_of: re(format!(
                r"\b(?:[Tt]he|[Aa])\s+(?:[\p{{Ll}}-]+\s+)?(?P<noun>{settlement})\s+of\s+{name}\b"
            )),
            apposition: re(format!(
                r",\s+an?\s+(?:[\p{{Ll}}-]+\s+){{0,2}}?(?P<noun>{settlement})\s+(?:in|near|outside|on|of|close\s+to|(?:north|south|east|west)\w*\s+of)\b"
            )),
            suffix: re(format!(r"[^\S\n]+(?P<noun>{suffix})\b")),
            name_at_end: re(format!("{name}$")),
            locative: re(format!(
                r"\b{}\s+(?P<name>{token}(?:[^\S\n]+{token})?)(?:[,.;:)]|\s+\p{{Ll}})",
                crate::lexicon::words_regex(&p.place_markers)
            )),
            next_in_list: re(format!(
                r"^(?:,[^\S\n]+(?:{joiners}[^\S\n]+)?|[^\S\n]+{joiners}[^\S\n]+)(?P<name>{token}(?:[^\S\n]+{token})?)(?:[,.;:)]|\s+\p{{Ll}}|$)",
                joiners = crate::lexicon::words_regex(&p.place_list_joiners)
            )),
        }
    }

    /// Every place the nouns of `text` name, leftmost first; a name the lexicon knows is
    /// left to the lexicon.
    pub fn find(&self, text: &str, lex: &Lexicon) -> Vec<FoundPlace> {
        let mut out = Vec::new();
        let known = |name: &str| lex.surface(name).is_some();
        let kind_of = |noun: &str| lex.patterns.place_nouns.get(&noun.to_lowercase()).copied();
        let noun_of = self.noun_of.captures_iter(text).filter_map(|c| {
            let name = c.name("name").expect("name");
            Some((
                name.start(),
                name.as_str(),
                c.name("noun")?,
                "place.noun-of",
            ))
        });
        let apposition = self.apposition.captures_iter(text).filter_map(|c| {
            let (start, name) = self.name_before(text, c.get(0)?.start())?;
            Some((start, name, c.name("noun")?, "place.apposition"))
        });
        let suffix = self.suffix.captures_iter(text).filter_map(|c| {
            let (start, name) = self.name_before(text, c.get(0)?.start())?;
            Some((start, name, c.name("noun")?, "place.suffix"))
        });
        for (start, name, noun, rule) in noun_of.chain(apposition).chain(suffix) {
            let Some(kind) = kind_of(noun.as_str()) else {
                continue;
            };
            // A known place before a suffix noun is a built place (`composite_places`); an
            // actor's name before it ("Hezbollah base") names no place.
            if known(name) || starts_with_stop_word(name, lex) {
                continue;
            }
            let end = if rule == "place.suffix" {
                noun.end()
            } else {
                start + name.len()
            };
            out.push(FoundPlace {
                start,
                end,
                kind,
                rule,
            });
        }
        // "in January", "near Monday's talks": a date, not a place.
        for c in self.locative.captures_iter(text) {
            let name = c.name("name").expect("name");
            if known(name.as_str()) || opens_a_sentence_or_date(name.as_str(), lex) {
                continue;
            }
            out.push(FoundPlace {
                start: name.start(),
                end: name.end(),
                kind: PlaceType::Town,
                rule: "place.locative",
            });
        }
        let listed: Vec<FoundPlace> = out
            .iter()
            .filter(|f| f.rule != "place.suffix")
            .flat_map(|f| self.listed_after(text, f, lex))
            .collect();
        out.extend(listed);
        out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        out.dedup_by(|b, a| b.start < a.end);
        out
    }

    /// The capitalised name that ends right at `at`, if one does.
    fn name_before<'t>(&self, text: &'t str, at: usize) -> Option<(usize, &'t str)> {
        let m = super::mentions::name_ending_at(&self.name_at_end, text, at, 100)?;
        Some((m.start, m.text))
    }

    /// "the villages of X, Y and Z", "seized X and Y": the names listed after a found place
    /// are places of its kind, up to the first that is no bare capitalised name.
    fn listed_after(&self, text: &str, first: &FoundPlace, lex: &Lexicon) -> Vec<FoundPlace> {
        let mut out = Vec::new();
        let mut at = first.end;
        while let Some(c) = self.next_in_list.captures(&text[at..]) {
            let name = c.name("name").expect("name");
            let (start, end) = (at + name.start(), at + name.end());
            if opens_a_sentence_or_date(name.as_str(), lex) {
                break;
            }
            if lex.surface(name.as_str()).is_none() {
                out.push(FoundPlace {
                    start,
                    end,
                    kind: first.kind,
                    rule: "place.list",
                });
            }
            at = end;
        }
        out
    }
}

/// "In January", "On Monday": a name that starts with a stop word or a date word is none.
fn opens_a_sentence_or_date(name: &str, lex: &Lexicon) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    starts_with_stop_word(name, lex) || lex.patterns.dates.is_date_word(first)
}

/// "On Monday", "The", "In": a capitalised stop word is where a sentence starts, not a name.
fn starts_with_stop_word(name: &str, lex: &Lexicon) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    lex.patterns.stop_words.contains(first)
        || lex.patterns.stop_words.contains(&first.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, PlaceType)> {
        let lex = crate::extract::tests::lexicon();
        PlaceFinder::new(lex)
            .find(text, lex)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.kind))
            .collect()
    }

    #[test]
    fn a_noun_names_the_place_it_stands_with() {
        assert_eq!(
            found("Shelling hit the village of Korvana on Monday."),
            vec![("Korvana".into(), PlaceType::Town)]
        );
        assert_eq!(
            found("Two died in Miru Dala, a farming town near the coast."),
            vec![("Miru Dala".into(), PlaceType::Town)]
        );
        assert_eq!(
            found("Jets struck camps in Tembara province."),
            vec![("Tembara province".into(), PlaceType::Region)]
        );
        assert_eq!(
            found("Drones hit Kessa Ridge airbase overnight."),
            vec![("Kessa Ridge airbase".into(), PlaceType::Facility)]
        );
    }

    #[test]
    fn a_name_after_a_locative_word_or_a_capture_is_a_town() {
        assert_eq!(
            found("Gunmen attacked a checkpoint near Dembo Kari, officials said."),
            vec![("Dembo Kari".into(), PlaceType::Town)]
        );
        assert_eq!(
            found("The militia overran Kolanto on Sunday."),
            vec![("Kolanto".into(), PlaceType::Town)]
        );
        // A possessive or a longer capitalised run is a name of something else.
        assert!(found("He spoke near Amadou Kone's house.").is_empty());
        assert!(found("The talks began in January.").is_empty());
    }

    #[test]
    fn the_names_listed_after_a_found_place_are_places_of_its_kind() {
        assert_eq!(
            found("Families fled the municipalities of Kobrano and Telmiza."),
            vec![
                ("Kobrano".into(), PlaceType::Region),
                ("Telmiza".into(), PlaceType::Region)
            ]
        );
        assert_eq!(
            found("The army seized Mendolo, Pirdak and Hassoun farms on Monday."),
            vec![
                ("Mendolo".into(), PlaceType::Town),
                ("Pirdak".into(), PlaceType::Town),
                ("Hassoun farms".into(), PlaceType::Facility)
            ]
        );
        // A list stops at a sentence opener or a date.
        assert_eq!(
            found("Rebels captured Mendolo and On Monday"),
            vec![("Mendolo".into(), PlaceType::Town)]
        );
    }

    #[test]
    fn known_names_and_sentence_openers_are_no_new_place() {
        // The lexicon knows Idlib; "Idlib province" is built on it elsewhere.
        assert!(found("Fighting spread across Idlib province.").is_empty());
        assert!(found("The province was calm.").is_empty());
        assert!(found("On Monday district officials met.").is_empty());
        // A lower-case word is no name.
        assert!(found("the village of our ancestors").is_empty());
    }
}
