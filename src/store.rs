//! The embedded Oxigraph store on disk: open it (with clear errors), replace one article's
//! named graph in one transaction, and keep the ontology graph current.

use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};

use crate::graph::vocab;

/// Store failures, phrased for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path} is locked by another process: close it or pass another --store")]
    Locked { path: PathBuf },
    #[error("no store at {path}: run `conflictgraph ingest --store {path} ARTICLES...` first, or pass --store")]
    Missing { path: PathBuf },
    #[error("cannot open store {path}: {source} (is it a conflictgraph store? pass another --store)")]
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

/// An open on-disk store.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
}

impl GraphStore {
    /// Opens the store at `path` for reading and writing; with `create`, makes it if absent.
    pub fn open(path: &Path, create: bool) -> Result<Self, StoreError> {
        if !create && !path.join("CURRENT").exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        match Store::open(path) {
            Ok(store) => Ok(GraphStore { store, path: path.to_path_buf() }),
            Err(e) => {
                let msg = e.to_string();
                if msg.contains("/LOCK") || msg.contains("Resource temporarily unavailable") {
                    Err(StoreError::Locked { path: path.to_path_buf() })
                } else {
                    Err(StoreError::Open { path: path.to_path_buf(), source: e })
                }
            }
        }
    }

    /// An in-memory store, for tests and one-off runs.
    pub fn in_memory() -> Result<Self, StoreError> {
        let store = Store::new().map_err(|source| StoreError::Open { path: PathBuf::from(":memory:"), source })?;
        Ok(GraphStore { store, path: PathBuf::from(":memory:") })
    }

    pub fn inner(&self) -> &Store {
        &self.store
    }

    pub(crate) fn storage(&self, source: StorageError) -> StoreError {
        StoreError::Storage { path: self.path.clone(), source }
    }

    /// Replaces the named graph `graph` with `quads`, atomically: a reader sees the old graph
    /// or the new one, and a crash leaves one of them.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        self.replace_graphs([(graph, quads)])
    }

    /// Replaces several named graphs in one transaction: each is replaced whole or not at all.
    pub fn replace_graphs<'q>(&self, graphs: impl IntoIterator<Item = (&'q NamedNode, &'q [Quad])>) -> Result<(), StoreError> {
        let mut tx = self.store.start_transaction().map_err(|e| self.storage(e))?;
        for (graph, quads) in graphs {
            tx.clear_graph(graph).map_err(|e| self.storage(e))?;
            for q in quads {
                debug_assert_eq!(q.graph_name.as_ref(), GraphNameRef::NamedNode(graph.as_ref()));
                tx.insert(q);
            }
        }
        tx.commit().map_err(|e| self.storage(e))
    }

    /// Whether the named graph `graph` holds no quad.
    pub fn graph_is_empty(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        match self.store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())).next() {
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
        self.store.bulk_loader().with_num_threads(BULK_THREADS).with_max_memory_size_in_megabytes(BULK_MEMORY_MB)
    }

    /// Whether any article graph is stored. Only the ontology and derived graphs are not
    /// articles, so this reads at most three graph names.
    pub fn has_articles(&self) -> Result<bool, StoreError> {
        for g in self.store.named_graphs() {
            if matches!(g.map_err(|e| self.storage(e))?, NamedOrBlankNode::NamedNode(n) if crate::graph::is_article_iri(n.as_str())) {
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
        [vocab::ONTOLOGY_GRAPH, crate::merge::MERGED_GRAPH, crate::summary::SUMMARY_GRAPH].into_iter().map(NamedNode::new_unchecked).collect()
    }

    /// Writes the ontology and event-type scheme (name, Turtle text) into their own named
    /// graph, so saved queries can read labels and exports carry the vocabulary.
    pub fn refresh_ontology(&self, files: &[(String, String)]) -> Result<(), StoreError> {
        let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let quads = ontology_quads(graph.as_ref(), files)?;
        self.replace_graph(&graph, &quads)
    }

}

/// Parses ontology files (name, Turtle text) into quads of `graph`.
pub fn ontology_quads(graph: NamedNodeRef<'_>, files: &[(String, String)]) -> Result<Vec<Quad>, StoreError> {
    let mut quads = Vec::new();
    for (name, text) in files {
        let parser = RdfParser::from_format(RdfFormat::Turtle).without_named_graphs().with_default_graph(graph);
        for q in parser.for_slice(text.as_bytes()) {
            quads.push(q.map_err(|e| StoreError::Ontology { name: name.to_string(), message: e.to_string() })?);
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
        let q = |o: &str| Quad::new(g.clone(), g.clone(), Literal::new_simple_literal(o), g.clone());
        s.replace_graph(&g, &[q("a"), q("b")]).unwrap();
        s.replace_graph(&g, &[q("a")]).unwrap();
        assert_eq!(s.inner().len().unwrap(), 1);
    }

    #[test]
    fn ontology_parses() {
        let files = crate::lexicon::Lexicon::bundled().unwrap().ontology;
        let quads = ontology_quads(NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH), &files).unwrap();
        assert!(quads.len() > 100, "{}", quads.len());
    }

    #[test]
    fn missing_store_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let e = GraphStore::open(&dir.path().join("nope"), false).err().unwrap();
        assert!(e.to_string().starts_with("no store at"), "{e}");
    }
}
