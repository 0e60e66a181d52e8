//! Backing said through capitals, appositions, lists and purchases, and fighting said by
//! several agents or behind long appositions, each family in sentences written for these
//! tests (none taken from any article).

use super::tests::{has, run};
use super::*;

#[test]
fn a_capital_after_a_backers_by_or_a_backing_verb_is_its_state() {
    let (_, rel) = run("Hamas, funded and armed by Tehran, fired rockets at Ashkelon.");
    assert!(has(&rel, "Iran", "backs", "Hamas"), "{rel:?}");
    let (_, rel) = run("Egypt has sided with Khartoum in the dispute over the dam.");
    assert!(
        rel.iter()
            .any(|(s, r, o)| s == "Egypt" && r == "backs" && o.contains("Sudan")),
        "{rel:?}"
    );
}

#[test]
fn a_capital_in_a_backer_apposition_is_its_state() {
    // Iran is the state most named here, so its capital speaks for its government.
    let (_, rel) = run("Tehran, the Houthis' main patron, denied sending the missiles.");
    assert!(
        has(&rel, "Government of Iran", "backs", "Houthis"),
        "{rel:?}"
    );
    // A capital as a place stays a place.
    let (ex, rel) = run("Hamas leaders flew to Tehran on Monday.");
    assert!(rel.iter().all(|(s, _, _)| s != "Iran"), "{rel:?}");
    assert!(ex.entities.iter().any(|e| e.name == "Tehran"));
}

#[test]
fn a_group_known_as_a_name_is_that_group() {
    let (_, rel) =
        run("The Congolese government quietly armed village fighters known as the Mai-Mai.");
    assert!(
        rel.iter()
            .any(|(s, r, o)| s.contains("Congo") && r == "backs" && o == "Mai-Mai"),
        "{rel:?}"
    );
}

#[test]
fn an_apposition_types_a_name_no_lexicon_lists() {
    let (ex, rel) = run(
        "The Desert Hawks, a militia raised and paid by the United Arab Emirates, hold the port.",
    );
    let hawks = ex.entities.iter().find(|e| e.name == "Desert Hawks");
    assert_eq!(
        hawks.map(|e| e.kind),
        Some(Kind::Actor(ActorType::ArmedGroup)),
        "{:?}",
        ex.entities
    );
    assert!(
        has(&rel, "United Arab Emirates", "backs", "Desert Hawks"),
        "{rel:?}"
    );
    let (_, rel) = run(
        "Guards from the Coast Shield, a force of three thousand men paid by Qatar, held the port.",
    );
    assert!(has(&rel, "Qatar", "backs", "Coast Shield"), "{rel:?}");
    // A role makes a person; a sentence adverb is no name.
    let (ex, _) =
        run("Yesterday, a militia shelled the camp, said Omar Farah, a spokesman for the militia.");
    assert!(ex.entities.iter().all(|e| e.name != "Yesterday"));
    let omar = ex.entities.iter().find(|e| e.name == "Omar Farah");
    assert_eq!(omar.map(|e| e.kind), Some(Kind::Actor(ActorType::Person)));
}

#[test]
fn a_quantifier_may_open_a_later_item_of_a_list() {
    let (_, rel) = run(
        "The Houthis and several Iraqi militias, supplied by Iran, have fired drones at ships.",
    );
    assert!(has(&rel, "Iran", "backs", "Houthis"), "{rel:?}");
    assert!(
        rel.iter()
            .any(|(s, r, o)| s == "Iran" && r == "backs" && o.contains("Iraqi")),
        "{rel:?}"
    );
}

#[test]
fn weapons_bought_from_a_state_that_gave_an_edge_are_its_backing() {
    let (_, rel) = run("Missiles purchased from Iran gave the Houthis a far longer reach.");
    assert!(has(&rel, "Iran", "backs", "Houthis"), "{rel:?}");
}

#[test]
fn doing_the_fighting_for_a_party_backs_it() {
    let (_, rel) = run("The Wagner Group did much of the fighting for the RSF near the border.");
    assert!(
        has(&rel, "Wagner Group", "backs", "Rapid Support Forces"),
        "{rel:?}"
    );
}

#[test]
fn support_owned_by_a_capital_backs_the_subject() {
    let (_, rel) = run(
        "The Donetsk People's Republic held out for years with Moscow's political and financial support.",
    );
    assert!(
        has(&rel, "Russia", "backs", "Donetsk People's Republic"),
        "{rel:?}"
    );
}

/// Whether an opposition joins actors whose names hold `a` and `b`, either way round.
fn opposed(rel: &[(String, String, String)], a: &str, b: &str) -> bool {
    rel.iter().any(|(s, r, o)| {
        r == "opposes" && ((s.contains(a) && o.contains(b)) || (s.contains(b) && o.contains(a)))
    })
}

#[test]
fn fighters_from_a_group_and_several_agents_all_attack() {
    let (_, rel) = run("Gunmen from the Allied Democratic Forces raided a MONUSCO base near Beni.");
    assert!(
        opposed(&rel, "Allied Democratic Forces", "Stabilization Mission"),
        "{rel:?}"
    );
    let (_, rel) = run("French and Chadian jets bombed Boko Haram camps on Tuesday.");
    assert!(opposed(&rel, "France", "Boko Haram"), "{rel:?}");
    assert!(opposed(&rel, "Chad", "Boko Haram"), "{rel:?}");
}

#[test]
fn an_apposition_in_two_parts_naming_a_person_is_skipped() {
    let (_, rel) =
        run("Hezbollah, led by Naim Qassem, a cleric, has been at war with Israel since October.");
    assert!(opposed(&rel, "Hezbollah", "Israel"), "{rel:?}");
    // A second part naming a group is a clause of its own, not an apposition.
    let (_, rel) = run("GAO, Mali, March 3, 2024 (Wire) - Algerian-backed FLA fighters advanced on Sunday, attacking the army.");
    assert!(
        !rel.iter()
            .any(|(s, r, o)| r == "opposes" && s == "Mali" && o == "Malian Armed Forces"),
        "{rel:?}"
    );
}

#[test]
fn opening_fire_on_a_party_opposes_it() {
    let (_, rel) = run("Israeli soldiers opened fire on a UNIFIL patrol near the Blue Line.");
    assert!(opposed(&rel, "Israel", "Interim Force"), "{rel:?}");
}

#[test]
fn a_person_named_in_full_is_then_named_by_surname() {
    let (_, rel) = run("Faustin Archange Touadera won a third term in March. \
        Rwanda, which has propped up Touadera's government since 2020, sent more troops.");
    assert!(
        has(
            &rel,
            "Rwanda",
            "backs",
            "Government of the Central African Republic"
        ),
        "{rel:?}"
    );
}

#[test]
fn backing_a_head_of_state_backs_his_government() {
    let (_, rel) = run("Wagner mercenaries have propped up Faustin Archange Touadera since 2018.");
    assert!(
        has(&rel, "Wagner Group", "backs", "Faustin Archange Touadera"),
        "{rel:?}"
    );
    assert!(
        has(
            &rel,
            "Wagner Group",
            "backs",
            "Government of the Central African Republic"
        ),
        "{rel:?}"
    );
}

#[test]
fn a_nationality_adjective_before_a_group_name_only_qualifies_it() {
    let (ex, rel) = run("The Lebanese Hezbollah movement fired rockets at Israel on Sunday.");
    assert!(
        ex.entities
            .iter()
            .all(|e| e.name != "Lebanon" || e.mentions == 0),
        "{:?}",
        ex.entities
    );
    assert!(opposed(&rel, "Hezbollah", "Israel"), "{rel:?}");
}

#[test]
fn supply_with_an_object_pronoun_after_a_relative_clause() {
    let (_, rel) =
        run("Turkey, which regards Azerbaijan as its closest partner, supplied it with drones.");
    assert!(has(&rel, "Turkey", "backs", "Azerbaijan"), "{rel:?}");
}

#[test]
fn replacing_another_power_as_a_partner_backs_in_a_relative_clause() {
    let (_, rel) =
        run("Russia, which has replaced France as Mali's main security partner, sent instructors.");
    assert!(
        rel.iter()
            .any(|(s, r, o)| s == "Russia" && r == "backs" && o.contains("Mali")),
        "{rel:?}"
    );
}

#[test]
fn taking_delivery_somewhere_of_arms_from_several_suppliers() {
    let (_, rel) = run("Nigeria took delivery in Kaduna of attack helicopters from Turkey and trainer jets from Pakistan.");
    assert!(has(&rel, "Turkey", "backs", "Nigeria"), "{rel:?}");
    assert!(has(&rel, "Pakistan", "backs", "Nigeria"), "{rel:?}");
}

#[test]
fn killing_a_named_person_is_hostility_towards_him() {
    let (_, rel) = run(
        "In 2019 the Islamic State assassinated former president Ali Abdullah Saleh near the port.",
    );
    assert!(
        opposed(&rel, "Islamic State", "Ali Abdullah Saleh"),
        "{rel:?}"
    );
    // Someone killed beside him is no enemy of his.
    let (_, rel) =
        run("Ali Abdullah Saleh was killed by a sniper while Hezbollah fighters looked on.");
    assert!(!opposed(&rel, "Hezbollah", "Ali Abdullah Saleh"), "{rel:?}");
}

#[test]
fn army_positions_are_the_national_armys() {
    let text = "Al-Shabaab controls much of rural Somalia. \
                On Monday its fighters stormed army positions outside Baidoa.";
    let (_, rel) = run(text);
    assert!(opposed(&rel, "Al-Shabaab", "Somali"), "{rel:?}");
}

#[test]
fn an_auxiliary_fights_for_the_force_it_serves() {
    let (_, rel) = run("For three years the Sudan Liberation Movement served as an auxiliary of the Libyan National Army, guarding its bases.");
    assert!(
        has(
            &rel,
            "Sudan Liberation Movement/Army",
            "backs",
            "Libyan National Army"
        ),
        "{rel:?}"
    );
    // A former auxiliary backs no more.
    let (_, rel) = run("The Sudan Liberation Movement, once an auxiliary of the Libyan National Army, now fights it.");
    assert!(
        !has(
            &rel,
            "Sudan Liberation Movement/Army",
            "backs",
            "Libyan National Army"
        ),
        "{rel:?}"
    );
}

#[test]
fn weapons_sent_to_no_one_named_go_to_the_side_the_article_has_backed() {
    let text = "Poland has armed Ukraine since the first week of the war. \
                Norway has also backed Ukraine. \
                Canada has delivered dozens of howitzers and its own rockets.";
    let (_, rel) = run(text);
    assert!(has(&rel, "Canada", "backs", "Ukraine"), "{rel:?}");
    // With no stated backing in the article, nobody is guessed.
    let (_, rel) = run("Canada has delivered dozens of howitzers and its own rockets.");
    assert!(rel.iter().all(|(s, _, _)| s != "Canada"), "{rel:?}");
    // A recipient named in the clause is for the rules that name it.
    let (_, rel) = run("Poland has armed Ukraine. Norway has also backed Ukraine. \
                        Canada has shipped drones to Armenia.");
    assert!(!has(&rel, "Canada", "backs", "Ukraine"), "{rel:?}");
}

#[test]
fn a_list_behind_an_apposition_fights_alongside_a_titled_leaders_troops() {
    let (_, rel) = run(
        "Gunmen from Hamas and two Iraqi militias, trained and funded by Tehran, \
                        fought alongside President Bashar al-Assad's troops in Deraa.",
    );
    assert!(
        rel.iter()
            .any(|(s, r, o)| s == "Hamas" && r == "backs" && o.contains("Syria")),
        "{rel:?}"
    );
    assert!(has(&rel, "Iran", "backs", "Hamas"), "{rel:?}");
}

#[test]
fn a_hostile_act_hits_every_party_of_a_short_target_list() {
    let (_, rel) = run(
        "Gunmen of the Allied Democratic Forces ambushed a convoy of \
                        Ugandan soldiers and Russian paramilitaries near Beni on Friday.",
    );
    assert!(
        opposed(&rel, "Allied Democratic Forces", "Uganda"),
        "{rel:?}"
    );
    assert!(
        opposed(&rel, "Allied Democratic Forces", "Wagner"),
        "{rel:?}"
    );
}
