//! Events real reporting gives beyond fighting (coups, flight, visits, withdrawals, exercises)
//! and events spread over a list of places, each in sentences written for these tests.

use super::tests::run;
use super::*;

fn id(ex: &Extraction, name: &str) -> Option<usize> {
    ex.entities.iter().position(|e| e.name == name)
}

fn kinds(ex: &Extraction) -> Vec<&str> {
    ex.events.iter().map(|e| e.kind.as_str()).collect()
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
    let timbuktu = id(&ex, "Timbuktu");
    assert!(
        timbuktu.is_some()
            && ex
                .events
                .iter()
                .any(|e| e.kind == "displacement" && e.place == timbuktu),
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
    let (abiy, mekelle) = (id(&ex, "Abiy Ahmed"), id(&ex, "Mekelle"));
    assert!(
        abiy.is_some()
            && ex
                .events
                .iter()
                .any(|e| e.kind == "visit" && e.agent == abiy && e.place == mekelle),
        "{:?}",
        ex.events
    );
    let (ex, _) = run("The last French soldiers pulled out of Niger in December.");
    let france = id(&ex, "Government of France");
    assert!(
        france.is_some()
            && ex
                .events
                .iter()
                .any(|e| e.kind == "withdrawal" && e.agent == france),
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
    let places: Vec<Option<usize>> = ["Red Sea", "Gulf of Aden", "Arabian Sea"]
        .iter()
        .map(|n| id(&ex, n))
        .collect();
    let houthis = id(&ex, "Houthis");
    for place in &places {
        assert!(
            place.is_some()
                && ex
                    .events
                    .iter()
                    .any(|e| e.place == *place && e.agent == houthis && houthis.is_some()),
            "{place:?}: {:?}",
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
    let kamau = id(&ex, "Idris Kamau");
    assert!(
        kamau.is_some()
            && ex
                .events
                .iter()
                .any(|e| e.kind == "statement" && e.agent == kamau),
        "{:?}",
        ex.events
    );
}

#[test]
fn an_office_speaks_for_its_possessor_and_the_subject_of_what_it_said_does_not() {
    let (ex, _) = run("Kenya's foreign ministry said Ethiopian troops had crossed the border.");
    let kenya = id(&ex, "Kenya");
    let statement = ex.events.iter().find(|e| e.kind == "statement");
    assert!(
        kenya.is_some() && statement.is_some_and(|e| e.agent == kenya),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_participle_clause_between_subject_and_verb_is_skipped() {
    let (ex, _) = run(
        "The Malian army, fighting a coalition of JNIM and al-Qaeda, seized the town of Anefis on Monday.",
    );
    let capture = ex
        .events
        .iter()
        .find(|e| e.kind == "capture")
        .expect("a capture");
    let agent = capture.agent.map(|a| ex.entities[a].name.as_str());
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
    let flight = ex
        .events
        .iter()
        .find(|e| e.kind == "displacement")
        .expect("a displacement");
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
    let attack = ex
        .events
        .iter()
        .find(|e| e.kind == "attack")
        .expect("an attack");
    assert!(
        uganda.is_some() && attack.agent.is_some() && attack.agent != uganda,
        "{:?}",
        ex.events
    );
}
