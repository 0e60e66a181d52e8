//! The ingest job: files → articles → extraction → quads → one graph per article in the store.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use crate::extract::Extractor;
use crate::graph;
use crate::ingest::{self, ArticleError};
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
    pub skipped: Vec<ArticleError>,
}

/// Ingests `files` (already expanded) into `store`. Each article's graph is replaced in one
/// transaction, so a failure or crash never leaves an article half stored. Bad articles are
/// recorded in the report and skipped; only store failures abort the run.
/// `progress(files_done, articles_done)` is called after each article and each file.
pub fn ingest(store: &GraphStore, lexicon: &Lexicon, files: &[PathBuf], mut progress: impl FnMut(usize, usize)) -> Result<IngestReport, StoreError> {
    let started = Instant::now();
    let extractor = Extractor::new(lexicon);
    let mut report = IngestReport::default();
    let mut actors = BTreeSet::new();
    let mut claims = BTreeSet::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    store.refresh_ontology(&lexicon.ontology)?;
    for (i, file) in files.iter().enumerate() {
        for article in ingest::read_file(file) {
            let article = match article {
                Ok(a) => a,
                Err(e) => {
                    report.skipped.push(e);
                    continue;
                }
            };
            if let Some(first) = seen.get(&article.id) {
                report.skipped.push(ArticleError {
                    origin: article.origin.clone(),
                    reason: format!("article id {:?} is already used by {first} in this run: give each article its own id", article.id),
                });
                continue;
            }
            seen.insert(article.id.clone(), article.origin.clone());
            // A bug the article triggers must not end the run for every other article.
            let mapped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let ex = extractor.extract(&article);
                let quads = graph::article_quads(&article, &ex, lexicon);
                (ex, quads)
            }));
            let Ok((ex, quads)) = mapped else {
                report.skipped.push(ArticleError {
                    origin: article.origin.clone(),
                    reason: "internal error while extracting this article: please report it with the article attached".into(),
                });
                continue;
            };
            store.replace_graph(&graph::article_iri(&article.id), &quads)?;
            report.articles += 1;
            claims.extend(ex.claims.iter().map(|c| (ex.entities[c.subject].key.clone(), c.relation.clone(), ex.entities[c.object].key.clone())));
            report.events += ex.events.len();
            report.triples += quads.len();
            actors.extend(ex.entities.iter().filter(|e| e.kind.actor_type().is_some() && e.mentions > 0).map(|e| e.key.clone()));
            progress(i, report.articles);
        }
        progress(i + 1, report.articles);
    }
    report.actors = actors.len();
    report.claims = claims.len();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
