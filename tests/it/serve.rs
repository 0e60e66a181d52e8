//! `conflictgraph serve` started for real on a free loopback port and queried with curl,
//! rdflib's SPARQLStore and a headless Chromium driven by Selenium.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{cg, example_store, query_csv};

/// A running `conflictgraph serve`, stopped when dropped.
pub struct Endpoint {
    child: Child,
    pub addr: SocketAddr,
}

impl Endpoint {
    pub fn start(store: &Path, extra: &[&str]) -> Endpoint {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let child = Command::new(assert_cmd::cargo::cargo_bin("conflictgraph"))
            .env_remove("CONFLICTGRAPH_STORE")
            .arg("--store")
            .arg(store)
            .args(["serve", "--bind", &addr.to_string()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the endpoint did not start listening on {addr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Endpoint { child, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs curl; returns the HTTP status, the content type and the body.
fn curl(args: &[&str]) -> (u16, String, String) {
    let out = Command::new("curl")
        .args(["-sS", "-o", "-", "-w", "\n%{http_code} %{content_type}"])
        .args(args)
        .output()
        .expect("curl runs");
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (body, tail) = text.rsplit_once('\n').unwrap();
    let (status, media) = tail.split_once(' ').unwrap_or((tail, ""));
    (status.parse().unwrap(), media.to_string(), body.to_string())
}

const WHO: &str = include_str!("../../queries/who-backs-whom.rq");

#[test]
fn the_endpoint_answers_get_and_post_in_the_four_results_formats_and_rdf() {
    let (_dir, store) = example_store();
    let local = query_csv(&store, &["who-backs-whom"]);
    let e = Endpoint::start(&store, &[]);
    let sparql = e.url("/sparql");
    // Each results format, by Accept, for a GET; the CSV body is the local CSV.
    for (accept, media, marker) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"bindings\"",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("text/csv", "text/csv", "backer,"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?backer\t",
        ),
    ] {
        let (status, got, body) = curl(&[
            "-G",
            &sparql,
            "--data-urlencode",
            &format!("query={WHO}"),
            "-H",
            &format!("Accept: {accept}"),
        ]);
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(got.starts_with(media), "{accept} gave {got}");
        assert!(body.contains(marker), "{accept}: {body}");
    }
    let (_, _, body) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        &format!("query={WHO}"),
        "-H",
        "Accept: text/csv",
    ]);
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    // SPARQL CSV has no BOM nor typed cells; the CLI's CSV is the same table.
    rows.iter_mut().for_each(|r| {
        r.iter_mut()
            .for_each(|c| *c = c.trim_end_matches('\r').to_string())
    });
    assert_eq!(rows, local, "the endpoint's CSV is the CLI's");
    // POST, as a query body and as a form.
    let (status, _, body) = curl(&[
        "-X",
        "POST",
        &sparql,
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Accept: application/sparql-results+json",
        "--data-binary",
        WHO,
    ]);
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        json["results"]["bindings"].as_array().unwrap().len(),
        local.len() - 1
    );
    let (status, _, form) = curl(&[
        "-X",
        "POST",
        &sparql,
        "--data-urlencode",
        &format!("query={WHO}"),
        "-H",
        "Accept: application/sparql-results+json",
    ]);
    assert_eq!((status, &form), (200, &body));
    // ASK, and CONSTRUCT in Turtle and N-Triples.
    let (status, _, body) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        "query=ASK { ?s a ?o }",
        "-H",
        "Accept: application/sparql-results+json",
    ]);
    assert_eq!((status, body.contains("true")), (200, true), "{body}");
    let construct = "query=CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/conflictgraph/graph/summary> { ?s ?p ?o } }";
    let (status, media, turtle) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        construct,
        "-H",
        "Accept: text/turtle",
    ]);
    assert_eq!((status, media.starts_with("text/turtle")), (200, true));
    let (_, media, nt) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        construct,
        "-H",
        "Accept: application/n-triples",
    ]);
    assert!(media.starts_with("application/n-triples"), "{media}");
    let lines = nt.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(lines > 100, "{lines} triples");
    assert!(turtle.len() < nt.len(), "Turtle is the shorter");
    // A format by parameter, as browsers cannot set Accept on a link.
    let (_, media, _) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        &format!("query={WHO}"),
        "--data-urlencode",
        "format=tsv",
    ]);
    assert!(media.starts_with("text/tab-separated-values"), "{media}");
    // Refusals: unknown format, bad syntax, unknown path, wrong method, unsupported body.
    assert_eq!(
        curl(&[
            "-G",
            &sparql,
            "--data-urlencode",
            &format!("query={WHO}"),
            "-H",
            "Accept: image/png"
        ])
        .0,
        406
    );
    assert_eq!(
        curl(&["-G", &sparql, "--data-urlencode", "query=SELECT WHERE {"]).0,
        400
    );
    assert_eq!(curl(&[&e.url("/nowhere")]).0, 404);
    assert_eq!(curl(&["-X", "DELETE", &sparql]).0, 405);
    assert_eq!(
        curl(&[
            "-X",
            "POST",
            &sparql,
            "-H",
            "Content-Type: text/plain",
            "--data-binary",
            "x"
        ])
        .0,
        415
    );
}

#[test]
fn updates_are_refused_unless_enabled() {
    let (_dir, store) = example_store();
    let insert = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> \"o\" } }";
    let ask = "query=ASK { GRAPH <https://example.org/g> { ?s ?p ?o } }";
    {
        let e = Endpoint::start(&store, &[]);
        let (status, _, body) = curl(&[
            "-X",
            "POST",
            &e.url("/update"),
            "-H",
            "Content-Type: application/sparql-update",
            "--data-binary",
            insert,
        ]);
        assert_eq!(status, 403, "{body}");
        assert!(body.contains("read-only"), "{body}");
        let (status, _, _) = curl(&[
            "-X",
            "POST",
            &e.url("/sparql"),
            "--data-urlencode",
            &format!("update={insert}"),
        ]);
        assert_eq!(status, 403);
        let (_, _, body) = curl(&[
            "-G",
            &e.url("/sparql"),
            "--data-urlencode",
            ask,
            "-H",
            "Accept: application/sparql-results+json",
        ]);
        assert!(body.contains("false"), "nothing was written: {body}");
    }
    let e = Endpoint::start(&store, &["--allow-updates"]);
    let (status, _, body) = curl(&[
        "-X",
        "POST",
        &e.url("/update"),
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        insert,
    ]);
    assert_eq!(status, 204, "{body}");
    let (_, _, body) = curl(&[
        "-G",
        &e.url("/sparql"),
        "--data-urlencode",
        ask,
        "-H",
        "Accept: application/sparql-results+json",
    ]);
    assert!(body.contains("true"), "{body}");
}

/// A query over the cube of every quad runs until stopped.
const ENDLESS: &str = "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn oversized_requests_slow_queries_and_crowds_are_refused_cleanly() {
    let (_dir, store) = example_store();
    let e = Endpoint::start(
        &store,
        &["--max-body", "1000", "--timeout", "2", "--max-queries", "1"],
    );
    let sparql = e.url("/sparql");
    // Over the size limit: 413, whether the length is announced or the body is chunked.
    let big = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(2000));
    let (status, _, body) = curl(&[
        "-X",
        "POST",
        &sparql,
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &big,
    ]);
    assert_eq!(status, 413, "{body}");
    let (status, _, _) = curl(&[
        "-X",
        "POST",
        &sparql,
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Transfer-Encoding: chunked",
        "--data-binary",
        &big,
    ]);
    assert_eq!(status, 413);
    // Over the time limit: 503 after about the limit, and the endpoint still answers.
    let started = Instant::now();
    let slow = std::thread::spawn({
        let sparql = sparql.clone();
        move || curl(&["-X", "POST", &sparql, "--data-urlencode", ENDLESS])
    });
    // While it runs, a second query finds no free slot.
    std::thread::sleep(Duration::from_millis(700));
    let (status, _, body) = curl(&["-G", &sparql, "--data-urlencode", "query=ASK { ?s ?p ?o }"]);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("already running"), "{body}");
    let (status, _, body) = slow.join().unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("longer than the limit"), "{body}");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(15), "stopped after {took:?}");
    let (status, _, _) = curl(&["-G", &sparql, "--data-urlencode", "query=ASK { ?s ?p ?o }"]);
    assert_eq!(status, 200, "the endpoint answers again");
}

#[test]
fn rdflib_sparqlstore_reads_the_endpoint_with_the_clis_rows() {
    let (_dir, store) = example_store();
    let local = query_csv(&store, &["who-backs-whom"]);
    let e = Endpoint::start(&store, &[]);
    let script = r#"
import sys, json
from rdflib.plugins.stores.sparqlstore import SPARQLStore
store = SPARQLStore(sys.argv[1], returnFormat="json")
rows = [[str(v) if v is not None else "" for v in row] for row in store.query(sys.stdin.read())]
print(json.dumps(rows))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script, &e.url("/sparql")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(WHO.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rows: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows,
        local[1..].to_vec(),
        "rdflib reads the same rows, in order"
    );
}

#[test]
fn the_query_page_runs_a_saved_query_in_headless_chromium() {
    let (_dir, store) = example_store();
    // Before the endpoint starts: it holds the store's lock while it runs.
    let local = query_csv(&store, &["who-backs-whom"]);
    let backers = stdout_csv(&store, &["backers-of", "--param", "actor=GNA"]);
    let e = Endpoint::start(&store, &[]);
    let (status, media, page) = curl(&[&e.url("/")]);
    assert_eq!((status, media.starts_with("text/html")), (200, true));
    assert!(page.contains("<textarea"), "a query box");
    // The saved queries behind the buttons, parameters bound as on the command line.
    let (status, _, body) = curl(&[
        "-G",
        &e.url("/queries/backers-of"),
        "--data-urlencode",
        "actor=GNA",
        "-H",
        "Accept: text/csv",
    ]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.replace('\r', ""), backers);
    let script = r##"
import sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
options = webdriver.ChromeOptions()
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
    options.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(sys.argv[1])
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "saved-who-backs-whom"))
    driver.find_element(By.ID, "saved-who-backs-whom").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results tbody tr"))
    head = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#results thead th")]
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")]
    print(driver.find_element(By.ID, "status").text)
    print("\t".join(head))
    for r in rows:
        print("\t".join(r))
finally:
    driver.quit()
"##;
    let out = Command::new("python3")
        .args(["-c", script, &e.url("/")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), format!("{} rows", local.len() - 1));
    assert_eq!(
        lines.next().unwrap().split('\t').collect::<Vec<_>>(),
        local[0]
    );
    let first: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(first, local[1], "the first row on the page is the CLI's");
}

fn stdout_csv(store: &Path, args: &[&str]) -> String {
    let out = cg(store)
        .arg("query")
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().replace('\r', "")
}

/// A read-only endpoint leaves the store to writers: an ingest runs while it serves, and once
/// the ingest has finished the endpoint answers with the new article.
#[test]
fn a_read_only_endpoint_serves_beside_an_ingest_and_sees_it_when_done() {
    let (dir, store) = example_store();
    let endpoint = Endpoint::start(&store, &[]);
    let count = || {
        let (status, _, body) = curl(&[
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } }",
            &endpoint.url("/sparql"),
        ]);
        assert_eq!(status, 200, "{body}");
        body.lines().nth(1).unwrap().trim().to_string()
    };
    assert_eq!(count(), "7");
    let extra = dir.path().join("extra.txt");
    std::fs::write(&extra, "The Houthis are backed by Iran, officials said.\n").unwrap();
    cg(&store).arg("ingest").arg(&extra).assert().success();
    assert_eq!(count(), "8", "the endpoint did not reopen after the ingest");
}
