//! Remote stores: a real Virtuoso Open Source started on loopback with a temporary database,
//! filled with `push` and `ingest --endpoint` and queried with `query --endpoint`; retries and
//! credentials against a small server that fails on purpose.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{cg, example_store, examples, query_csv};

const VIRTUOSO_INI: &str = "[Database]
DatabaseFile = @DIR@/virtuoso.db
ErrorLogFile = @DIR@/virtuoso.log
LockFile = @DIR@/virtuoso.lck
TransactionFile = @DIR@/virtuoso.trx
xa_persistent_file = @DIR@/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = @DIR@/virtuoso-temp.db
TransactionFile = @DIR@/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:@ISQL@
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., @DIR@
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000

[HTTPServer]
ServerPort = 127.0.0.1:@HTTP@
ServerRoot = @DIR@
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Virtuoso server in a temporary directory, killed when dropped.
struct Virtuoso {
    child: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

impl Virtuoso {
    fn start() -> Virtuoso {
        let dir = tempfile::tempdir().unwrap();
        let (isql, http) = (free_port(), free_port());
        let ini = VIRTUOSO_INI
            .replace("@DIR@", &dir.path().display().to_string())
            .replace("@ISQL@", &isql.to_string())
            .replace("@HTTP@", &http.to_string());
        std::fs::write(dir.path().join("virtuoso.ini"), ini).unwrap();
        let child = Command::new("virtuoso-t")
            .args(["+foreground", "+configfile"])
            .arg(dir.path().join("virtuoso.ini"))
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("virtuoso-t runs (Debian package virtuoso-opensource)");
        let v = Virtuoso {
            child,
            http,
            _dir: dir,
        };
        let started = Instant::now();
        loop {
            let ok = Command::new("curl")
                .args([
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    &format!("{}?query=ASK%7B%7D", v.endpoint()),
                ])
                .output()
                .unwrap();
            if ok.stdout == b"200" {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "Virtuoso did not start"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        // The Graph Store Protocol writes as the anonymous SPARQL user: let it.
        let grants =
            "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);";
        let out = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{isql}"))
            .args(["dba", "dba"])
            .arg(format!("exec={grants}"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        v
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http)
    }

    fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.http)
    }

    fn remote_args(&self) -> Vec<String> {
        vec![
            "--endpoint".into(),
            self.endpoint(),
            "--graph-store".into(),
            self.graph_store(),
        ]
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every saved query, with parameters for the example articles.
const QUERIES: &[&[&str]] = &[
    &["actors"],
    &["articles"],
    &["backers-of", "--param", "actor=GNA"],
    &["events"],
    &[
        "events-between",
        "--param",
        "from=2019-01-01",
        "--param",
        "to=2021-12-31",
    ],
    &[
        "evidence",
        "--param",
        "backer=Turkey",
        "--param",
        "backed=GNA",
    ],
    &["locations"],
    &["merged-events"],
    &["name-forms"],
    &["opposes"],
    &["proxy-sides"],
    &["roles"],
    &["search", "--param", "text=Marib"],
    &["timeline", "--param", "actor=Houthis"],
    &["who-backs-whom"],
];

fn remote_csv(store: &Path, endpoint: &str, args: &[&str]) -> Vec<Vec<String>> {
    let mut all = vec!["--endpoint", endpoint];
    all.extend_from_slice(args);
    query_csv(store, &all)
}

fn triples(store: &Path, endpoint: &str) -> String {
    remote_csv(store, endpoint, &["-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/conflictgraph/\")) }"])[1][0].clone()
}

#[test]
fn every_saved_query_gives_the_same_rows_on_virtuoso_as_on_the_embedded_store() {
    let v = Virtuoso::start();
    let (_dir, store) = example_store();
    let out = cg(&store)
        .arg("push")
        .args(v.remote_args())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.starts_with("pushed 9 graphs ("), "{report}");
    let count = triples(&store, &v.endpoint());
    let local: u64 = query_csv(
        &store,
        &[
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        ],
    )[1][0]
        .parse()
        .unwrap();
    assert_eq!(count, local.to_string(), "every quad arrived");
    for args in QUERIES {
        let here = query_csv(&store, args);
        let there = remote_csv(&store, &v.endpoint(), args);
        // The example articles report no event twice, so only merged-events is empty.
        assert!(
            here.len() > 1 || args[0] == "merged-events",
            "{args:?} finds rows"
        );
        assert_eq!(there, here, "{args:?} on Virtuoso");
    }
    // Pushed again: each graph replaced, nothing doubled; small batches give the same graphs.
    let out = cg(&store)
        .arg("push")
        .args(v.remote_args())
        .args(["--batch", "100", "--jobs", "2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.starts_with("pushed 9 graphs ("), "{report}");
    assert_eq!(triples(&store, &v.endpoint()), count, "a re-push replaces");
    assert_eq!(
        remote_csv(&store, &v.endpoint(), &["who-backs-whom"]),
        query_csv(&store, &["who-backs-whom"])
    );
}

#[test]
fn ingest_with_an_endpoint_fills_the_remote_store_too() {
    let v = Virtuoso::start();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let article = examples().join("libya-tripoli-front.md");
    let out = cg(&store)
        .arg("ingest")
        .arg(&article)
        .args(v.remote_args())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("pushed 4 graphs"),
        "the article, the ontology and the two derived graphs: {text}"
    );
    assert_eq!(
        remote_csv(&store, &v.endpoint(), &["who-backs-whom"]),
        query_csv(&store, &["who-backs-whom"])
    );
    assert_eq!(remote_csv(&store, &v.endpoint(), &["articles"]).len(), 2);
}

/// A graph store that answers 503 to its first `failures` requests, then 201, and keeps
/// each request's first line and Authorization header.
/// Each request's first line and Authorization header.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

fn flaky_server(failures: usize) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let mut stream: TcpStream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            let (mut length, mut auth) = (0usize, String::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                let (k, val) = l.split_once(':').unwrap();
                match k.to_ascii_lowercase().as_str() {
                    "content-length" => length = val.trim().parse().unwrap(),
                    "authorization" => auth = val.trim().to_string(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            log.lock()
                .unwrap()
                .push((first.trim_end().to_string(), auth));
            let reply = if n < failures {
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"
            } else {
                "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            };
            stream.write_all(reply.as_bytes()).unwrap();
        }
    });
    (url, seen)
}

#[test]
fn push_retries_transient_failures_and_sends_credentials() {
    let (_dir, store) = example_store();
    let (url, seen) = flaky_server(2);
    let out = cg(&store)
        .env("CG_TEST_PASSWORD", "s3cret:x")
        .args([
            "push",
            "--endpoint",
            &url,
            "--user",
            "analyst",
            "--password-env",
            "CG_TEST_PASSWORD",
            "--jobs",
            "1",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.len(),
        9 + 2,
        "nine graphs (the merged-events graph is empty here), the first sent twice more"
    );
    assert_eq!(seen[0].0, seen[2].0, "the failed request was sent again");
    assert!(
        seen.iter().all(|(line, _)| line
            .starts_with("PUT /store?graph=https%3A%2F%2Fw3id.org%2Fconflictgraph%2F")),
        "{seen:?}"
    );
    // base64("analyst:s3cret:x")
    assert!(
        seen.iter()
            .all(|(_, auth)| auth == "Basic YW5hbHlzdDpzM2NyZXQ6eA=="),
        "{seen:?}"
    );
}

#[test]
fn a_push_that_cannot_reach_the_store_says_so_and_fails() {
    let (_dir, store) = example_store();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/sparql");
    let out = cg(&store)
        .args(["push", "--endpoint", &url, "--retries", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "cannot reach http://127.0.0.1:{port}/sparql?graph="
        )),
        "{err}"
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("pushed 0 graphs")
            && report.contains("9 failed (push again to retry them)"),
        "{report}"
    );
    // A query on it fails with the same clear cause.
    let out = cg(&store)
        .args(["query", "actors", "--endpoint", &url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("cannot reach"));
}
