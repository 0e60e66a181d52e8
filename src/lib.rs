//! conflictgraph: extract who-backs-whom knowledge graphs from news on armed conflicts.
//!
//! Data flows one way: [`ingest`] reads articles → [`extract`] finds actors, claims and
//! events (pure, no I/O, no RDF) → [`graph`] maps them to RDF → [`store`] keeps one named
//! graph per article in Oxigraph → [`query`] and [`export`] read it back. [`lexicon`] loads
//! the data files every stage shares; [`pipeline`] runs the ingest job.

mod clusters;
pub mod corpus;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod lexicon;
pub mod merge;
pub mod pipeline;
pub mod query;
pub mod remote;
pub mod serve;
pub mod slug;
pub mod store;
pub mod summary;
