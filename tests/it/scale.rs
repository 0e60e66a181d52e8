//! Ingest at scale: the generated corpus, the bulk loader and batched transactions, the
//! benchmark binary.

use std::path::Path;

use conflictgraph::corpus::Templates;

use crate::support::{cg, stdout};

fn write_corpus(path: &Path, seed: u64, range: std::ops::Range<u64>) {
    let mut out = Vec::new();
    let t = Templates::bundled();
    for i in range {
        serde_json::to_writer(&mut out, &t.article(seed, i)).unwrap();
        out.push(b'\n');
    }
    std::fs::write(path, out).unwrap();
}

fn nquads(store: &Path) -> String {
    stdout(store, &["export", "--format", "nquads"])
}

/// A new store is filled by the bulk loader; a store with articles gets batched
/// transactions. Both must leave exactly the same graph, merges included.
#[test]
fn bulk_loading_and_transactions_store_the_same_quads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_corpus(&d.join("all.jsonl"), 5, 0..150);
    write_corpus(&d.join("first.jsonl"), 5, 0..40);
    write_corpus(&d.join("rest.jsonl"), 5, 40..150);

    let bulk = d.join("bulk");
    let out = stdout(&bulk, &["ingest", d.join("all.jsonl").to_str().unwrap()]);
    assert!(out.starts_with("ingested 150 articles"), "{out}");
    let expected = nquads(&bulk);

    let two_runs = d.join("two-runs");
    cg(&two_runs).arg("ingest").arg(d.join("first.jsonl")).assert().success();
    cg(&two_runs).arg("ingest").arg(d.join("rest.jsonl")).assert().success();

    let again = d.join("again");
    cg(&again).arg("ingest").arg(d.join("all.jsonl")).assert().success();
    cg(&again).arg("ingest").arg(d.join("all.jsonl")).assert().success();

    assert!(expected.lines().count() > 50_000, "{}", expected.lines().count());
    assert!(expected.contains("merged-"), "the corpus has events reported twice");
    assert!(nquads(&two_runs) == expected, "bulk load and two incremental runs differ");
    assert!(nquads(&again) == expected, "a re-ingest changed the graph");
}

#[test]
fn the_bench_binary_generates_the_corpus_the_library_does() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wire.jsonl");
    assert_cmd::Command::cargo_bin("conflictgraph-bench")
        .unwrap()
        .args(["generate", "--articles", "30", "--seed", "9", "-o"])
        .arg(&file)
        .assert()
        .success();
    let mut expected = Vec::new();
    Templates::bundled().write_jsonl(9, 30, &mut expected).unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), expected);
}

#[test]
fn the_bench_measures_extraction() {
    let out = assert_cmd::Command::cargo_bin("conflictgraph-bench").unwrap().args(["extract", "--articles", "200"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in ["extract, 1 thread", "extract + map to RDF", "MB/s", "articles/s"] {
        assert!(text.contains(line), "{line:?} missing from {text}");
    }
}
