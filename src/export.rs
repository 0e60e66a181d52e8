//! Exports the store: RDF serialisations of the whole graph, and CSV tables for spreadsheets.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad, Triple};

use crate::graph::PREFIXES;
use crate::query::{self, QueryError};
use crate::store::GraphStore;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the store: {0}")]
    Store(String),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// RDF formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Turtle,
    TriG,
    NQuads,
    NTriples,
}

impl ExportFormat {
    fn rdf(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::TriG => RdfFormat::TriG,
            Self::NQuads => RdfFormat::NQuads,
            Self::NTriples => RdfFormat::NTriples,
        }
    }
    fn is_dataset(self) -> bool {
        matches!(self, Self::TriG | Self::NQuads)
    }
}

/// Writes the store. Dataset formats keep one named graph per article; triple formats
/// write the merged graph (each triple once). Output is sorted, so equal stores give
/// byte-identical files.
pub fn export_rdf(store: &GraphStore, format: ExportFormat, out: &mut dyn Write) -> Result<usize, ExportError> {
    let mut ser = RdfSerializer::from_format(format.rdf());
    if matches!(format, ExportFormat::Turtle | ExportFormat::TriG) {
        for (p, ns) in PREFIXES {
            ser = ser.with_prefix(*p, *ns).map_err(|e| ExportError::Store(e.to_string()))?;
        }
    }
    let mut w = ser.for_writer(out);
    let mut n = 0;
    if format.is_dataset() {
        let mut quads: Vec<Quad> = Vec::new();
        for q in store.inner().iter() {
            quads.push(q.map_err(|e| ExportError::Store(e.to_string()))?);
        }
        quads.sort_by_cached_key(|q| (q.graph_name.to_string(), q.subject.to_string(), q.predicate.to_string(), q.object.to_string()));
        for q in &quads {
            w.serialize_quad(q)?;
            n += 1;
        }
    } else {
        let mut triples: BTreeMap<(String, String, String), Triple> = BTreeMap::new();
        for q in store.inner().iter() {
            let q = q.map_err(|e| ExportError::Store(e.to_string()))?;
            let t = Triple::new(q.subject, q.predicate, q.object);
            triples.insert((t.subject.to_string(), t.predicate.to_string(), t.object.to_string()), t);
        }
        for t in triples.values() {
            w.serialize_quad(oxigraph::model::QuadRef::new(&t.subject, &t.predicate, &t.object, &GraphName::DefaultGraph))?;
            n += 1;
        }
    }
    w.finish()?;
    Ok(n)
}

/// The CSV tables `export --csv` writes, each from a saved query.
pub const CSV_TABLES: &[(&str, &str)] = &[
    ("actors.csv", "actors"),
    ("alliances.csv", "who-backs-whom"),
    ("oppositions.csv", "opposes"),
    ("roles.csv", "roles"),
    ("locations.csv", "locations"),
    ("events.csv", "events"),
    ("name-forms.csv", "name-forms"),
];

/// A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.
pub fn spreadsheet_safe(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Writes one CSV per table into `dir` (created if needed). Returns (file, rows) pairs.
pub fn export_csv(store: &GraphStore, dir: &Path) -> Result<Vec<(PathBuf, usize)>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Write { path: dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for (file, query_name) in CSV_TABLES {
        let q = query::resolve(query_name, None)?;
        let (header, rows) = query::rows(store, &q.name, &q.text, &[])?;
        let path = dir.join(file);
        let io = |source: std::io::Error| ExportError::Write { path: path.clone(), source };
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_path(&path).map_err(|e| io(e.into()))?;
        w.write_record(&header).map_err(|e| io(e.into()))?;
        for r in &rows {
            w.write_record(r.iter().map(|c| spreadsheet_safe(c))).map_err(|e| io(e.into()))?;
        }
        w.flush().map_err(io)?;
        written.push((path, rows.len()));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_numbers_kept() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-8.00"), "-8.00");
        assert_eq!(spreadsheet_safe("Salamé"), "Salamé");
    }
}
