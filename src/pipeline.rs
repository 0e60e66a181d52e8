//! The ingest job: files → articles → extraction → quads → one graph per article in the store.
//!
//! Three stages run at once, joined by bounded channels so memory stays flat whatever the
//! corpus size: a reader streams articles from the files, extraction maps chunks of them
//! to quads on every core (rayon), and the writer stores them. Into a store that holds no
//! article yet the writer streams all quads through Oxigraph's bulk loader, which commits
//! once at the end; otherwise it replaces article graphs in batched transactions. Either way
//! the store ends with the same quads (a test compares the exports).

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::time::Instant;

use oxigraph::model::{NamedNode, Quad};
use rayon::prelude::*;

use crate::extract::{Extraction, Extractor, Relation};
use crate::graph;
use crate::ingest::{self, Article, ArticleError, Limits};
use crate::lexicon::Lexicon;
use crate::store::{GraphStore, StoreError};

/// What an ingest run did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub articles: usize,
    /// Distinct actors over the articles of this run.
    pub actors: usize,
    /// Distinct claims over the articles of this run.
    pub claims: usize,
    pub events: usize,
    /// Quads written.
    pub triples: usize,
    pub seconds: f64,
    /// Whether the quads went through the bulk loader (a store without articles).
    pub bulk: bool,
    pub skipped: Vec<ArticleError>,
    /// The graphs of the articles stored, in the order they were read.
    pub graphs: Vec<NamedNode>,
}

/// How an ingest run reads and what it reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    pub limits: Limits,
    /// List the graphs stored in [`IngestReport::graphs`] (to push them after the run). Off,
    /// the run keeps a few bytes per article, whatever the number of articles.
    pub list_graphs: bool,
}

/// How far an ingest run is.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub articles: usize,
    /// Bytes of article files read so far, and in all.
    pub bytes: u64,
    pub total_bytes: u64,
}

/// Articles per chunk handed to the extraction stage: enough to keep both cores busy, few
/// enough that the chunks in flight stay small.
const CHUNK: usize = 64;
/// Chunks waiting between two stages.
const QUEUE: usize = 4;
/// Quads per transaction when replacing graphs in a store that already has articles.
const TRANSACTION_QUADS: usize = 200_000;

enum Item {
    Article(Box<Article>, u64),
    Skipped(ArticleError, u64),
}

/// One article after extraction, ready to store.
struct Mapped {
    graph: NamedNode,
    quads: Vec<Quad>,
    actors: Vec<String>,
    claims: Vec<(String, Relation, String)>,
    events: usize,
}

enum Outcome {
    Mapped(Box<Mapped>, u64),
    Skipped(ArticleError, u64),
}

/// Ingests `files` (already expanded) into `store`. Each article's graph is written whole or
/// not at all, so a failure or crash never leaves an article half stored. Bad articles are
/// recorded in the report and skipped; only store failures abort the run.
pub fn ingest(
    store: &GraphStore,
    lexicon: &Lexicon,
    files: &[PathBuf],
    options: IngestOptions,
    mut progress: impl FnMut(Progress),
) -> Result<IngestReport, StoreError> {
    let started = Instant::now();
    store.refresh_ontology(&lexicon.ontology)?;
    let bulk = !store.has_articles()?;
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .collect();
    let total_bytes = sizes.iter().sum();
    let extractor = Extractor::new(lexicon);
    let mut report = IngestReport {
        bulk,
        ..IngestReport::default()
    };
    let mut tally = Tally {
        list_graphs: options.list_graphs,
        ..Tally::default()
    };
    let mut done = Progress {
        articles: 0,
        bytes: 0,
        total_bytes,
    };

    std::thread::scope(|scope| -> Result<(), StoreError> {
        let (article_tx, article_rx) = sync_channel::<Vec<Item>>(QUEUE);
        let (mapped_tx, mapped_rx) = sync_channel::<Vec<Outcome>>(QUEUE);
        let sizes = &sizes;
        scope.spawn(move || {
            read_articles(files, sizes, options.limits, |chunk| {
                article_tx.send(chunk).is_ok()
            })
        });
        let extractor = &extractor;
        scope.spawn(move || {
            for chunk in article_rx {
                let mapped: Vec<Outcome> = chunk
                    .into_par_iter()
                    .map(|item| map_article(extractor, lexicon, item))
                    .collect();
                if mapped_tx.send(mapped).is_err() {
                    break; // the writer failed and is gone
                }
            }
        });
        // Everything the writer stores goes through `accept`, which also keeps the counts.
        let mut accept = |outcome: Outcome| -> Option<Box<Mapped>> {
            match outcome {
                Outcome::Skipped(e, bytes) => {
                    done.bytes += bytes;
                    report.skipped.push(e);
                    None
                }
                Outcome::Mapped(m, bytes) => {
                    done.bytes += bytes;
                    done.articles += 1;
                    tally.add(&m);
                    progress(done);
                    Some(m)
                }
            }
        };
        if bulk {
            write_bulk(store, mapped_rx, &mut accept)
        } else {
            write_transactions(store, mapped_rx, &mut accept)
        }
        // Leaving the scope drops the receivers, so the other stages stop if we failed.
    })?;
    report.articles = done.articles;
    report.actors = tally.actors.len();
    report.claims = tally.claims.len();
    report.events = tally.events;
    report.triples = tally.quads;
    report.graphs = tally.graphs;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

#[derive(Default)]
struct Tally {
    actors: BTreeSet<String>,
    claims: BTreeSet<(String, Relation, String)>,
    events: usize,
    quads: usize,
    graphs: Vec<NamedNode>,
    list_graphs: bool,
}

impl Tally {
    fn add(&mut self, m: &Mapped) {
        if self.list_graphs {
            self.graphs.push(m.graph.clone());
        }
        self.actors.extend(m.actors.iter().cloned());
        self.claims.extend(m.claims.iter().cloned());
        self.events += m.events;
        self.quads += m.quads.len();
    }
}

/// The reader stage: streams the articles of `files` in chunks to `send` (false: stop).
/// An id seen twice in one run is refused, so two articles never share a graph.
fn read_articles(
    files: &[PathBuf],
    sizes: &[u64],
    limits: Limits,
    mut send: impl FnMut(Vec<Item>) -> bool,
) {
    // Ids are remembered by a keyed 128-bit hash with where they were first seen (file,
    // line), not as strings: a dump of millions of articles costs some tens of bytes each.
    let keys = (std::hash::RandomState::new(), std::hash::RandomState::new());
    let key = |id: &str| (keys.0.hash_one(id), keys.1.hash_one(id));
    let mut seen: HashMap<(u64, u64), (u32, u32)> = HashMap::new();
    let mut chunk = Vec::with_capacity(CHUNK);
    for (index, (file, &size)) in files.iter().zip(sizes).enumerate() {
        let mut counted = 0u64;
        for article in ingest::read_file_with(file, limits) {
            // Progress in bytes: each article's text, and whatever the file holds beyond them
            // (markup, metadata) with its last article.
            let item = match article {
                Ok(a) => {
                    let bytes = (a.text.len() as u64).min(size.saturating_sub(counted));
                    counted += bytes;
                    // A JSON Lines article's origin ends with its line.
                    let line = a
                        .origin
                        .rsplit_once(':')
                        .and_then(|(_, l)| l.parse().ok())
                        .unwrap_or(0);
                    match seen.entry(key(&a.id)) {
                        std::collections::hash_map::Entry::Occupied(first) => {
                            let (f, l) = *first.get();
                            let at = files[f as usize].display();
                            let first = if l == 0 {
                                at.to_string()
                            } else {
                                format!("{at}:{l}")
                            };
                            Item::Skipped(
                                ArticleError {
                                    origin: a.origin.clone(),
                                    reason: format!("article id {:?} is already used by {first} in this run: give each article its own id", a.id),
                                },
                                bytes,
                            )
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert((index as u32, line));
                            Item::Article(Box::new(a), bytes)
                        }
                    }
                }
                Err(e) => Item::Skipped(e, 0),
            };
            // A full chunk goes when the next item comes, so a file's last article is still
            // at hand below to take the file's remaining bytes.
            if chunk.len() == CHUNK
                && !send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
            {
                return;
            }
            chunk.push(item);
        }
        match chunk.last_mut() {
            Some(Item::Article(_, b) | Item::Skipped(_, b)) => *b += size.saturating_sub(counted),
            None => {}
        }
    }
    if !chunk.is_empty() {
        send(chunk);
    }
}

/// The extraction stage for one article.
fn map_article(extractor: &Extractor, lexicon: &Lexicon, item: Item) -> Outcome {
    let (article, bytes) = match item {
        Item::Skipped(e, bytes) => return Outcome::Skipped(e, bytes),
        Item::Article(a, bytes) => (a, bytes),
    };
    // A bug the article triggers must not end the run for every other article.
    let mapped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let ex = extractor.extract(&article);
        let quads = graph::article_quads(&article, &ex, lexicon);
        summarise(&article, &ex, quads)
    }));
    match mapped {
        Ok(m) => Outcome::Mapped(Box::new(m), bytes),
        Err(_) => Outcome::Skipped(
            ArticleError {
                origin: article.origin.clone(),
                reason: "internal error while extracting this article: please report it with the article attached".into(),
            },
            bytes,
        ),
    }
}

fn summarise(article: &Article, ex: &Extraction, quads: Vec<Quad>) -> Mapped {
    let key = |i: usize| ex.entities[i].key.clone();
    Mapped {
        graph: graph::article_iri(&article.id),
        quads,
        actors: ex
            .entities
            .iter()
            .filter(|e| e.kind.actor_type().is_some() && e.mentions > 0)
            .map(|e| e.key.clone())
            .collect(),
        claims: ex
            .claims
            .iter()
            .map(|c| (key(c.subject), c.relation.clone(), key(c.object)))
            .collect(),
        events: ex.events.len(),
    }
}

/// Streams every quad into Oxigraph's bulk loader; nothing is visible before the commit at
/// the end, so an interrupted run leaves the store as it was.
fn write_bulk(
    store: &GraphStore,
    mapped: Receiver<Vec<Outcome>>,
    accept: &mut impl FnMut(Outcome) -> Option<Box<Mapped>>,
) -> Result<(), StoreError> {
    store.bulk_insert(
        mapped
            .into_iter()
            .flatten()
            .filter_map(|o| accept(o))
            .flat_map(|m| m.quads),
    )
}

/// Replaces each article's graph, many articles per transaction: a transaction is atomic,
/// so each article is still stored whole or not at all.
fn write_transactions(
    store: &GraphStore,
    mapped: Receiver<Vec<Outcome>>,
    accept: &mut impl FnMut(Outcome) -> Option<Box<Mapped>>,
) -> Result<(), StoreError> {
    let mut batch: Vec<Box<Mapped>> = Vec::new();
    let mut quads = 0;
    for outcome in mapped.into_iter().flatten() {
        if let Some(m) = accept(outcome) {
            quads += m.quads.len();
            batch.push(m);
            if quads >= TRANSACTION_QUADS {
                store.replace_graphs(batch.iter().map(|m| (&m.graph, m.quads.as_slice())))?;
                batch.clear();
                quads = 0;
            }
        }
    }
    store.replace_graphs(batch.iter().map(|m| (&m.graph, m.quads.as_slice())))
}
