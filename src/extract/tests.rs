//! Extraction rules on small articles written for these tests.

use super::*;
use crate::ingest::Article;
use crate::lexicon::Lexicon;

fn article(text: &str, published: Option<&str>) -> Article {
    Article {
        id: "t".into(),
        title: None,
        published: published.map(String::from),
        source: None,
        url: None,
        text: text.into(),
        origin: "t".into(),
    }
}

pub(super) fn run(text: &str) -> (Extraction, Vec<(String, String, String)>) {
    run_at(text, None)
}

/// The bundled lexicon, loaded once for all the tests of the module.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::bundled().unwrap())
}

fn run_at(text: &str, published: Option<&str>) -> (Extraction, Vec<(String, String, String)>) {
    let ex = Extractor::new(lexicon()).extract(&article(text, published));
    let mut rel: Vec<(String, String, String)> = ex
        .claims
        .iter()
        .map(|c| {
            let r = match &c.relation {
                Relation::Backs => "backs".to_string(),
                Relation::Opposes => "opposes".to_string(),
                Relation::Role(r) => r.clone(),
            };
            (
                ex.entities[c.subject].name.clone(),
                r,
                ex.entities[c.object].name.clone(),
            )
        })
        .collect();
    rel.sort();
    rel.dedup();
    (ex, rel)
}

pub(super) fn has(rel: &[(String, String, String)], s: &str, r: &str, o: &str) -> bool {
    rel.iter().any(|(a, b, c)| a == s && b == r && c == o)
}

#[test]
fn passive_list_backs_each_backer() {
    let (_, rel) = run("The Houthis are backed by Iran, while the Yemeni government is supported by Saudi Arabia and the United Arab Emirates.");
    assert!(has(&rel, "Iran", "backs", "Houthis"), "{rel:?}");
}

#[test]
fn coordinated_passive_clauses() {
    let (_, rel) = run("The Sudanese Armed Forces are backed by Egypt, while the Rapid Support Forces are aided by the United Arab Emirates and Russia.");
    assert!(
        has(&rel, "Egypt", "backs", "Sudanese Armed Forces"),
        "{rel:?}"
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
    assert!(
        has(&rel, "Russia", "backs", "Rapid Support Forces"),
        "{rel:?}"
    );
}

#[test]
fn adjective_backing() {
    let (_, rel) = run("Fighting flared as Turkish-backed Syrian National Army units advanced.");
    assert!(
        rel.iter().any(|(a, b, c)| a == "Turkey"
            && b == "backs"
            && c.starts_with("Syrian National Army")),
        "{rel:?}"
    );
}

#[test]
fn acronym_definition_creates_an_actor_and_its_alias() {
    let (ex, rel) = run("The Sahel Liberation Front (SLF) said it held the town. Mali accused the SLF of atrocities. Niger backs the SLF.");
    let slf = ex
        .entities
        .iter()
        .find(|e| e.name == "Sahel Liberation Front")
        .expect("actor found");
    assert_eq!(slf.kind, Kind::Actor(ActorType::ArmedGroup));
    assert!(slf.mentions >= 3, "{}", slf.mentions);
    assert!(
        has(&rel, "Niger", "backs", "Sahel Liberation Front"),
        "{rel:?}"
    );
}

#[test]
fn apposition_and_title_roles() {
    let (_, rel) = run("Omar Haddad, a spokesman for the Rapid Support Forces, denied the claim. Russian Foreign Minister Sergey Lavrov met the envoy.");
    assert!(
        has(&rel, "Omar Haddad", "spokesperson", "Rapid Support Forces"),
        "{rel:?}"
    );
    assert!(has(&rel, "Sergey Lavrov", "minister", "Russia"), "{rel:?}");
}

#[test]
fn possessive_forces_resolve_to_the_group_the_person_leads() {
    let (_, rel) = run("Hemedti's forces are backed by the United Arab Emirates.");
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
fn negated_backing_is_not_a_claim() {
    let (_, rel) = run("Egypt has not backed the Rapid Support Forces.");
    assert!(!rel.iter().any(|(_, r, _)| r == "backs"), "{rel:?}");
}

#[test]
fn allegations_are_marked() {
    let (ex, _) = run("The United States accused Russia of supporting the Rapid Support Forces.");
    let c = ex
        .claims
        .iter()
        .find(|c| c.relation == Relation::Backs)
        .expect("claim");
    assert_eq!(c.evidence.stance, Stance::Alleged);
}

#[test]
fn supply_with_purpose_gives_backing_and_kind() {
    let (ex, rel) = run("Iran sent drones to Yemen to help the Houthis.");
    assert!(has(&rel, "Iran", "backs", "Houthis"), "{rel:?}");
    let c = ex
        .claims
        .iter()
        .find(|c| c.relation == Relation::Backs)
        .unwrap();
    assert_eq!(c.kinds, vec!["air support".to_string()]);
}

#[test]
fn opposition_from_hostile_verbs() {
    let (_, rel) =
        run("The Sudanese Armed Forces attacked the Rapid Support Forces near Khartoum.");
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
fn events_get_type_agent_place_and_resolved_date() {
    let (ex, _) = run_at(
        "On Sunday, the Rapid Support Forces captured the town of Omdurman.",
        Some("2023-06-06"),
    );
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "capture")
        .expect("capture event");
    assert_eq!(ex.entities[e.agent.unwrap()].name, "Rapid Support Forces");
    assert_eq!(ex.entities[e.place.unwrap()].name, "Omdurman");
    assert_eq!(e.date.as_ref().unwrap().value.to_string(), "2023-06-04");
}

#[test]
fn undated_article_leaves_relative_dates_unknown() {
    let (ex, _) = run("On Sunday, the Rapid Support Forces captured Omdurman.");
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "capture")
        .expect("capture event");
    assert!(e.date.is_none());
}

#[test]
fn date_line_gives_the_publication_date() {
    let (ex, _) = run("Headline\n14 March, 2022\nBody text here.");
    assert_eq!(ex.published.unwrap().to_string(), "2022-03-14");
    assert_eq!(ex.published_from, Some("date line"));
}

#[test]
fn descriptors_need_their_country_in_play() {
    let (ex, _) = run("The east-based forces denied it.");
    assert!(!ex
        .entities
        .iter()
        .any(|e| e.key == "libyan-national-army" && e.mentions > 0));
    let (ex, _) = run("In Libya, the east-based forces denied it.");
    assert!(ex
        .entities
        .iter()
        .any(|e| e.key == "libyan-national-army" && e.mentions > 0));
}

#[test]
fn negated_triggers_make_no_event() {
    let (ex, _) = run("The army would not negotiate with the Rapid Support Forces.");
    assert!(
        !ex.events.iter().any(|e| e.kind == "talks"),
        "{:?}",
        ex.events
    );
}

#[test]
fn speaker_after_said_is_the_agent() {
    let (ex, _) = run(
        "\"We will hold the line,\" said Omar Haddad, a spokesman for the Rapid Support Forces.",
    );
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "statement")
        .expect("statement");
    assert_eq!(ex.entities[e.agent.unwrap()].name, "Omar Haddad");
}

#[test]
fn passive_by_gives_the_agent() {
    let (ex, _) = run("The Government of Yemen resisted a siege of the city by the Houthis.");
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "offensive")
        .expect("offensive");
    assert_eq!(ex.entities[e.agent.unwrap()].name, "Houthis");
    assert_eq!(ex.entities[e.target.unwrap()].name, "Government of Yemen");
}

#[test]
fn possessive_forces_give_a_commander_role() {
    let (_, rel) = run("Hemedti's forces shelled the city.");
    assert!(
        has(
            &rel,
            "Mohamed Hamdan Dagalo",
            "commander",
            "Rapid Support Forces"
        ),
        "{rel:?}"
    );
}

#[test]
fn anaphoric_group_resolves_to_the_last_armed_group() {
    let (_, rel) = run("The Houthis fired missiles at Marib. Mohammed Abdulsalam, a spokesman for the group, confirmed it.");
    assert!(
        has(&rel, "Mohammed Abdulsalam", "spokesperson", "Houthis"),
        "{rel:?}"
    );
}

#[test]
fn a_trigger_modifying_another_is_not_an_event() {
    let (ex, _) = run("The Houthis agreed to hold peace talks with the Government of Yemen.");
    let kinds: Vec<&str> = ex.events.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"talks"), "{kinds:?}");
    let (ex, _) = run("The Houthis joined ceasefire talks.");
    let kinds: Vec<&str> = ex.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["talks"]);
}

#[test]
fn resignation_belongs_to_the_person_who_resigned() {
    let (ex, _) = run("Talks stalled after the resignation of UN envoy Martin Griffiths, a mediator for the United Nations.");
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "resignation")
        .expect("resignation");
    assert_eq!(ex.entities[e.agent.unwrap()].name, "Martin Griffiths");
    assert!(e.target.is_none());
}

#[test]
fn a_repeated_headline_is_read_once() {
    let (ex, _) = run("Houthis attacked Marib on Sunday.\n\nHouthis attacked Marib on Sunday.\n\nThe text follows.");
    assert_eq!(ex.events.iter().filter(|e| e.kind == "attack").count(), 1);
}

#[test]
fn a_headline_gives_no_event_of_its_own() {
    let (ex, _) = run(
        "Houthis attack Marib\n\nThe Houthis attacked government positions near Marib on Sunday.",
    );
    let attacks: Vec<_> = ex.events.iter().filter(|e| e.kind == "attack").collect();
    assert_eq!(attacks.len(), 1, "{attacks:?}");
    assert_eq!(attacks[0].evidence.sentence, 1);
}

#[test]
fn hypothetical_and_negated_events_are_not_reported() {
    for text in [
        "The Houthis could attack Marib within days.",
        "Officials hoped that the Houthis and the Government of Yemen will hold talks in Aden.",
        "The Houthis did not attack Marib.",
    ] {
        let (ex, _) = run(text);
        assert!(
            ex.events
                .iter()
                .all(|e| e.kind != "attack" && e.kind != "talks"),
            "{text}: {:?}",
            ex.events
        );
    }
    // A relative clause after the hypothetical word reports what did happen.
    let (ex, _) = run("The fighting threatened to plunge Yemen into chaos like the 2015 war that killed thousands in Aden.");
    assert!(
        ex.events.iter().any(|e| e.kind == "killing"),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_trigger_that_is_the_topic_of_another_is_not_an_event() {
    let (ex, _) =
        run("The Houthis tried to negotiate a ceasefire with the Government of Yemen in Aden.");
    assert!(ex.events.iter().any(|e| e.kind == "talks"));
    assert!(
        ex.events.iter().all(|e| e.kind != "ceasefire"),
        "{:?}",
        ex.events
    );
}

#[test]
fn the_warring_parties_are_the_two_sides_of_the_article() {
    let (ex, _) = run("The Houthis attacked the Government of Yemen near Marib.\n\nThe warring parties agreed to hold talks on Monday.");
    let talks = ex.events.iter().find(|e| e.kind == "talks").expect("talks");
    let names: Vec<&str> = [talks.agent, talks.target]
        .iter()
        .flatten()
        .map(|&i| ex.entities[i].name.as_str())
        .collect();
    assert_eq!(names, ["Houthis", "Government of Yemen"]);
}

#[test]
fn modifiers_and_sources_are_not_participants() {
    let (ex, _) =
        run("UN-backed forces recaptured Sirte on Sunday, according to the Libyan National Army.");
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "capture")
        .expect("capture");
    assert!(e.agent.is_none() && e.target.is_none(), "{e:?}");
}

#[test]
fn hostile_and_odd_text_never_panics() {
    let inputs = [
        "⟦R0⟧ is backed by ⟦S99⟧ and ⟦P12345678901234567890⟧.",
        "Iran backs ⟦X1⟧ the Houthis.",
        "(((RSF))) ) ( UAE-backed -backed - , , and and",
        "خليفة حفتر يقود الجيش الوطني الليبي. Haftar's forces shelled Tripoli.",
        "🚀 The LNA 🚀 is backed by the UAE 🚀.",
        "\u{202e}Houthis\u{202c} are backed by Iran.",
        "Gen. . . U.N. ... 's 's ’s",
        "A",
        "",
        "On Monday 31 February 2020 the RSF said.",
        "The \"Houthis\" (\"Ansar Allah\") are backed by <Iran>; the \\RSF\\ by\nthe UAE.",
    ];
    for t in inputs {
        let (ex, _) = run_at(t, Some("2020-03-01"));
        for c in &ex.claims {
            assert!(c.subject < ex.entities.len() && c.object < ex.entities.len());
        }
    }
    let long = "The Houthis are backed by Iran. ".repeat(2000) + &"x".repeat(100_000);
    let (ex, _) = run(&long);
    assert!(ex.claims.iter().any(|c| c.relation == Relation::Backs));
}

#[test]
fn a_possessor_is_not_the_agent() {
    let (ex, _) = run("Yemen's warring parties agreed to hold talks in Aden.");
    let e = ex.events.iter().find(|e| e.kind == "talks").expect("talks");
    assert!(
        e.agent.is_none(),
        "{:?}",
        e.agent.map(|a| &ex.entities[a].name)
    );
    assert_eq!(ex.entities[e.place.unwrap()].name, "Aden");
}

#[test]
fn backing_in_an_apposition() {
    let (_, rel) = run("Fighters of the Syrian National Army (SNA), a coalition of rebel factions backed by Turkey, attacked Manbij.");
    assert!(
        has(&rel, "Turkey", "backs", "Syrian National Army"),
        "{rel:?}"
    );
}

#[test]
fn the_government_of_a_leader_is_his_country_s_government() {
    let (_, rel) = run("Russia and Iran back the government of President Bashar al-Assad.");
    assert!(
        has(&rel, "Russia", "backs", "Government of Syria"),
        "{rel:?}"
    );
    assert!(has(&rel, "Iran", "backs", "Government of Syria"), "{rel:?}");
    let (_, rel) = run("Egypt backs Burhan's government diplomatically.");
    assert!(
        has(&rel, "Egypt", "backs", "Government of Sudan"),
        "{rel:?}"
    );
}

#[test]
fn fighting_alongside_is_backing_not_opposition() {
    let (_, rel) = run("Eritrean troops fight alongside the Ethiopian army.");
    assert!(
        has(&rel, "Eritrea", "backs", "Ethiopian National Defense Force"),
        "{rel:?}"
    );
    assert!(!rel.iter().any(|(_, r, _)| r == "opposes"), "{rel:?}");
}

#[test]
fn actors_in_a_parenthetical_do_not_act_after_it() {
    let (ex, _) =
        run("The SDF, which is supported by the United States, said it killed 14 attackers.");
    let e = ex
        .events
        .iter()
        .find(|e| e.kind == "killing")
        .expect("killing");
    assert_eq!(
        ex.entities[e.agent.unwrap()].name,
        "Syrian Democratic Forces"
    );
}

#[test]
fn the_speaker_is_not_the_agent_of_what_is_reported() {
    let (ex, _) = run("The United Nations said the Houthis and the Government of Yemen agreed to hold talks in Aden.");
    let e = ex.events.iter().find(|e| e.kind == "talks").expect("talks");
    assert_ne!(
        e.agent.map(|a| ex.entities[a].name.as_str()),
        Some("United Nations")
    );
    // The saying only attributes the talks; an accusation is news of its own.
    assert!(
        ex.events.iter().all(|e| e.kind != "statement"),
        "{:?}",
        ex.events
    );
    let (ex, _) = run("The United Nations accused the Houthis of attacking Marib.");
    let s = ex
        .events
        .iter()
        .find(|e| e.kind == "accuse")
        .expect("accuse");
    assert_eq!(ex.entities[s.agent.unwrap()].name, "United Nations");
}

#[test]
fn events_with_no_participant_or_place_are_dropped() {
    let (ex, _) = run("Fighting continued.");
    assert!(ex.events.is_empty(), "{:?}", ex.events);
}

#[test]
fn a_cancelled_match_does_not_hide_an_overlapping_one() {
    let (_, rel) = run("Russia sent jets to war-torn Libya to support Russian mercenaries aiding the Libyan National Army.");
    assert!(
        has(&rel, "Wagner Group", "backs", "Libyan National Army"),
        "{rel:?}"
    );
    assert!(
        !rel.iter().any(|(a, r, _)| a == "Libya" && r == "backs"),
        "{rel:?}"
    );
}

#[test]
fn supplying_someone_with_weapons_and_relying_on_someone() {
    let (_, rel) = run(
        "The United States and the European Union have supplied Ukraine with air defence systems.",
    );
    assert!(has(&rel, "United States", "backs", "Ukraine"), "{rel:?}");
    assert!(has(&rel, "European Union", "backs", "Ukraine"), "{rel:?}");
    let (_, rel) =
        run("Mali's military government has relied on Russian paramilitaries since 2022.");
    // Russian paramilitaries, like Russian mercenaries, are the Wagner Group's descriptors.
    assert!(
        has(&rel, "Wagner Group", "backs", "Government of Mali"),
        "{rel:?}"
    );
}

#[test]
fn acronyms_of_names_with_particles() {
    let (ex, _) =
        run("The Ansar al-Sunna wal-Jamaa (ASWJ) claimed the attack. ASWJ fighters fled.");
    let e = ex
        .entities
        .iter()
        .find(|e| e.name == "Ansar al-Sunna wal-Jamaa")
        .expect("found by its acronym definition");
    assert!(e.mentions >= 2);
}

#[test]
fn denials_mark_the_evidence_and_keep_the_claim() {
    let (ex, _) = run("UN experts accused the United Arab Emirates of arming the Rapid Support Forces.\n\nThe United Arab Emirates denied the claims.");
    let c = ex
        .claims
        .iter()
        .find(|c| c.relation == Relation::Backs)
        .expect("backs claim kept");
    assert_eq!(c.evidence.stance, Stance::Denied);
    let (ex, _) = run("The Rapid Support Forces receive weapons from the Wagner Group, an allegation the company denied.");
    let c = ex
        .claims
        .iter()
        .find(|c| c.relation == Relation::Backs)
        .expect("backs claim kept");
    assert_eq!(c.evidence.stance, Stance::Denied);
}

#[test]
fn publication_date_from_a_dateline() {
    let (ex, _) = run("Headline here\n\nKHARTOUM, March 4, 2024 (Wire) — The Sudanese Armed Forces attacked Omdurman on Sunday.");
    assert_eq!(ex.published.unwrap().to_string(), "2024-03-04");
    assert_eq!(
        ex.events[0].date.as_ref().unwrap().value.to_string(),
        "2024-03-03"
    );
}

#[test]
fn generic_forces_are_the_national_army_of_the_article_country() {
    let (_, rel) = run("Fighting spread across Sudan's Darfur region.\n\nWith Russian and Iranian drone support, government troops drove the Rapid Support Forces out of Omdurman.");
    assert!(
        rel.contains(&(
            "Russia".into(),
            "backs".into(),
            "Sudanese Armed Forces".into()
        )),
        "{rel:?}"
    );
    assert!(
        rel.contains(&(
            "Iran".into(),
            "backs".into(),
            "Sudanese Armed Forces".into()
        )),
        "{rel:?}"
    );
}

#[test]
fn receiving_named_weapons_from_a_state_is_backing() {
    let (_, rel) = run("The Sudanese Armed Forces received Mohajer drones from Iran last year.");
    assert!(
        rel.contains(&(
            "Iran".into(),
            "backs".into(),
            "Sudanese Armed Forces".into()
        )),
        "{rel:?}"
    );
}

#[test]
fn a_capital_that_acts_is_its_state() {
    let (ex, rel) = run("Fighting went on in Khartoum and Omdurman.\n\nUN experts said the Rapid Support Forces received drones from the United Arab Emirates.\n\nAbu Dhabi denied the claims.");
    assert!(
        rel.contains(&(
            "United Arab Emirates".into(),
            "backs".into(),
            "Rapid Support Forces".into()
        )),
        "{rel:?}"
    );
    let c = ex
        .claims
        .iter()
        .find(|c| c.relation == Relation::Backs)
        .unwrap();
    assert_eq!(c.evidence.stance, Stance::Denied);
    // A capital where something happens stays a place.
    let (ex, _) = run("Talks between the Houthis and the Government of Yemen opened in Moscow.");
    assert!(ex.entities.iter().any(|e| e.name == "Moscow"));
}

/// The first event of `kind`.
pub(super) fn event<'a>(ex: &'a Extraction, kind: &str) -> &'a Event {
    ex.events
        .iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} event in {:?}", ex.events))
}

pub(super) fn name(ex: &Extraction, e: Option<usize>) -> Option<&str> {
    e.map(|i| ex.entities[i].name.as_str())
}

/// The entity of that name.
pub(super) fn id(ex: &Extraction, name: &str) -> Option<usize> {
    ex.entities.iter().position(|e| e.name == name)
}

#[test]
fn the_country_army_falls_back_to_its_government() {
    // Libya has a government but no army row in national.csv: "the Libyan army" is the government's.
    let (_, rel) = run("Fighting raged around Tripoli and Misrata in Libya.\n\nThe Libyan army drove the Libyan National Army out of Gharyan.");
    assert!(
        rel.contains(&(
            "Government of National Accord".into(),
            "opposes".into(),
            "Libyan National Army".into()
        )),
        "{rel:?}"
    );
    // A foreign state's troops stay that state.
    let (_, rel) =
        run("Turkish troops shelled positions of the Syrian Democratic Forces near Manbij.");
    assert!(
        rel.iter().any(|(a, r, _)| a == "Turkey" && r == "opposes"),
        "{rel:?}"
    );
}

#[test]
fn a_coordinated_subject_leads_and_meets_its_partner() {
    let (ex, _) = run("On Friday Russian Foreign Minister Sergey Lavrov and the U.N. chief Antonio Guterres discussed a truce by telephone.");
    let talks = event(&ex, "talks");
    assert_eq!(name(&ex, talks.agent), Some("Sergey Lavrov"));
    assert_eq!(name(&ex, talks.target), Some("Antonio Guterres"));
}

#[test]
fn an_actor_before_a_relative_clause_is_not_its_subject() {
    let (ex, _) = run("The siege threatens to plunge Sudan into chaos like the 1989 coup that toppled and killed a long-serving prime minister in Khartoum.");
    assert!(
        ex.events
            .iter()
            .filter(|e| e.kind == "killing")
            .all(|e| e.agent.is_none()),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_target_stays_in_the_trigger_clause() {
    let (ex, _) = run("The UN said the warring factions agreed to resume talks, following days of fighting and Houthi advances.");
    assert!(
        ex.events
            .iter()
            .filter(|e| e.kind == "talks")
            .all(|e| name(&ex, e.target) != Some("Houthis")),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_dateline_place_is_a_location_but_places_no_event() {
    let (ex, _) =
        run("NAIROBI – Somali forces attacked al-Shabaab fighters on Sunday, officials said.");
    assert!(
        ex.entities
            .iter()
            .any(|e| e.name == "Nairobi" && e.mentions == 1),
        "{:?}",
        ex.entities
    );
    assert!(
        ex.events
            .iter()
            .all(|e| name(&ex, e.place) != Some("Nairobi")),
        "{:?}",
        ex.events
    );
}

#[test]
fn a_possessor_swallowed_by_a_reference_is_still_mentioned() {
    let (ex, _) =
        run("Fighters loyal to the LNA advanced. Khalifa Haftar’s LNA then seized Sirte.");
    assert!(
        ex.entities
            .iter()
            .any(|e| e.name == "Khalifa Haftar" && e.mentions >= 1),
        "{:?}",
        ex.entities
    );
}

#[test]
fn backing_one_side_against_another_opposes_the_other() {
    let (_, rel) = run("Officials said the Wagner Group, which has been supporting the Rapid Support Forces against the Sudanese Armed Forces for a year, flew in more fuel.");
    assert!(
        rel.contains(&(
            "Wagner Group".into(),
            "opposes".into(),
            "Sudanese Armed Forces".into()
        )),
        "{rel:?}"
    );
}

#[test]
fn each_of_a_coordinated_subject_acts() {
    let (ex, _) = run("Diplomats warned that the war would go on, as the United Arab Emirates and Turkey kept arming their allies in Sudan.");
    let agents: Vec<Option<&str>> = ex
        .events
        .iter()
        .filter(|e| e.kind == "arms-transfer")
        .map(|e| name(&ex, e.agent))
        .collect();
    assert_eq!(
        agents,
        vec![Some("United Arab Emirates"), Some("Turkey")],
        "{:?}",
        ex.events
    );
}

#[test]
fn two_sides_acting_alike_in_one_sentence_are_two_events() {
    let (ex, _) = run("In Sudan, the Sudanese Armed Forces drove the Rapid Support Forces out of Omdurman, but the Rapid Support Forces said they seized Wad Madani.");
    let agents: Vec<Option<&str>> = ex
        .events
        .iter()
        .filter(|e| e.kind == "capture")
        .map(|e| name(&ex, e.agent))
        .collect();
    assert!(
        agents.contains(&Some("Sudanese Armed Forces"))
            && agents.contains(&Some("Rapid Support Forces")),
        "{:?}",
        ex.events
    );
}

#[test]
fn the_warring_parties_are_led_by_the_side_on_the_offensive() {
    let text = "The Rapid Support Forces launched an offensive on El Fasher in Sudan. \
        The Sudanese Armed Forces drove the Rapid Support Forces out of Omdurman. \
        The Rapid Support Forces shelled army positions in Khartoum. \
        Two earlier ceasefires were agreed, but fighting between the two sides went on.";
    let (ex, _) = run(text);
    let ceasefire = event(&ex, "ceasefire");
    assert_eq!(
        name(&ex, ceasefire.agent),
        Some("Rapid Support Forces"),
        "{:?}",
        ex.events
    );
    assert_eq!(name(&ex, ceasefire.target), Some("Sudanese Armed Forces"));
}

#[test]
fn backing_forms_with_appositions_purposes_and_several_sources() {
    let (_, rel) = run("The Syrian National Army, the main rebel force in the north, is armed, paid and trained by Turkey.");
    assert!(
        has(&rel, "Turkey", "backs", "Syrian National Army"),
        "{rel:?}"
    );
    let (_, rel) = run("Russia sent fighter jets to aid the Syrian Arab Army in September 2015.");
    assert!(has(&rel, "Russia", "backs", "Syrian Arab Army"), "{rel:?}");
    let (_, rel) = run("The Somali federal government is backed by the African Union, which leads the mission, as well as by Turkey and Qatar.");
    assert!(
        has(&rel, "Turkey", "backs", "Government of Somalia")
            && has(&rel, "Qatar", "backs", "Government of Somalia"),
        "{rel:?}"
    );
    let (_, rel) = run("Last year Ethiopia took delivery of drones from Turkey, aircraft from China and drones from Iran.");
    for backer in ["Turkey", "China", "Iran"] {
        assert!(has(&rel, backer, "backs", "Ethiopia"), "{backer}: {rel:?}");
    }
    // "Abiy's forces": the army of the country the leader leads.
    let (_, rel) = run(
        "Eritrea sent thousands of soldiers across the border to fight alongside Abiy's forces.",
    );
    assert!(
        has(&rel, "Eritrea", "backs", "Ethiopian National Defense Force"),
        "{rel:?}"
    );
}

#[test]
fn opposition_forms() {
    let cases = [
        ("The Rapid Support Forces, commanded by a former militia leader, have been at war with the Sudanese Armed Forces since April.", "Rapid Support Forces", "Sudanese Armed Forces"),
        ("The war broke out in April between the Sudanese Armed Forces, led by a general, and the Rapid Support Forces.", "Sudanese Armed Forces", "Rapid Support Forces"),
        ("Turkey regards the YPG as a terrorist organisation.", "Turkey", "People's Defense Units"),
        ("Turkey launched a cross-border operation against the Syrian Democratic Forces.", "Turkey", "Syrian Democratic Forces"),
        ("Al-Shabaab was driven out of Mogadishu by African Union troops in 2011.", "African Union", "Al-Shabaab"),
        ("Mali broke off diplomatic relations with Ukraine on Sunday.", "Mali", "Ukraine"),
    ];
    for (text, a, b) in cases {
        let (_, rel) = run(text);
        assert!(
            has(&rel, a, "opposes", b) || has(&rel, b, "opposes", a),
            "{text}: {rel:?}"
        );
    }
}

#[test]
fn fighting_alongside_is_no_attack_and_a_state_in_a_region_is_a_place() {
    let (ex, rel) = run("Rwanda had thousands of troops fighting alongside the M23 inside Congo.");
    assert!(!rel.iter().any(|(_, r, _)| r == "opposes"), "{rel:?}");
    assert!(
        ex.events.iter().all(|e| e.kind != "attack"),
        "{:?}",
        ex.events
    );
    let (ex, _) = run(
        "Al-Shabaab militants captured the town of Adan Yabaal in central Somalia on Wednesday.",
    );
    let capture = event(&ex, "capture");
    assert_eq!(name(&ex, capture.target), None, "{:?}", ex.events);
}

#[test]
fn an_apposition_types_a_name_no_lexicon_lists() {
    let (ex, _) = run("The Sahel Shield Brigade, a private military company run by former soldiers, has trained troops in Niger.");
    let e = ex
        .entities
        .iter()
        .find(|e| e.name == "Sahel Shield Brigade")
        .expect("discovered");
    assert_eq!(e.kind, Kind::Actor(ActorType::Company), "{e:?}");
    let (ex, _) = run("Fighters of the Azawad Salvation Council, a Tuareg separatist group, attacked an army post.");
    let e = ex
        .entities
        .iter()
        .find(|e| e.name == "Azawad Salvation Council")
        .expect("discovered");
    assert_eq!(e.kind, Kind::Actor(ActorType::ArmedGroup), "{e:?}");
    // A person stays a person.
    let (ex, _) = run("Spokesman Ahmed Qasimi, a spokesman for the militia, said it withdrew.");
    assert_eq!(
        ex.entities
            .iter()
            .find(|e| e.name == "Ahmed Qasimi")
            .unwrap()
            .kind,
        Kind::Actor(ActorType::Person)
    );
    // A lexicon type stays as curated.
    let (ex, _) = run("The Wagner Group, a mercenary group, denied it.");
    assert_eq!(
        ex.entities
            .iter()
            .find(|e| e.name == "Wagner Group")
            .unwrap()
            .kind,
        Kind::Actor(ActorType::Company)
    );
}

#[test]
fn role_forms_with_ranks_possessives_and_names_after_titles() {
    let cases = [
        ("Sudanese Armed Forces spokesman Brigadier General Nabil Saleh said the strikes hit Omdurman.", "Nabil Saleh", "spokesperson"),
        ("Hamid Qadri, the Houthis' chief negotiator and spokesman, said talks would go on.", "Hamid Qadri", "spokesperson"),
        ("The United Nations special envoy for Yemen, Hans Grundberg, met Saudi officials.", "Hans Grundberg", "envoy"),
        ("Fighting resumed in Khartoum. The Rapid Support Forces under Mohamed Hamdan Dagalo advanced.", "Mohamed Hamdan Dagalo", "commander"),
    ];
    for (text, person, role) in cases {
        let (_, rel) = run(text);
        assert!(
            rel.iter().any(|(p, r, _)| p == person && r == role),
            "{text}: {rel:?}"
        );
    }
}

#[test]
fn the_capital_of_the_article_country_acting_is_its_government() {
    let text = "Rebels entered Aleppo and Hama in Syria on Saturday.\n\nDamascus accused Turkey of arming the rebels. Ankara denied it.";
    let (ex, _) = run(text);
    let accuse = event(&ex, "accuse");
    assert_eq!(
        name(&ex, accuse.agent),
        Some("Government of Syria"),
        "{:?}",
        ex.events
    );
    assert!(
        ex.events
            .iter()
            .any(|e| name(&ex, e.agent) == Some("Turkey")),
        "a foreign capital stays its state: {:?}",
        ex.events
    );
}

#[test]
fn a_withdrawal_is_a_retreat_event() {
    let (ex, _) = run("Crowds gathered in Niamey and Agadez.\n\nFrench troops withdrew from Niger in December 2023.");
    let w = event(&ex, "withdrawal");
    assert_eq!(name(&ex, w.agent), Some("France"), "{:?}", ex.events);
}

#[test]
fn only_one_letter_of_a_long_surname_under_the_same_given_names() {
    assert!(similar_person("mohamed gununu", "mohamed gununnu"));
    assert!(similar_person("ahmed al-mismari", "ahmed al-mesmari"));
    assert!(
        !similar_person("mohamed gununu", "ahmed gununu"),
        "different given names"
    );
    assert!(!similar_person("ali omar", "ali omer"), "short surname");
    assert!(
        !similar_person("ahmed salih", "ahmed saleh"),
        "five-letter surnames: Salih and Saleh may be two men"
    );
    assert!(
        !similar_person("ahmed mismari", "ahmed mesmeri"),
        "two letters apart"
    );
    assert!(!similar_person("gununu", "gununnu"), "a surname alone");
    assert!(
        !similar_person("mohamed gununu", "mohamed gununu"),
        "the same name is no merge"
    );
}
