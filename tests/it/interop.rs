//! Other tools read the exports, proved with the tools themselves: rapper (raptor2), rdflib
//! and pyoxigraph for RDF and SPARQL results, LibreOffice Calc and openpyxl for the CSV
//! tables, networkx and pydot for the network, rsvg-convert for the picture, pyshacl for the
//! shapes. tests/interop/peers.py runs the Python libraries and reports what they saw.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::*;

fn tool_output(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (install it: see .ci/run)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs a subcommand of tests/interop/peers.py and parses its JSON answer.
fn peer<S: AsRef<OsStr>>(args: &[S]) -> Value {
    let out = tool_output(
        Command::new("python3")
            .arg(root().join("tests/interop/peers.py"))
            .args(args),
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "peers.py printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A number a SPARQL COUNT query returns.
fn count(store: &Path, sparql: &str) -> u64 {
    let rows = query_csv(store, &["-e", sparql]);
    rows[1][0].parse().unwrap()
}

const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
const TRIPLES: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }";
const CLAIMS: &str = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a <https://w3id.org/conflictgraph/ontology#Claim> } }";

fn rapper_count(format: &str, file: &Path) -> u64 {
    let output = if matches!(format, "trig" | "nquads") {
        "nquads"
    } else {
        "ntriples"
    };
    let out = tool_output(
        Command::new("rapper")
            .args(["-q", "-i", format, "-o", output])
            .arg(file),
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count() as u64
}

#[test]
fn every_rdf_format_reads_back_in_independent_parsers_with_the_stores_counts() {
    let (dir, store) = example_store();
    let (quads, triples) = (count(&store, QUADS), count(&store, TRIPLES));
    assert!(
        quads > 3000 && triples > 2000,
        "{quads} quads, {triples} triples"
    );
    for (format, ext) in [
        ("turtle", "ttl"),
        ("ntriples", "nt"),
        ("rdfxml", "rdf"),
        ("trig", "trig"),
        ("nquads", "nq"),
        ("jsonld", "jsonld"),
    ] {
        let file = dir.path().join(format!("out.{ext}"));
        cg(&store)
            .args(["export", "--format", format, "-o"])
            .arg(&file)
            .assert()
            .success();
        let expected = if matches!(format, "trig" | "nquads" | "jsonld") {
            quads
        } else {
            triples
        };
        let mut parsers = 0;
        if format != "jsonld" {
            assert_eq!(rapper_count(format, &file), expected, "rapper, {format}");
            parsers += 1;
        }
        for parser in ["rdflib", "pyoxigraph"] {
            let seen = peer(&[
                OsStr::new("rdf"),
                OsStr::new(parser),
                OsStr::new(format),
                file.as_os_str(),
            ]);
            assert_eq!(seen["statements"], expected, "{parser}, {format}");
            parsers += 1;
        }
        assert!(parsers >= 2);
    }
}

#[test]
fn turtle_is_grouped_by_subject_with_prefixes() {
    let (_dir, store) = example_store();
    let ttl = stdout(&store, &["export"]);
    assert!(ttl.contains("@prefix cg: <https://w3id.org/conflictgraph/ontology#> ."));
    // Each subject is written once, its statements joined with ';'.
    let subjects: Vec<&str> = ttl
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '@']) && !l.is_empty())
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let distinct: std::collections::BTreeSet<&str> = subjects.iter().copied().collect();
    assert_eq!(
        subjects.len(),
        distinct.len(),
        "a subject appears in two blocks"
    );
    assert!(
        ttl.contains("\nactor:iran a "),
        "prefixed names are used, types first"
    );
}

#[test]
fn one_articles_graph_exports_alone() {
    let (dir, store) = example_store();
    let graph = "https://w3id.org/conflictgraph/article/syria-manbij";
    let in_graph = count(
        &store,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
    );
    assert!(in_graph > 50, "{in_graph}");
    for (format, ext) in [("nquads", "nq"), ("turtle", "ttl"), ("jsonld", "jsonld")] {
        for id in ["syria-manbij", graph] {
            let file = dir.path().join(format!("one.{ext}"));
            cg(&store)
                .args(["export", "--format", format, "--graph", id, "-o"])
                .arg(&file)
                .assert()
                .success();
            let seen = peer(&[
                OsStr::new("rdf"),
                OsStr::new("pyoxigraph"),
                OsStr::new(format),
                file.as_os_str(),
            ]);
            assert_eq!(seen["statements"], in_graph, "{format} --graph {id}");
        }
    }
    let nq = stdout(
        &store,
        &["export", "--format", "nquads", "--graph", "syria-manbij"],
    );
    assert!(
        nq.lines().all(|l| l.ends_with(&format!("<{graph}> ."))),
        "a quad from another graph"
    );
    cg(&store)
        .args(["export", "--graph", "no-such-article"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no graph \"no-such-article\" in the store",
        ));
}

#[test]
fn rdf12_claims_are_reified_triples_that_pyoxigraph_reads() {
    let (dir, store) = example_store();
    let (triples, claims) = (count(&store, TRIPLES), count(&store, CLAIMS));
    assert!(claims > 20, "{claims}");
    let file = dir.path().join("claims.ttl");
    cg(&store)
        .args(["export", "--rdf12", "-o"])
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("# RDF 1.2 Turtle"),
        "the file says what it is"
    );
    // The annotation opens with the claim's class and its first count (sources by stance sort
    // before the total).
    let annotation =
        regex::Regex::new(r"\{\| a cg:Claim ; cg:(?:alleged|asserted|denied)?[sS]ourceCount ")
            .unwrap();
    assert!(
        text.contains(" ~ claim:")
            && annotation.is_match(&text)
            && text.contains("cg:sourceCount "),
        "annotation syntax"
    );
    assert!(
        !text.contains("rdf:subject") && !text.contains("a rdf:Statement"),
        "no RDF 1.1 reification left"
    );
    let seen = peer(&[
        OsStr::new("rdf"),
        OsStr::new("pyoxigraph"),
        OsStr::new("turtle"),
        file.as_os_str(),
    ]);
    assert_eq!(seen["reifies"], claims);
    assert_eq!(seen["reified_and_asserted"], claims);
    // Per claim, rdf:type rdf:Statement and rdf:subject/predicate/object (4) become rdf:reifies (1).
    assert_eq!(seen["statements"], triples - 3 * claims);
    cg(&store)
        .args(["export", "--rdf12", "--format", "nquads"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--rdf12 writes Turtle only"));
}

#[test]
fn sparql_results_parse_in_rdflib_and_pyoxigraph_to_the_same_rows() {
    let (dir, store) = example_store();
    // Typed literals (dates, integers), IRIs and unbound values.
    let table = query_csv(&store, &["events"]);
    assert!(table.len() > 10);
    let mut seen = Vec::new();
    for format in ["csv", "tsv", "json", "xml"] {
        let out = cg(&store)
            .args(["query", "events", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        let file = dir.path().join(format!("results.{format}"));
        std::fs::write(&file, &out.stdout).unwrap();
        if format == "csv" {
            // W3C SPARQL 1.1 CSV: CRLF line ends.
            assert!(out.stdout.windows(2).filter(|w| w == b"\r\n").count() >= table.len());
        }
        // pyoxigraph refuses CSV results as lossy; rdflib reads all four.
        let parsers: &[&str] = if format == "csv" {
            &["rdflib"]
        } else {
            &["rdflib", "pyoxigraph"]
        };
        for parser in parsers {
            let r = peer(&[
                OsStr::new("results"),
                OsStr::new(parser),
                OsStr::new(format),
                file.as_os_str(),
            ]);
            assert_eq!(r["vars"][0], "date", "{parser} {format}");
            assert_eq!(
                r["rows"].as_array().unwrap().len(),
                table.len() - 1,
                "{parser} {format}"
            );
            // CSV cannot tell an unbound value from an empty string; the other formats can.
            let rows: Vec<Vec<String>> = r["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    row.as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .collect();
            seen.push((format!("{parser} {format}"), rows));
        }
    }
    for (name, rows) in &seen[1..] {
        assert_eq!(rows, &seen[0].1, "{name} differs from {}", seen[0].0);
    }
    assert_eq!(
        seen[0].1,
        table[1..].to_vec(),
        "the parsers read what the CSV table holds"
    );
    // ASK gives a boolean in every format.
    for format in ["json", "xml", "csv", "tsv"] {
        let out = cg(&store)
            .args(["query", "-e", "ASK { ?s ?p ?o }", "--format", format])
            .output()
            .unwrap();
        let file = dir.path().join(format!("ask.{format}"));
        std::fs::write(&file, &out.stdout).unwrap();
        if matches!(format, "json" | "xml") {
            for parser in ["rdflib", "pyoxigraph"] {
                assert_eq!(
                    peer(&[
                        OsStr::new("results"),
                        OsStr::new(parser),
                        OsStr::new(format),
                        file.as_os_str()
                    ])["boolean"],
                    true,
                    "{parser} {format}"
                );
            }
        } else {
            // Neither parser reads a boolean from CSV or TSV; the W3C formats write "true".
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                "true",
                "{format}"
            );
        }
    }
}

/// Converts CSV files to .xlsx with LibreOffice Calc, evaluating formulas as a careless
/// user's import would, so a cell that is run as a formula shows up as one.
fn libreoffice_xlsx(files: &[std::path::PathBuf], out: &Path, profile: &Path) {
    tool_output(
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--infilter=CSV:44,34,76,1,,,,,,,,,true",
                "--convert-to",
                "xlsx",
                "--outdir",
            ])
            .arg(out)
            .args(files),
    );
}

fn is_iso_date(s: &str) -> bool {
    s.len() == 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s.chars().filter(char::is_ascii_digit).count() == 8
}

#[test]
fn csv_tables_open_in_libreoffice_with_every_cell_in_place_and_no_formula() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for f in std::fs::read_dir(examples()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, input.join(f.file_name().unwrap())).unwrap();
    }
    // Publishers that a spreadsheet would run as formulas reach events.csv's source column.
    // Four places and four days, so the four reports stay four events.
    let planted = [
        "=HYPERLINK(\"http://example.invalid/\",\"click\")",
        "@SUM(1+1)",
        "+cmd|'/c calc'!A0",
        "-2+3",
    ];
    for (i, (publisher, place)) in planted
        .iter()
        .zip(["Sirte", "Misrata", "Tarhuna", "Benghazi"])
        .enumerate()
    {
        std::fs::write(
            input.join(format!("planted-{i}.md")),
            format!("---\nid: planted-{i}\npublished: 2020-06-0{}\nsource: {publisher}\n---\nTurkish drones bombed positions of the Libyan National Army near {place} on Monday.\n", i + 1),
        )
        .unwrap();
    }
    let store = dir.path().join("store");
    cg(&store).arg("ingest").arg(&input).assert().success();
    let csv_dir = dir.path().join("csv");
    cg(&store)
        .args(["export", "--excel", "--csv"])
        .arg(&csv_dir)
        .assert()
        .success();
    let mut files: Vec<_> = std::fs::read_dir(&csv_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    let xlsx = dir.path().join("xlsx");
    libreoffice_xlsx(&files, &xlsx, &dir.path().join("lo-profile"));

    let mut planted = 0;
    let (mut numbers, mut dates) = (0, 0);
    for csv_file in &files {
        let name = csv_file.file_stem().unwrap().to_str().unwrap();
        let bytes = std::fs::read(csv_file).unwrap();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{name}: --excel writes a byte order mark"
        );
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        let want: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let got = peer(&[
            OsStr::new("xlsx"),
            xlsx.join(format!("{name}.xlsx")).as_os_str(),
        ]);
        let got = got.as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: rows");
        for (r, (want_row, got_row)) in want.iter().zip(got).enumerate() {
            for (c, want_cell) in want_row.iter().enumerate() {
                let cell = &got_row[c];
                let at = format!("{name} row {} column {}", r + 1, c + 1);
                assert_ne!(cell["t"], "f", "{at}: {want_cell:?} became a formula");
                if want_cell.is_empty() {
                    assert!(cell["v"].is_null(), "{at}: {cell}");
                } else if let Ok(n) = want_cell.parse::<f64>() {
                    assert_eq!(cell["t"], "n", "{at}: {want_cell:?} is not a number");
                    assert!(
                        (cell["v"].as_f64().unwrap() - n).abs() < 1e-9,
                        "{at}: {cell} != {n}"
                    );
                    numbers += 1;
                } else if is_iso_date(want_cell) {
                    assert_eq!(cell["t"], "d", "{at}: {want_cell:?} is not a date");
                    assert!(
                        cell["v"].as_str().unwrap().starts_with(want_cell.as_str()),
                        "{at}: {cell}"
                    );
                    dates += 1;
                } else {
                    assert_eq!(cell["v"], want_cell.as_str(), "{at}");
                }
                if want_cell.starts_with('\'') {
                    planted += 1;
                }
            }
        }
    }
    assert!(
        numbers > 50 && dates > 10,
        "{numbers} numbers, {dates} dates"
    );
    // "-2+3" is not a number, so it is neutralised too.
    assert!(
        planted >= 4,
        "the planted formulas reached a table: {planted}"
    );
    // Accents survive: the examples name the UN envoy Ghassan Salamé.
    let actors = peer(&[OsStr::new("xlsx"), xlsx.join("actors.xlsx").as_os_str()]);
    assert!(actors.to_string().contains("Ghassan Salamé"), "{actors}");
}

#[test]
fn acled_events_table_has_acled_columns_and_one_row_per_event() {
    let (dir, store) = example_store();
    let out = dir.path().join("csv");
    cg(&store)
        .args(["export", "--csv"])
        .arg(&out)
        .assert()
        .success();
    let mut r = csv::Reader::from_path(out.join("events.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "actor2",
        "location",
        "latitude",
        "longitude",
        "source",
        "notes",
    ] {
        assert!(
            header.iter().any(|h| h == col),
            "{col} missing from {header:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let acled_types = [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ];
    assert!(
        rows.iter()
            .all(|row| acled_types.contains(&&row[col("event_type")])),
        "only ACLED event types"
    );
    let strike = rows
        .iter()
        .find(|row| {
            row[col("sub_event_type")] == *"Air/drone strike"
                && row[col("actor1")] == *"Saudi-led coalition"
        })
        .expect("the coalition air strike on Hodeidah");
    assert_eq!(&strike[col("event_date")], "2019-03-10");
    assert_eq!(&strike[col("time_precision")], "1");
    assert_eq!(&strike[col("actor2")], "Houthis");
    assert_eq!(&strike[col("location")], "Hodeidah");
    assert!(strike[col("latitude")].parse::<f64>().unwrap() > 14.0);
    assert!(strike[col("notes")].contains("Hodeidah"));
    // Statements, accusations and requests are not ACLED events.
    let reports = std::fs::read_to_string(out.join("event-reports.csv")).unwrap();
    assert!(
        reports.lines().count() > rows.len() + 1,
        "event-reports.csv keeps every report"
    );
}

#[test]
fn graphml_reads_in_networkx_dot_in_pydot_and_the_svg_renders() {
    let (dir, store) = example_store();
    let backs = query_csv(&store, &["who-backs-whom"]).len() - 1;
    let opposes = query_csv(&store, &["opposes"]).len() - 1;

    let graphml = dir.path().join("net.graphml");
    cg(&store)
        .args(["graph", "--format", "graphml", "-o"])
        .arg(&graphml)
        .assert()
        .success();
    let g = peer(&[OsStr::new("graphml"), graphml.as_os_str()]);
    assert_eq!(g["directed"], true);
    let edges = g["edges"].as_array().unwrap();
    assert_eq!(edges.len(), backs + opposes);
    let nodes = g["nodes"].as_object().unwrap();
    let label = |iri: &str| nodes[iri]["label"].as_str().unwrap().to_string();
    let iran_houthis = edges
        .iter()
        .find(|e| {
            label(e[0].as_str().unwrap()) == "Iran" && label(e[1].as_str().unwrap()) == "Houthis"
        })
        .expect("Iran backs the Houthis");
    assert_eq!(iran_houthis[2]["relation"], "backs");
    assert!(
        iran_houthis[2]["weight"].as_f64().unwrap() >= 2.0,
        "{iran_houthis}"
    );
    assert_eq!(
        nodes.values().find(|n| n["label"] == "Iran").unwrap()["type"],
        "State"
    );

    let dot = dir.path().join("net.dot");
    cg(&store)
        .args(["graph", "--format", "dot", "-o"])
        .arg(&dot)
        .assert()
        .success();
    let d = peer(&[OsStr::new("dot"), dot.as_os_str()]);
    assert_eq!(d["nodes"], nodes.len());
    assert_eq!(d["edges"], backs + opposes);

    let svg = dir.path().join("net.svg");
    cg(&store)
        .args(["graph", "-o"])
        .arg(&svg)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&svg).unwrap(),
        stdout(&store, &["graph"]).into_bytes(),
        "the picture is deterministic"
    );
    let png = dir.path().join("net.png");
    tool_output(Command::new("rsvg-convert").arg(&svg).arg("-o").arg(&png));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let (w, h) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert!(w > 400 && h > 100, "{w}x{h}");
    let text = std::fs::read_to_string(&svg).unwrap();
    for n in nodes.values() {
        let l = n["label"]
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('\'', "&apos;");
        assert!(
            text.contains(&l)
                || text.contains(&n["label"].as_str().unwrap().replace('\'', "&#39;")),
            "{l} not drawn"
        );
    }
}

#[test]
fn the_export_conforms_to_the_shapes_and_planted_violations_are_caught() {
    let (dir, store) = example_store();
    // A second report of the Hodeidah strike, so the export holds a merged event too.
    let more = dir.path().join("more.md");
    std::fs::write(&more, "---\nid: hodeidah-second-report\npublished: 2019-03-11\n---\nAircraft of the Saudi-led coalition bombed Hodeidah on Sunday, port workers said.\n").unwrap();
    cg(&store).arg("ingest").arg(&more).assert().success();
    assert!(count(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a <https://w3id.org/conflictgraph/ontology#MergedEvent> } }") >= 1);
    let shapes = root().join("ontology/shapes.ttl");
    let clean = dir.path().join("clean.ttl");
    cg(&store)
        .args(["export", "-o"])
        .arg(&clean)
        .assert()
        .success();
    let report = peer(&[OsStr::new("shacl"), clean.as_os_str(), shapes.as_os_str()]);
    assert_eq!(report["conforms"], true, "{report}");

    // Plant one violation of each kind into the N-Triples export.
    let nt = stdout(&store, &["export", "--format", "ntriples"]);
    let lines: Vec<&str> = nt.lines().collect();
    let subject_of = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .map(|l| {
                l.split(' ')
                    .next()
                    .unwrap()
                    .trim_matches(['<', '>'])
                    .to_string()
            })
            .unwrap()
    };
    let claim = subject_of("<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>");
    let position = subject_of("<http://www.w3.org/ns/oa#start>");
    let evidence_of_position = position.trim_end_matches("#position").to_string();
    let undated = lines
        .iter()
        .find(|l| l.contains("ontology#datePrecision> \"unknown\"") && !l.contains("merged-"))
        .map(|l| {
            l.split(' ')
                .next()
                .unwrap()
                .trim_matches(['<', '>'])
                .to_string()
        })
        .unwrap();
    let typed_event = lines
        .iter()
        .filter(|l| l.contains("sem/eventType>") && !l.contains("merged-"))
        .map(|l| {
            l.split(' ')
                .next()
                .unwrap()
                .trim_matches(['<', '>'])
                .to_string()
        })
        .find(|e| *e != undated)
        .unwrap();
    // The evidence of the claim, which loses its cg:supports with it.
    let claim_evidence = lines
        .iter()
        .find(|l| l.contains("ontology#supports>") && l.contains(&format!("<{claim}>")))
        .map(|l| {
            l.split(' ')
                .next()
                .unwrap()
                .trim_matches(['<', '>'])
                .to_string()
        })
        .unwrap();
    let geometries: Vec<String> = lines
        .iter()
        .filter(|l| l.contains("geosparql#asWKT"))
        .map(|l| {
            l.split(' ')
                .next()
                .unwrap()
                .trim_matches(['<', '>'])
                .to_string()
        })
        .collect();
    let (bad_wkt, far_wkt) = (&geometries[0], &geometries[1]);
    let mut planted: Vec<String> = Vec::new();
    for l in &lines {
        let s = l.split(' ').next().unwrap().trim_matches(['<', '>']);
        let o = l.rsplit(' ').nth(1).unwrap_or("").trim_matches(['<', '>']);
        // The claim loses its evidence, the position its start, the undated event its
        // "unknown", the typed event its type.
        if l.contains("ontology#supports>") && o == claim {
            continue;
        }
        if s == position && l.contains("oa#start>") {
            continue;
        }
        if s == undated && l.contains("ontology#datePrecision>") {
            continue;
        }
        if s == typed_event && l.contains("sem/eventType>") {
            continue;
        }
        if s == *bad_wkt && l.contains("asWKT") {
            planted.push(format!("<{s}> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT(east north)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ."));
            continue;
        }
        if s == *far_wkt && l.contains("asWKT") {
            planted.push(format!("<{s}> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT(200.5 95)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ."));
            continue;
        }
        planted.push(l.to_string());
    }
    let broken = dir.path().join("broken.nt");
    std::fs::write(&broken, planted.join("\n") + "\n").unwrap();
    let report = peer(&[OsStr::new("shacl"), broken.as_os_str(), shapes.as_os_str()]);
    assert_eq!(report["conforms"], false);
    let results = report["results"].as_array().unwrap();
    let caught = |focus: &str, message: &str| {
        results
            .iter()
            .any(|r| r["focus"] == focus && r["message"].as_str().unwrap().contains(message))
    };
    assert!(caught(&claim, "a claim has no evidence"), "{report}");
    assert!(
        caught(&evidence_of_position, "no character offsets"),
        "{report}"
    );
    assert!(caught(&undated, "datePrecision \"unknown\""), "{report}");
    assert!(caught(&typed_event, "an event has no type"), "{report}");
    assert!(caught(&claim_evidence, "cg:supports"), "{report}");
    assert!(caught(bad_wkt, "not a WKT point"), "{report}");
    assert!(caught(far_wkt, "out of range"), "{report}");
    // Nothing else is reported: each planted fault, and only those.
    let foci: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["focus"].as_str().unwrap())
        .collect();
    let expected: std::collections::BTreeSet<&str> = [
        claim.as_str(),
        &claim_evidence,
        &evidence_of_position,
        &undated,
        &typed_event,
        bad_wkt,
        far_wkt,
    ]
    .into_iter()
    .collect();
    assert_eq!(foci, expected, "{report}");
}
