//! The embedded Oxigraph store on disk: open it (with clear errors), replace one article's
//! named graph in one transaction, and keep the ontology graph current.
//!
//! One process writes a store at a time (RocksDB's lock); any number read it, each through a
//! read-only instance that sees the store as it was when it opened. Writers leave two small
//! files beside RocksDB's: who holds the store (for the "in use" message) and, while an ingest
//! runs, a mark that its derived graphs are not yet rebuilt, which readers report.

use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};

use crate::graph::vocab;

/// Store failures, phrased for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path} is in use by another process{holder}: wait for it to finish, or pass another --store")]
    Locked { path: PathBuf, holder: String },
    #[error("no store at {path}: run `conflictgraph ingest --store {path} ARTICLES...` first, or pass --store")]
    Missing { path: PathBuf },
    #[error(
        "cannot open store {path}: {source} (is it a conflictgraph store? pass another --store)"
    )]
    Open { path: PathBuf, source: StorageError },
    #[error("store {path}: {source}")]
    Storage { path: PathBuf, source: StorageError },
    #[error("cannot summarise the store: {message}")]
    Summary { message: String },
    #[error("ontology file {name} does not parse: {message}")]
    Ontology { name: String, message: String },
}

/// The bulk loader's memory budget (MB) and the threads it builds its files with: its
/// batches of `BULK_MEMORY_MB * 1000 / BULK_THREADS` quads, two in flight, and the one being
/// filled are most of an ingest's memory.
const BULK_MEMORY_MB: usize = 400;
const BULK_THREADS: usize = 2;

/// Who holds a store open for writing: pid and command, written by every writer.
const HOLDER_FILE: &str = "conflictgraph-writer";
/// Present while an ingest runs: its articles may be stored, its derived graphs not rebuilt.
const INGEST_MARK: &str = "conflictgraph-ingest-unfinished";
/// A number every finished ingest raises, so a long-running reader knows to reopen.
const GENERATION_FILE: &str = "conflictgraph-generation";
/// The bulk loader's sorted files, written into the store's directory as it goes; a writer
/// killed mid-load leaves them behind, and nothing else removes them.
const BULK_FILE_PREFIX: &str = "bulk-";

/// An open on-disk store.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
    read_only: bool,
}

impl GraphStore {
    /// Opens the store at `path` for reading and writing; with `create`, makes it if absent.
    /// Only one process can: a second gets [`StoreError::Locked`].
    pub fn open(path: &Path, create: bool) -> Result<Self, StoreError> {
        if !create && !path.join("CURRENT").exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        match Store::open(path) {
            Ok(store) => {
                let s = GraphStore {
                    store,
                    path: path.to_path_buf(),
                    read_only: false,
                };
                s.claim();
                Ok(s)
            }
            Err(e) if is_lock_error(&e) => Err(StoreError::Locked {
                path: path.to_path_buf(),
                holder: holder(path),
            }),
            Err(e) => Err(StoreError::Open {
                path: path.to_path_buf(),
                source: e,
            }),
        }
    }

    /// Opens the store at `path` for reading only. It works while another process writes: it
    /// sees the transactions committed when it opened (whole articles; a bulk load shows once
    /// it has ended) and nothing written later. Opening is retried a few times, because a
    /// writer may remove a file between the moment the list of files is read and the moment
    /// they are opened.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let mut attempt = 0;
        loop {
            match Store::open_read_only(path) {
                Ok(store) => {
                    return Ok(GraphStore {
                        store,
                        path: path.to_path_buf(),
                        read_only: true,
                    })
                }
                Err(_) if attempt < 3 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 << attempt));
                }
                Err(e) => {
                    return Err(StoreError::Open {
                        path: path.to_path_buf(),
                        source: e,
                    })
                }
            }
        }
    }

    /// An in-memory store, for tests and one-off runs.
    pub fn in_memory() -> Result<Self, StoreError> {
        let store = Store::new().map_err(|source| StoreError::Open {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        Ok(GraphStore {
            store,
            path: PathBuf::from(":memory:"),
            read_only: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this handle only reads (see [`GraphStore::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Done on every read-write open, which holds RocksDB's lock: name this process as the
    /// holder, and remove what a writer killed mid-bulk-load left (no live process can be
    /// using those files while we hold the lock).
    fn claim(&self) {
        let command: Vec<String> = std::env::args().collect();
        // Best effort: the lock, not this file, keeps writers apart.
        let _ = std::fs::write(
            self.path.join(HOLDER_FILE),
            format!("{} {}\n", std::process::id(), command.join(" ")),
        );
        if let Ok(entries) = std::fs::read_dir(&self.path) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with(BULK_FILE_PREFIX) && name.ends_with(".sst") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Marks the store as being ingested into, until [`GraphStore::finish_ingest`]: a run
    /// killed in between leaves the mark, so readers can say the derived graphs are stale.
    pub fn start_ingest(&self) -> Result<(), StoreError> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(());
        }
        std::fs::write(
            self.path.join(INGEST_MARK),
            format!("{}\n", std::process::id()),
        )
        .map_err(|e| self.storage(StorageError::Io(e)))
    }

    /// Clears the mark of [`GraphStore::start_ingest`] once every graph is written, and raises
    /// the store's generation (see [`GraphStore::generation`]).
    pub fn finish_ingest(&self) -> Result<(), StoreError> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(());
        }
        let next = generation(&self.path).map_or(1, |g| g + 1);
        std::fs::write(self.path.join(GENERATION_FILE), format!("{next}\n"))
            .map_err(|e| self.storage(StorageError::Io(e)))?;
        match std::fs::remove_file(self.path.join(INGEST_MARK)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.storage(StorageError::Io(e))),
        }
    }

    /// How many ingests have finished on this store (as far as the files tell): a reader that
    /// opened at one generation and sees another can reopen to see the new articles.
    pub fn generation(&self) -> Option<u64> {
        generation(&self.path)
    }

    /// Whether an ingest started and has not finished: it runs now, or it was killed and the
    /// derived graphs (merged events, totals) may not match the articles until the next ingest.
    pub fn ingest_unfinished(&self) -> bool {
        self.path.join(INGEST_MARK).exists()
    }

    pub fn inner(&self) -> &Store {
        &self.store
    }

    pub(crate) fn storage(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    /// Replaces the named graph `graph` with `quads`, atomically: a reader sees the old graph
    /// or the new one, and a crash leaves one of them.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        self.replace_graphs([(graph, quads)])
    }

    /// Replaces several named graphs in one transaction: each is replaced whole or not at all.
    pub fn replace_graphs<'q>(
        &self,
        graphs: impl IntoIterator<Item = (&'q NamedNode, &'q [Quad])>,
    ) -> Result<(), StoreError> {
        let mut tx = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        for (graph, quads) in graphs {
            tx.clear_graph(graph).map_err(|e| self.storage(e))?;
            for q in quads {
                debug_assert_eq!(
                    q.graph_name.as_ref(),
                    GraphNameRef::NamedNode(graph.as_ref())
                );
                tx.insert(q);
            }
        }
        tx.commit().map_err(|e| self.storage(e))
    }

    /// Whether the named graph `graph` holds no quad.
    pub fn graph_is_empty(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        match self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .next()
        {
            None => Ok(true),
            Some(q) => q.map(|_| false).map_err(|e| self.storage(e)),
        }
    }

    /// Adds `quads` with Oxigraph's bulk loader: all of them at once on commit, or none.
    /// Only for quads of graphs that are empty: nothing is replaced.
    pub fn bulk_insert(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        let mut loader = self.bulk_loader();
        loader.load_quads(quads).map_err(|e| self.storage(e))?;
        loader.commit().map_err(|e| self.storage(e))
    }

    /// The bulk loader, with the memory budget that keeps ingest under 2 GiB.
    pub(crate) fn bulk_loader(&self) -> oxigraph::store::BulkLoader<'_> {
        self.store
            .bulk_loader()
            .with_num_threads(BULK_THREADS)
            .with_max_memory_size_in_megabytes(BULK_MEMORY_MB)
    }

    /// Whether any article graph is stored. Only the ontology and derived graphs are not
    /// articles, so this reads at most three graph names.
    pub fn has_articles(&self) -> Result<bool, StoreError> {
        for g in self.store.named_graphs() {
            if matches!(g.map_err(|e| self.storage(e))?, NamedOrBlankNode::NamedNode(n) if crate::graph::is_article_iri(n.as_str()))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every named graph, sorted by IRI.
    pub fn graph_names(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(|e| self.storage(e))? {
                out.push(n);
            }
        }
        out.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        Ok(out)
    }

    /// The graphs every ingest rewrites besides the articles': the ontology, the merged
    /// events and the summary.
    pub fn derived_graphs(&self) -> Vec<NamedNode> {
        [
            vocab::ONTOLOGY_GRAPH,
            crate::merge::MERGED_GRAPH,
            crate::summary::SUMMARY_GRAPH,
        ]
        .into_iter()
        .map(NamedNode::new_unchecked)
        .collect()
    }

    /// Writes the ontology and event-type scheme (name, Turtle text) into their own named
    /// graph, so saved queries can read labels and exports carry the vocabulary.
    pub fn refresh_ontology(&self, files: &[(String, String)]) -> Result<(), StoreError> {
        let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let quads = ontology_quads(graph.as_ref(), files)?;
        self.replace_graph(&graph, &quads)
    }
}

fn generation(path: &Path) -> Option<u64> {
    std::fs::read_to_string(path.join(GENERATION_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn is_lock_error(e: &StorageError) -> bool {
    let msg = e.to_string();
    msg.contains("/LOCK") || msg.contains("Resource temporarily unavailable")
}

/// " (pid 123: conflictgraph ingest news/)", from the holder file, or nothing.
fn holder(path: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(path.join(HOLDER_FILE)) else {
        return String::new();
    };
    let Some((pid, command)) = text.trim().split_once(' ') else {
        return String::new();
    };
    let mut command: String = command.chars().take(100).collect();
    if command.len() < text.trim().len() - pid.len() - 1 {
        command.push('…');
    }
    format!(" (pid {pid}: {command})")
}

/// Parses ontology files (name, Turtle text) into quads of `graph`.
pub fn ontology_quads(
    graph: NamedNodeRef<'_>,
    files: &[(String, String)],
) -> Result<Vec<Quad>, StoreError> {
    let mut quads = Vec::new();
    for (name, text) in files {
        let parser = RdfParser::from_format(RdfFormat::Turtle)
            .without_named_graphs()
            .with_default_graph(graph);
        for q in parser.for_slice(text.as_bytes()) {
            quads.push(q.map_err(|e| StoreError::Ontology {
                name: name.to_string(),
                message: e.to_string(),
            })?);
        }
    }
    Ok(quads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, Quad};

    #[test]
    fn replacing_a_graph_never_duplicates() {
        let s = GraphStore::in_memory().unwrap();
        let g = NamedNode::new_unchecked("https://example.org/g");
        let q = |o: &str| {
            Quad::new(
                g.clone(),
                g.clone(),
                Literal::new_simple_literal(o),
                g.clone(),
            )
        };
        s.replace_graph(&g, &[q("a"), q("b")]).unwrap();
        s.replace_graph(&g, &[q("a")]).unwrap();
        assert_eq!(s.inner().len().unwrap(), 1);
    }

    #[test]
    fn ontology_parses() {
        let files = crate::lexicon::Lexicon::bundled().unwrap().ontology;
        let quads =
            ontology_quads(NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH), &files).unwrap();
        assert!(quads.len() > 100, "{}", quads.len());
    }

    #[test]
    fn missing_store_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let e = GraphStore::open(&dir.path().join("nope"), false)
            .err()
            .unwrap();
        assert!(e.to_string().starts_with("no store at"), "{e}");
    }
}
