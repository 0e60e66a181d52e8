//! Exports the store for other tools: RDF serialisations ([`rdf`]), CSV tables for
//! spreadsheets ([`tables`]) and a picture of who backs whom ([`network`]).

pub mod network;
pub mod rdf;
pub mod tables;

use std::path::PathBuf;

use oxigraph::model::{GraphNameRef, NamedNode, Quad};

use crate::query::QueryError;
use crate::store::GraphStore;

pub use rdf::{export_rdf, ExportFormat, RdfOptions};
pub use tables::{export_csv, spreadsheet_safe, CsvOptions, CSV_TABLES};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the store: {0}")]
    Store(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("no graph {0:?} in the store: give an article id or a graph IRI (`conflictgraph query articles` lists the articles)")]
    NoSuchGraph(String),
    #[error("{0}")]
    Options(String),
}

/// Finds the named graph `--graph` means: a graph IRI, or an article's id.
pub fn resolve_graph(store: &GraphStore, id_or_iri: &str) -> Result<NamedNode, ExportError> {
    let s = id_or_iri.trim();
    let bare = s
        .strip_prefix('<')
        .and_then(|x| x.strip_suffix('>'))
        .unwrap_or(s);
    let candidates = NamedNode::new(bare)
        .ok()
        .into_iter()
        .chain([crate::graph::article_iri(bare)]);
    for g in candidates {
        if store
            .inner()
            .contains_named_graph(&g)
            .map_err(|e| ExportError::Store(e.to_string()))?
        {
            return Ok(g);
        }
    }
    Err(ExportError::NoSuchGraph(s.to_string()))
}

/// Every quad of the store, or of one named graph.
pub fn quads(store: &GraphStore, graph: Option<&NamedNode>) -> Result<Vec<Quad>, ExportError> {
    let iter = match graph {
        Some(g) => store.inner().quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(g.as_ref())),
        ),
        None => store.inner().iter(),
    };
    iter.map(|q| q.map_err(|e| ExportError::Store(e.to_string())))
        .collect()
}
