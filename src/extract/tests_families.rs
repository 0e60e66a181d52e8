//! The families of phrasing real reporting uses for backing, fighting, roles and places, each
//! in sentences written for these tests (none taken from any article).

use super::tests::{has, id, run};
use super::*;

/// The names of the entities of one kind that a mention kept (what reaches the graph).
fn mentioned(ex: &Extraction, kind: Kind) -> Vec<&str> {
    ex.entities
        .iter()
        .filter(|e| e.mentions > 0 && e.kind == kind)
        .map(|e| e.name.as_str())
        .collect()
}

#[test]
fn a_description_stands_for_the_actor_named_before_and_carries_its_claims() {
    let (ex, _) = run("Al-Shabaab ambushed a convoy. The militants later withdrew.");
    let shabaab = ex.entities.iter().find(|e| e.name == "Al-Shabaab").unwrap();
    assert_eq!(
        shabaab.surfaces.get("militants").map(String::as_str),
        Some("description.nearest"),
        "{:?}",
        shabaab.surfaces
    );
    let (ex, rel) = run("The M23 seized two villages on Monday. \
        Kinshasa says Rwanda and Uganda have long been accused of arming the rebels.");
    assert!(has(&rel, "Rwanda", "backs", "M23"), "{rel:?}");
    assert!(has(&rel, "Uganda", "backs", "M23"), "{rel:?}");
    let m23 = ex.entities.iter().find(|e| e.name == "M23").unwrap();
    // The lexicon knows "M23 rebels": the name form holds the head noun.
    assert_eq!(
        m23.surfaces.get("rebels").map(String::as_str),
        Some("description.head-noun"),
        "{:?}",
        m23.surfaces
    );
}

#[test]
fn a_description_with_a_backer_modifier_gives_the_backing_of_its_antecedent() {
    let (_, rel) = run("Hezbollah fired drones at an army post. Israel said the Iran-backed militant group would pay.");
    assert!(has(&rel, "Iran", "backs", "Hezbollah"), "{rel:?}");
}

#[test]
fn a_capitalised_description_needs_a_name_that_holds_it() {
    let (ex, _) =
        run("The Polisario Front claimed the raid. Rabat said the Front had lost fighters.");
    let front = ex
        .entities
        .iter()
        .find(|e| e.name == "Polisario Front")
        .unwrap();
    assert_eq!(
        front.surfaces.get("Front").map(String::as_str),
        Some("description.head-noun"),
        "{:?}",
        front.surfaces
    );
    let (ex, _) = run("Hezbollah fired rockets. Fighting on the Front went on.");
    assert!(ex
        .entities
        .iter()
        .all(|e| !e.surfaces.contains_key("Front")));
}

#[test]
fn no_description_resolves_to_a_type_that_does_not_fit() {
    let (ex, _) = run("Iran sent envoys to Oman. The junta in Niamey said nothing.");
    let iran = ex.entities.iter().find(|e| e.name == "Iran").unwrap();
    assert!(!iran.surfaces.contains_key("junta"), "{:?}", iran.surfaces);
}

#[test]
fn nominal_and_appositive_backing() {
    let (_, rel) = run("Belarus and its ally Russia held drills near the frontier.");
    assert!(has(&rel, "Russia", "backs", "Belarus"), "{rel:?}");
    let (_, rel) = run("Iran, the Houthis' main backer, denied sending the missiles.");
    assert!(has(&rel, "Iran", "backs", "Houthis"), "{rel:?}");
    let (_, rel) = run("Kataib Hezbollah, a close ally of Iran, claimed the drone attack.");
    assert!(has(&rel, "Iran", "backs", "Kataib Hezbollah"), "{rel:?}");
    let (_, rel) =
        run("Over the past year Turkey has become the main sponsor of the Syrian National Army.");
    assert!(
        rel.iter().any(|(a, b, c)| a == "Turkey"
            && b == "backs"
            && c.starts_with("Syrian National Army")),
        "{rel:?}"
    );
    let (_, rel) = run(
        "The RSF held the bridge, helped by supplies from its patron the United Arab Emirates.",
    );
    assert!(
        has(
            &rel,
            "United Arab Emirates",
            "backs",
            "Rapid Support Forces"
        ),
        "{rel:?}"
    );
}

#[test]
fn purpose_accusation_and_in_support_of() {
    let (_, rel) = run("Turkey has shipped armed drones, radar units, ammunition and hundreds of advisers to prop up the Government of National Accord.");
    assert!(
        has(&rel, "Turkey", "backs", "Government of National Accord"),
        "{rel:?}"
    );
    let (ex, rel) =
        run("Khartoum accused the United Arab Emirates of financing the Rapid Support Forces.");
    assert!(
        has(
            &rel,
            "United Arab Emirates",
            "backs",
            "Rapid Support Forces"
        ),
        "{rel:?}"
    );
    let c = ex
        .claims
        .iter()
        .find(|c| c.relation == Relation::Backs)
        .unwrap();
    assert_eq!(c.evidence.stance, Stance::Alleged);
    let (_, rel) = run(
        "North Korea has shipped thousands of artillery shells to Russia in support of its war.",
    );
    assert!(has(&rel, "North Korea", "backs", "Russia"), "{rel:?}");
    let (_, rel) = run(
        "The ELN moves freely along the frontier with the protection of Venezuela, Bogota says.",
    );
    assert!(has(&rel, "Venezuela", "backs", "ELN"), "{rel:?}");
}

#[test]
fn a_negated_or_former_alliance_is_no_backing() {
    let (_, rel) = run("Mali, once a close ally of France, expelled its ambassador.");
    assert!(!has(&rel, "France", "backs", "Mali"), "{rel:?}");
    let (_, rel) = run("Egypt did not help the Sudanese army, officials said.");
    assert!(
        !rel.iter().any(|(a, b, _)| a == "Egypt" && b == "backs"),
        "{rel:?}"
    );
}

#[test]
fn fighting_in_other_words() {
    let (_, rel) = run("Hezbollah and Israel exchanged fire across the frontier on Sunday.");
    assert!(
        has(&rel, "Hezbollah", "opposes", "Israel") || has(&rel, "Israel", "opposes", "Hezbollah"),
        "{rel:?}"
    );
    let (_, rel) = run("The M23 wrested the mining town of Rubaya from the Wazalendo last month.");
    assert!(
        rel.iter()
            .any(|(a, b, c)| a == "M23" && b == "opposes" && c.starts_with("Wazalendo")),
        "{rel:?}"
    );
    let (_, rel) = run("Al-Shabaab overran a base of the Somali army near the river.");
    assert!(
        rel.iter()
            .any(|(a, b, _)| a == "Al-Shabaab" && b == "opposes"),
        "{rel:?}"
    );
}

#[test]
fn a_state_adjective_before_irregular_fighters_names_a_group_of_its_own() {
    let (ex, _) = run("Chadian mercenaries crossed into Darfur.");
    let group = ex
        .entities
        .iter()
        .find(|e| e.name == "Chadian mercenaries")
        .expect("group found");
    assert_eq!(group.kind, Kind::Actor(ActorType::ArmedGroup));
}

#[test]
fn regions_built_on_known_places() {
    let (ex, _) =
        run("Drones struck targets in northern Syria and in Hodeidah province overnight.");
    let names = mentioned(&ex, Kind::Place(PlaceType::Region));
    assert!(
        names.contains(&"northern Syria") && names.contains(&"Hodeidah province"),
        "{names:?}"
    );
    assert!(ex.entities.iter().filter(|e| e.part_of.is_some()).count() >= 2);
}

#[test]
fn a_title_before_a_known_leader_gives_the_role() {
    let (_, rel) = run("President Bashar al-Assad met the delegation.");
    assert!(
        rel.iter()
            .any(|(a, b, c)| a == "Bashar al-Assad" && b == "president" && c == "Syria"),
        "{rel:?}"
    );
}

#[test]
fn a_possessive_pronoun_before_a_title_stands_for_the_organisation_but_is_no_name_form() {
    let (ex, rel) = run("The Polisario Front claimed the raid near the wall. Its spokesman, Ahmed Salem Bouh, said three soldiers died.");
    assert!(
        has(&rel, "Ahmed Salem Bouh", "spokesperson", "Polisario Front"),
        "{rel:?}"
    );
    let front = ex
        .entities
        .iter()
        .find(|e| e.name == "Polisario Front")
        .unwrap();
    assert!(!front.surfaces.contains_key("Its"), "{:?}", front.surfaces);
}

#[test]
fn a_state_adjective_before_capital_is_the_capital_city() {
    let (ex, _) = run("Protesters marched through the Kenyan capital on Friday.");
    // Entities no mention kept leave no trace in the graph.
    let names: Vec<&str> = ex
        .entities
        .iter()
        .filter(|e| e.mentions > 0)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, vec!["Nairobi"]);
}

#[test]
fn borders_are_regions_built_on_one_or_two_places() {
    let (ex, _) =
        run("Trucks crossed the Iraq–Syria border while refugees waited at the Jordanian border.");
    let regions = mentioned(&ex, Kind::Place(PlaceType::Region));
    // The dash is written plainly, so the name reads the same whatever dash the text used.
    assert!(
        regions.contains(&"Iraq-Syria border") && regions.contains(&"Jordanian border"),
        "{regions:?}"
    );
    // Neither state is left as a place of its own.
    assert!(
        !ex.entities
            .iter()
            .any(|e| e.mentions > 0 && (e.name == "Iraq" || e.name == "Syria")),
        "{regions:?}"
    );
}

#[test]
fn nouns_name_places_the_lexicon_lacks() {
    let (ex, _) = run("Militants raided the village of Korvana and then Miru Dala, a farming town near the coast.");
    let towns = mentioned(&ex, Kind::Place(PlaceType::Town));
    assert_eq!(towns, vec!["Korvana", "Miru Dala"]);
}

#[test]
fn a_known_person_is_known_under_other_particles_or_without_a_middle_name() {
    let lex = super::tests::lexicon();
    let name = |n: &str| lex.person_variant(n).map(|i| lex.entities[i].name.clone());
    assert_eq!(
        name("Mohamed Dagalo").as_deref(),
        Some("Mohamed Hamdan Dagalo")
    );
    assert_eq!(
        name("Abdel Fattah El Sisi").as_deref(),
        Some("Abdel Fattah el-Sisi")
    );
    assert_eq!(name("Mohamed Nobody"), None);
}

#[test]
fn titles_after_a_possessive_an_organisation_of_a_person_and_plain_officials() {
    let (_, rel) = run("Kenya's Interior Minister Kithure Kindiki visited the camp.");
    assert!(has(&rel, "Kithure Kindiki", "minister", "Kenya"), "{rel:?}");
    let (_, rel) = run("Convoys of the Rapid Support Forces of Hemedti crossed the river at dawn.");
    assert!(
        has(
            &rel,
            "Mohamed Hamdan Dagalo",
            "leader",
            "Rapid Support Forces"
        ),
        "{rel:?}"
    );
    let (_, rel) = run("Hamas official Basem Naim said the offer was rejected.");
    assert!(has(&rel, "Basem Naim", "official", "Hamas"), "{rel:?}");
}

#[test]
fn fighters_sent_for_a_purpose_or_raised_by_a_state_fight_for_their_side() {
    let (_, rel) =
        run("Russia dispatched jets and Chadian fighters to support the Libyan National Army.");
    assert!(
        has(&rel, "Chadian fighters", "backs", "Libyan National Army"),
        "{rel:?}"
    );
    let (_, rel) = run("Mali recruited the Wagner Group in late 2021.");
    assert!(has(&rel, "Wagner Group", "backs", "Mali"), "{rel:?}");
}

#[test]
fn sides_sent_or_joined_to_fight_a_third_oppose_it() {
    let (_, rel) = run("Kenya joined forces with Somalia in 2011 to fight Al-Shabaab.");
    assert!(
        has(&rel, "Kenya", "opposes", "Al-Shabaab")
            && has(&rel, "Somalia", "opposes", "Al-Shabaab"),
        "{rel:?}"
    );
    // Fighting alongside is no fighting against.
    let (_, rel) = run("Kenya sent troops to fight alongside Somalia.");
    assert!(!has(&rel, "Kenya", "opposes", "Somalia"), "{rel:?}");
}

#[test]
fn a_warning_is_a_statement() {
    let (ex, _) = run("The United Nations warned that famine was close.");
    let un = ex
        .entities
        .iter()
        .position(|e| e.name == "United Nations")
        .unwrap();
    assert!(
        ex.events
            .iter()
            .any(|e| e.kind == "statement" && e.agent == Some(un)),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_rank_without_its_full_stop_and_a_weekday_after_a_name_stay_out_of_it() {
    let (ex, rel) =
        run("The militia's positions were shelled, said rebel spokesman Jean-Paul Kabanda Friday.");
    let persons = mentioned(&ex, Kind::Actor(ActorType::Person));
    assert_eq!(persons, vec!["Jean-Paul Kabanda"], "{rel:?}");
    let (ex, rel) = run("Al-Shabaab commander Gen Hassan Diriye denied the report.");
    let persons = mentioned(&ex, Kind::Actor(ActorType::Person));
    assert_eq!(persons, vec!["Hassan Diriye"]);
    assert!(
        has(&rel, "Hassan Diriye", "commander", "Al-Shabaab"),
        "{rel:?}"
    );
}

#[test]
fn stacked_titles_an_office_before_a_comma_and_occupations_introduce_persons() {
    let (ex, _) =
        run("Kenya has sent Lt. General Omondi Wekesa, the head of its land forces, to Garissa.");
    assert_eq!(
        mentioned(&ex, Kind::Actor(ActorType::Person)),
        vec!["Omondi Wekesa"]
    );
    let (ex, _) =
        run("A delegation led by Special Envoy Ambassador Farah Abdille visited Nairobi.");
    assert_eq!(
        mentioned(&ex, Kind::Actor(ActorType::Person)),
        vec!["Farah Abdille"]
    );
    let (ex, _) = run("According to the head of the Electoral Monitoring Office, Peter Kamau, dozens of families fled.");
    assert_eq!(
        mentioned(&ex, Kind::Actor(ActorType::Person)),
        vec!["Peter Kamau"]
    );
    let (ex, _) = run("On his part, relief worker Amina Yusuf described the camp as overcrowded.");
    assert_eq!(
        mentioned(&ex, Kind::Actor(ActorType::Person)),
        vec!["Amina Yusuf"]
    );
}

#[test]
fn an_object_pronoun_after_a_supply_verb_stands_for_the_organisation_before_it() {
    let (ex, rel) = run(
        "The Sudanese Armed Forces lost ground in Darfur. Egypt quietly armed them with drones.",
    );
    assert!(
        has(&rel, "Egypt", "backs", "Sudanese Armed Forces"),
        "{rel:?}"
    );
    // A pronoun is no name form of its organisation.
    let saf = ex
        .entities
        .iter()
        .find(|e| e.name == "Sudanese Armed Forces")
        .unwrap();
    assert!(!saf.surfaces.contains_key("them"), "{:?}", saf.surfaces);
    // The subject is never its own object.
    let (_, rel) = run("Chad armed them with rifles.");
    assert!(rel.is_empty(), "{rel:?}");
}

#[test]
fn sending_forces_in_other_words_is_a_deployment() {
    for text in [
        "Chad sent thousands of soldiers to Niger in May.",
        "Chad intervened in Niger in May.",
        "Chad mobilised its reserves in May.",
    ] {
        let (ex, _) = run(text);
        let chad = ex.entities.iter().position(|e| e.name == "Chad").unwrap();
        assert!(
            ex.events
                .iter()
                .any(|e| e.kind == "deployment" && e.agent == Some(chad)),
            "{text}: {:?}",
            ex.events
        );
    }
}

#[test]
fn a_side_fought_for_is_no_target() {
    let (_, rel) = run(
        "Chadian mercenaries have been fighting on behalf of the Libyan National Army since March.",
    );
    assert!(
        !rel.iter()
            .any(|(_, r, b)| r == "opposes" && b == "Libyan National Army"),
        "{rel:?}"
    );
    let (_, rel) =
        run("Chadian mercenaries have been fighting the Libyan National Army since March.");
    assert!(
        rel.iter()
            .any(|(_, r, b)| r == "opposes" && b == "Libyan National Army"),
        "{rel:?}"
    );
}

#[test]
fn a_source_named_after_according_to_places_no_event() {
    let (ex, _) =
        run("Iran has sent drones and missiles to the Houthis, according to U.S. officials.");
    let transfer = ex
        .events
        .iter()
        .find(|e| e.kind == "arms-transfer")
        .expect("an arms transfer");
    assert_eq!(transfer.place, None, "{:?}", ex.events);
}

#[test]
fn a_pronoun_before_a_speech_verb_speaks_for_the_person_named_last() {
    let (ex, _) = run("Colonel Jean Mbala, spokesman for the army, toured Goma. \"The front is quiet,\" he said on Friday.");
    let mbala = ex
        .entities
        .iter()
        .position(|e| e.name == "Jean Mbala")
        .expect("the colonel is found");
    let statements = ex
        .events
        .iter()
        .filter(|e| e.kind == "statement" && e.agent == Some(mbala))
        .count();
    assert_eq!(statements, 1, "{:?}", ex.events);
}

#[test]
fn the_actors_of_an_opening_subordinate_clause_neither_act_nor_suffer_in_the_main_one() {
    let (ex, _) = run(
        "As Russian envoys met in Geneva, the Kurdish council pleaded with its American allies.",
    );
    let us = ex.entities.iter().position(|e| e.name == "United States");
    assert!(
        ex.events.iter().all(|e| e.target != us || us.is_none()),
        "{:?}",
        ex.events
    );
    assert!(
        ex.events.iter().all(|e| e.kind != "request"),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_transfer_of_weapons_and_fighters_is_an_arms_transfer_and_a_deployment() {
    let (ex, _) = run("Iran has sent armed drones, radar systems and more recently Iraqi militiamen to shore up the Syrian government.");
    let iran = ex.entities.iter().position(|e| e.name == "Iran");
    let kinds: Vec<&str> = ex
        .events
        .iter()
        .filter(|e| e.agent == iran)
        .map(|e| e.kind.as_str())
        .collect();
    assert!(
        kinds.contains(&"arms-transfer") && kinds.contains(&"deployment"),
        "{:?}",
        ex.events
    );
    let (ex, _) = run("Rwanda supplied more than 300 soldiers to the mission in Cabo Delgado.");
    assert!(
        ex.events.iter().any(|e| e.kind == "deployment"),
        "{:?}",
        ex.events
    );
    assert!(
        ex.events.iter().all(|e| e.kind != "arms-transfer"),
        "{:?}",
        ex.events
    );
}

#[test]
fn both_sides_of_clashes_between_two_groups_attack_each_other() {
    let (ex, _) = run("Dozens died in fighting between the ADF, the oldest rebel group in Ituri, and the CODECO militia near Bunia.");
    let id = |n: &str| ex.entities.iter().position(|e| e.name == n);
    let (adf, codeco) = (id("Allied Democratic Forces"), id("CODECO"));
    assert!(adf.is_some() && codeco.is_some(), "{:?}", ex.entities);
    let attacks: Vec<_> = ex
        .events
        .iter()
        .filter(|e| e.kind == "attack")
        .map(|e| (e.agent, e.target))
        .collect();
    assert!(
        attacks.contains(&(adf, codeco)) && attacks.contains(&(codeco, adf)),
        "{:?}",
        ex.events
    );
}

#[test]
fn seas_rivers_and_macro_regions_are_places_but_a_title_s_region_places_no_event() {
    let (ex, _) = run("Shelling hit farms along the Nile and villages on the Mediterranean coast.");
    let places = mentioned(&ex, Kind::Place(PlaceType::Other));
    assert!(places.contains(&"Nile"), "{places:?}");
    let regions = mentioned(&ex, Kind::Place(PlaceType::Region));
    assert!(regions.contains(&"Mediterranean coast"), "{regions:?}");
    let (ex, _) = run("The envoy for the Horn of Africa, Olu Adeyemi, said the truce was holding.");
    assert!(
        !ex.events.is_empty() && ex.events.iter().all(|e| e.place.is_none()),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_place_in_an_actor_s_apposition_is_not_where_the_event_happened() {
    let (ex, _) = run("Clashes between the ADF, the oldest rebel group in Uganda, and the CODECO militia killed 12 people.");
    let attacks: Vec<_> = ex.events.iter().filter(|e| e.kind == "attack").collect();
    assert!(
        !attacks.is_empty() && attacks.iter().all(|e| e.place.is_none()),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_speaker_reporting_its_own_forces_act_is_its_agent_and_taking_a_town_is_a_capture() {
    let (ex, _) =
        run("The Saudi-led coalition said its jets had carried out 30 air strikes near Marib.");
    let coalition = ex
        .entities
        .iter()
        .position(|e| e.name == "Saudi-led coalition");
    assert!(
        ex.events
            .iter()
            .any(|e| e.kind == "air-strike" && e.agent == coalition),
        "{:?}",
        ex.events
    );
    let (ex, _) =
        run("Russian forces took the town of Kolanto in October and pushed into Marinka.");
    let kinds: Vec<&str> = ex.events.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        kinds.contains(&"capture") && kinds.contains(&"offensive"),
        "{:?}",
        ex.events
    );
}

#[test]
fn in_the_passive_the_actor_before_the_verb_suffers_the_act() {
    let (ex, rel) = run("Three Algerian truck drivers were killed on the road to Tindouf.");
    let algeria = ex.entities.iter().position(|e| e.name == "Algeria");
    let killings: Vec<_> = ex.events.iter().filter(|e| e.kind == "killing").collect();
    assert!(
        !killings.is_empty()
            && killings
                .iter()
                .all(|e| e.agent.is_none() || e.agent != algeria),
        "{:?}",
        ex.events
    );
    assert!(rel.iter().all(|(_, r, _)| r != "opposes"), "{rel:?}");
    let (ex, _) = run("Two Chadian soldiers were killed by Boko Haram fighters near the lake.");
    let boko = ex.entities.iter().position(|e| e.name == "Boko Haram");
    assert!(
        ex.events
            .iter()
            .any(|e| e.kind == "killing" && e.agent == boko && boko.is_some()),
        "{:?}",
        ex.events
    );
}

#[test]
fn the_person_right_after_a_verb_of_violence_is_its_object_not_its_agent() {
    let (ex, _) =
        run("Drone strikes killed Omar Jalo, a senior commander of the group, near Tessit.");
    let jalo = ex.entities.iter().position(|e| e.name == "Omar Jalo");
    let killing = ex
        .events
        .iter()
        .find(|e| e.kind == "killing")
        .expect("a killing");
    assert!(
        jalo.is_some() && killing.agent != jalo && killing.target == jalo,
        "{:?}",
        ex.events
    );
}

#[test]
fn cutting_ties_is_an_event_and_an_accusation_s_object_is_not_its_speaker() {
    let (ex, _) = run(
        "Mali cut diplomatic ties with Ukraine on Sunday, accusing Kyiv of helping the rebels.",
    );
    let (mali, ukraine) = (id(&ex, "Mali"), id(&ex, "Ukraine"));
    assert!(
        ex.events.iter().any(|e| e.kind == "break-relations"
            && e.agent == mali
            && e.target == ukraine
            && mali.is_some()),
        "{:?}",
        ex.events
    );
    assert!(
        ex.events
            .iter()
            .filter(|e| e.kind == "accuse")
            .all(|e| e.agent != id(&ex, "Government of Ukraine")),
        "{:?}",
        ex.events
    );
}
