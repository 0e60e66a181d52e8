//! Events real reporting gives beyond fighting (coups, flight, visits, withdrawals, exercises)
//! and events spread over a list of places, each in sentences written for these tests.

use super::tests::{event, id, name, run};
use super::*;

fn kinds(ex: &Extraction) -> Vec<&str> {
    ex.events.iter().map(|e| e.kind.as_str()).collect()
}

/// Whether an event of `kind` has the named agent (when given) and place (when given), each
/// name an entity of the extraction.
fn has_event(ex: &Extraction, kind: &str, agent: Option<&str>, place: Option<&str>) -> bool {
    let known = |name: Option<&str>| name.map(|n| id(ex, n));
    let (a, p) = (known(agent), known(place));
    if a == Some(None) || p == Some(None) {
        return false;
    }
    ex.events
        .iter()
        .any(|e| e.kind == kind && a.is_none_or(|a| e.agent == a) && p.is_none_or(|p| e.place == p))
}

#[test]
fn a_seizure_of_power_is_a_coup() {
    for text in [
        "Colonel Assimi Goita seized power in Mali in August 2020.",
        "Mutinous officers overthrew President Ali Bongo in Libreville in August.",
    ] {
        let (ex, _) = run(text);
        assert!(kinds(&ex).contains(&"coup"), "{text}: {:?}", ex.events);
    }
}

#[test]
fn people_fleeing_fighting_is_a_displacement_placed_where_they_fled() {
    let (ex, _) = run("Hundreds of families fled to Timbuktu after the raid on their camp.");
    assert!(
        has_event(&ex, "displacement", None, Some("Timbuktu")),
        "{:?}",
        ex.events
    );
    // A camp "for displaced people" is no event.
    let (ex, _) = run("The drone hit a camp for displaced people near Mekelle.");
    assert!(!kinds(&ex).contains(&"displacement"), "{:?}", ex.events);
}

#[test]
fn an_arrival_is_a_visit_and_soldiers_leaving_a_withdrawal() {
    let (ex, _) = run("Prime Minister Abiy Ahmed arrived in Mekelle on Monday.");
    assert!(
        has_event(&ex, "visit", Some("Abiy Ahmed"), Some("Mekelle")),
        "{:?}",
        ex.events
    );
    let (ex, _) = run("The last French soldiers pulled out of Niger in December.");
    assert!(
        has_event(&ex, "withdrawal", Some("Government of France"), None),
        "{:?}",
        ex.events
    );
}

#[test]
fn joint_exercises_are_an_event_of_both_sides() {
    let (ex, _) = run("Egypt and Sudan held joint military exercises in the Red Sea.");
    assert!(kinds(&ex).contains(&"joint-exercise"), "{:?}", ex.events);
}

#[test]
fn an_event_over_a_list_of_places_is_one_event_per_place() {
    let (ex, _) = run(
        "The Houthis fired missiles at tankers in the Red Sea, the Gulf of Aden and the Arabian Sea on Friday.",
    );
    for place in ["Red Sea", "Gulf of Aden", "Arabian Sea"] {
        assert!(
            has_event(&ex, "attack", Some("Houthis"), Some(place)),
            "{place}: {:?}",
            ex.events
        );
    }
    // States listed after a place are parties, not more places of the event.
    let (ex, _) = run("Fighting in Darfur drew in Chad, Libya and Egypt.");
    let states: Vec<Option<usize>> = ["Chad", "Libya", "Egypt"]
        .iter()
        .map(|n| id(&ex, n))
        .collect();
    assert!(
        ex.events
            .iter()
            .all(|e| e.place.is_none() || !states.contains(&e.place)),
        "{:?}",
        ex.events
    );
}

#[test]
fn the_speaker_after_a_quote_may_carry_a_rank() {
    let (ex, _) = run(
        "\"We will hold the bridge,\" said Colonel Idris Kamau, a spokesman for the Kenyan army.",
    );
    assert!(
        has_event(&ex, "statement", Some("Idris Kamau"), None),
        "{:?}",
        ex.events
    );
}

#[test]
fn an_office_speaks_for_its_possessor_and_the_subject_of_what_it_said_does_not() {
    let (ex, _) = run("Kenya's foreign ministry said Ethiopian troops had crossed the border.");
    let kenya = id(&ex, "Kenya");
    assert!(
        kenya.is_some() && event(&ex, "statement").agent == kenya,
        "{:?}",
        ex.events
    );
}

#[test]
fn a_participle_clause_between_subject_and_verb_is_skipped() {
    let (ex, _) = run(
        "The Malian army, fighting a coalition of JNIM and al-Qaeda, seized the town of Anefis on Monday.",
    );
    let agent = name(&ex, event(&ex, "capture").agent);
    assert!(
        agent == Some("Malian Armed Forces"),
        "{agent:?}: {:?}",
        ex.events
    );
}

#[test]
fn a_call_between_ministers_is_talks_and_an_intervention_a_deployment() {
    let (ex, _) = run("Sergei Lavrov had a call with Hakan Fidan about the war in Sudan.");
    assert!(kinds(&ex).contains(&"talks"), "{:?}", ex.events);
    let (ex, _) = run("Russia has backed the government in Damascus since intervening in 2015.");
    assert!(kinds(&ex).contains(&"deployment"), "{:?}", ex.events);
}

#[test]
fn who_fled_is_not_the_person_of_a_later_clause_and_a_possessor_is_no_place() {
    let (ex, _) = run(
        "Thousands of refugees fled to Chad after President Mahamat Deby ordered strikes on Darfur's rebels.",
    );
    let (deby, chad) = (id(&ex, "Mahamat Deby"), id(&ex, "Chad"));
    let flight = event(&ex, "displacement");
    assert!(
        deby.is_some() && flight.agent != deby && flight.place == chad,
        "{:?}",
        ex.events
    );
    assert!(
        ex.events.iter().all(|e| e.place != id(&ex, "Darfur")),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_state_after_in_is_where_it_happened_not_who_acted() {
    let (ex, _) = run(
        "General Mohamed Hamdan Dagalo arrived in Uganda on Monday, days after he left Nyala, where his fighters have been fighting the Sudanese army since April.",
    );
    let uganda = id(&ex, "Uganda");
    let attack = event(&ex, "attack");
    assert!(
        uganda.is_some() && attack.agent.is_some() && attack.agent != uganda,
        "{:?}",
        ex.events
    );
}
