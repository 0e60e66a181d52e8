//! Helpers: run the built binary against a temporary store.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples() -> PathBuf {
    root().join("examples/articles")
}

/// The CLI with its store in `store` and no stray environment.
pub fn cg(store: &Path) -> Command {
    let mut c = Command::cargo_bin("conflictgraph").expect("binary built");
    c.env_remove("CONFLICTGRAPH_STORE")
        .env_remove("CONFLICTGRAPH_ONTOLOGY")
        .env_remove("CONFLICTGRAPH_QUERIES");
    c.arg("--store").arg(store);
    c
}

/// A temporary directory with a store holding the example articles.
pub fn example_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    cg(&store).arg("ingest").arg(examples()).assert().success();
    (dir, store)
}

/// Runs a query and returns its CSV rows (header first).
pub fn query_csv(store: &Path, args: &[&str]) -> Vec<Vec<String>> {
    let out = cg(store)
        .arg("query")
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "query {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.stdout.as_slice());
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

pub fn stdout(store: &Path, args: &[&str]) -> String {
    let out = cg(store).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Copies the bundled data (patterns and every lexicon file) to `dest`, for tests that edit it.
pub fn copy_ontology(dest: &Path) {
    std::fs::create_dir_all(dest.join("lexicon")).unwrap();
    std::fs::copy(
        root().join("ontology/patterns.toml"),
        dest.join("patterns.toml"),
    )
    .unwrap();
    for entry in std::fs::read_dir(root().join("ontology/lexicon")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dest.join("lexicon").join(path.file_name().unwrap())).unwrap();
    }
}
