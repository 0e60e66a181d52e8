//! Golden files: the Turtle, CSV and network exports of the example articles.
//! Refresh with `UPDATE_GOLDEN=1 cargo test --release`, then review the diff.

use std::path::Path;

use crate::support::*;

fn check(expected: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
        std::fs::write(expected, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with UPDATE_GOLDEN=1",
            expected.display()
        )
    });
    if want != actual {
        let first = want
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs at line {}:\n--- expected\n{}\n--- got\n{}\n(run with UPDATE_GOLDEN=1 to accept)",
            expected.display(),
            first + 1,
            want.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        );
    }
}

#[test]
fn turtle_export_of_the_examples() {
    let (_dir, store) = example_store();
    let ttl = stdout(&store, &["export", "--format", "turtle"]);
    check(&root().join("tests/golden/examples.ttl"), &ttl);
}

#[test]
fn csv_export_of_the_examples() {
    let (dir, store) = example_store();
    let out = dir.path().join("csv");
    cg(&store)
        .args(["export", "--csv"])
        .arg(&out)
        .assert()
        .success();
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        conflictgraph::export::CSV_TABLES.len() + 1,
        "the saved-query tables and the ACLED events table"
    );
    for file in files {
        let text = std::fs::read_to_string(out.join(&file)).unwrap();
        check(&root().join("tests/golden/csv").join(file), &text);
    }
}

#[test]
fn network_of_the_examples() {
    let (_dir, store) = example_store();
    check(
        &root().join("tests/golden/who-backs-whom.svg"),
        &stdout(&store, &["graph"]),
    );
    check(
        &root().join("tests/golden/who-backs-whom.graphml"),
        &stdout(&store, &["graph", "--format", "graphml"]),
    );
}

#[test]
fn export_does_not_depend_on_ingest_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let mut files: Vec<_> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        cg(&a).arg("ingest").arg(f).assert().success();
    }
    for f in files.iter().rev() {
        cg(&b).arg("ingest").arg(f).assert().success();
    }
    assert_eq!(
        stdout(&a, &["export", "--format", "nquads"]),
        stdout(&b, &["export", "--format", "nquads"])
    );
}
