//! Lints of the shipped data: lexicon, patterns, ontology and saved queries.

use std::collections::BTreeSet;

use conflictgraph::lexicon::Lexicon;
use conflictgraph::query::{SavedQuery, BUNDLED};

use crate::support::*;

#[test]
fn lexicon_in_the_repository_loads_and_is_consistent() {
    // Loading checks sorting, unique ids and aliases, and that every reference resolves.
    let lex = Lexicon::load(&root().join("ontology")).unwrap();
    assert!(lex.entities.len() > 80);
}

#[test]
fn every_event_type_is_a_concept_of_the_scheme() {
    let lex = Lexicon::bundled().unwrap();
    let ttl = std::fs::read_to_string(root().join("ontology/event-types.ttl")).unwrap();
    for t in lex.patterns.event_types() {
        assert!(
            ttl.contains(&format!("etype:{t} a skos:Concept")),
            "event type {t} has no concept in event-types.ttl"
        );
    }
}

#[test]
fn every_role_has_a_property_in_the_ontology() {
    let lex = Lexicon::bundled().unwrap();
    let ttl = std::fs::read_to_string(root().join("ontology/conflictgraph.ttl")).unwrap();
    let roles: BTreeSet<_> = lex
        .patterns
        .role_words
        .values()
        .map(|d| (d.role.clone(), d.heads))
        .collect();
    for (r, heads) in roles {
        assert!(
            ttl.contains(&format!("cg:{r}Of a owl:ObjectProperty")),
            "role {r} has no cg:{r}Of"
        );
        let sup = if heads { "org:headOf" } else { "org:memberOf" };
        assert!(ttl.contains(&format!("cg:{r}Of a owl:ObjectProperty ; rdfs:subPropertyOf {sup} ; rdfs:label \"{r} of\" ; cg:roleName \"{r}\"")), "cg:{r}Of should refine {sup} and name its role");
        if !heads {
            let class = r[..1].to_uppercase() + &r[1..];
            assert!(
                ttl.contains(&format!("cg:{class} a org:Role")),
                "post role {r} has no cg:{class} org:Role"
            );
        }
    }
}

#[test]
fn queries_folder_and_bundled_queries_agree() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, bundled);
    for (name, text) in BUNDLED {
        let disk = std::fs::read_to_string(root().join(format!("queries/{name}.rq"))).unwrap();
        assert_eq!(&disk, text, "{name}");
    }
}

#[test]
fn every_saved_query_runs_and_is_deterministic() {
    let (_dir, store) = example_store();
    for (name, text) in BUNDLED {
        let q = SavedQuery::parse(name, text).unwrap();
        let mut args = vec![
            "query".to_string(),
            name.to_string(),
            "--format".into(),
            "csv".into(),
        ];
        for p in &q.params {
            args.push("--param".into());
            use conflictgraph::query::ParamType;
            let value = match (p.kind, p.name.as_str()) {
                (ParamType::Actor, "backer") => "Iran",
                (ParamType::Actor, _) => "Houthis",
                (ParamType::Date, "from") => "2019-01-01",
                (ParamType::Date, _) => "2023-12-31",
                (ParamType::Text, _) => "forces",
                (ParamType::Integer, _) => "3",
                (ParamType::Iri, _) => "https://w3id.org/conflictgraph/actor/iran",
            };
            args.push(format!("{}={value}", p.name));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let first = stdout(&store, &args);
        let second = stdout(&store, &args);
        assert_eq!(first, second, "{name} is not deterministic");
        if *name != "merged-events" {
            assert!(first.lines().count() > 1, "{name} returned no rows");
        }
    }
}

#[test]
fn data_files_are_sorted() {
    for f in ["ontology/lexicon/actors.csv", "ontology/lexicon/places.csv"] {
        let text = std::fs::read_to_string(root().join(f)).unwrap();
        let ids: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{f} is not sorted by id");
    }
}
