//! Gives support whose recipient a sentence leaves unsaid to the party the article has others
//! back: in a report on arms for one side, "Britain has sent its own launchers" arms that side.

use std::collections::BTreeMap;

use super::{push_new, Claim, Relation};

/// Addresses each unaddressed backing (its object is still its backer) to the one party the
/// article's stated backings go to most often. Nothing is added when no backing is stated,
/// when two parties tie, or when the backer is that party or fights it.
pub(super) fn address(claims: &mut Vec<Claim>, unaddressed: Vec<Claim>) {
    let Some(recipient) = most_backed(claims) else {
        return;
    };
    for mut claim in unaddressed {
        let backer = claim.subject;
        let hostile = claims.iter().any(|c| {
            c.relation == Relation::Opposes
                && ((c.subject, c.object) == (backer, recipient)
                    || (c.subject, c.object) == (recipient, backer))
        });
        if backer == recipient || hostile {
            continue;
        }
        claim.object = recipient;
        // Read from the article rather than the sentence: less sure than a stated backing.
        claim.evidence.confidence = claim.evidence.confidence.min(0.6);
        push_new(claims, claim);
    }
}

/// The object of the most stated backings, counted once per sentence, if no other ties it.
fn most_backed(claims: &[Claim]) -> Option<usize> {
    let mut sentences: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for c in claims.iter().filter(|c| c.relation == Relation::Backs) {
        let seen = sentences.entry(c.object).or_default();
        if !seen.contains(&c.evidence.sentence) {
            seen.push(c.evidence.sentence);
        }
    }
    let mut counts: Vec<(usize, usize)> = sentences
        .into_iter()
        .map(|(object, s)| (s.len(), object))
        .collect();
    counts.sort_by(|a, b| b.cmp(a));
    match counts.as_slice() {
        [(n, object), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(*object),
        _ => None,
    }
}
