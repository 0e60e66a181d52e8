//! Backing and fighting stated across a clause: purposes, passives, pronouns and plain nouns
//! ("the army", "government positions"), each in sentences written for these tests.

use super::tests::{has, run};

#[test]
fn a_war_of_its_own_is_fought_by_the_actor_before_the_pronoun() {
    let (_, rel) = run("Tehran and Hezbollah sent advisers to Damascus, but Hezbollah is worn down by its long war with Israel.");
    assert!(has(&rel, "Hezbollah", "opposes", "Israel"), "{rel:?}");
    assert!(
        !rel.iter()
            .any(|(a, b, c)| a == "Iran" && b == "opposes" && c == "Israel"),
        "{rel:?}"
    );
}

#[test]
fn driving_a_force_out_is_fighting_it() {
    let (_, rel) = run("Sudan's army said it had pushed Rapid Support Forces units out of three districts of Bahri.");
    assert!(
        has(
            &rel,
            "Sudanese Armed Forces",
            "opposes",
            "Rapid Support Forces"
        ),
        "{rel:?}"
    );
}

#[test]
fn a_relative_clause_gives_each_listed_force_the_fight() {
    let (_, rel) = run("The valley is held by the Fano and the Amhara Special Forces, who battled the TPLF in 2021.");
    assert!(
        has(&rel, "Fano", "opposes", "Tigray People's Liberation Front"),
        "{rel:?}"
    );
}

#[test]
fn killing_soldiers_of_a_force_is_fighting_it_but_dying_in_a_strike_is_not_killing() {
    let (_, rel) = run(
        "Militants of Islamic State West Africa Province killed 17 Nigerian soldiers near Monguno.",
    );
    assert!(
        rel.iter()
            .any(|(a, b, _)| a.contains("West Africa") && b == "opposes"),
        "{rel:?}"
    );
    let (_, rel) = run("Dozens of Houthi fighters killed in Saudi-led raids, officials say");
    assert!(
        !rel.iter()
            .any(|(a, b, c)| a == "Houthis" && b == "opposes" && c == "Saudi Arabia"),
        "{rel:?}"
    );
}

#[test]
fn weapons_supplied_by_a_state_that_helped_a_force_back_it() {
    let (_, rel) = run("Drones supplied by Turkey helped the Ethiopian army halt the rebel advance on the capital.");
    assert!(
        has(&rel, "Turkey", "backs", "Ethiopian National Defense Force"),
        "{rel:?}"
    );
}

#[test]
fn troops_sent_at_a_request_or_to_protect_back_who_they_serve() {
    let (_, rel) =
        run("Rwanda flew in 700 soldiers in 2021 at the request of the Government of Mozambique.");
    assert!(
        has(&rel, "Rwanda", "backs", "Government of Mozambique"),
        "{rel:?}"
    );
    let (_, rel) =
        run("A company of the Africa Corps was later sent to Niamey to protect Niger's junta.");
    assert!(
        has(&rel, "Africa Corps", "backs", "Government of Niger"),
        "{rel:?}"
    );
}

#[test]
fn paying_for_a_deployment_and_taking_over_as_partner_are_backing() {
    let (_, rel) =
        run("The European Union has helped pay for Burundi's deployment in eastern Congo.");
    assert!(has(&rel, "European Union", "backs", "Burundi"), "{rel:?}");
    let (_, rel) = run("In 2022 Russia replaced France as Mali's main security partner.");
    assert!(has(&rel, "Russia", "backs", "Mali"), "{rel:?}");
}

#[test]
fn what_a_state_gave_an_earlier_force_backs_that_force() {
    let (_, rel) =
        run("Egypt, which fears chaos on its border, gave the Sudanese army armed drones in 2024.");
    assert!(
        has(&rel, "Egypt", "backs", "Sudanese Armed Forces"),
        "{rel:?}"
    );
}

#[test]
fn the_army_is_the_national_army_in_view_not_a_group_named_army() {
    let (ex, rel) = run("Myanmar's military has lost ground since 2023. The Arakan Army says it has been fighting the army near Sittwe.");
    assert!(has(&rel, "Arakan Army", "opposes", "Tatmadaw"), "{rel:?}");
    let tatmadaw = ex.entities.iter().find(|e| e.name == "Tatmadaw").unwrap();
    assert!(
        tatmadaw.surfaces.contains_key("the army"),
        "{:?}",
        tatmadaw.surfaces
    );
}

#[test]
fn government_positions_are_the_government_of_the_country_in_view() {
    let (_, rel) = run("Yemen's internationally recognised government says the Houthis shelled government positions near Taiz. \
        The Houthis deny it. Yemen has been at war since 2014.");
    assert!(
        has(&rel, "Houthis", "opposes", "Government of Yemen"),
        "{rel:?}"
    );
}

#[test]
fn the_north_is_a_state_whose_name_holds_it() {
    let (_, rel) = run("North Korea denies any role. Seoul says the North has sent 3,000 troops to Russia in support of its war.");
    assert!(has(&rel, "North Korea", "backs", "Russia"), "{rel:?}");
}

#[test]
fn the_militants_are_never_a_coalition_states_lead() {
    let (ex, _) = run(
        "Dozens of Houthi rebels died in raids by the Saudi-led coalition on Friday. \
        The raids hit the militants as they moved on Marib.",
    );
    let coalition = ex
        .entities
        .iter()
        .find(|e| e.name == "Saudi-led coalition")
        .unwrap();
    assert!(
        !coalition.surfaces.contains_key("militants"),
        "{:?}",
        coalition.surfaces
    );
}

#[test]
fn a_leader_named_nowhere_else_has_the_government_of_the_country_in_view() {
    let (_, rel) = run("Yemen's war with the Houthis began in 2014 in Sanaa. \
        The Saudi-led coalition intervened in 2015 to support President Abdo Kassem's government.");
    assert!(
        has(&rel, "Saudi-led coalition", "backs", "Government of Yemen"),
        "{rel:?}"
    );
}

#[test]
fn a_president_holds_office_in_the_government_the_article_names() {
    let (_, rel) = run("Rebels attacked the Sudanese government in Darfur. President Omar al-Bashir vowed to crush them.");
    assert!(
        has(
            &rel,
            "Omar Hassan Ahmad al-Bashir",
            "president",
            "Government of Sudan"
        ),
        "{rel:?}"
    );
    let (_, rel) = run("President Omar al-Bashir of Sudan flew to Cairo.");
    assert!(
        has(&rel, "Omar Hassan Ahmad al-Bashir", "president", "Sudan"),
        "{rel:?}"
    );
}

#[test]
fn the_backer_closing_a_relative_clause_is_not_the_subject_of_the_main_verb() {
    let (_, rel) = run("The war in Yemen goes on. The Southern Transitional Council, which is armed by the United Arab Emirates, has fought government forces in Aden.");
    assert!(
        !rel.iter().any(|(a, b, c)| b == "opposes"
            && (a == "United Arab Emirates" || c == "United Arab Emirates")),
        "{rel:?}"
    );
    assert!(
        rel.iter().any(|(a, b, c)| b == "opposes"
            && (a == "Southern Transitional Council" || c == "Southern Transitional Council")),
        "{rel:?}"
    );
}

#[test]
fn a_participle_list_or_an_object_relative_names_the_backer() {
    let (_, rel) = run(
        "Kataib Hezbollah and the Badr Organization, trained and paid by Iran, guard the crossing.",
    );
    assert!(has(&rel, "Iran", "backs", "Kataib Hezbollah"), "{rel:?}");
    assert!(has(&rel, "Iran", "backs", "Badr Organization"), "{rel:?}");
    let (_, rel) =
        run("The Wazalendo, a militia network that Kinshasa has quietly armed, held the road.");
    assert!(
        rel.iter()
            .any(|(a, b, c)| b == "backs" && c == "Wazalendo" && a.contains("Congo")),
        "{rel:?}"
    );
}

#[test]
fn what_a_state_hands_or_sends_several_groups_backs_each() {
    let (_, rel) =
        run("Officials say Iran sends Hamas and Hezbollah millions of dollars every year.");
    assert!(has(&rel, "Iran", "backs", "Hamas"), "{rel:?}");
    assert!(has(&rel, "Iran", "backs", "Hezbollah"), "{rel:?}");
}

#[test]
fn siding_with_a_party_and_a_pact_followed_by_supplies_are_backing() {
    let (_, rel) = run("Chad has sided with Sudan's army in the war.");
    assert!(
        has(&rel, "Chad", "backs", "Sudanese Armed Forces"),
        "{rel:?}"
    );
    let (_, rel) = run("Egypt has not sided with the Rapid Support Forces.");
    assert!(
        !has(&rel, "Egypt", "backs", "Rapid Support Forces"),
        "{rel:?}"
    );
    let (_, rel) = run("Russia signed a defence pact with Mali in 2019 and has since sent helicopters and instructors.");
    assert!(has(&rel, "Russia", "backs", "Mali"), "{rel:?}");
}

#[test]
fn a_buyer_acquiring_arms_from_several_states_is_backed_by_each() {
    let (_, rel) = run("Niger has rearmed since 2023, acquiring armed drones from Turkey and attack helicopters from Russia.");
    assert!(has(&rel, "Turkey", "backs", "Niger"), "{rel:?}");
    assert!(has(&rel, "Russia", "backs", "Niger"), "{rel:?}");
}

#[test]
fn a_backer_in_apposition_may_carry_an_adverb_and_a_supplier_noun() {
    let (_, rel) =
        run("The United States, long Ukraine's biggest arms supplier, paused deliveries.");
    assert!(has(&rel, "United States", "backs", "Ukraine"), "{rel:?}");
}

#[test]
fn an_event_takes_the_finest_place_its_clause_names() {
    let (ex, _) =
        run("Russian jets bombed rebel positions in northern Syria near Saraqib on Monday.");
    let places: Vec<&str> = ex
        .events
        .iter()
        .filter_map(|e| e.place)
        .map(|p| ex.entities[p].name.as_str())
        .collect();
    assert!(
        !places.is_empty() && places.iter().all(|p| *p == "Saraqib"),
        "{places:?}"
    );
}

#[test]
fn a_part_of_the_country_is_a_region_of_the_country_in_view() {
    let (ex, _) = run("Malian troops entered Kidal, a town in the northern part of the country, after a battle near Gao in Mali.");
    let region = ex.entities.iter().find(|e| e.name == "northern Mali");
    assert!(
        region.is_some_and(|r| r.mentions > 0),
        "{:?}",
        ex.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
}

#[test]
fn federal_alone_is_the_government_of_the_country_in_view() {
    let (_, rel) = run(
        "Al-Shabaab fighters attacked a base near Baidoa in Somalia. \
        The United States said its airstrike was in support of federal and African Union troops.",
    );
    assert!(
        has(&rel, "United States", "backs", "Government of Somalia"),
        "{rel:?}"
    );
}
