//! Store-wide totals (per entity, claim and name form), written to a derived graph that
//! every ingest rebuilds, so saved queries read a few thousand summary quads instead of
//! aggregating the millions of quads of every article graph each time they run.
//!
//! The summary holds, over every article graph:
//! - each entity's one label (the least of its labels), its classes, aliases, coordinates and
//!   country, and `cg:mentionCount` / `cg:sourceCount` (mentions, and articles naming it);
//! - each claim's subject, predicate and object, the derived triple, `cg:sourceCount` and the
//!   distinct `cg:supportKind`s of its evidence, how many articles assert, allege or deny it
//!   (`cg:assertedSourceCount`…), and every `org:headOf`;
//! - each name form an entity was found under: `cg:formOf`, the rule, how many articles used
//!   it and the first of them (`cg:firstArticle`).
//!
//! It is computed by SPARQL aggregates over the store, so it is exact whichever way the
//! articles got there (bulk load, batches, re-ingest), and it is replaced in one transaction.

use std::collections::BTreeMap;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use crate::graph::{cg, iri, vocab};
use crate::slug::short_hash;
use crate::store::{GraphStore, StoreError};

/// The derived graph holding the summary.
pub const SUMMARY_GRAPH: &str = "https://w3id.org/conflictgraph/graph/summary";

const PREFIXES: &str = "PREFIX cg: <https://w3id.org/conflictgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
";

/// The summary's queries, each with `ARTICLES` standing for the filter that keeps `?g` to
/// article graphs. Comparing graph names (not their text) keeps the filter cheap: the
/// engine compares encoded terms.
const LABELS: &str =
    "SELECT ?e (MIN(?l) AS ?o) WHERE { GRAPH ?g { ?e rdfs:label ?l } ARTICLES } GROUP BY ?e";
/// Classes are looked up per entity: joining every label to every type in every graph is
/// many times slower.
const CLASSES: &str = "SELECT DISTINCT ?e ?o WHERE {
  { SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e rdfs:label ?l } ARTICLES } }
  GRAPH ?g { ?e a ?o } ARTICLES
}";
const FACTS: &str = "SELECT DISTINCT ?e ?p ?o WHERE {
  VALUES ?p { skos:altLabel schema:latitude schema:longitude schema:containedInPlace cg:country }
  GRAPH ?g { ?e ?p ?o } ARTICLES
}";
/// An entity has one appearance per article that mentions it, so a count of appearances is
/// a count of articles.
const MENTIONS: &str = "SELECT ?e (SUM(?n) AS ?mentions) (COUNT(*) AS ?sources) WHERE {
  GRAPH ?g { ?a cg:entity ?e ; cg:mentions ?n } ARTICLES
} GROUP BY ?e";
const CLAIMS: &str =
    "SELECT ?c (COUNT(*) AS ?sources) WHERE { GRAPH ?g { ?c a cg:Claim } ARTICLES } GROUP BY ?c";
/// Articles per claim and stance: an article counts once under each stance its evidence takes.
const STANCES: &str = "SELECT ?c ?stance (COUNT(DISTINCT ?g) AS ?sources) WHERE {
  GRAPH ?g { ?ev cg:supports ?c ; cg:stance ?stance . ?c a cg:Claim } ARTICLES
} GROUP BY ?c ?stance";
const KINDS: &str =
    "SELECT DISTINCT ?c ?o WHERE { GRAPH ?g { ?ev cg:supportKind ?o ; cg:supports ?c } ARTICLES }";
const HEADS: &str = "SELECT DISTINCT ?e ?o WHERE { GRAPH ?g { ?e org:headOf ?o } ARTICLES }";
/// A form has one node per article and entity, so a count of nodes is a count of articles.
const FORMS: &str = "SELECT ?e ?form ?by (COUNT(*) AS ?sources) (MIN(?id) AS ?first) WHERE {
  GRAPH ?g { ?a cg:nameForm ?f ; cg:entity ?e . ?f cg:form ?form ; cg:matchedBy ?by . ?g dcterms:identifier ?id }
} GROUP BY ?e ?form ?by";

/// Runs one of the summary's SELECT queries: its rows, as the values of `vars` in order.
fn select(
    store: &GraphStore,
    text: &str,
    vars: &[&str],
) -> Result<Vec<Vec<Option<Term>>>, StoreError> {
    let derived = [
        vocab::ONTOLOGY_GRAPH,
        crate::merge::MERGED_GRAPH,
        SUMMARY_GRAPH,
    ];
    let filter = format!(
        "FILTER({})",
        derived
            .iter()
            .map(|g| format!("?g != <{g}>"))
            .collect::<Vec<_>>()
            .join(" && ")
    );
    let text = format!("{PREFIXES}{}", text.replace("ARTICLES", &filter));
    let fail = |e: &dyn std::fmt::Display| StoreError::Summary {
        message: e.to_string(),
    };
    let query = SparqlEvaluator::new()
        .parse_query(&text)
        .map_err(|e| fail(&e))?;
    let QueryResults::Solutions(solutions) = query
        .on_store(store.inner())
        .execute()
        .map_err(|e| fail(&e))?
    else {
        return Err(fail(&"expected solutions"));
    };
    let mut rows = Vec::new();
    for s in solutions {
        let s = s.map_err(|e| fail(&e))?;
        rows.push(vars.iter().map(|v| s.get(*v).cloned()).collect());
    }
    Ok(rows)
}

fn node(t: &Option<Term>) -> Option<NamedNode> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    }
}

fn count(t: &Option<Term>) -> Literal {
    let n = match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        _ => "0".to_string(),
    };
    Literal::new_typed_literal(n, xsd::INTEGER)
}

/// The object of `subject predicate ?o` in any graph: claims are named by a hash of their
/// triple, so every article holding a claim says the same of it.
fn object_of(
    store: &GraphStore,
    subject: &NamedNode,
    predicate: oxigraph::model::NamedNodeRef<'_>,
) -> Result<Option<Term>, StoreError> {
    match store
        .inner()
        .quads_for_pattern(Some(subject.into()), Some(predicate), None, None)
        .next()
    {
        Some(q) => Ok(Some(q.map_err(|e| store.storage(e))?.object)),
        None => Ok(None),
    }
}

/// The summary's quads, sorted.
fn summary_quads(store: &GraphStore) -> Result<Vec<Quad>, StoreError> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(SUMMARY_GRAPH));
    let mut out = Vec::new();
    let mut add = |s: NamedNode, p: NamedNode, o: Term| out.push(Quad::new(s, p, o, graph.clone()));

    for row in select(store, LABELS, &["e", "o"])? {
        if let (Some(e), Some(o)) = (node(&row[0]), row[1].clone()) {
            add(e, rdfs::LABEL.into(), o);
        }
    }
    for row in select(store, CLASSES, &["e", "o"])? {
        if let (Some(e), Some(o)) = (node(&row[0]), row[1].clone()) {
            add(e, rdf::TYPE.into(), o);
        }
    }
    for row in select(store, FACTS, &["e", "p", "o"])? {
        if let (Some(e), Some(p), Some(o)) = (node(&row[0]), node(&row[1]), row[2].clone()) {
            add(e, p, o);
        }
    }
    for row in select(store, MENTIONS, &["e", "mentions", "sources"])? {
        if let Some(e) = node(&row[0]) {
            add(e.clone(), cg("mentionCount"), count(&row[1]).into());
            add(e, cg("sourceCount"), count(&row[2]).into());
        }
    }
    for row in select(store, CLAIMS, &["c", "sources"])? {
        let Some(c) = node(&row[0]) else { continue };
        let s = object_of(store, &c, rdf::SUBJECT)?;
        let p = object_of(store, &c, rdf::PREDICATE)?;
        let o = object_of(store, &c, rdf::OBJECT)?;
        let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) = (s, p, o) else {
            continue;
        };
        add(c.clone(), rdf::SUBJECT.into(), s.clone().into());
        add(c.clone(), rdf::PREDICATE.into(), p.clone().into());
        add(c.clone(), rdf::OBJECT.into(), o.clone());
        add(c, cg("sourceCount"), count(&row[1]).into());
        add(s, p, o);
    }
    for row in select(store, STANCES, &["c", "stance", "sources"])? {
        let (Some(c), Some(stance)) = (node(&row[0]), node(&row[1])) else {
            continue;
        };
        let property = match stance.as_str().rsplit('#').next() {
            Some("Asserted") => "assertedSourceCount",
            Some("Alleged") => "allegedSourceCount",
            Some("Denied") => "deniedSourceCount",
            _ => continue,
        };
        add(c, cg(property), count(&row[2]).into());
    }
    for row in select(store, KINDS, &["c", "o"])? {
        if let (Some(c), Some(o)) = (node(&row[0]), row[1].clone()) {
            add(c, cg("supportKind"), o);
        }
    }
    for row in select(store, HEADS, &["e", "o"])? {
        if let (Some(e), Some(o)) = (node(&row[0]), row[1].clone()) {
            add(e, iri(vocab::ORG, "headOf"), o);
        }
    }
    for row in select(store, FORMS, &["e", "form", "by", "sources", "first"])? {
        let (
            Some(e),
            Some(Term::Literal(form)),
            Some(Term::Literal(by)),
            Some(Term::Literal(first)),
        ) = (node(&row[0]), &row[1], &row[2], &row[4])
        else {
            continue;
        };
        let n = NamedNode::new_unchecked(format!(
            "{}#form-{}",
            e.as_str(),
            short_hash(&[form.value(), by.value()], 12)
        ));
        add(n.clone(), rdf::TYPE.into(), cg("NameForm").into());
        add(n.clone(), cg("formOf"), e.into());
        add(n.clone(), cg("form"), form.clone().into());
        add(n.clone(), cg("matchedBy"), by.clone().into());
        add(n.clone(), cg("sourceCount"), count(&row[3]).into());
        add(
            n,
            cg("firstArticle"),
            crate::graph::article_iri(first.value()).into(),
        );
    }
    // Sorted and free of duplicates, as every graph conflictgraph writes.
    let mut unique: BTreeMap<String, Quad> = BTreeMap::new();
    for q in out {
        unique.entry(q.to_string()).or_insert(q);
    }
    Ok(unique.into_values().collect())
}

/// Rebuilds the summary from every article graph; returns how many quads it holds.
pub fn rebuild(store: &GraphStore) -> Result<usize, StoreError> {
    let quads = summary_quads(store)?;
    let graph = NamedNode::new_unchecked(SUMMARY_GRAPH);
    if store.graph_is_empty(&graph)? {
        store.bulk_insert(quads.iter().cloned())?;
    } else {
        store.replace_graph(&graph, &quads)?;
    }
    Ok(quads.len())
}
