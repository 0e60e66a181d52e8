//! Crash safety and concurrency: `ingest` killed with SIGKILL at random moments, two writers
//! on one store, readers while a writer writes.
//!
//! After every kill the store must open, every article graph in it must be exactly the graph
//! an uninterrupted run writes (no article half stored), and running the ingest again must
//! give the export of an uninterrupted run byte for byte. `CONFLICTGRAPH_KILL_ROUNDS` sets how
//! many rounds run (each kills up to three times in a row before a run completes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::scale::write_corpus;
use crate::support::{cg, stdout};

const ARTICLE_GRAPH: &str = "<https://w3id.org/conflictgraph/article/";

fn ingest_command(store: &Path, file: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("conflictgraph"));
    c.env_remove("CONFLICTGRAPH_STORE")
        .env_remove("CONFLICTGRAPH_ONTOLOGY")
        .arg("--store")
        .arg(store)
        .arg("ingest")
        .arg(file);
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn nquads(store: &Path) -> String {
    stdout(store, &["export", "--format", "nquads"])
}

/// The quads of each named graph, keyed by graph IRI (N-Quads lines, sorted).
fn graphs(nquads: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in nquads.lines() {
        // The graph is the last term before " ."; article graphs are plain IRIs.
        let body = line.trim_end().strip_suffix(" .").unwrap_or(line);
        let graph = body.rsplit_once(' ').map(|(_, g)| g).unwrap_or("");
        out.entry(graph.to_string())
            .or_default()
            .insert(line.to_string());
    }
    out
}

fn article_graphs(g: &BTreeMap<String, BTreeSet<String>>) -> usize {
    g.keys().filter(|k| k.starts_with(ARTICLE_GRAPH)).count()
}

/// Every article graph of `seen` is the reference's graph of that name, whole.
fn assert_whole_articles(
    seen: &BTreeMap<String, BTreeSet<String>>,
    reference: &BTreeMap<String, BTreeSet<String>>,
    when: &str,
) {
    for (graph, quads) in seen.iter().filter(|(k, _)| k.starts_with(ARTICLE_GRAPH)) {
        let expected = reference
            .get(graph)
            .unwrap_or_else(|| panic!("{when}: graph {graph} is not one the corpus makes"));
        assert!(
            quads == expected,
            "{when}: {graph} is half stored ({} of {} quads)",
            quads.len(),
            expected.len()
        );
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn timed_ingest(store: &Path, file: &Path) -> Duration {
    let started = Instant::now();
    let out = ingest_command(store, file).output().unwrap();
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

struct Corpus {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    all: PathBuf,
    first: PathBuf,
}

/// 700 generated articles, and their first 250 alone; enough quads for several
/// transactions when they are added to a store that holds articles.
fn corpus() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let (all, first) = (d.join("all.jsonl"), d.join("first.jsonl"));
    write_corpus(&all, 21, 0..700);
    write_corpus(&first, 21, 0..250);
    Corpus {
        _dir: dir,
        dir: d,
        all,
        first,
    }
}

#[derive(Default, Debug)]
struct KillReport {
    kills: usize,
    before_open: usize,
    before_start: usize,
    before_commit: usize,
    between_transactions: usize,
    rebuilding_derived: usize,
    after_finish: usize,
    /// Kills that left the bulk loader's files behind (the next writer removes them).
    left_bulk_files: usize,
}

#[test]
fn ingest_killed_at_random_points_loses_nothing() {
    let c = corpus();
    // Uninterrupted runs: a new store (bulk loader), and a store that already holds the
    // first articles (transactions). Both end with the same export.
    let bulk_store = c.dir.join("reference-bulk");
    let bulk_time = timed_ingest(&bulk_store, &c.all);
    let reference = nquads(&bulk_store);
    let tx_store = c.dir.join("reference-tx");
    timed_ingest(&tx_store, &c.first);
    let tx_time = timed_ingest(&tx_store, &c.all);
    assert!(
        nquads(&tx_store) == reference,
        "bulk loading and transactions disagree"
    );
    let reference_graphs = graphs(&reference);
    let total_articles = article_graphs(&reference_graphs);
    assert_eq!(total_articles, 700);

    let rounds = env_number("CONFLICTGRAPH_KILL_ROUNDS", 6);
    let mut rng = conflictgraph::corpus::Rng::new(env_number("CONFLICTGRAPH_KILL_SEED", 7), 0);
    let mut report = KillReport::default();
    for round in 0..rounds {
        let store = c.dir.join(format!("killed-{round}"));
        let prefilled = round % 2 == 1;
        if prefilled {
            timed_ingest(&store, &c.first);
        }
        let full = if prefilled { tx_time } else { bulk_time };
        let kills = 1 + rng.below(3) as u64;
        let mut before = if prefilled { 250 } else { 0 };
        for k in 0..kills {
            let when = format!("round {round}, kill {k}");
            let delay = Duration::from_micros(rng.below(full.as_micros() as usize + 1) as u64);
            let mut child: Child = ingest_command(&store, &c.all).spawn().unwrap();
            std::thread::sleep(delay);
            let finished = child.try_wait().unwrap().is_some();
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            report.kills += 1;
            let bulk_files = std::fs::read_dir(&store).map_or(0, |d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
                    .count()
            });
            if bulk_files > 0 {
                report.left_bulk_files += 1;
            }
            if !store.join("CURRENT").exists() {
                report.before_open += 1; // killed before the store was made
                continue;
            }
            // The store opens, and holds only whole articles.
            let export = cg(&store)
                .args(["export", "--format", "nquads"])
                .output()
                .unwrap();
            assert!(
                export.status.success(),
                "{when}: the store does not open after a kill: {}",
                String::from_utf8_lossy(&export.stderr)
            );
            let seen = graphs(&String::from_utf8(export.stdout).unwrap());
            assert_whole_articles(&seen, &reference_graphs, &when);
            let unfinished =
                String::from_utf8_lossy(&export.stderr).contains("is running or was interrupted");
            let stored = article_graphs(&seen);
            match (unfinished, stored) {
                // Killed before it marked the store: nothing of this run was written.
                (false, n) if n == before && !finished => report.before_start += 1,
                // Killed after it cleared its mark: the run was complete.
                (false, n) => {
                    assert_eq!(
                        n, total_articles,
                        "{}: no interrupted mark, yet {} articles",
                        when, n
                    );
                    report.after_finish += 1
                }
                (true, n) if n == total_articles => report.rebuilding_derived += 1,
                (true, n) if n == before => report.before_commit += 1,
                (true, _) => report.between_transactions += 1,
            }
            before = stored;
        }
        let out = ingest_command(&store, &c.all).output().unwrap();
        assert!(
            out.status.success(),
            "round {round}: the ingest after the kills failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let leftovers = std::fs::read_dir(&store)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
            .count();
        assert_eq!(
            leftovers, 0,
            "round {round}: the bulk loader's files of a killed run are still in the store"
        );
        let export = cg(&store)
            .args(["export", "--format", "nquads"])
            .output()
            .unwrap();
        assert!(export.status.success());
        assert!(
            !String::from_utf8_lossy(&export.stderr).contains("interrupted"),
            "round {round}: the finished ingest left its mark"
        );
        assert!(
            String::from_utf8(export.stdout).unwrap() == reference,
            "round {round}: the export after the kills differs from an uninterrupted run's"
        );
        std::fs::remove_dir_all(&store).unwrap();
    }
    eprintln!("kill report ({rounds} rounds, bulk run {bulk_time:.1?}, transactions run {tx_time:.1?}): {report:?}");
    assert!(report.kills as u64 >= rounds);
}

/// Runs `args` on `store` while something else may be writing it: it succeeds, or fails with
/// a clear message; never a crash.
fn read_beside_a_writer(store: &Path, args: &[&str]) -> Option<Output> {
    let out = cg(store).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && out.status.code().is_some(),
        "{args:?} crashed: {err}"
    );
    if out.status.success() {
        Some(out)
    } else {
        assert!(
            err.starts_with("conflictgraph: "),
            "{args:?} failed without a message: {err}"
        );
        None
    }
}

#[test]
fn a_second_writer_is_refused_and_readers_see_whole_articles() {
    let c = corpus();
    let reference_store = c.dir.join("reference");
    timed_ingest(&reference_store, &c.all);
    let reference = nquads(&reference_store);
    let reference_graphs = graphs(&reference);

    // A store that holds articles, so the writer commits several transactions.
    let store = c.dir.join("shared");
    timed_ingest(&store, &c.first);
    let mut writer = ingest_command(&store, &c.all).spawn().unwrap();
    // Wait until it holds the store: a second writer started before that would simply come first.
    let holder = store.join("conflictgraph-writer");
    let pid = writer.id().to_string();
    while !std::fs::read_to_string(&holder).is_ok_and(|h| h.starts_with(&format!("{pid} "))) {
        assert!(
            writer.try_wait().unwrap().is_none(),
            "the writer ended before it held the store"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let (mut refused, mut reads, mut failed_reads, mut partial) = (0, 0, 0, 0);
    while writer.try_wait().unwrap().is_none() {
        // A second writer: refused at once, naming the holder. It ingests articles of the
        // corpus itself, so that if the first writer ends between the check above and the
        // second's start, the second's run stores exactly the graphs the reference holds.
        let second = cg(&store).arg("ingest").arg(&c.first).output().unwrap();
        if writer.try_wait().unwrap().is_none() {
            let err = String::from_utf8_lossy(&second.stderr);
            assert!(
                !second.status.success(),
                "a second writer ingested beside the first"
            );
            assert!(
                err.contains(&format!("is in use by another process (pid {pid}: "))
                    && err.contains(" ingest "),
                "{err}"
            );
            assert_eq!(second.status.code(), Some(1));
            refused += 1;
        }
        // Two readers at once, beside the writer.
        let other = std::thread::scope(|s| {
            let q = s.spawn(|| {
                read_beside_a_writer(&store, &["query", "who-backs-whom", "--format", "csv"])
            });
            let e = read_beside_a_writer(&store, &["export", "--format", "nquads"]);
            (e, q.join().unwrap())
        });
        for out in [&other.0, &other.1] {
            if out.is_some() {
                reads += 1
            } else {
                failed_reads += 1
            }
        }
        if let Some(out) = other.0 {
            let seen = graphs(&String::from_utf8(out.stdout).unwrap());
            assert_whole_articles(&seen, &reference_graphs, "an export beside the writer");
            let n = article_graphs(&seen);
            if n > 250 && n < 700 {
                partial += 1;
            }
        }
    }
    let status = writer.wait().unwrap();
    assert!(status.success(), "the first writer failed");
    eprintln!("beside the writer: {refused} second writers refused, {reads} reads answered, {failed_reads} refused, {partial} exports caught between transactions");
    assert!(refused > 0, "the second writer never met the first");
    assert!(reads > 0, "no read succeeded beside the writer");
    // Nothing was corrupted, and the store is a writer's again.
    assert!(
        nquads(&store) == reference,
        "the store differs from an uninterrupted run's"
    );
    cg(&store).arg("ingest").arg(&c.all).assert().success();
    assert!(nquads(&store) == reference);
}
