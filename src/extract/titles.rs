//! Roles from a title before a known leader's name: "President X", "Prime Minister Y". The
//! text gives the office; the lexicon's `leads` column says what the person heads.

use regex::Regex;

use super::{Claim, Doc, Evidence, Extractor, Masked, Relation, Stance};
use crate::lexicon::{ActorType, Kind, Patterns};

/// A role word (and ranks) right before the end of the text: the title of what follows.
pub(crate) fn title_regex(p: &Patterns) -> Regex {
    crate::lexicon::regex(&format!(
        r"(?:^|[\s(“\x22])(?P<role>{})\s+(?:{}\s+){{0,2}}$",
        p.role_word_regex, p.rank_regex
    ))
    .expect("title regex")
}

/// Confidence of a role read from a title and the lexicon together.
const CONFIDENCE: f64 = 0.75;

impl Extractor<'_> {
    /// For each person token after a heading title (president, leader, commander) whose
    /// lexicon row says what the person leads, a role claim of that kind in it.
    pub(super) fn title_roles(
        &self,
        masked: &Masked,
        si: usize,
        doc: &mut Doc,
        claims: &mut Vec<Claim>,
    ) {
        let p = &self.lexicon.patterns;
        for t in self.token.captures_iter(&masked.text) {
            let Some(i) = t[2].parse::<usize>().ok() else {
                continue;
            };
            let person = masked.mentions[i].entity;
            if doc.entities[person].kind != Kind::Actor(ActorType::Person) {
                continue;
            }
            let at = t.get(0).map_or(0, |m| m.start());
            let Some(title) = self.title_before.captures(&masked.text[..at]) else {
                continue;
            };
            let word = title["role"]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let Some(def) = p.role_words.get(&word).filter(|d| d.heads) else {
                continue;
            };
            let Some(org) = doc.leader_of(person) else {
                continue;
            };
            if !doc.entities[org]
                .kind
                .actor_type()
                .is_some_and(|t| def.of_types.contains(&t))
            {
                continue;
            }
            let relation = Relation::Role(def.role.clone());
            if claims.iter().any(|c| {
                c.subject == person
                    && c.relation == relation
                    && c.object == org
                    && c.evidence.sentence == si
            }) {
                continue;
            }
            let evidence = Evidence {
                sentence: si,
                rule: "role.title-of-known-leader".into(),
                confidence: CONFIDENCE,
                stance: Stance::Asserted,
            };
            claims.push(Claim {
                subject: person,
                relation,
                object: org,
                kinds: vec![],
                evidence,
            });
        }
    }
}
