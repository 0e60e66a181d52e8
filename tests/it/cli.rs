//! Every command, on success and on error.

use predicates::prelude::*;

use crate::support::*;

#[test]
fn ingest_prints_a_summary_and_stores_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    cg(&store)
        .arg("ingest")
        .arg(examples())
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^ingested 7 articles: \d+ actors, \d+ claims, \d+ events, \d+ triples in [0-9.]+s; \d+ events merged across the store's articles, merges rebuilt in [0-9.]+s and totals in [0-9.]+s\n$").unwrap());
    let rows = query_csv(&store, &["who-backs-whom"]);
    assert_eq!(
        rows[0][..7],
        ["backer", "backed", "sources", "asserted", "alleged", "denied", "kinds"]
    );
    let pairs: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    for (a, b) in [
        ("United Arab Emirates", "Libyan National Army"),
        ("Iran", "Houthis"),
        ("Egypt", "Sudanese Armed Forces"),
        ("Turkey", "Government of National Accord"),
        ("Turkey", "Syrian National Army"),
        ("Eritrea", "Ethiopian National Defense Force"),
    ] {
        assert!(
            pairs.contains(&(a.to_string(), b.to_string())),
            "{a} -> {b} missing from {pairs:?}"
        );
    }
}

#[test]
fn reingesting_replaces_instead_of_duplicating() {
    let (_dir, store) = example_store();
    let before = stdout(&store, &["export", "--format", "nquads"]);
    cg(&store).arg("ingest").arg(examples()).assert().success();
    let after = stdout(&store, &["export", "--format", "nquads"]);
    assert_eq!(before, after);
    let sources = query_csv(&store, &["who-backs-whom"]);
    assert!(sources[1..]
        .iter()
        .all(|r| r[2].parse::<u32>().unwrap() <= 7));
}

#[test]
fn bad_articles_are_reported_skipped_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("good.txt"),
        "Iran backs the Houthis, officials said.",
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), "  \n").unwrap();
    std::fs::write(input.join("binary.txt"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    std::fs::write(
        input.join("dump.jsonl"),
        "{\"id\":\"a\",\"text\":\"Egypt backs the army.\"}\n{not json\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    cg(&store)
        .arg("ingest")
        .arg(&input)
        .assert()
        .failure()
        .stdout(predicate::str::contains("ingested 2 articles"))
        .stderr(predicate::str::contains("empty.txt: article has no text"))
        .stderr(predicate::str::contains(
            "binary.txt: the file is UTF-16 text",
        ))
        .stderr(predicate::str::contains("dump.jsonl:2: malformed JSON"));
    let rows = query_csv(&store, &["who-backs-whom"]);
    assert!(
        rows.iter().any(|r| r[0] == "Iran" && r[1] == "Houthis"),
        "{rows:?}"
    );
}

#[test]
fn query_formats() {
    let (_dir, store) = example_store();
    let json = stdout(&store, &["query", "opposes", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["head"]["vars"][0], "a");
    assert!(!v["results"]["bindings"].as_array().unwrap().is_empty());
    let xml = stdout(&store, &["query", "opposes", "--format", "xml"]);
    assert!(xml.contains("<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"));
    let tsv = stdout(&store, &["query", "opposes", "--format", "tsv"]);
    assert!(tsv.starts_with("?a\t?b\t?sources"));
    let table = stdout(&store, &["query", "opposes", "--format", "table"]);
    assert!(table.lines().nth(1).unwrap().starts_with('─'));
    // Not a terminal: CSV by default.
    let csv = stdout(&store, &["query", "opposes"]);
    assert!(csv.starts_with("a,b,sources"));
}

#[test]
fn every_saved_query_has_its_columns() {
    let (_dir, store) = example_store();
    let expect: &[(&str, &[&str], &[&str])] = &[
        (
            "who-backs-whom",
            &[
                "backer", "backed", "sources", "asserted", "alleged", "denied", "kinds",
            ],
            &[],
        ),
        (
            "backers-of",
            &["backer", "sources"],
            &["--param", "actor=Houthis"],
        ),
        ("opposes", &["a", "b", "sources"], &[]),
        (
            "actors",
            &["actor", "type", "aliases", "mentions", "sources"],
            &[],
        ),
        ("roles", &["person", "role", "of", "sources"], &[]),
        (
            "locations",
            &["location", "type", "country", "lat", "lon", "mentions"],
            &[],
        ),
        (
            "events",
            &[
                "date", "type", "agent", "target", "location", "article", "sentence",
            ],
            &[],
        ),
        (
            "timeline",
            &["date", "type", "agent", "target", "location"],
            &["--param", "actor=RSF"],
        ),
        (
            "evidence",
            &["article", "sentence"],
            &["--param", "backer=Iran", "--param", "backed=Houthis"],
        ),
        (
            "proxy-sides",
            &["side_a", "side_b", "backers_a", "backers_b"],
            &[],
        ),
        (
            "name-forms",
            &["actor", "form", "matched_by", "articles", "first_article"],
            &[],
        ),
        (
            "merged-events",
            &[
                "date", "type", "agent", "target", "location", "reports", "articles", "event",
            ],
            &[],
        ),
        (
            "articles",
            &[
                "article",
                "title",
                "published",
                "publisher",
                "claims",
                "events",
                "graph",
            ],
            &[],
        ),
        (
            "events-between",
            &[
                "date",
                "type",
                "agent",
                "target",
                "location",
                "article",
                "precision",
                "event",
            ],
            &["--param", "from=2020-01-01", "--param", "to=2020-12-31"],
        ),
        (
            "search",
            &[
                "article", "what", "subject", "relation", "object", "sentence", "target",
            ],
            &["--param", "text=drones"],
        ),
    ];
    assert_eq!(
        expect.len(),
        conflictgraph::query::BUNDLED.len(),
        "every saved query is listed here"
    );
    for (name, cols, params) in expect {
        let mut args = vec![*name];
        args.extend_from_slice(params);
        let rows = query_csv(&store, &args);
        assert_eq!(&rows[0][..cols.len()], *cols, "{name}");
        // The examples report no event twice; one_event_reported_by_two_articles… fills it.
        if *name != "merged-events" {
            assert!(rows.len() > 1, "{name} returned no rows");
        }
    }
}

#[test]
fn parameters_resolve_aliases_and_are_bound_as_values() {
    let (_dir, store) = example_store();
    let rows = query_csv(&store, &["backers-of", "--param", "actor=Ansar Allah"]);
    assert!(rows[1..].iter().any(|r| r[0] == "Iran"), "{rows:?}");
    cg(&store)
        .args([
            "query",
            "backers-of",
            "--param",
            "actor=Houthis\" } ; DROP ALL ; {",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no actor named"));
    cg(&store)
        .args(["query", "backers-of"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("needs --param actor=VALUE"));
    cg(&store)
        .args(["query", "opposes", "--param", "x=1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("has no parameter \"x\""));
}

#[test]
fn inline_and_file_queries() {
    let (dir, store) = example_store();
    let out = stdout(&store, &["query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }"]);
    let n: u32 = out.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(n > 10, "{n}");
    let file = dir.path().join("mine.rq");
    std::fs::write(&file, "# Count claims.\nSELECT (COUNT(*) AS ?claims) WHERE { ?c a <https://w3id.org/conflictgraph/ontology#Claim> } ORDER BY ?claims").unwrap();
    let out = stdout(&store, &["query", file.to_str().unwrap()]);
    assert!(out.starts_with("claims"));
}

#[test]
fn query_errors_are_clear() {
    let (_dir, store) = example_store();
    cg(&store)
        .args(["query", "no-such-query"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no saved query named \"no-such-query\"",
        ));
    cg(&store)
        .args(["query", "-e", "SELEC nothing"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("does not parse"));
}

#[test]
fn missing_store_is_an_error_not_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("absent");
    cg(&store)
        .args(["query", "actors"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no store at"));
    assert!(!store.exists());
}

#[test]
fn locked_store_gives_a_clear_error() {
    let (_dir, store) = example_store();
    let _held = conflictgraph::store::GraphStore::open(&store, false).unwrap();
    cg(&store)
        .arg("ingest")
        .arg(examples())
        .assert()
        .failure()
        .stderr(predicate::str::contains("is in use by another process"));
}

#[test]
fn store_comes_from_the_environment() {
    let (_dir, store) = example_store();
    let mut c = assert_cmd::Command::cargo_bin("conflictgraph").unwrap();
    c.env("CONFLICTGRAPH_STORE", &store)
        .args(["query", "opposes"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("a,b,sources"));
}

#[test]
fn queries_lists_descriptions_and_params() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&dir.path().join("s"), &["queries"]);
    assert!(out.contains("who-backs-whom"));
    assert!(out.contains("--param actor="));
    assert_eq!(
        out.lines().filter(|l| !l.starts_with(' ')).count(),
        conflictgraph::query::BUNDLED.len()
    );
}

#[test]
fn export_csv_writes_every_table() {
    let (dir, store) = example_store();
    let out = dir.path().join("csv");
    cg(&store)
        .args(["export", "--csv"])
        .arg(&out)
        .assert()
        .success();
    for f in [
        "actors.csv",
        "alliances.csv",
        "oppositions.csv",
        "roles.csv",
        "locations.csv",
        "events.csv",
        "event-reports.csv",
        "name-forms.csv",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.lines().count() > 1, "{f} is empty");
    }
}

#[test]
fn explain_shows_sentences_and_rules() {
    let (_dir, store) = example_store();
    let out = stdout(&store, &["explain", "Houthis"]);
    assert!(
        out.starts_with("<https://w3id.org/conflictgraph/actor/houthis>"),
        "{out}"
    );
    assert!(out.contains("claim: Iran —backs→ Houthis"), "{out}");
    assert!(out.contains("rule backs.passive"), "{out}");
    assert!(
        out.contains("“The Houthis, also known as Ansar Allah, are backed by Iran"),
        "{out}"
    );
    cg(&store)
        .args(["explain", "Nobody At All"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no actor named"));
}

#[test]
fn no_saved_query_repeats_a_row() {
    let (_dir, store) = example_store();
    for name in [
        "who-backs-whom",
        "opposes",
        "actors",
        "roles",
        "locations",
        "events",
        "proxy-sides",
    ] {
        let rows = query_csv(&store, &[name]);
        let mut seen = std::collections::BTreeSet::new();
        for r in &rows[1..] {
            assert!(seen.insert(r.clone()), "{name} repeats {r:?}");
        }
    }
}

#[test]
fn mention_counts_add_up_across_articles() {
    // An actor named in several articles is one row whose mentions are the sum of each
    // article's, however many graphs repeat its description.
    let (dir, store) = example_store();
    let count = |store: &std::path::Path| -> u32 {
        query_csv(store, &["actors"])
            .iter()
            .find(|r| r[0] == "United Arab Emirates")
            .map_or(0, |r| r[3].parse().unwrap())
    };
    let mut sum = 0;
    for (i, f) in std::fs::read_dir(examples()).unwrap().enumerate() {
        let one = dir.path().join(format!("one-{i}"));
        cg(&one)
            .arg("ingest")
            .arg(f.unwrap().path())
            .assert()
            .success();
        sum += count(&one);
    }
    assert!(sum >= 5, "{sum}");
    assert_eq!(count(&store), sum);
}

#[test]
fn an_edited_lexicon_is_used_with_ontology() {
    // Users extend the lexicon without rebuilding: copy the data, add an actor, point --ontology at it.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ontology");
    copy_ontology(&data);
    let actors = std::fs::read_to_string(root().join("ontology/lexicon/actors.csv")).unwrap();
    let mut lines: Vec<&str> = actors.lines().collect();
    let added = "zz-northern-shield,ArmedGroup,Northern Shield,NSh,,,,,,,,,";
    lines.push(added);
    std::fs::write(data.join("lexicon/actors.csv"), lines.join("\n") + "\n").unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "The NSh is backed by Chad, officials said.").unwrap();
    let store = dir.path().join("store");
    cg(&store)
        .arg("--ontology")
        .arg(&data)
        .arg("ingest")
        .arg(&article)
        .assert()
        .success();
    let rows = query_csv(&store, &["who-backs-whom"]);
    assert!(
        rows.iter()
            .any(|r| r[0] == "Chad" && r[1] == "Northern Shield"),
        "{rows:?}"
    );
    // Without the edited data the acronym means nothing.
    let plain = dir.path().join("plain");
    cg(&plain).arg("ingest").arg(&article).assert().success();
    assert_eq!(query_csv(&plain, &["who-backs-whom"]).len(), 1);
}

#[test]
fn a_broken_lexicon_names_the_file_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ontology");
    copy_ontology(&data);
    let mut actors = std::fs::read_to_string(data.join("lexicon/actors.csv")).unwrap();
    actors.push_str("zz-bad,Militia,Bad,,,,,,,,,,\n");
    std::fs::write(data.join("lexicon/actors.csv"), actors).unwrap();
    cg(&dir.path().join("s"))
        .arg("--ontology")
        .arg(&data)
        .arg("ingest")
        .arg(examples())
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("actors.csv: line")
                .and(predicate::str::contains("unknown type \"Militia\"")),
        );
}

#[test]
fn export_to_an_unwritable_path_fails_cleanly() {
    let (dir, store) = example_store();
    let target = dir.path().join("no-such-dir").join("out.ttl");
    cg(&store)
        .args(["export", "-o"])
        .arg(&target)
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot create"));
}

#[test]
fn explain_an_event_by_its_iri() {
    let (_dir, store) = example_store();
    let rows = query_csv(&store, &["events"]);
    let col = rows[0].iter().position(|c| c == "event").unwrap();
    let row = rows[1..]
        .iter()
        .find(|r| r[1] == "capture" && r[0].starts_with("2023"))
        .expect("a dated capture");
    let out = stdout(&store, &["explain", &row[col]]);
    assert!(
        out.contains("event: Rapid Support Forces —capture→"),
        "{out}"
    );
    assert!(out.contains("rule event.capture"), "{out}");
    assert!(out.contains(&row[6]), "the sentence of the event: {out}");
}

#[test]
fn opposition_is_listed_once_per_pair() {
    let (_dir, store) = example_store();
    let rows = query_csv(&store, &["opposes"]);
    for r in &rows[1..] {
        assert!(
            !rows[1..].iter().any(|o| o[0] == r[1] && o[1] == r[0]),
            "{} / {} listed in both orders",
            r[0],
            r[1]
        );
    }
}

#[test]
fn spellings_of_one_name_meet_across_articles_and_each_merge_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    // Written for this test: a variant from lexicon/variants.csv, and two spellings of a
    // person no lexicon lists, one of them only a letter apart.
    std::fs::write(articles.join("one.txt"), "Forces loyal to Khalifa Hifter shelled Tripoli on Monday.\n\nSpokesman Mohamed Gnono said the strikes hit militia positions.\n").unwrap();
    std::fs::write(articles.join("two.txt"), "Spokesman Mohamed Gununu said the LNA retreated.\n\nLater, spokesman Mohamed Gununnu denied it.\n").unwrap();
    let store = dir.path().join("store");
    cg(&store).arg("ingest").arg(&articles).assert().success();
    let actors = query_csv(&store, &["actors"]);
    let gununu: Vec<&Vec<String>> = actors
        .iter()
        .filter(|r| r[0].starts_with("Mohamed G"))
        .collect();
    assert_eq!(gununu.len(), 1, "{actors:?}");
    assert_eq!(gununu[0][4], "2", "one actor in both articles: {actors:?}");
    let forms = query_csv(&store, &["name-forms"]);
    let has = |form: &str, how: &str| forms.iter().any(|r| r[1] == form && r[2] == how);
    assert!(has("Khalifa Hifter", "variants-table"), "{forms:?}");
    assert!(has("Mohamed Gununnu", "similarity"), "{forms:?}");
    // The merges a reviewer most needs to see come first.
    assert_eq!(forms[1][2], "similarity", "{forms:?}");
}

#[test]
fn one_event_reported_by_two_articles_is_merged_reversibly() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    // Written for this test: two wires on one capture, and a third on another town.
    std::fs::write(articles.join("a.md"), "---\npublished: 2024-03-05\n---\nThe Rapid Support Forces seized Wad Madani in Sudan on Monday, residents said.\n").unwrap();
    std::fs::write(articles.join("b.md"), "---\npublished: 2024-03-06\n---\nOn March 4, the Rapid Support Forces seized Wad Madani from the Sudanese Armed Forces.\n").unwrap();
    std::fs::write(articles.join("c.md"), "---\npublished: 2024-03-06\n---\nThe Rapid Support Forces seized Sennar in Sudan on Monday.\n").unwrap();
    let store = dir.path().join("store");
    cg(&store)
        .arg("ingest")
        .arg(&articles)
        .assert()
        .success()
        .stdout(predicate::str::contains("; 1 events merged"));
    let merged = query_csv(&store, &["merged-events"]);
    assert_eq!(merged.len(), 2, "{merged:?}");
    let row = &merged[1];
    assert_eq!(
        (
            row[0].as_str(),
            row[1].as_str(),
            row[2].as_str(),
            row[4].as_str(),
            row[5].as_str()
        ),
        (
            "2024-03-04",
            "capture",
            "Rapid Support Forces",
            "Wad Madani",
            "2"
        ),
        "{row:?}"
    );
    assert_eq!(row[6], "a | b");
    // Each article still reports its own event.
    let events = query_csv(&store, &["events"]);
    assert_eq!(
        events.iter().filter(|r| r[1] == "capture").count(),
        3,
        "{events:?}"
    );
    // Taking the merges back leaves the reports as they were.
    cg(&store)
        .arg("ingest")
        .arg("--no-merge")
        .arg(&articles)
        .assert()
        .success()
        .stdout(predicate::str::contains("; 0 events merged"));
    assert_eq!(query_csv(&store, &["merged-events"]).len(), 1);
    assert_eq!(query_csv(&store, &["events"]), events);
}

#[test]
fn typed_parameters_take_injection_strings_as_plain_values() {
    let (_dir, store) = example_store();
    let before = stdout(&store, &["export", "--format", "nquads"]);
    let evil = [
        "Houthis\" } ; DROP ALL ; {",
        "{}",
        "} ; DROP ALL",
        "Houthis\nDROP ALL",
        "<https://x.org/a> } DROP ALL { <https://x.org/b>",
        "\\\" . } INSERT DATA { <a> <b> <c> } #",
    ];
    for value in evil {
        // An actor: no actor has that name, and the error says so.
        cg(&store)
            .args(["query", "backers-of", "--param"])
            .arg(format!("actor={value}"))
            .assert()
            .failure()
            .stderr(predicate::str::contains("no actor named"));
        // A date: refused as not a date.
        cg(&store)
            .args([
                "query",
                "events-between",
                "--param",
                "to=2030-01-01",
                "--param",
            ])
            .arg(format!("from={value}"))
            .assert()
            .failure()
            .stderr(predicate::str::contains("not a date (YYYY-MM-DD)"));
        // Text: matched literally, so no sentence contains it, and the query still has its columns.
        let rows = query_csv(&store, &["search", "--param", &format!("text={value}")]);
        assert_eq!(
            rows,
            vec![vec![
                "article", "what", "subject", "relation", "object", "sentence", "target"
            ]],
            "{value:?}"
        );
    }
    assert_eq!(
        stdout(&store, &["export", "--format", "nquads"]),
        before,
        "the store is unchanged"
    );
    // Quotes in a value are data: an apostrophe finds the sentences that have one.
    let rows = query_csv(&store, &["search", "--param", "text=Haftar's"]);
    assert!(
        rows.len() > 1 && rows[1..].iter().all(|r| r[5].contains("Haftar's")),
        "{rows:?}"
    );
    // An IRI parameter must be an IRI; a date must be a real day.
    cg(&store)
        .args([
            "query",
            "events-between",
            "--param",
            "from=2020-02-30",
            "--param",
            "to=2020-03-01",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--param from=\"2020-02-30\": not a date",
        ));
    let may = query_csv(
        &store,
        &[
            "events-between",
            "--param",
            "from=2020-05-01",
            "--param",
            "to=2020-05-31",
        ],
    );
    assert!(
        may.len() > 1 && may[1..].iter().all(|r| r[0].starts_with("2020-05")),
        "{may:?}"
    );
    assert!(
        !may[0].contains(&"from".to_string()),
        "parameters are not result columns"
    );
}

#[test]
fn actor_parameters_resolve_respellings_through_the_lexicon() {
    let (_dir, store) = example_store();
    // The store holds "Khalifa Haftar"; variants.csv respells "Hifter".
    let rows = query_csv(&store, &["timeline", "--param", "actor=Khalifa Hifter"]);
    assert!(
        rows.len() > 1
            && rows[1..]
                .iter()
                .all(|r| r[6] == "https://w3id.org/conflictgraph/actor/khalifa-haftar"),
        "{rows:?}"
    );
    // Accents and case fold.
    let out = stdout(&store, &["explain", "ghassan salame"]);
    assert!(
        out.starts_with("<https://w3id.org/conflictgraph/actor/ghassan-salame>"),
        "{out}"
    );
}
