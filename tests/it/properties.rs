//! Property tests on hostile values: names through IRI minting and every RDF export and back,
//! CSV cells, saved-query parameters, and the endpoint's body limit.
//!
//! `cargo test` runs proptest's default of 256 cases per property; the long run sets
//! `PROPTEST_CASES` (see the README: 100,000 cases per property). Failures are not written to
//! regression files: proptest prints the shrunk value, and a test beside the code keeps it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::OnceLock;
use std::time::Duration;

use conflictgraph::export::{export_rdf, spreadsheet_safe, ExportFormat, RdfOptions};
use conflictgraph::extract::{discovered_key, EntityInfo, Extraction};
use conflictgraph::ingest::Article;
use conflictgraph::lexicon::{ActorType, Kind, Lexicon};
use conflictgraph::query::{self, SavedQuery};
use conflictgraph::store::GraphStore;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, Quad, Term, Variable};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    // PROPTEST_CASES, when set, is read by the default configuration.
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::bundled().unwrap())
}

/// Strings built to break escaping: quotes, backslashes, brackets, line breaks, controls,
/// right-to-left text and overrides, Turtle and JSON-LD syntax, long runs; or anything at all.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\\".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{200f}".to_string()),
        Just("\u{feff}".to_string()),
        Just("خليفة حفتر".to_string()),
        Just("\"\"\"".to_string()),
        Just("^^xsd:string".to_string()),
        Just("@en".to_string()),
        Just("{\"@id\": \"x\"}".to_string()),
        Just("]]>".to_string()),
        Just("&amp;".to_string()),
        Just("=HYPERLINK(\"x\")".to_string()),
        Just(" ".to_string()),
        "[A-Za-z]{1,12}",
        "[A-Za-z]{200,2000}",
        any::<char>().prop_map(String::from),
    ];
    prop_oneof![
        3 => prop::collection::vec(piece, 0..10).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

/// Every character a name may hold and XML can too (RDF/XML has no escape for the others;
/// ingest blanks them before any name is read).
fn xml_safe(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}'))
}

fn parse(format: RdfFormat, bytes: &[u8]) -> Result<HashSet<Quad>, String> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| q.map_err(|e| e.to_string()))
        .collect()
}

fn export(quads: &[Quad], format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    export_rdf(
        quads.to_vec(),
        &RdfOptions {
            format,
            graph: None,
            rdf12: false,
        },
        &mut out,
    )
    .unwrap();
    out
}

/// One article whose id, title, source and url are `meta`, naming one person `name`, who is
/// also written `alias`.
fn name_roundtrip(name: &str, alias: &str, meta: &str) -> Result<(), TestCaseError> {
    let lex = lexicon();
    let key = discovered_key(lex, name, ActorType::Person);
    prop_assert!(
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "key {key:?}"
    );
    let article = Article {
        id: if meta.trim().is_empty() {
            "a".into()
        } else {
            meta.to_string()
        },
        title: Some(meta.to_string()),
        published: None,
        source: Some(name.to_string()),
        url: Some(meta.to_string()),
        text: name.to_string(),
        origin: "test".into(),
    };
    let graph = conflictgraph::graph::article_iri(&article.id);
    prop_assert!(
        NamedNode::new(graph.as_str()).is_ok(),
        "article IRI {graph}"
    );
    let entity = EntityInfo {
        key,
        lexicon: None,
        name: name.to_string(),
        kind: Kind::Actor(ActorType::Person),
        surfaces: BTreeMap::from([(alias.to_string(), "spelling".to_string())]),
        mentions: 1,
        found_by: "test".into(),
        part_of: None,
    };
    let ex = Extraction {
        published: None,
        published_from: None,
        sentences: vec![],
        entities: vec![entity],
        claims: vec![],
        events: vec![],
    };
    let quads = conflictgraph::graph::article_quads(&article, &ex, lex);
    for q in &quads {
        // Every minted IRI is one a parser accepts.
        for t in [
            Term::from(q.subject.clone()),
            q.predicate.clone().into(),
            q.object.clone(),
        ] {
            if let Term::NamedNode(n) = t {
                prop_assert!(NamedNode::new(n.as_str()).is_ok(), "invalid IRI {n}");
            }
        }
    }
    let label = Term::from(Literal::new_simple_literal(name));
    prop_assert!(
        quads.iter().any(|q| q.object == label),
        "the name is not a label"
    );
    let expected: HashSet<Quad> = quads.iter().cloned().collect();
    let triples = |s: &HashSet<Quad>| -> BTreeSet<(String, String, String)> {
        s.iter()
            .map(|q| {
                (
                    q.subject.to_string(),
                    q.predicate.to_string(),
                    q.object.to_string(),
                )
            })
            .collect()
    };
    let mut formats = vec![
        (ExportFormat::NQuads, RdfFormat::NQuads, true),
        (ExportFormat::TriG, RdfFormat::TriG, true),
        (
            ExportFormat::JsonLd,
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            true,
        ),
        (ExportFormat::Turtle, RdfFormat::Turtle, false),
        (ExportFormat::NTriples, RdfFormat::NTriples, false),
    ];
    if [name, alias, meta].iter().all(|s| xml_safe(s)) {
        formats.push((ExportFormat::RdfXml, RdfFormat::RdfXml, false));
    }
    for (ours, theirs, dataset) in formats {
        let bytes = export(&quads, ours);
        let back = parse(theirs, &bytes).map_err(|e| {
            TestCaseError::fail(format!(
                "{ours:?} does not parse back: {e}\n{}",
                String::from_utf8_lossy(&bytes)
            ))
        })?;
        if dataset {
            prop_assert_eq!(&back, &expected, "{:?} changed the quads", ours);
        } else {
            prop_assert_eq!(
                triples(&back),
                triples(&expected),
                "{:?} changed the triples",
                ours
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn names_round_trip_through_iris_and_every_export(name in hostile(), alias in hostile(), meta in hostile()) {
        name_roundtrip(&name, &alias, &meta)?;
    }

    #[test]
    fn csv_cells_never_start_a_formula(cells in prop::collection::vec(hostile(), 1..5)) {
        let safe: Vec<String> = cells.iter().map(|c| spreadsheet_safe(c)).collect();
        for (cell, s) in cells.iter().zip(&safe) {
            let number = s.trim_start_matches(['+', '-']).chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
                && s.parse::<f64>().is_ok();
            prop_assert!(!s.starts_with(['=', '+', '-', '@', '\t', '\r']) || number, "{s:?} starts a formula");
            prop_assert!(s == cell || *s == format!("'{cell}"), "{cell:?} became {s:?}");
        }
        // The cells survive the CSV framing (quotes, separators, line breaks) unchanged.
        // As in an export, a header row comes first.
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        w.write_record(safe.iter().map(|_| "column")).unwrap();
        w.write_record(&safe).unwrap();
        let bytes = w.into_inner().unwrap();
        let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes.as_slice());
        let back: Vec<String> = r.records().next().unwrap().unwrap().iter().map(String::from).collect();
        prop_assert_eq!(back, safe);
    }

    #[test]
    fn text_parameters_never_change_the_query(value in hostile()) {
        text_parameter_is_one_term(&value)?;
    }

    #[test]
    fn typed_parameters_are_one_term_or_refused(value in hostile()) {
        let store = small_store();
        for (query, param) in [("events-between", "from"), ("backers-of", "actor")] {
            let q = query::resolve(query, None).unwrap();
            match query::bind_params(store, &q, &[(param.to_string(), value.clone())], None) {
                Ok(b) => {
                    prop_assert_eq!(b.len(), 1);
                    prop_assert!(matches!(b[0].1, Term::NamedNode(_) | Term::Literal(_)));
                    query::rows(store, &q.name, &q.text, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
        prop_assert_eq!(store_fingerprint(store), small_store_fingerprint().clone());
    }
}

/// A store holding one small article (in memory, so each case's queries are quick), built by
/// the real ingest path and shared by the cases.
fn small_store() -> &'static GraphStore {
    static STORE: OnceLock<GraphStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "---\nid: one\npublished: 2020-05-19\n---\nThe Houthis are backed by Iran, officials said.\n\nThe Houthis attacked Saudi Arabia on Friday.\n").unwrap();
        let store = GraphStore::in_memory().unwrap();
        let report = conflictgraph::pipeline::ingest(&store, lexicon(), &[file], Default::default(), |_| {}).unwrap();
        assert_eq!(report.articles, 1);
        conflictgraph::merge::rebuild(&store).unwrap();
        conflictgraph::summary::rebuild(&store).unwrap();
        store
    })
}

fn store_fingerprint(store: &GraphStore) -> (usize, String) {
    let quads: BTreeSet<String> = store
        .inner()
        .iter()
        .map(|q| q.unwrap().to_string())
        .collect();
    (
        quads.len(),
        conflictgraph::slug::short_hash(&quads.iter().map(String::as_str).collect::<Vec<_>>(), 16),
    )
}

fn small_store_fingerprint() -> &'static (usize, String) {
    static F: OnceLock<(usize, String)> = OnceLock::new();
    F.get_or_init(|| store_fingerprint(small_store()))
}

/// The `search` query with `value` bound is the query with a placeholder bound, the
/// placeholder's literal replaced by the value's: the value cannot add a pattern, a clause or an update. It runs, and the store
/// is unchanged.
fn text_parameter_is_one_term(value: &str) -> Result<(), TestCaseError> {
    let q: SavedQuery = query::resolve("search", None).unwrap();
    let store = small_store();
    let b = query::bind_params(store, &q, &[("text".into(), value.to_string())], None).unwrap();
    prop_assert_eq!(&b[0].1, &Term::from(Literal::new_simple_literal(value)));
    let written = Literal::new_simple_literal(value).to_string();
    let placeholder = Literal::new_simple_literal("\u{e000}placeholder\u{e000}");
    let var = Variable::new_unchecked("text");
    let with_value = query::bound_text(&q.name, &q.text, &[(var.clone(), b[0].1.clone())]).unwrap();
    let with_placeholder =
        query::bound_text(&q.name, &q.text, &[(var, placeholder.clone().into())]).unwrap();
    // Blank nodes of the query's property paths get fresh labels at every parse.
    let blank = regex::Regex::new(r"_:[0-9a-f]+").unwrap();
    // The placeholder appears nowhere else, so putting the value's literal in its place must
    // give the query bound to the value, character for character.
    let private_use = '\u{e000}';
    prop_assert!(
        !q.text.contains(private_use),
        "the query holds the placeholder's character"
    );
    let expected = with_placeholder.replace(&placeholder.to_string(), &written);
    prop_assert_eq!(
        blank.replace_all(&with_value, "_:b"),
        blank.replace_all(&expected, "_:b")
    );
    query::rows(store, &q.name, &q.text, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(store_fingerprint(store), small_store_fingerprint().clone());
    Ok(())
}

/// An endpoint on an in-memory store with a small body limit, shared by the cases.
fn endpoint() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let options = conflictgraph::serve::ServeOptions {
            bind: addr,
            max_body: MAX_BODY,
            timeout: Duration::from_secs(5),
            ..Default::default()
        };
        let serving =
            conflictgraph::serve::serve(GraphStore::in_memory().unwrap(), vec![], options).unwrap();
        std::mem::forget(serving); // serves until the test binary ends
        addr
    })
}

const MAX_BODY: u64 = 4096;

/// Sends one raw HTTP request and returns the status code (0 if none came back).
fn post(addr: SocketAddr, head: &str, body: &[u8]) -> u16 {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may refuse before reading all of a large body; a reset while sending is fine.
    let _ = s
        .write_all(head.as_bytes())
        .and_then(|()| s.write_all(body));
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(config())]

    /// Any body over the limit is refused with 413, announced or chunked; any under it is
    /// answered 200 or 400; the endpoint keeps serving.
    #[test]
    fn endpoint_bodies_over_the_limit_are_refused(len in 0usize..(3 * MAX_BODY as usize), chunked in any::<bool>(), fill in hostile()) {
        let addr = endpoint();
        let mut body = format!("SELECT * WHERE {{ ?s ?p ?o }} # {fill}").into_bytes();
        body.resize(len, b' ');
        let (head, sent) = if chunked {
            let mut framed = Vec::new();
            for part in body.chunks(1000) {
                framed.extend(format!("{:x}\r\n", part.len()).into_bytes());
                framed.extend(part);
                framed.extend(b"\r\n");
            }
            framed.extend(b"0\r\n\r\n");
            ("POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_string(), framed)
        } else {
            (format!("POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"), body.clone())
        };
        let status = post(addr, &head, &sent);
        if len as u64 > MAX_BODY {
            prop_assert_eq!(status, 413, "a body of {} bytes", len);
        } else {
            prop_assert!(status == 200 || status == 400, "a body of {} bytes got {}", len, status);
        }
        let ok = post(addr, "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", b"");
        prop_assert_eq!(ok, 200, "the endpoint stopped answering");
    }
}
