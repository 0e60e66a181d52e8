//! The bad input corpus: files a real dump holds (invalid UTF-8, binaries, UTF-16, empty and
//! oversized files, broken JSON Lines and front matter, HTML with scripts, control
//! characters, right-to-left scripts, names full of quotes and brackets, very long tokens)
//! ingested in one run beside good articles. Each gets a located error or its documented
//! treatment, nothing panics, the good articles are stored, and every export still parses.
//!
//! Nothing here is committed as a file: the test writes the corpus.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};

use crate::support::{cg, query_csv, stdout};

/// A good article, written for these tests.
const GOOD: &str = "The Houthis are backed by Iran, officials said.\n\nThe Houthis attacked Saudi Arabia on Friday.\n";

/// What must become of one file (or line) of the corpus.
enum Expect {
    /// Skipped, with a message naming `origin` (the file, or `file:line`) and holding `reason`.
    Skipped {
        origin: String,
        reason: &'static str,
    },
    /// Stored as the article `id`.
    Stored { id: &'static str },
}

use Expect::{Skipped, Stored};

fn s(origin: &str) -> String {
    origin.to_string()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Writes the corpus; returns what must become of each file and line.
fn hostile_corpus(dir: &Path) -> Vec<Expect> {
    let mut expect = Vec::new();
    let add = |expect: &mut Vec<Expect>, name: &str, bytes: Vec<u8>, e: Vec<Expect>| {
        write(dir, name, bytes);
        expect.extend(e);
    };
    // Encodings and binaries.
    add(
        &mut expect,
        "latin1.txt",
        b"Iran backs the Houthis.\nCaf\xe9 talk.\n".to_vec(),
        vec![Skipped {
            origin: s("latin1.txt"),
            reason: "not valid UTF-8 at line 2, column 4 (byte 27)",
        }],
    );
    add(
        &mut expect,
        "utf16.txt",
        "\u{feff}Iran backs the Houthis."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect(),
        vec![Skipped {
            origin: s("utf16.txt"),
            reason: "UTF-16",
        }],
    );
    add(
        &mut expect,
        "image.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec(),
        vec![Skipped {
            origin: s("image.md"),
            reason: "not a text file (NUL byte at byte 8)",
        }],
    );
    add(
        &mut expect,
        "random.txt",
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
        vec![Skipped {
            origin: s("random.txt"),
            reason: "not a text file",
        }],
    );
    // Empty files.
    add(
        &mut expect,
        "empty.txt",
        vec![],
        vec![Skipped {
            origin: s("empty.txt"),
            reason: "article has no text",
        }],
    );
    add(
        &mut expect,
        "blank.md",
        b"---\ntitle: Nothing\n---\n \n\t\n".to_vec(),
        vec![Skipped {
            origin: s("blank.md"),
            reason: "article has no text",
        }],
    );
    add(
        &mut expect,
        "empty.jsonl",
        b"\n\n".to_vec(),
        vec![Skipped {
            origin: s("empty.jsonl"),
            reason: "holds no articles",
        }],
    );
    add(
        &mut expect,
        "markup-only.txt",
        b"<div><script>var a = 1;</script></div>".to_vec(),
        vec![Skipped {
            origin: s("markup-only.txt"),
            reason: "article has no text",
        }],
    );
    // Front matter.
    add(
        &mut expect,
        "unclosed.md",
        b"---\ntitle: Open\nIran backs the Houthis.\n".to_vec(),
        vec![Skipped {
            origin: s("unclosed.md"),
            reason: "front matter is not closed",
        }],
    );
    add(
        &mut expect,
        "bad-key.md",
        b"---\ntitle: A\nthis line has no colon\n---\nText.\n".to_vec(),
        vec![Skipped {
            origin: s("bad-key.md:3"),
            reason: "front matter line is not `key: value`",
        }],
    );
    add(
        &mut expect,
        "bad-date.md",
        b"---\npublished: 2020-02-30\n---\nText.\n".to_vec(),
        vec![Skipped {
            origin: s("bad-date.md"),
            reason: "published date \"2020-02-30\" is not a date",
        }],
    );
    add(
        &mut expect,
        "crlf-bom.md",
        format!(
            "\u{feff}---\r\nid: crlf-bom\r\ntitle: \"Windows lines\"\r\n---\r\n{}",
            GOOD.replace('\n', "\r\n")
        )
        .into_bytes(),
        vec![Stored { id: "crlf-bom" }],
    );
    // Broken JSON Lines, one problem a line, good records between.
    // Nesting a million deep in a field conflictgraph does not read: skipped over, no stack
    // overflow; the record is stored.
    let deep = format!(
        "{{\"text\": \"Iran backs the Houthis.\", \"extra\": {}{}}}",
        "[".repeat(1_000_000),
        "]".repeat(1_000_000)
    );
    let good = |id: &str| {
        format!(
            "{{\"id\":\"{id}\",\"text\":{}}}",
            serde_json::to_string(GOOD).unwrap()
        )
        .into_bytes()
    };
    let lines: Vec<(Vec<u8>, Result<&'static str, &'static str>)> = vec![
        (good("jsonl-good-1"), Ok("jsonl-good-1")),
        (
            b"{\"id\":\"cut\",\"text\":\"The Houthis".to_vec(),
            Err("malformed JSON"),
        ),
        (
            b"[1, 2, 3]".to_vec(),
            Err("malformed JSON: a record must be an object"),
        ),
        (
            b"\"just a string\"".to_vec(),
            Err("malformed JSON: a record must be an object"),
        ),
        (
            b"{\"id\":{\"a\":1},\"text\":\"x\"}".to_vec(),
            Err("field `id` must be a string or a number"),
        ),
        (
            b"{\"title\":5,\"text\":\"x\"}".to_vec(),
            Err("malformed JSON: invalid type: integer `5`"),
        ),
        (
            b"{\"text\":\"a\",\"text\":\"b\"}".to_vec(),
            Err("duplicate field `text`"),
        ),
        (
            b"{\"id\":\"\",\"text\":\"x\"}".to_vec(),
            Err("field `id` is empty"),
        ),
        (
            b"{\"id\":\"no-text\"}".to_vec(),
            Err("missing field `text`"),
        ),
        (deep.into_bytes(), Ok("broken-10")),
        (
            b"{\"id\":\"lone\",\"text\":\"\\ud800\"}".to_vec(),
            Err("malformed JSON"),
        ),
        (
            b"{\"id\":\"raw-control\",\"text\":\"a\x01b\"}".to_vec(),
            Err("malformed JSON: control character"),
        ),
        (
            b"{\"id\":\"latin1-line\",\"text\":\"caf\xe9\"}".to_vec(),
            Err("not valid UTF-8 at byte 32 of the line"),
        ),
        (
            b"{\"id\":\"bad\\u0000id\",\"text\":\"x\"}".to_vec(),
            Err("holds control characters"),
        ),
        (
            b"{\"id\":\"jsonl-good-1\",\"text\":\"again\"}".to_vec(),
            Err("is already used by"),
        ),
        (b"   ".to_vec(), Ok("")),
        (good("jsonl-good-2"), Ok("jsonl-good-2")),
    ];
    let mut dump = Vec::new();
    for (i, (line, e)) in lines.into_iter().enumerate() {
        dump.extend(line);
        dump.push(b'\n');
        match e {
            Ok("") => {}
            Ok(id) => expect.push(Stored { id }),
            Err(reason) => expect.push(Skipped {
                origin: format!("broken.jsonl:{}", i + 1),
                reason,
            }),
        }
    }
    write(dir, "broken.jsonl", dump);
    // HTML with scripts: the markup is blanked where it stands, the prose is read.
    let html = format!(
        "<!DOCTYPE html><html><head><title>Ignored</title><style>.x{{color:red}}</style></head><body>\n<p>{}</p>\n<script>document.write('Egypt is backed by Qatar.');</script><!-- Russia backs the Houthis --><p onclick=\"alert('x')\">The <b>Houthis</b> attacked Saudi Arabia on Friday.</p></body></html>",
        "The Houthis are backed by Iran, officials said."
    );
    add(
        &mut expect,
        "page.md",
        format!("---\nid: html-page\n---\n{html}").into_bytes(),
        vec![Stored { id: "html-page" }],
    );
    // Control characters in text and metadata.
    add(
        &mut expect,
        "controls.jsonl",
        format!(
            "{{\"id\":\"controls\",\"title\":\"Bell\\u0007 and \\u001b[31mred\\u001b[0m\",\"source\":\"Wire\\u0085\",\"text\":\"The Houthis\\u000c are backed by Iran\\u007f, officials said.\\u0000\\n{}\"}}\n",
            "The Houthis attacked Saudi Arabia on Friday.\\u009b"
        )
        .into_bytes(),
        vec![Stored { id: "controls" }],
    );
    // Right-to-left and mixed scripts, bidirectional controls, an Arabic id.
    let arabic = "---\nid: تقرير-الحديدة\ntitle: \"\u{202b}الحوثيون\u{202c} and Iran \u{200f}\"\n---\nThe Houthis (\u{202e}الحوثيون\u{202c}) are backed by Iran (إيران), officials said.\n\nAbdul-Malik al-Houthi (عبد الملك الحوثي) leads the Houthis.\n\nThe Houthis attacked Saudi Arabia on Friday.\n";
    add(
        &mut expect,
        "arabic.md",
        arabic.as_bytes().to_vec(),
        vec![Stored {
            id: "تقرير-الحديدة",
        }],
    );
    // Names and metadata full of quotes, backslashes, brackets and line breaks.
    let quoted = serde_json::json!({
        "id": "quote\"s\\back<slash>\nnew line",
        "title": "He said \"no\" \\ <b>bold</b> </script>\n\"\"\"triple\"\"\" 'single' `tick` {\"@id\": \"x\"} ]]> &amp;",
        "source": "=HYPERLINK(\"http://evil.example/\",\"click\")",
        "url": "javascript:alert(\"x\")",
        "text": format!("{GOOD}\nA spokesman, Ahmad \"Abu Ali\" O'Neill-Smith, said the Houthis attacked Saudi Arabia.\n")
    });
    add(
        &mut expect,
        "quoted.jsonl",
        format!("{quoted}\n").into_bytes(),
        vec![Stored {
            id: "quote\"s\\back<slash>\nnew line",
        }],
    );
    // Very long tokens: one of a million letters, and a line of capitalised words.
    let long = format!(
        "{GOOD}\n{}\n\n{}.\n\n{}\n",
        "A".repeat(1 << 20),
        "Abc ".repeat(50_000).trim_end(),
        "(".repeat(100_000)
    );
    add(
        &mut expect,
        "long-tokens.txt",
        long.into_bytes(),
        vec![Stored { id: "long-tokens" }],
    );
    // A good article beside it all.
    add(
        &mut expect,
        "good.txt",
        GOOD.as_bytes().to_vec(),
        vec![Stored { id: "good" }],
    );
    expect
}

/// Exports the store in every RDF format and parses each with Oxigraph's own parsers: the
/// statement counts must be the store's.
fn every_export_parses(store: &Path) {
    let quads = stdout(store, &["export", "--format", "nquads"]);
    let count = quads.lines().count();
    let triples: BTreeSet<&str> = quads
        .lines()
        .map(|l| l.trim_end().strip_suffix(" .").unwrap_or(l))
        .map(|l| l.rsplit_once(' ').map_or(l, |(t, _)| t))
        .collect();
    for (name, format, dataset) in [
        ("turtle", RdfFormat::Turtle, false),
        ("trig", RdfFormat::TriG, true),
        ("ntriples", RdfFormat::NTriples, false),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            true,
        ),
        ("rdfxml", RdfFormat::RdfXml, false),
    ] {
        let out = cg(store)
            .args(["export", "--format", name])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "export --format {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let parsed: Vec<_> = RdfParser::from_format(format)
            .for_slice(&out.stdout)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let distinct: BTreeSet<_> = parsed
            .iter()
            .map(|q| {
                if dataset {
                    q.to_string()
                } else {
                    oxigraph::model::Triple::from(q.clone()).to_string()
                }
            })
            .collect();
        assert_eq!(
            distinct.len(),
            if dataset { count } else { triples.len() },
            "{name} lost or gained statements"
        );
    }
}

/// The SVG and GraphML pictures are well-formed XML (Python's parser, which refuses what XML
/// cannot hold).
fn pictures_are_xml(store: &Path, dir: &Path) {
    for format in ["svg", "graphml"] {
        let file = dir.join(format!("net.{format}"));
        cg(store)
            .args(["graph", "--format", format, "-o"])
            .arg(&file)
            .assert()
            .success();
        let ok = Command::new("python3")
            .args([
                "-c",
                "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])",
            ])
            .arg(&file)
            .status()
            .unwrap();
        assert!(ok.success(), "{format} is not well-formed XML");
    }
}

#[test]
fn a_hostile_corpus_is_reported_line_by_line_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let expect = hostile_corpus(&corpus);
    let store = dir.path().join("store");
    let out = cg(&store).arg("ingest").arg(&corpus).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a run with bad articles exits 1: {said}{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    let skipped: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("conflictgraph: skipped "))
        .collect();
    let stored: BTreeSet<String> = query_csv(&store, &["articles"])
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect();
    let (mut n_skipped, mut n_stored) = (0, 0);
    for e in &expect {
        match e {
            Skipped { origin, reason } => {
                let at = format!(
                    "conflictgraph: skipped {}: ",
                    corpus.join(origin.as_str()).display()
                );
                assert!(
                    skipped
                        .iter()
                        .any(|l| l.starts_with(&at) && l.contains(reason)),
                    "no `{reason}` for {origin} in:\n{err}"
                );
                n_skipped += 1;
            }
            Stored { id } => {
                assert!(
                    stored.contains(*id),
                    "{id:?} was not stored; stored: {stored:?}\n{err}"
                );
                n_stored += 1;
            }
        }
    }
    assert_eq!(skipped.len(), n_skipped, "unexpected skips:\n{err}");
    assert_eq!(stored.len(), n_stored, "unexpected articles: {stored:?}");
    assert!(said.contains(&format!("({n_skipped} skipped)")), "{said}");

    // Markup: the script's and comment's words never reach a sentence; the prose does.
    let ttl = stdout(&store, &["export", "--format", "turtle"]);
    for hidden in [
        "document.write",
        "Egypt is backed by Qatar",
        "Russia backs the Houthis",
        "color:red",
        "alert('x')",
        "onclick",
    ] {
        assert!(!ttl.contains(hidden), "{hidden:?} reached the store");
    }
    let backs = query_csv(&store, &["backers-of", "--param", "actor=Houthis"]);
    assert!(backs.iter().any(|r| r[0] == "Iran"), "{backs:?}");
    assert!(!backs.iter().any(|r| r[0] == "Russia"), "{backs:?}");
    // Offsets: every quote is the text at its offsets, in the page (markup counted) and in
    // the right-to-left article.
    for (id, file) in [("html-page", "page.md"), ("تقرير-الحديدة", "arabic.md")] {
        let raw = std::fs::read_to_string(corpus.join(file)).unwrap();
        let body: Vec<char> = raw.splitn(3, "---\n").nth(2).unwrap().chars().collect();
        let rows = query_csv(&store, &["-e", &format!(
            "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/>
             SELECT DISTINCT ?exact ?start ?end WHERE {{ GRAPH ?g {{ ?a dcterms:identifier {} . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
               FILTER(STRBEFORE(STR(?q), \"#\") = STRBEFORE(STR(?p), \"#\")) }} }} ORDER BY ?start",
            oxigraph::model::Literal::new_simple_literal(id)
        )]);
        assert!(rows.len() > 2, "{id}: {rows:?}");
        for r in &rows[1..] {
            let (start, end): (usize, usize) = (r[1].parse().unwrap(), r[2].parse().unwrap());
            // The quote is the text at its offsets, markup blanked: every character is the
            // one written there, or a space where markup was.
            let at = &body[start..end];
            let quote: Vec<char> = r[0].chars().collect();
            assert_eq!(
                quote.len(),
                at.len(),
                "{id}: the offsets {start}..{end} do not span the quote {:?}",
                r[0]
            );
            assert!(
                quote
                    .iter()
                    .zip(at)
                    .all(|(q, a)| q == a || q.is_whitespace()),
                "{id}: {:?} is not the text at {start}..{end}: {:?}",
                r[0],
                at.iter().collect::<String>()
            );
        }
    }
    // Control characters are blanked where they were; the title keeps the rest.
    let titles = query_csv(&store, &["-e", "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?t WHERE { GRAPH ?g { ?a dcterms:identifier \"controls\" ; dcterms:title ?t } } ORDER BY ?t"]);
    assert_eq!(titles[1][0], "Bell  and  [31mred [0m");
    // Right-to-left text and overrides come back as written.
    let titles = query_csv(&store, &["-e", "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?t WHERE { GRAPH ?g { ?a dcterms:title ?t FILTER(CONTAINS(?t, \"Iran\")) } } ORDER BY ?t"]);
    assert_eq!(titles[1][0], "\u{202b}الحوثيون\u{202c} and Iran \u{200f}");
    // Hostile names and metadata survive every export and the pictures; CSV cells are safe.
    every_export_parses(&store);
    pictures_are_xml(&store, dir.path());
    let tables = dir.path().join("csv");
    cg(&store)
        .args(["export", "--csv"])
        .arg(&tables)
        .assert()
        .success();
    let mut cells = 0;
    for entry in std::fs::read_dir(&tables).unwrap() {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(entry.unwrap().path())
            .unwrap();
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '@', '\t', '\r']),
                    "formula cell {cell:?}"
                );
            }
        }
    }
    assert!(cells > 100);
    let events = std::fs::read_to_string(tables.join("events.csv")).unwrap();
    assert!(
        events.contains("'=HYPERLINK("),
        "the publisher's formula reached events.csv neutralised"
    );
}

/// Peak memory (KiB) and output of a child process, from wait4.
fn run_measured(mut cmd: Command) -> (i64, std::process::ExitStatus, String) {
    use std::os::unix::process::ExitStatusExt;
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).unwrap();
        s
    });
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    (
        usage.ru_maxrss,
        std::process::ExitStatus::from_raw(status),
        reader.join().unwrap(),
    )
}

fn ingest_cmd(store: &Path, paths: &[PathBuf]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("conflictgraph"));
    c.env_remove("CONFLICTGRAPH_STORE")
        .arg("--store")
        .arg(store)
        .arg("ingest")
        .args(paths);
    c
}

/// A 100 MB article and a 100 MB JSON Lines record are refused without being held in
/// memory: the run peaks at what a run of one small article does, give or take 64 MiB.
#[test]
fn oversized_articles_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.txt", GOOD);
    let (baseline, status, err) = run_measured(ingest_cmd(&d.join("s1"), &[d.join("good.txt")]));
    assert!(status.success(), "{err}");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(d.join("huge.txt")).unwrap());
        let mut g = std::io::BufWriter::new(std::fs::File::create(d.join("huge.jsonl")).unwrap());
        writeln!(
            g,
            "{{\"id\":\"before\",\"text\":{}}}",
            serde_json::to_string(GOOD).unwrap()
        )
        .unwrap();
        write!(g, "{{\"id\":\"huge\",\"text\":\"").unwrap();
        for _ in 0..(100 << 20) / GOOD.len() {
            f.write_all(GOOD.as_bytes()).unwrap();
            g.write_all(GOOD.replace('\n', " ").as_bytes()).unwrap();
        }
        writeln!(g, "\"}}").unwrap();
        writeln!(
            g,
            "{{\"id\":\"after\",\"text\":{}}}",
            serde_json::to_string(GOOD).unwrap()
        )
        .unwrap();
    }
    let (peak, status, err) = run_measured(ingest_cmd(
        &d.join("s2"),
        &[d.join("huge.txt"), d.join("huge.jsonl"), d.join("good.txt")],
    ));
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("huge.txt: the file is 104.9 MB, over the 8.4 MB limit"),
        "{err}"
    );
    assert!(
        err.contains("huge.jsonl:2: the line is 104.9 MB, over the 16.8 MB limit"),
        "{err}"
    );
    let stored: Vec<String> = query_csv(&d.join("s2"), &["articles"])
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(stored, ["after", "before", "good"]);
    eprintln!(
        "peak RSS: one small article {} MiB, with two 100 MB articles refused {} MiB",
        baseline / 1024,
        peak / 1024
    );
    assert!(
        peak < baseline + 64 * 1024,
        "peak {peak} KiB against {baseline} KiB for one small article"
    );
    // The limit is the user's to raise.
    let out = ingest_cmd(&d.join("s3"), &[d.join("good.txt")])
        .arg("--max-article-bytes")
        .arg("10")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 10 bytes limit"));
}

/// A million short articles in one JSON Lines dump (written here, never committed) are all
/// stored, in memory that hardly grows with the dump: ten times the articles of a 100,000
/// article run in less than twice its peak.
#[test]
fn a_million_short_articles_in_one_dump() {
    let n: usize = std::env::var("CONFLICTGRAPH_MILLION")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut peaks = Vec::new();
    for n in [n / 10, n] {
        let file = d.join(format!("dump-{n}.jsonl"));
        {
            use std::io::Write;
            let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
            for i in 0..n {
                // Most are a line with no actor; one in a thousand reports an attack.
                if i % 1000 == 0 {
                    writeln!(f, "{{\"id\":\"m{i}\",\"text\":\"Note {i}: the Houthis attacked Saudi Arabia.\"}}").unwrap();
                } else {
                    writeln!(
                        f,
                        "{{\"id\":\"m{i}\",\"text\":\"Note {i}: markets were calm.\"}}"
                    )
                    .unwrap();
                }
            }
        }
        let store = d.join(format!("store-{n}"));
        let started = std::time::Instant::now();
        let (peak, status, err) = run_measured(ingest_cmd(&store, &[file.clone()]));
        assert!(status.success(), "{err}");
        eprintln!(
            "{n} short articles: {:.1?}, peak RSS {} MiB",
            started.elapsed(),
            peak / 1024
        );
        let count = query_csv(&store, &["-e", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } }"]);
        assert_eq!(count[1][0], n.to_string());
        let events = query_csv(&store, &["-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> } }"]);
        assert_eq!(events[1][0], n.div_ceil(1000).to_string());
        peaks.push(peak);
        std::fs::remove_dir_all(&store).unwrap();
        std::fs::remove_file(&file).unwrap();
    }
    assert!(
        peaks[1] < 2 * peaks[0],
        "peak RSS {} MiB for {n} articles, {} MiB for a tenth of them",
        peaks[1] / 1024,
        peaks[0] / 1024
    );
}
