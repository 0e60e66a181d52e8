//! Descriptions and their antecedents: "the rebels", "the Iran-backed militant group" become
//! mentions of the actor named before that they stand for, chosen by salience.

use super::{Doc, Extractor, Mention, Sentence};
use crate::lexicon::{ActorType, DescriptionMatch, Kind};

/// How far back (in sentences) the nearest compatible actor may stand for a description whose
/// head no name shares.
const NEAREST_WINDOW: usize = 4;

/// The suffix by which a named modifier puts a description on its side ("GNA-allied").
const ALLIED: &str = "-allied";

/// The rule of a pronoun's mention: it ties no name form.
pub(crate) const PRONOUN_RULE: &str = "pronoun.possessive";
/// How an object pronoun ("armed it") was tied to an organisation; never a name form either.
pub(crate) const OBJECT_PRONOUN_RULE: &str = "pronoun.object";

/// The sentence pronouns are resolved in, with what came before it.
#[derive(Clone, Copy)]
struct PronounScope<'a, 'e, 'l> {
    sentence: &'a str,
    s: &'a Sentence,
    si: usize,
    mentions: &'a [Mention],
    salience: &'a Salience,
    doc: &'a Doc<'e, 'l>,
}

/// Actors in order of their last mention, with the sentence of it.
#[derive(Debug, Default)]
pub(crate) struct Salience {
    recent: Vec<(usize, usize)>,
    /// Every actor mention of the last sentence read, in order, with its sentence.
    last_sentence: Vec<(usize, usize)>,
}

impl Salience {
    pub fn saw(&mut self, entity: usize, sentence: usize) {
        self.recent.retain(|&(e, _)| e != entity);
        self.recent.push((entity, sentence));
        if self
            .last_sentence
            .first()
            .is_some_and(|&(_, at)| at != sentence)
        {
            self.last_sentence.clear();
        }
        self.last_sentence.push((entity, sentence));
    }

    /// The first actor of sentence `si` that fits: its subject, as a rule.
    fn first_in(&self, si: usize, fits: impl Fn(usize) -> bool) -> Option<usize> {
        self.last_sentence
            .iter()
            .filter(|&&(_, at)| at == si)
            .map(|&(e, _)| e)
            .find(|&e| fits(e))
    }

    /// Most recent first.
    fn candidates(&self) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
        self.recent.iter().rev().copied()
    }
}

/// Whether a description of type `d` can stand for an actor of type `e`.
fn compatible(d: ActorType, e: ActorType) -> bool {
    use ActorType::*;
    d == e || matches!((d, e), (ArmedGroup, Company) | (Company, ArmedGroup))
}

impl Extractor<'_> {
    /// Adds a mention for each description of the sentence that has an antecedent. The
    /// mention's `via` says which rule chose it, so `query name-forms` shows it for review.
    pub(super) fn resolve_descriptions(
        &self,
        text: &str,
        s: &Sentence,
        si: usize,
        mut mentions: Vec<Mention>,
        salience: &Salience,
        doc: &mut Doc,
    ) -> Vec<Mention> {
        let sentence = &text[s.byte_start..s.byte_end];
        let mut added = Vec::new();
        for d in self.lexicon.patterns.descriptions.find(sentence) {
            let (head_start, end) = (s.byte_start + d.head_start, s.byte_start + d.end);
            // Like every merged mention, the description leaves "the" outside.
            let mut start = self.skip_article(text, s.byte_start + d.start, end);
            // A name right before the head owns it ("the Wagner group").
            if mentions.iter().any(|x| {
                x.end <= head_start && x.end > start && text[x.end..head_start].trim().is_empty()
            }) {
                continue;
            }
            // A named modifier ("the Iran-backed group") stays a mention of its own, so rules
            // read "X-backed" before the description; the description starts after it.
            if let Some(last) = mentions
                .iter()
                .filter(|x| x.start >= start && x.end <= head_start)
                .map(|x| x.end)
                .max()
            {
                // "the GNA-allied militias" are the GNA's side: reference rules read them.
                if d.determiner && text[last..head_start].starts_with(ALLIED) {
                    continue;
                }
                start = text[last..head_start]
                    .find(char::is_whitespace)
                    .map_or(head_start, |i| last + i + 1);
            }
            if mentions
                .iter()
                .chain(&added)
                .any(|x: &Mention| x.start < end && x.end > start)
            {
                continue;
            }
            let here: Vec<usize> = mentions
                .iter()
                .rev()
                .filter(|x| x.end <= start)
                .map(|x| x.entity)
                .collect();
            let opening = s.byte_start + d.start;
            // The name right before ", the …", if any: what an apposition stands for.
            let apposed_to = mentions
                .iter()
                .find(|x| {
                    x.end <= opening
                        && text[x.end..opening].len() <= 3
                        && text[x.end..opening].trim_end() == ","
                })
                .map(|x| x.entity);
            // "the Islamist militants", "the Iran-backed Shiite militias": a capitalised modifier
            // that names nothing known makes the description a name of its own, not a reference.
            let modifiers = &text[start..head_start];
            let own_name = modifiers
                .split_whitespace()
                .find(|w| w.starts_with(char::is_uppercase))
                .map(|w| &text[start + (w.as_ptr() as usize - modifiers.as_ptr() as usize)..end]);
            let irregular = self
                .lexicon
                .patterns
                .irregular_after
                .is_match(&format!(" {}", d.head));
            let army = (d.determiner && !d.capitalised && modifiers.trim().is_empty())
                .then(|| self.national_army(&d, &here, si, salience, doc))
                .flatten();
            if let Some((entity, rule)) = army.or_else(|| {
                self.antecedent(&d, &here, apposed_to, si, salience, doc, own_name.is_some())
            }) {
                added.push(Mention {
                    start,
                    end,
                    entity,
                    via: rule.into(),
                });
            } else if irregular {
                // "the Islamist militants", or "Iranian-backed militias" that no earlier name
                // holds: a group of their own, named by the qualified phrase or the whole one.
                let whole = (!d.determiner).then(|| &text[s.byte_start + d.start..end]);
                if let Some(name) = own_name.or(whole) {
                    let entity =
                        doc.discovered(name, ActorType::ArmedGroup, "description.new-group");
                    added.push(Mention {
                        start,
                        end,
                        entity,
                        via: "description.new-group".into(),
                    });
                }
            }
        }
        let scope = PronounScope {
            sentence,
            s,
            si,
            mentions: &mentions,
            salience,
            doc,
        };
        self.possessive_titles(&scope, &mut added);
        self.possessive_forces(&scope, &mut added);
        self.object_pronouns(&scope, &mut added);
        self.speaker_pronouns(&scope, &mut added);
        mentions.extend(added);
        mentions.sort_by_key(|m| m.start);
        mentions
    }

    /// "Its spokesman, X", "their commander": the pronoun stands for the subject of this
    /// sentence before it, else of the sentence before, so title rules read who X works for.
    fn possessive_titles(&self, scope: &PronounScope, added: &mut Vec<Mention>) {
        self.pronouns(
            &self.lexicon.patterns.possessive_title,
            PRONOUN_RULE,
            scope,
            added,
            |before, prev, _| before.first().copied().or(prev),
        );
    }

    /// "On Monday its fighters stormed…": the pronoun stands for the one organisation named
    /// before it in the sentence, or for the first of the sentence before when none is; with
    /// two or more before it ("X struck Y and its fighters") it is left unresolved.
    fn possessive_forces(&self, scope: &PronounScope, added: &mut Vec<Mention>) {
        let p = &self.lexicon.patterns;
        // Fighters belong to a group, a state or a government, not to the experts or the
        // mission that reported on them.
        let fighting = |e: usize| {
            matches!(
                scope.doc.entities[e].kind.actor_type(),
                Some(ActorType::ArmedGroup | ActorType::State | ActorType::Government)
            )
        };
        let prev = scope
            .si
            .checked_sub(1)
            .and_then(|prev| scope.salience.first_in(prev, fighting));
        self.pronouns(
            &p.possessive_force,
            PRONOUN_RULE,
            scope,
            added,
            |before, _, lead| match before {
                // Only an opening phrase may come first ("On Monday its fighters"): after
                // "The Front said" the pronoun is the unnamed speaker's.
                [] => prev.filter(|_| {
                    let words: Vec<&str> = lead.split_whitespace().collect();
                    words.len() <= 3
                        && !words.iter().enumerate().any(|(i, w)| {
                            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                            let named = i > 0
                                && w.starts_with(char::is_uppercase)
                                && !p.dates.is_date_word(w);
                            named || p.attribution.is_match(w)
                        })
                }),
                [one] => Some(*one),
                _ => None,
            },
        );
    }

    /// "supplied it with drones", "armed them": the pronoun stands for the organisation named
    /// last before it in the sentence other than the sentence's first (its subject), else for
    /// the first organisation of the sentence before when that is not the subject.
    fn object_pronouns(&self, scope: &PronounScope, added: &mut Vec<Mention>) {
        self.pronouns(
            &self.lexicon.patterns.object_pronoun,
            OBJECT_PRONOUN_RULE,
            scope,
            added,
            |before, prev, _| {
                let subject = before.first().copied();
                before
                    .iter()
                    .rev()
                    .copied()
                    .find(|&e| Some(e) != subject)
                    .or(prev.filter(|&e| Some(e) != subject))
            },
        );
    }

    /// "he said": the pronoun stands for the person named last, in this sentence before it or
    /// in the two sentences before, so the statement has its speaker.
    fn speaker_pronouns(&self, scope: &PronounScope, added: &mut Vec<Mention>) {
        let PronounScope {
            sentence,
            s,
            si,
            mentions,
            salience,
            doc,
        } = *scope;
        let person = |e: usize| doc.entities[e].kind == Kind::Actor(ActorType::Person);
        for c in self
            .lexicon
            .patterns
            .speaker_pronoun
            .captures_iter(sentence)
        {
            let pronoun = c.name("pronoun").expect("pronoun group");
            let (start, end) = (s.byte_start + pronoun.start(), s.byte_start + pronoun.end());
            if mentions
                .iter()
                .chain(added.iter())
                .any(|x| x.start < end && x.end > start)
            {
                continue;
            }
            let here = mentions
                .iter()
                .filter(|x| x.end <= start && person(x.entity))
                .map(|x| x.entity)
                .last();
            let recent = || {
                salience
                    .candidates()
                    .find(|&(e, at)| person(e) && at + 2 >= si)
                    .map(|(e, _)| e)
            };
            if let Some(entity) = here.or_else(recent) {
                added.push(Mention {
                    start,
                    end,
                    entity,
                    via: PRONOUN_RULE.into(),
                });
            }
        }
    }

    /// Each pronoun `re` finds (group `pronoun`) that no mention covers stands for the
    /// organisation `choose` picks from the organisations named before it in the sentence
    /// and the first organisation of the sentence before. Pronouns are never name forms.
    fn pronouns(
        &self,
        re: &regex::Regex,
        rule: &str,
        scope: &PronounScope,
        added: &mut Vec<Mention>,
        choose: impl Fn(&[usize], Option<usize>, &str) -> Option<usize>,
    ) {
        let PronounScope {
            sentence,
            s,
            si,
            mentions,
            salience,
            doc,
        } = *scope;
        let organisation = |e: usize| {
            doc.entities[e]
                .kind
                .actor_type()
                .is_some_and(|t| t != ActorType::Person)
        };
        let prev = si
            .checked_sub(1)
            .and_then(|prev| salience.first_in(prev, organisation));
        for c in re.captures_iter(sentence) {
            let pronoun = c.name("pronoun").expect("pronoun group");
            let (start, end) = (s.byte_start + pronoun.start(), s.byte_start + pronoun.end());
            if mentions
                .iter()
                .chain(added.iter())
                .any(|x| x.start < end && x.end > start)
            {
                continue;
            }
            let before: Vec<usize> = mentions
                .iter()
                .filter(|x| x.end <= start)
                .map(|x| x.entity)
                .filter(|&e| organisation(e))
                .collect();
            if let Some(entity) = choose(&before, prev, &sentence[..pronoun.start()]) {
                added.push(Mention {
                    start,
                    end,
                    entity,
                    via: rule.into(),
                });
            }
        }
    }

    /// "the army": a national army in view, else the army of the nearest state, government or
    /// leader that has one (lexicon/national.csv).
    fn national_army(
        &self,
        d: &DescriptionMatch,
        here: &[usize],
        si: usize,
        salience: &Salience,
        doc: &mut Doc,
    ) -> Option<(usize, &'static str)> {
        if !self.lexicon.patterns.army_heads.contains(&d.head) {
            return None;
        }
        let near: Vec<usize> = here
            .iter()
            .map(|&e| (e, si))
            .chain(salience.candidates())
            .take_while(|&(_, at)| si - at <= 2 * NEAREST_WINDOW)
            .map(|(e, _)| e)
            .collect();
        let is_army = |e: usize| {
            doc.entities[e]
                .lexicon
                .is_some_and(|i| self.lexicon.national_kind(i) == Some("army"))
        };
        if let Some(&e) = near.iter().find(|&&e| is_army(e)) {
            return Some((e, "description.national-army"));
        }
        near.iter()
            .find_map(|&e| doc.national_of(e, "army"))
            .map(|e| (e, "description.national-army"))
    }

    /// The actor a description stands for: one whose name holds the head noun ("the movement"
    /// for "the Houthi movement"), else the nearest actor of a compatible type, in this
    /// sentence before it or in the few sentences before.
    fn antecedent(
        &self,
        d: &DescriptionMatch,
        here: &[usize],
        apposed_to: Option<usize>,
        si: usize,
        salience: &Salience,
        doc: &Doc,
        qualified: bool,
    ) -> Option<(usize, &'static str)> {
        let fits = |e: usize| match doc.entities[e].kind {
            Kind::Actor(t) => t != ActorType::Person && compatible(d.actor_type, t),
            Kind::Place(_) => false,
        };
        let near = here.iter().map(|&e| (e, si)).chain(salience.candidates());
        let singular = d.head.strip_suffix('s').unwrap_or(&d.head);
        // The name, a lexicon alias or a form seen in this article ("M23 rebels").
        let holds = |name: &str| {
            name.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == d.head || w == singular)
        };
        let names_head = |e: usize| {
            let info = &doc.entities[e];
            let aliases = info
                .lexicon
                .map(|i| self.lexicon.entities[i].aliases.as_slice())
                .unwrap_or_default();
            holds(&info.name)
                || aliases.iter().any(|a| holds(a))
                || info.surfaces.keys().any(|f| holds(f))
        };
        // "the rebels", "the militants" never stand for a state's army or government.
        let irregular = self
            .lexicon
            .patterns
            .irregular_after
            .is_match(&format!(" {}", d.head));
        // Nor for a state's side: its national actors, or a coalition states lead ("the
        // Saudi-led coalition" is never "the militants").
        let state_side = |e: usize| {
            doc.entities[e]
                .lexicon
                .is_some_and(|i| self.lexicon.national_kind(i).is_some())
                || doc.entities[e].name.contains("-led ")
        };
        let fits = |e: usize| fits(e) && !(irregular && state_side(e));
        // "the SDF, the US-backed rebel group": an apposition stands for the name it follows.
        if let Some(e) = apposed_to.filter(|&e| fits(e)) {
            return Some((e, "description.apposition"));
        }
        if let Some((e, _)) = near.clone().find(|&(e, _)| fits(e) && names_head(e)) {
            return Some((e, "description.head-noun"));
        }
        if d.capitalised || !d.determiner || qualified {
            return None;
        }
        near.take_while(|&(_, at)| si - at <= NEAREST_WINDOW)
            .find(|&(e, _)| fits(e))
            .map(|(e, _)| (e, "description.nearest"))
    }
}
